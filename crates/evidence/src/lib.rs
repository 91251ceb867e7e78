//! The evidence bundle: everything `maturity scan` learned about an organization's AWS accounts,
//! as one JSON file.
//!
//! The bundle is the boundary between the only stage that talks to AWS (the collector) and
//! everything after it, which is pure and offline: checks read a bundle, never AWS. Every fact is
//! a [`Fact`]: a value, or denied / unavailable / failed with the reason, so no check can mistake
//! "we could not look" for "there is nothing there".
//!
//! Layout: [`Bundle`] → organization-level facts ([`OrganizationFacts`], once per scan) and one
//! [`AccountEvidence`] per account → account-wide [`GlobalFacts`] and per-region [`RegionFacts`].
//! A bundle of one shard of a sharded scan also has a [`Shard`] record; [`shard::merge`] makes the
//! whole organization's bundle of them.

mod access;
mod arn;
mod assurance;
mod aws_enum;
mod cloudtrail;
mod config_service;
mod data;
mod detection;
mod ec2;
mod edge;
mod fact;
mod fact_path;
mod iam;
mod identity;
mod infra;
mod organizations;
mod protection;
pub mod read;
mod response;
mod s3;
pub mod shard;
mod stream;
#[cfg(feature = "testing")]
pub mod testing;
mod threat;
mod workloads;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use maturity_input::InputError;
use serde::{Deserialize, Serialize};

pub use access::{
    AccessAnalyzer, AdvancedSecurityMode, AnalyzerStatus, AnalyzerType, CognitoUserPool, CustomerManagedPolicy,
    IamPrincipal, IamRole, InlinePolicy, UserPoolMfa,
};
pub use arn::{Arn, ArnError};
pub use assurance::{
    AuditAssessment, AuditManager, AuditManagerStatus, CriticalFindings, MAX_CRITICAL_FINDINGS, SecurityFinding,
};
pub use aws_enum::UnknownState;
pub use cloudtrail::{DataEventSelector, ManagementEvents, Trail};
pub use config_service::{
    ComplianceType, ConfigAggregator, ConfigRecorder, ConfigRule, ConformancePack, RemediationConfiguration,
};
pub use data::{ActivityStreamStatus, DbInstance, KeyManager, KeyOrigin, KeySpec, KeyState, KmsKey};
pub use detection::{
    Budget, BudgetType, DetectorFeature, EnabledStandard, FeatureConfiguration, FeatureStatus, GuardDutyDetector,
    MetricAlarm, SecurityHub, StandardStatus,
};
pub use ec2::{
    AttachmentResourceType, AttachmentState, FlowLog, FlowLogStatus, HttpEndpoint, HttpTokens, Instance,
    InstanceMetadataDefaults, InstanceState, IpPermission, MetadataOptions, Route, RouteState, RouteTable,
    SecurityGroup, Subnet, Tags, TransitGateway, TransitGatewayAttachment, Volume, Vpc,
};
pub use edge::{
    AutoScalingGroup, CloudFrontDistribution, EndpointType, Listener, ListenerProtocol, LoadBalancer,
    LoadBalancerScheme, LoadBalancerType, RestApi, RestApiStage, ShieldAdvanced, SubscriptionState, WafAction, WebAcl,
    WebAclRule,
};
pub use fact::{Fact, FactInfo, FactState, Missing, MissingBuf};
pub use fact_path::{FactLevel, FactPath};
pub use iam::{AccessKey, AccountSummary, CredentialReport, CredentialUser};
pub use identity::{
    AlternateContact, IdentityProvider, IdentityProviderKind, PasswordPolicy, SsoInstance, SsoInstanceStatus,
};
pub use infra::{
    CloudFormationStack, DnsFirewallAssociation, FirewallAssociationStatus, ImagePipeline, NetworkFirewall, PingStatus,
    PipelineStatus, SsmManagedInstance, StackStatus, VerifiedAccessInstance, VerifiedAccessTrustProvider,
};
pub use organizations::{
    AccountStatus, DelegatedAdministrator, FeatureSet, Hierarchy, OrgAccount, OrgPolicy, Organization,
    OrganizationFacts, OrganizationalUnit, PolicyKind,
};
pub use protection::{
    AutomatedDiscoveryStatus, BackupPlan, BackupRule, BackupVault, ClassificationJob, DynamoDbTable,
    EfsBackupPolicyStatus, EfsFileSystem, EfsLifeCycleState, Guardrail, GuardrailStatus, InvocationLogging,
    MacieJobStatus, MacieJobType, MacieSession, MacieStatus, PitrStatus, ProtectedResource,
};
pub use response::{
    AppComplianceStatus, DrsSourceServer, EventRule, EventRuleState, ExperimentStatus, FisExperiment,
    FisExperimentTemplate, LaunchResult, ReplicationState, ResilienceHubApp,
};
pub use s3::{
    AclGrant, Bucket, BucketEncryption, BucketVersioning, GranteeType, PublicAccessBlock, ReplicationRule,
    ReplicationRuleStatus,
};
pub use shard::{Difference, MergeError, RequestedRegions, Shard, ShardSpec};
pub use stream::write_pretty;
pub use threat::{
    DataLakeStatus, DetectiveGraph, DetectiveMembership, MemberStatus, SecurityLakeDataLake, SecurityLakeLogSource,
    ThreatIntelSet, ThreatIntelSetStatus,
};
pub use workloads::{
    EcrRegistryScanning, EcrRepository, EcrScanType, EcrScanningRule, InspectorState, InspectorStatus, LambdaFunction,
    ScanFrequency, Secret, inspector_enabled,
};

use fact::facts;

/// The bundle schema version this build writes and reads. Bump it on any change that an older
/// reader would misread; older bundles stay readable, and a newer one is refused with a message
/// to upgrade ([`Bundle::from_json`]).
///
/// Version 2 marks the facts added since the first bundles (the collector of 2026-11-23, up to
/// commit 91756a8). A version-1 bundle may lack them; each then reads as not collected (every
/// fact, and every [`Fact`] field within one, defaults to that; the new optional fields to
/// `None`), so a check that needs one is inconclusive there, never passes or fails on it:
///
/// - account facts `enabled_regions` and `iam_principals`;
/// - region facts `config_aggregators`, `ec2_transit_gateways` and
///   `ec2_transit_gateway_attachments`;
/// - within facts: a bucket's `acl_grants`, a trail's `data_events`, a load balancer's
///   `web_acl_arn` (facts of their own), and an RDS instance's `kms_key_id`,
///   `cloudwatch_logs_exports` and `activity_stream_status` (optional);
/// - the bundle's `shard` record, written by `scan --shard K/N` only.
///
/// AWS states became enums in the same period; they are written as AWS spells them, as before,
/// so they changed nothing in the file. The list is what `git log` on `crates/evidence/src`
/// shows from 91756a8 to this version; bundles written between those changes (2026-12-02 and
/// 2026-12-03) say version 1 and hold some of them, which reads the same way.
pub const SCHEMA_VERSION: u32 = 2;

/// The region where AWS publishes billing metrics and where global services keep their data.
pub const BILLING_REGION: &str = "us-east-1";

/// One scan's evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// [`SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// Who collected it and when.
    pub collector: Collector,
    /// What was in scope.
    pub scope: Scope,
    /// Organization-level facts; absent for a single-account scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationFacts>,
    /// One entry per account in scope.
    pub accounts: Vec<AccountEvidence>,
    /// Number of API calls per operation (`ec2:DescribeInstances` → 42), one per page.
    #[serde(default)]
    pub api_calls: BTreeMap<String, u64>,
    /// Present in the bundle of one shard of a sharded scan (`scan --org --shard K/N`): which
    /// shard, and what `maturity merge` checks the shards against. `scope.accounts` and
    /// `accounts` then hold this shard's accounts only. Absent in every other bundle, merged
    /// ones included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
}

/// Who collected a bundle, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collector {
    /// The tool, e.g. `maturity`.
    pub tool: String,
    /// The tool's version.
    pub version: String,
    /// When collection started.
    pub collected_at: DateTime<Utc>,
    /// The caller's ARN (`sts:GetCallerIdentity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
}

/// What a scan covered.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// The organization's id, for an organization scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The management account, for an organization scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_account_id: Option<String>,
    /// Account ids in scope.
    pub accounts: Vec<String>,
    /// Regions in scope.
    pub regions: Vec<String>,
}

/// Whether the collector could work in an account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountAccess {
    /// The collector worked in the account (directly or through the assumed role).
    #[default]
    Granted,
    /// Assuming the role was denied: nothing in this account could be read.
    Denied {
        /// The action that was denied, usually `sts:AssumeRole`.
        action: String,
    },
    /// Reaching the account failed for another reason.
    Failed {
        /// The error.
        error: String,
    },
}

/// Everything collected in one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountEvidence {
    /// Twelve digits.
    pub account_id: String,
    /// The account's name, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the collector could work in the account.
    #[serde(default)]
    pub access: AccountAccess,
    /// Facts about the account as a whole.
    #[serde(default)]
    pub global: GlobalFacts,
    /// Facts per region, keyed by region name.
    #[serde(default)]
    pub regions: BTreeMap<String, RegionFacts>,
}

facts! {
    /// Facts about an account as a whole (global services, or deduplicated across regions).
    pub struct GlobalFacts {
        /// `iam:GetAccountSummary`.
        iam_account_summary: AccountSummary => ["iam:GetAccountSummary"],
        /// `iam:GenerateCredentialReport` and `iam:GetCredentialReport`.
        iam_credential_report: CredentialReport => ["iam:GenerateCredentialReport", "iam:GetCredentialReport"],
        /// `ec2:DescribeRegions`: the regions enabled for the account (opted in, or not needing
        /// opt-in), sorted. When it is not `ok`, nobody confirmed which regions the account uses,
        /// so "in every region" cannot be judged beyond the regions that were scanned.
        enabled_regions: Vec<String> => ["ec2:DescribeRegions"],
        /// `s3:GetAccountPublicAccessBlock`; `None` when not configured.
        s3_account_public_access_block: Option<PublicAccessBlock> => ["s3:GetAccountPublicAccessBlock"],
        /// `s3:ListAllMyBuckets` and per-bucket facts.
        s3_buckets: Vec<Bucket> => ["s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketPublicAccessBlock", "s3:GetBucketPolicyStatus", "s3:GetBucketPolicy", "s3:GetReplicationConfiguration", "s3:GetEncryptionConfiguration", "s3:GetBucketTagging", "s3:GetBucketVersioning", "s3:GetBucketAcl"],
        /// `cloudtrail:DescribeTrails` from every region, each trail once.
        cloudtrail_trails: Vec<Trail> => ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"],
        /// `budgets:DescribeBudgets`.
        budgets: Vec<Budget> => ["budgets:ViewBudget"],
        /// `iam:GetAccountPasswordPolicy`; `None` when the account has none (AWS defaults apply).
        iam_password_policy: Option<PasswordPolicy> => ["iam:GetAccountPasswordPolicy"],
        /// `iam:ListSAMLProviders` and `iam:ListOpenIDConnectProviders`.
        iam_identity_providers: Vec<IdentityProvider> => ["iam:ListSAMLProviders", "iam:ListOpenIDConnectProviders"],
        /// `account:GetAlternateContact` (`SECURITY`); `None` when not set.
        security_contact: Option<AlternateContact> => ["account:GetAlternateContact"],
        /// `iam:ListPolicies` (`Scope=Local`, `OnlyAttached=true`) and `iam:GetPolicyVersion` of
        /// each default version: the customer-managed policies in use.
        iam_customer_policies: Vec<CustomerManagedPolicy> => ["iam:ListPolicies", "iam:GetPolicyVersion"],
        /// `iam:GetAccountAuthorizationDetails` (users, groups and roles): every user, group and
        /// role with its attached managed policies and its inline policies.
        iam_principals: Vec<IamPrincipal> => ["iam:GetAccountAuthorizationDetails"],
        /// `shield:GetSubscriptionState` and, when subscribed, `shield:ListProtections`.
        shield_advanced: ShieldAdvanced => ["shield:GetSubscriptionState", "shield:ListProtections"],
        /// `iam:ListRoles`: every IAM role with its trust policy.
        iam_roles: Vec<IamRole> => ["iam:ListRoles"],
        /// `cloudfront:ListDistributions`.
        cloudfront_distributions: Vec<CloudFrontDistribution> => ["cloudfront:ListDistributions"],
        /// `wafv2:ListWebACLs` (`CLOUDFRONT`, in us-east-1) and `wafv2:GetWebACL` of each: the web
        /// ACLs CloudFront distributions can use (their associations are on the distributions).
        wafv2_cloudfront_web_acls: Vec<WebAcl> => ["wafv2:ListWebACLs", "wafv2:GetWebACL"],
    }
}

facts! {
    /// Facts about one region of one account.
    pub struct RegionFacts {
        /// GuardDuty detectors.
        guardduty_detectors: Vec<GuardDutyDetector> => ["guardduty:ListDetectors", "guardduty:GetDetector", "guardduty:ListThreatIntelSets", "guardduty:GetThreatIntelSet"],
        /// `securityhub:DescribeHub`; `None` when the account has not enabled Security Hub.
        securityhub_hub: Option<SecurityHub> => ["securityhub:DescribeHub"],
        /// `securityhub:GetEnabledStandards`.
        securityhub_standards: Vec<EnabledStandard> => ["securityhub:GetEnabledStandards"],
        /// `cloudwatch:DescribeAlarms` (metric alarms).
        cloudwatch_alarms: Vec<MetricAlarm> => ["cloudwatch:DescribeAlarms"],
        /// `ec2:DescribeInstances`.
        ec2_instances: Vec<Instance> => ["ec2:DescribeInstances"],
        /// `ec2:DescribeSecurityGroups`.
        ec2_security_groups: Vec<SecurityGroup> => ["ec2:DescribeSecurityGroups"],
        /// `ec2:DescribeVpcs`.
        ec2_vpcs: Vec<Vpc> => ["ec2:DescribeVpcs"],
        /// `ec2:DescribeFlowLogs`.
        ec2_flow_logs: Vec<FlowLog> => ["ec2:DescribeFlowLogs"],
        /// `ec2:GetEbsEncryptionByDefault`.
        ec2_ebs_encryption_by_default: bool => ["ec2:GetEbsEncryptionByDefault"],
        /// `ec2:DescribeVolumes`.
        ec2_volumes: Vec<Volume> => ["ec2:DescribeVolumes"],
        /// `ec2:GetSnapshotBlockPublicAccessState`: `block-all-sharing`, `block-new-sharing` or `unblocked`.
        ec2_snapshot_block_public_access: String => ["ec2:GetSnapshotBlockPublicAccessState"],
        /// `ec2:GetImageBlockPublicAccessState`: `block-new-sharing` or `unblocked`.
        ec2_image_block_public_access: String => ["ec2:GetImageBlockPublicAccessState"],
        /// `rds:DescribeDBInstances`.
        rds_db_instances: Vec<DbInstance> => ["rds:DescribeDBInstances"],
        /// KMS keys with their rotation status.
        kms_keys: Vec<KmsKey> => ["kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus"],
        /// `sso:ListInstances`: IAM Identity Center instances in this region.
        sso_instances: Vec<SsoInstance> => ["sso:ListInstances"],
        /// AWS Config configuration recorders with their status.
        config_recorders: Vec<ConfigRecorder> => ["config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus"],
        /// `access-analyzer:ListAnalyzers`: IAM Access Analyzer analyzers of every type.
        accessanalyzer_analyzers: Vec<AccessAnalyzer> => ["access-analyzer:ListAnalyzers"],
        /// `cognito-idp:ListUserPools` and `cognito-idp:DescribeUserPool` of each.
        cognito_user_pools: Vec<CognitoUserPool> => ["cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool"],
        /// `ssm:DescribeInstanceInformation`: the instances Systems Manager manages.
        ssm_managed_instances: Vec<SsmManagedInstance> => ["ssm:DescribeInstanceInformation"],
        /// `network-firewall:ListFirewalls` and `network-firewall:DescribeFirewall` of each.
        network_firewalls: Vec<NetworkFirewall> => ["network-firewall:ListFirewalls", "network-firewall:DescribeFirewall"],
        /// `route53resolver:ListFirewallRuleGroupAssociations`: DNS Firewall rule groups on VPCs.
        dns_firewall_associations: Vec<DnsFirewallAssociation> => ["route53resolver:ListFirewallRuleGroupAssociations"],
        /// `ec2:DescribeVerifiedAccessInstances` and `ec2:DescribeVerifiedAccessEndpoints`.
        verified_access_instances: Vec<VerifiedAccessInstance> => ["ec2:DescribeVerifiedAccessInstances", "ec2:DescribeVerifiedAccessEndpoints"],
        /// `imagebuilder:ListImagePipelines`.
        imagebuilder_pipelines: Vec<ImagePipeline> => ["imagebuilder:ListImagePipelines"],
        /// `cloudformation:ListStacks`: the stacks not deleted.
        cloudformation_stacks: Vec<CloudFormationStack> => ["cloudformation:ListStacks"],
        /// `inspector2:BatchGetAccountStatus` for the scanned account.
        inspector_status: InspectorStatus => ["inspector2:BatchGetAccountStatus"],
        /// `ecr:GetRegistryScanningConfiguration`.
        ecr_registry_scanning: EcrRegistryScanning => ["ecr:GetRegistryScanningConfiguration"],
        /// `ecr:DescribeRepositories`.
        ecr_repositories: Vec<EcrRepository> => ["ecr:DescribeRepositories"],
        /// `lambda:ListFunctions` (environment variable names only, never values).
        lambda_functions: Vec<LambdaFunction> => ["lambda:ListFunctions"],
        /// `secretsmanager:ListSecrets` (metadata only, never values).
        secretsmanager_secrets: Vec<Secret> => ["secretsmanager:ListSecrets"],
        /// `elasticloadbalancing:DescribeLoadBalancers` and `elasticloadbalancing:DescribeListeners`
        /// of each (Application, Network and Gateway Load Balancers; not Classic ones).
        elbv2_load_balancers: Vec<LoadBalancer> => ["elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeListeners", "wafv2:GetWebACLForResource"],
        /// `autoscaling:DescribeAutoScalingGroups`.
        autoscaling_groups: Vec<AutoScalingGroup> => ["autoscaling:DescribeAutoScalingGroups"],
        /// `wafv2:ListWebACLs` (`REGIONAL`), `wafv2:GetWebACL` and `wafv2:ListResourcesForWebACL`
        /// (`APPLICATION_LOAD_BALANCER`) of each.
        wafv2_web_acls: Vec<WebAcl> => ["wafv2:ListWebACLs", "wafv2:GetWebACL", "wafv2:ListResourcesForWebACL", "wafv2:GetWebACLForResource"],
        /// `securityhub:GetFindings`: active critical findings in workflow `NEW` or `NOTIFIED`,
        /// oldest first, at most [`MAX_CRITICAL_FINDINGS`]; `None` when Security Hub is not
        /// enabled in the region (no findings are gathered there).
        securityhub_critical_findings: Option<CriticalFindings> => ["securityhub:GetFindings"],
        /// `config:DescribeConformancePacks` and `config:GetConformancePackComplianceSummary`.
        config_conformance_packs: Vec<ConformancePack> => ["config:DescribeConformancePacks", "config:GetConformancePackComplianceSummary"],
        /// `config:DescribeConfigRules`.
        config_rules: Vec<ConfigRule> => ["config:DescribeConfigRules"],
        /// `config:DescribeRemediationConfigurations` for the region's Config rules.
        config_remediations: Vec<RemediationConfiguration> => ["config:DescribeRemediationConfigurations"],
        /// `config:DescribeConfigurationAggregators`: the aggregators this account owns here.
        config_aggregators: Vec<ConfigAggregator> => ["config:DescribeConfigurationAggregators"],
        /// `auditmanager:GetAccountStatus` and `auditmanager:ListAssessments` (status `ACTIVE`).
        auditmanager: AuditManager => ["auditmanager:GetAccountStatus", "auditmanager:ListAssessments"],
        /// `detective:ListGraphs`: behaviour graphs this account administers in the region.
        detective_graphs: Vec<DetectiveGraph> => ["detective:ListGraphs"],
        /// `detective:ListInvitations`: this account's memberships in other accounts' graphs.
        detective_memberships: Vec<DetectiveMembership> => ["detective:ListInvitations"],
        /// `securitylake:ListDataLakes` for the region, with `securitylake:ListLogSources` and
        /// `securitylake:ListSubscribers`; `None` when Security Lake is not enabled there.
        securitylake_data_lake: Option<SecurityLakeDataLake> => ["securitylake:ListDataLakes", "securitylake:ListLogSources", "securitylake:ListSubscribers"],
        /// `resiliencehub:ListApps`: Resilience Hub applications with their last assessment.
        resiliencehub_apps: Vec<ResilienceHubApp> => ["resiliencehub:ListApps"],
        /// `fis:ListExperimentTemplates`.
        fis_experiment_templates: Vec<FisExperimentTemplate> => ["fis:ListExperimentTemplates"],
        /// `fis:ListExperiments`.
        fis_experiments: Vec<FisExperiment> => ["fis:ListExperiments"],
        /// `drs:DescribeSourceServers`; `None` when Elastic Disaster Recovery is not initialized
        /// in the region (`UninitializedAccountException`).
        drs_source_servers: Option<Vec<DrsSourceServer>> => ["drs:DescribeSourceServers"],
        /// `events:ListRules` on the default event bus, with `events:ListTargetsByRule` of each.
        eventbridge_rules: Vec<EventRule> => ["events:ListRules", "events:ListTargetsByRule"],
        /// `backup:ListBackupPlans` and `backup:GetBackupPlan` of each.
        backup_plans: Vec<BackupPlan> => ["backup:ListBackupPlans", "backup:GetBackupPlan"],
        /// `backup:ListBackupVaults`.
        backup_vaults: Vec<BackupVault> => ["backup:ListBackupVaults"],
        /// `backup:ListProtectedResources`: resources with at least one backup.
        backup_protected_resources: Vec<ProtectedResource> => ["backup:ListProtectedResources"],
        /// `dynamodb:ListTables` and `dynamodb:DescribeContinuousBackups` of each.
        dynamodb_tables: Vec<DynamoDbTable> => ["dynamodb:ListTables", "dynamodb:DescribeContinuousBackups"],
        /// `macie2:GetMacieSession`; `None` when Macie is not enabled.
        macie_session: Option<MacieSession> => ["macie2:GetMacieSession"],
        /// `macie2:ListClassificationJobs`; empty when Macie is not enabled.
        macie_classification_jobs: Vec<ClassificationJob> => ["macie2:ListClassificationJobs"],
        /// `macie2:GetAutomatedDiscoveryConfiguration`: `ENABLED` or `DISABLED` (`DISABLED` when
        /// Macie is not enabled).
        macie_automated_discovery: AutomatedDiscoveryStatus => ["macie2:GetAutomatedDiscoveryConfiguration"],
        /// `bedrock:ListGuardrails`.
        bedrock_guardrails: Vec<Guardrail> => ["bedrock:ListGuardrails"],
        /// `bedrock:GetModelInvocationLoggingConfiguration`; `None` when not configured.
        bedrock_invocation_logging: Option<InvocationLogging> => ["bedrock:GetModelInvocationLoggingConfiguration"],
        /// `bedrock:ListCustomModels`: the custom models' names.
        bedrock_custom_models: Vec<String> => ["bedrock:ListCustomModels"],
        /// `bedrock:ListProvisionedModelThroughputs`: the provisioned throughputs' names.
        bedrock_provisioned_throughputs: Vec<String> => ["bedrock:ListProvisionedModelThroughputs"],
        /// `ec2:DescribeSubnets`.
        ec2_subnets: Vec<Subnet> => ["ec2:DescribeSubnets"],
        /// `ec2:DescribeRouteTables`.
        ec2_route_tables: Vec<RouteTable> => ["ec2:DescribeRouteTables"],
        /// `ec2:GetInstanceMetadataDefaults`: the account's IMDS defaults for new instances.
        ec2_instance_metadata_defaults: InstanceMetadataDefaults => ["ec2:GetInstanceMetadataDefaults"],
        /// `elasticfilesystem:DescribeFileSystems` and `elasticfilesystem:DescribeBackupPolicy` of each.
        efs_file_systems: Vec<EfsFileSystem> => ["elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeBackupPolicy"],
        /// `ec2:DescribeTransitGateways`: the transit gateways owned by or shared with the account.
        ec2_transit_gateways: Vec<TransitGateway> => ["ec2:DescribeTransitGateways"],
        /// `ec2:DescribeTransitGatewayAttachments`.
        ec2_transit_gateway_attachments: Vec<TransitGatewayAttachment> => ["ec2:DescribeTransitGatewayAttachments"],
        /// `apigateway:GET` on `/restapis` (`GetRestApis`) and `/restapis/{id}/stages` (`GetStages`)
        /// of each: the API Gateway REST APIs with their stages.
        apigateway_rest_apis: Vec<RestApi> => ["apigateway:GET"],
    }
}

/// How many facts of a bundle have each state: the evidence coverage of a scan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Coverage {
    /// Facts with a value.
    pub ok: u64,
    /// Facts whose call was denied.
    pub denied: u64,
    /// Facts the service or region could not answer.
    pub unavailable: u64,
    /// Facts whose call failed.
    pub failed: u64,
    /// Accounts the collector could not enter.
    pub accounts_unreachable: u64,
}

impl Coverage {
    /// Counts the organization's facts.
    pub fn add_organization(&mut self, organization: &OrganizationFacts) {
        organization.fact_states().into_iter().for_each(|(_, s)| self.add(s));
    }

    /// Counts one account's facts (and the account, when it could not be entered).
    pub fn add_account(&mut self, account: &AccountEvidence) {
        if account.access != AccountAccess::Granted {
            self.accounts_unreachable += 1;
        }
        account.global.fact_states().into_iter().for_each(|(_, s)| self.add(s));
        for region in account.regions.values() {
            region.fact_states().into_iter().for_each(|(_, s)| self.add(s));
        }
    }

    fn add(&mut self, state: FactState) {
        match state {
            FactState::Ok => self.ok += 1,
            FactState::Denied => self.denied += 1,
            FactState::Unavailable => self.unavailable += 1,
            FactState::Failed => self.failed += 1,
            FactState::NotCollected => {}
        }
    }

    /// Share of collected facts that have a value, from 0 to 1 (1 when nothing was collected).
    #[must_use]
    pub fn ok_ratio(&self) -> f64 {
        let total = self.ok + self.denied + self.unavailable + self.failed;
        if total == 0 {
            1.0
        } else {
            #[expect(clippy::cast_precision_loss, reason = "fact counts are far below 2^52")]
            let ratio = self.ok as f64 / total as f64;
            ratio
        }
    }
}

impl Bundle {
    /// Parses a bundle from JSON; `file` names it in errors.
    ///
    /// # Errors
    /// Malformed JSON, a field of the wrong type, or a bundle written with a newer schema
    /// version, each as one [`InputError`] with the file, line, column and field.
    pub fn from_json(file: &str, text: &str) -> Result<Bundle, InputError> {
        match Bundle::parse_fast(text) {
            Some(bundle) => Ok(bundle),
            None => Bundle::explain(file, text),
        }
    }

    /// Reads and parses a bundle file.
    ///
    /// # Errors
    /// As [`Bundle::from_json`], or the file cannot be read or is not UTF-8 text.
    pub fn from_path(path: &std::path::Path) -> Result<Bundle, InputError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| InputError::whole_file(&file, format!("cannot read: {e}")))?;
        // The whole file first: serde_json does not check the text it skips (an unknown member of
        // a fact's `denied` record), so parsing the bytes took a file that is not UTF-8, and so
        // not JSON, that `from_json` could never be given (found by the bundle fuzz target).
        let text = String::from_utf8(bytes).map_err(|e| not_utf8(&file, e.as_bytes(), e.utf8_error().valid_up_to()))?;
        Bundle::from_json(&file, &text)
    }

    /// The bundle, when the JSON is one of a version this build reads: a single pass, without
    /// the field paths that only an error needs (tracking them, and probing the version in a
    /// pass of its own, took longer than the parse itself on a large organization).
    fn parse_fast(text: &str) -> Option<Bundle> {
        serde_json::from_str::<Bundle>(text).ok().filter(|b| b.schema_version <= SCHEMA_VERSION)
    }

    /// Why the JSON is not a bundle this build reads, read again for the error: first the
    /// version, so that a newer bundle gets a clear message rather than an error about whichever
    /// new field comes first, then the field, line and column of the problem.
    fn explain(file: &str, text: &str) -> Result<Bundle, InputError> {
        #[derive(Deserialize)]
        struct VersionProbe {
            schema_version: Option<serde_json::Value>,
        }
        let probe: VersionProbe = maturity_input::from_json_str(file, text)?;
        match probe.schema_version {
            None => {
                return Err(InputError::whole_file(
                    file,
                    "not an evidence bundle: there is no `schema_version` (make one with `maturity scan`)",
                ));
            }
            Some(serde_json::Value::Number(n)) if n.as_u64().is_some_and(|v| v > u64::from(SCHEMA_VERSION)) => {
                return Err(InputError {
                    file: file.to_owned(),
                    line: 0,
                    column: 0,
                    field: "schema_version".to_owned(),
                    message: format!(
                        "written by a newer maturity (schema {n}); upgrade maturity to read it (this build reads bundle \
                         schemas up to {SCHEMA_VERSION})"
                    ),
                });
            }
            Some(_) => {}
        }
        maturity_input::from_json_str(file, text)
    }

    /// The account with this id.
    #[must_use]
    pub fn account(&self, account_id: &str) -> Option<&AccountEvidence> {
        self.accounts.iter().find(|a| a.account_id == account_id)
    }

    /// Counts the bundle's facts by state.
    #[must_use]
    pub fn coverage(&self) -> Coverage {
        let mut coverage = Coverage::default();
        if let Some(org) = &self.organization {
            coverage.add_organization(org);
        }
        for account in &self.accounts {
            coverage.add_account(account);
        }
        coverage
    }
}

/// The error for a file that is not UTF-8 text, at the first byte that is not.
fn not_utf8(file: &str, bytes: &[u8], valid_up_to: usize) -> InputError {
    let before = bytes.get(..valid_up_to).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default();
    let (line, column) = maturity_input::line_column(before, before.len());
    InputError {
        file: file.to_owned(),
        line,
        column,
        field: String::new(),
        message: "not UTF-8 text (a bundle is JSON, which is UTF-8)".to_owned(),
    }
}

impl AccountEvidence {
    /// Why nothing in this account could be read, when the collector could not enter it.
    #[must_use]
    pub fn access_problem(&self) -> Option<String> {
        match &self.access {
            AccountAccess::Granted => None,
            AccountAccess::Denied { action } => Some(format!("access denied to {action}")),
            AccountAccess::Failed { error } => Some(format!("the account could not be reached ({error})")),
        }
    }

    /// The account's name for people: its name and id, or the id. Written when the text it
    /// goes into is (a check's message an assessment does not keep is never written).
    #[must_use]
    pub fn label(&self) -> AccountLabel<'_> {
        AccountLabel(self)
    }
}

/// An account's name for people ([`AccountEvidence::label`]).
#[derive(Debug, Clone, Copy)]
pub struct AccountLabel<'a>(&'a AccountEvidence);

impl std::fmt::Display for AccountLabel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0.name {
            Some(name) => write!(f, "{name} ({})", self.0.account_id),
            None => f.write_str(&self.0.account_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{
      "schema_version": 1,
      "collector": {"tool": "maturity", "version": "0.1.0", "collected_at": "2026-11-01T00:00:00Z"},
      "scope": {"accounts": ["111111111111"], "regions": ["eu-west-1"]},
      "accounts": [{
        "account_id": "111111111111",
        "global": {"iam_account_summary": {"ok": {"root_mfa_enabled": true, "root_access_keys_present": false}}},
        "regions": {"eu-west-1": {"guardduty_detectors": {"denied": {"action": "guardduty:ListDetectors"}}}}
      }]
    }"#;

    #[test]
    fn minimal_bundle_parses_and_counts_coverage() {
        let bundle = Bundle::from_json("b.json", MINIMAL).expect("valid bundle");
        let coverage = bundle.coverage();
        assert_eq!((coverage.ok, coverage.denied), (1, 1));
        let account = bundle.account("111111111111").expect("account");
        assert_eq!(account.access, AccountAccess::Granted);
        assert!(account.regions["eu-west-1"].ec2_instances.is_not_collected());
    }

    #[test]
    fn newer_schema_version_is_refused_clearly() {
        let text = MINIMAL.replace("\"schema_version\": 1", "\"schema_version\": 7");
        let err = Bundle::from_json("b.json", &text).expect_err("must be rejected");
        assert!(
            err.to_string().starts_with("b.json: schema_version: written by a newer maturity (schema 7); upgrade"),
            "{err}"
        );
    }

    #[test]
    fn the_next_schema_version_is_refused_and_this_one_and_the_first_are_read() {
        let next = SCHEMA_VERSION + 1;
        let text = MINIMAL.replace("\"schema_version\": 1", &format!("\"schema_version\": {next}"));
        let err = Bundle::from_json("b.json", &text).expect_err("must be rejected");
        assert_eq!(err.field, "schema_version", "{err}");
        assert!(err.message.contains(&format!("written by a newer maturity (schema {next}); upgrade")), "{err}");
        for version in 1..=SCHEMA_VERSION {
            let text = MINIMAL.replace("\"schema_version\": 1", &format!("\"schema_version\": {version}"));
            let bundle = Bundle::from_json("b.json", &text).unwrap_or_else(|e| panic!("version {version}: {e}"));
            assert_eq!(bundle.schema_version, version);
        }
    }

    #[test]
    fn missing_schema_version_says_what_the_file_is_not() {
        let err = Bundle::from_json("b.json", "{}").expect_err("must be rejected");
        assert!(err.to_string().contains("not an evidence bundle"), "{err}");
    }

    #[test]
    fn wrong_type_names_the_field_path() {
        let text = MINIMAL.replace("\"root_mfa_enabled\": true", "\"root_mfa_enabled\": \"yes\"");
        let err = Bundle::from_json("b.json", &text).expect_err("must be rejected");
        assert_eq!(err.field, "accounts[0].global.iam_account_summary.ok.root_mfa_enabled", "{err}");
        assert_eq!((err.line, err.column), (7, 75), "{err}");
    }

    #[test]
    fn unknown_fact_name_is_an_error() {
        let text = MINIMAL.replace("guardduty_detectors", "guardduty_detector");
        let err = Bundle::from_json("b.json", &text).expect_err("must be rejected");
        assert!(err.message.contains("guardduty_detector"), "{err}");
    }

    #[test]
    fn round_trips_without_uncollected_facts() {
        let bundle = Bundle::from_json("b.json", MINIMAL).expect("valid bundle");
        let json = serde_json::to_string(&bundle).unwrap_or_default();
        assert!(!json.contains("not_collected"), "{json}");
        assert_eq!(Bundle::from_json("again", &json), Ok(bundle));
    }
}

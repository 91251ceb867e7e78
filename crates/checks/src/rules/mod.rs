//! The registry: every check, one line each, sorted by id.
//!
//! Adding a check: write `rules/<id_with_underscores>.rs` with [`declare_check!`](crate::declare_check)
//! and an `impl Check`, add its `mod` line and its line in [`CHECKS`], add its fixtures under
//! `tests/fixtures/<id>/` (`pass`, `fail`, `not_applicable`, `inconclusive`; a check that is never
//! truthfully not applicable is listed in `NEVER_NOT_APPLICABLE` of `tests/verdicts.rs` instead),
//! and name it in the `checks` list of its control in the catalog data
//! (`crates/model/data/aws-smm-v2/`). `CONTRIBUTING.md` has the commands. Write the
//! check on [`walk`](crate::shared::walk) so that it states only its judgement; a check that cannot
//! says why in a `// Not on walk: <reason>` comment.

mod accessanalyzer_external_access_enabled;
mod accessanalyzer_unused_access_enabled;
mod account_security_contact_set;
mod auditmanager_assessment_active;
mod autoscaling_multiple_azs;
mod backup_cross_region_copies;
mod backup_data_stores_protected;
mod bedrock_guardrails_configured;
mod billing_alarm_or_budget;
mod cloudformation_manages_workloads;
mod cloudtrail_multi_region_logging;
mod cognito_user_pools_mfa;
mod compliance_framework_tracked;
mod compute_uses_managed_services;
mod config_auto_remediation;
mod config_conformance_packs_deployed;
mod config_recorder_recording_all;
mod data_access_logging_enabled;
mod detective_graph_enabled;
mod drs_replication_healthy;
mod ebs_default_encryption;
mod ebs_volumes_encrypted;
mod ec2_ami_block_public_access;
mod ec2_default_security_groups_closed;
mod ec2_imdsv2_required;
mod ec2_no_ports_open_to_internet;
mod ec2_no_risky_ports_open;
mod ec2_no_workloads_in_default_vpc;
mod ec2_snapshot_block_public_access;
mod ecr_image_scanning;
mod elbv2_listeners_encrypted;
mod elbv2_multiple_azs;
mod eventbridge_findings_automation;
mod eventbridge_findings_automation_everywhere;
mod eventbridge_findings_to_ticketing;
mod fis_experiments_run;
mod guardduty_detector_enabled;
mod guardduty_lambda_protection;
mod guardduty_malware_runtime_protection;
mod guardduty_protection_plans;
mod guardduty_threat_intel_sets;
mod iam_access_keys_rotated;
mod iam_console_users_mfa;
mod iam_federation_in_use;
mod iam_no_admin_policies;
mod iam_no_console_users;
mod iam_no_user_access_keys;
mod iam_roles_trust_known_accounts;
mod iam_root_account_protected;
mod imagebuilder_pipelines_enabled;
mod inspector_ec2_ecr_scanning;
mod inspector_lambda_scanning;
mod kms_customer_key_rotation;
mod kms_customer_keys_in_use;
mod lambda_no_secrets_in_environment;
mod macie_enabled;
mod macie_sensitive_data_discovery;
mod org_custom_scps_applied;
mod org_data_perimeter_policies;
mod org_multi_account_structure;
mod org_region_deny_policy;
mod org_tag_policy_applied;
mod rds_multi_az;
mod rds_no_public_instances;
mod rds_storage_encrypted;
mod resiliencehub_apps_assessed;
mod s3_account_public_access_block;
mod s3_buckets_deny_insecure_transport;
mod s3_no_public_buckets;
mod secrets_in_secrets_manager;
mod secretsmanager_rotation_enabled;
mod securityhub_enabled_with_standard;
mod securityhub_no_stale_critical_findings;
mod securitylake_enabled;
mod shield_advanced_protections;
mod ssm_instances_managed;
mod transit_gateway_in_use;
mod verified_access_in_use;
mod vpc_egress_filtered;
mod vpc_flow_logs_enabled;
mod vpc_private_subnets;
mod waf_custom_rules_in_use;
mod waf_internet_facing_albs_protected;

use crate::Check;

/// Every registered check, sorted by id.
pub static CHECKS: &[&dyn Check] = &[
    &accessanalyzer_external_access_enabled::AccessanalyzerExternalAccessEnabled,
    &accessanalyzer_unused_access_enabled::AccessanalyzerUnusedAccessEnabled,
    &account_security_contact_set::AccountSecurityContactSet,
    &auditmanager_assessment_active::AuditmanagerAssessmentActive,
    &autoscaling_multiple_azs::AutoscalingMultipleAzs,
    &backup_cross_region_copies::BackupCrossRegionCopies,
    &backup_data_stores_protected::BackupDataStoresProtected,
    &bedrock_guardrails_configured::BedrockGuardrailsConfigured,
    &billing_alarm_or_budget::BillingAlarmOrBudget,
    &cloudformation_manages_workloads::CloudformationManagesWorkloads,
    &cloudtrail_multi_region_logging::CloudtrailMultiRegionLogging,
    &cognito_user_pools_mfa::CognitoUserPoolsMfa,
    &compliance_framework_tracked::ComplianceFrameworkTracked,
    &compute_uses_managed_services::ComputeUsesManagedServices,
    &config_auto_remediation::ConfigAutoRemediation,
    &config_conformance_packs_deployed::ConfigConformancePacksDeployed,
    &config_recorder_recording_all::ConfigRecorderRecordingAll,
    &data_access_logging_enabled::DataAccessLoggingEnabled,
    &detective_graph_enabled::DetectiveGraphEnabled,
    &drs_replication_healthy::DrsReplicationHealthy,
    &ebs_default_encryption::EbsDefaultEncryption,
    &ebs_volumes_encrypted::EbsVolumesEncrypted,
    &ec2_ami_block_public_access::Ec2AmiBlockPublicAccess,
    &ec2_default_security_groups_closed::Ec2DefaultSecurityGroupsClosed,
    &ec2_imdsv2_required::Ec2Imdsv2Required,
    &ec2_no_ports_open_to_internet::Ec2NoPortsOpenToInternet,
    &ec2_no_risky_ports_open::Ec2NoRiskyPortsOpen,
    &ec2_no_workloads_in_default_vpc::Ec2NoWorkloadsInDefaultVpc,
    &ec2_snapshot_block_public_access::Ec2SnapshotBlockPublicAccess,
    &ecr_image_scanning::EcrImageScanning,
    &elbv2_listeners_encrypted::Elbv2ListenersEncrypted,
    &elbv2_multiple_azs::Elbv2MultipleAzs,
    &eventbridge_findings_automation::EventbridgeFindingsAutomation,
    &eventbridge_findings_automation_everywhere::EventbridgeFindingsAutomationEverywhere,
    &eventbridge_findings_to_ticketing::EventbridgeFindingsToTicketing,
    &fis_experiments_run::FisExperimentsRun,
    &guardduty_detector_enabled::GuarddutyDetectorEnabled,
    &guardduty_lambda_protection::GuarddutyLambdaProtection,
    &guardduty_malware_runtime_protection::GuarddutyMalwareRuntimeProtection,
    &guardduty_protection_plans::GuarddutyProtectionPlans,
    &guardduty_threat_intel_sets::GuarddutyThreatIntelSets,
    &iam_access_keys_rotated::IamAccessKeysRotated,
    &iam_console_users_mfa::IamConsoleUsersMfa,
    &iam_federation_in_use::IamFederationInUse,
    &iam_no_admin_policies::IamNoAdminPolicies,
    &iam_no_console_users::IamNoConsoleUsers,
    &iam_no_user_access_keys::IamNoUserAccessKeys,
    &iam_roles_trust_known_accounts::IamRolesTrustKnownAccounts,
    &iam_root_account_protected::IamRootAccountProtected,
    &imagebuilder_pipelines_enabled::ImagebuilderPipelinesEnabled,
    &inspector_ec2_ecr_scanning::InspectorEc2EcrScanning,
    &inspector_lambda_scanning::InspectorLambdaScanning,
    &kms_customer_key_rotation::KmsCustomerKeyRotation,
    &kms_customer_keys_in_use::KmsCustomerKeysInUse,
    &lambda_no_secrets_in_environment::LambdaNoSecretsInEnvironment,
    &macie_enabled::MacieEnabled,
    &macie_sensitive_data_discovery::MacieSensitiveDataDiscovery,
    &org_custom_scps_applied::OrgCustomScpsApplied,
    &org_data_perimeter_policies::OrgDataPerimeterPolicies,
    &org_multi_account_structure::OrgMultiAccountStructure,
    &org_region_deny_policy::OrgRegionDenyPolicy,
    &org_tag_policy_applied::OrgTagPolicyApplied,
    &rds_multi_az::RdsMultiAz,
    &rds_no_public_instances::RdsNoPublicInstances,
    &rds_storage_encrypted::RdsStorageEncrypted,
    &resiliencehub_apps_assessed::ResiliencehubAppsAssessed,
    &s3_account_public_access_block::S3AccountPublicAccessBlock,
    &s3_buckets_deny_insecure_transport::S3BucketsDenyInsecureTransport,
    &s3_no_public_buckets::S3NoPublicBuckets,
    &secrets_in_secrets_manager::SecretsInSecretsManager,
    &secretsmanager_rotation_enabled::SecretsmanagerRotationEnabled,
    &securityhub_enabled_with_standard::SecurityhubEnabledWithStandard,
    &securityhub_no_stale_critical_findings::SecurityhubNoStaleCriticalFindings,
    &securitylake_enabled::SecuritylakeEnabled,
    &shield_advanced_protections::ShieldAdvancedProtections,
    &ssm_instances_managed::SsmInstancesManaged,
    &transit_gateway_in_use::TransitGatewayInUse,
    &verified_access_in_use::VerifiedAccessInUse,
    &vpc_egress_filtered::VpcEgressFiltered,
    &vpc_flow_logs_enabled::VpcFlowLogsEnabled,
    &vpc_private_subnets::VpcPrivateSubnets,
    &waf_custom_rules_in_use::WafCustomRulesInUse,
    &waf_internet_facing_albs_protected::WafInternetFacingAlbsProtected,
];

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::CHECKS;

    #[test]
    fn ids_are_sorted_and_unique() {
        let ids: Vec<&str> = CHECKS.iter().map(|check| check.meta().id).collect();
        for pair in ids.windows(2) {
            assert!(pair[0] < pair[1], "{} must come before {} in CHECKS, once", pair[1], pair[0]);
        }
    }

    #[test]
    fn every_check_lives_in_the_file_named_after_its_id() {
        for check in CHECKS {
            let meta = check.meta();
            let file = Path::new(meta.file);
            let expected = format!("{}.rs", meta.id.replace('-', "_"));
            assert_eq!(file.file_name().and_then(|name| name.to_str()), Some(expected.as_str()), "{}", meta.id);
            assert_eq!(file.parent().and_then(Path::file_name).and_then(|d| d.to_str()), Some("rules"), "{}", meta.id);
        }
    }
}

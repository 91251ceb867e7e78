//! The token of each paginated answer the collector reads: [`paging`](super::paging) fails a list
//! whose service gives a token twice, which the SDK's paginators do not (they stop silently on a
//! token equal to the one just sent, and loop on a longer cycle). Each SDK output type names its
//! token field differently (`next_token`, `marker`, `next_marker`, …), so each is listed here once,
//! with the field the SDK's own paginator reads.

/// A page of a paginated answer.
pub(crate) trait Page {
    /// The token of the page after this one; `None` or empty on the last page.
    fn next_token(&self) -> Option<&str>;
}

/// `Page` for SDK output types: `output => token getter`.
macro_rules! pages {
    ($($output:ty => $token:ident,)*) => {
        $(impl Page for $output {
            fn next_token(&self) -> Option<&str> {
                self.$token()
            }
        })*
    };
}

pages! {
    aws_sdk_accessanalyzer::operation::list_analyzers::ListAnalyzersOutput => next_token,
    aws_sdk_apigateway::operation::get_rest_apis::GetRestApisOutput => position,
    aws_sdk_auditmanager::operation::list_assessments::ListAssessmentsOutput => next_token,
    aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput => next_token,
    aws_sdk_backup::operation::list_backup_plans::ListBackupPlansOutput => next_token,
    aws_sdk_backup::operation::list_backup_vaults::ListBackupVaultsOutput => next_token,
    aws_sdk_backup::operation::list_protected_resources::ListProtectedResourcesOutput => next_token,
    aws_sdk_bedrock::operation::list_custom_models::ListCustomModelsOutput => next_token,
    aws_sdk_bedrock::operation::list_guardrails::ListGuardrailsOutput => next_token,
    aws_sdk_bedrock::operation::list_provisioned_model_throughputs::ListProvisionedModelThroughputsOutput => next_token,
    aws_sdk_budgets::operation::describe_budgets::DescribeBudgetsOutput => next_token,
    aws_sdk_budgets::operation::describe_notifications_for_budget::DescribeNotificationsForBudgetOutput => next_token,
    aws_sdk_cloudformation::operation::list_stacks::ListStacksOutput => next_token,
    aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput => next_token,
    aws_sdk_cognitoidentityprovider::operation::list_user_pools::ListUserPoolsOutput => next_token,
    aws_sdk_config::operation::describe_config_rules::DescribeConfigRulesOutput => next_token,
    aws_sdk_config::operation::describe_configuration_aggregators::DescribeConfigurationAggregatorsOutput => next_token,
    aws_sdk_config::operation::describe_conformance_packs::DescribeConformancePacksOutput => next_token,
    aws_sdk_config::operation::get_conformance_pack_compliance_summary::GetConformancePackComplianceSummaryOutput => next_token,
    aws_sdk_detective::operation::list_graphs::ListGraphsOutput => next_token,
    aws_sdk_detective::operation::list_invitations::ListInvitationsOutput => next_token,
    aws_sdk_drs::operation::describe_source_servers::DescribeSourceServersOutput => next_token,
    aws_sdk_dynamodb::operation::list_tables::ListTablesOutput => last_evaluated_table_name,
    aws_sdk_ec2::operation::describe_flow_logs::DescribeFlowLogsOutput => next_token,
    aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput => next_token,
    aws_sdk_ec2::operation::describe_route_tables::DescribeRouteTablesOutput => next_token,
    aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput => next_token,
    aws_sdk_ec2::operation::describe_subnets::DescribeSubnetsOutput => next_token,
    aws_sdk_ec2::operation::describe_transit_gateway_attachments::DescribeTransitGatewayAttachmentsOutput => next_token,
    aws_sdk_ec2::operation::describe_transit_gateways::DescribeTransitGatewaysOutput => next_token,
    aws_sdk_ec2::operation::describe_verified_access_endpoints::DescribeVerifiedAccessEndpointsOutput => next_token,
    aws_sdk_ec2::operation::describe_verified_access_instances::DescribeVerifiedAccessInstancesOutput => next_token,
    aws_sdk_ec2::operation::describe_volumes::DescribeVolumesOutput => next_token,
    aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput => next_token,
    aws_sdk_ecr::operation::describe_repositories::DescribeRepositoriesOutput => next_token,
    aws_sdk_efs::operation::describe_file_systems::DescribeFileSystemsOutput => next_marker,
    aws_sdk_elasticloadbalancingv2::operation::describe_listeners::DescribeListenersOutput => next_marker,
    aws_sdk_elasticloadbalancingv2::operation::describe_load_balancers::DescribeLoadBalancersOutput => next_marker,
    aws_sdk_fis::operation::list_experiment_templates::ListExperimentTemplatesOutput => next_token,
    aws_sdk_fis::operation::list_experiments::ListExperimentsOutput => next_token,
    aws_sdk_guardduty::operation::list_detectors::ListDetectorsOutput => next_token,
    aws_sdk_guardduty::operation::list_threat_intel_sets::ListThreatIntelSetsOutput => next_token,
    aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput => marker,
    aws_sdk_iam::operation::list_policies::ListPoliciesOutput => marker,
    aws_sdk_iam::operation::list_roles::ListRolesOutput => marker,
    aws_sdk_imagebuilder::operation::list_image_pipelines::ListImagePipelinesOutput => next_token,
    aws_sdk_kms::operation::list_keys::ListKeysOutput => next_marker,
    aws_sdk_lambda::operation::list_functions::ListFunctionsOutput => next_marker,
    aws_sdk_macie2::operation::list_classification_jobs::ListClassificationJobsOutput => next_token,
    aws_sdk_networkfirewall::operation::list_firewalls::ListFirewallsOutput => next_token,
    aws_sdk_organizations::operation::list_accounts::ListAccountsOutput => next_token,
    aws_sdk_organizations::operation::list_accounts_for_parent::ListAccountsForParentOutput => next_token,
    aws_sdk_organizations::operation::list_delegated_administrators::ListDelegatedAdministratorsOutput => next_token,
    aws_sdk_organizations::operation::list_delegated_services_for_account::ListDelegatedServicesForAccountOutput => next_token,
    aws_sdk_organizations::operation::list_organizational_units_for_parent::ListOrganizationalUnitsForParentOutput => next_token,
    aws_sdk_organizations::operation::list_policies::ListPoliciesOutput => next_token,
    aws_sdk_organizations::operation::list_roots::ListRootsOutput => next_token,
    aws_sdk_organizations::operation::list_targets_for_policy::ListTargetsForPolicyOutput => next_token,
    aws_sdk_rds::operation::describe_db_instances::DescribeDbInstancesOutput => marker,
    aws_sdk_resiliencehub::operation::list_apps::ListAppsOutput => next_token,
    aws_sdk_route53resolver::operation::list_firewall_rule_group_associations::ListFirewallRuleGroupAssociationsOutput => next_token,
    aws_sdk_s3::operation::list_buckets::ListBucketsOutput => continuation_token,
    aws_sdk_secretsmanager::operation::list_secrets::ListSecretsOutput => next_token,
    aws_sdk_securityhub::operation::get_enabled_standards::GetEnabledStandardsOutput => next_token,
    aws_sdk_securitylake::operation::list_log_sources::ListLogSourcesOutput => next_token,
    aws_sdk_securitylake::operation::list_subscribers::ListSubscribersOutput => next_token,
    aws_sdk_shield::operation::list_protections::ListProtectionsOutput => next_token,
    aws_sdk_ssm::operation::describe_instance_information::DescribeInstanceInformationOutput => next_token,
    aws_sdk_ssoadmin::operation::list_instances::ListInstancesOutput => next_token,
}

impl Page for aws_sdk_cloudfront::operation::list_distributions::ListDistributionsOutput {
    fn next_token(&self) -> Option<&str> {
        self.distribution_list().and_then(|inner| inner.next_marker())
    }
}

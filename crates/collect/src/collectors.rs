//! Every collector of an account's scan, one line each: adding a fact to the bundle is adding its
//! line here. The scan runs the regional ones in every scanned region, in this order, then the
//! account-wide ones; a test below proves that every bundle field has exactly one collector.
//! Walks that fill several facts (one fact needs another, or one call answers several) are the
//! small functions after the table.

use maturity_evidence::Fact;

use crate::collector::{Collector, Context, Update, account_fact, account_wide, region_fact, regional};
use crate::services::{
    accessanalyzer, account, apigateway, auditmanager, autoscaling, backup, bedrock, budgets, cloudformation,
    cloudfront, cloudtrail, cloudwatch, cognito, configservice, detective, drs, dynamodb, ec2, ecr, efs, elbv2,
    eventbridge, fis, guardduty, iam, imagebuilder, inspector2, kms, lambda, macie, networkfirewall, rds,
    resiliencehub, route53resolver, s3, secretsmanager, securityhub, securitylake, shield, ssm, ssoadmin, wafv2,
};

/// The collectors (the scan takes the regional ones first, whatever their place here).
pub(crate) static COLLECTORS: &[Collector] = &[
    regional!(guardduty_detectors = guardduty::detectors(clients, region)),
    regional!(cloudwatch_alarms = cloudwatch::alarms(clients, region)),
    regional!(ec2_instances = ec2::instances(clients, region)),
    regional!(ec2_security_groups = ec2::security_groups(clients, region)),
    regional!(ec2_vpcs = ec2::vpcs(clients, region)),
    regional!(ec2_flow_logs = ec2::flow_logs(clients, region)),
    regional!(ec2_ebs_encryption_by_default = ec2::ebs_encryption_by_default(clients, region)),
    regional!(ec2_volumes = ec2::volumes(clients, region)),
    regional!(ec2_snapshot_block_public_access = ec2::snapshot_block_public_access(clients, region)),
    regional!(ec2_image_block_public_access = ec2::image_block_public_access(clients, region)),
    regional!(rds_db_instances = rds::instances(clients, region)),
    regional!(sso_instances = ssoadmin::instances(clients, region)),
    regional!(config_recorders = configservice::recorders(clients, region)),
    regional!(security_hub => [securityhub_hub, securityhub_standards, securityhub_critical_findings]),
    regional!(kms_keys = kms::keys(clients, region, limit)),
    regional!(accessanalyzer_analyzers = accessanalyzer::analyzers(clients, region)),
    regional!(cognito_user_pools = cognito::user_pools(clients, region, limit)),
    regional!(detective_graphs = detective::graphs(clients, region)),
    regional!(detective_memberships = detective::memberships(clients, region)),
    regional!(securitylake_data_lake = securitylake::data_lake(clients, region)),
    regional!(inspector_status = inspector2::status(clients, region, account_id)),
    regional!(ecr_registry_scanning = ecr::registry_scanning(clients, region)),
    regional!(ecr_repositories = ecr::repositories(clients, region)),
    regional!(lambda_functions = lambda::functions(clients, region)),
    regional!(secretsmanager_secrets = secretsmanager::secrets(clients, region)),
    regional!(apigateway_rest_apis = apigateway::rest_apis(clients, region, limit)),
    regional!(autoscaling_groups = autoscaling::groups(clients, region)),
    regional!(load_balancers_and_web_acls => [elbv2_load_balancers, wafv2_web_acls]),
    regional!(ssm_managed_instances = ssm::managed_instances(clients, region)),
    regional!(network_firewalls = networkfirewall::firewalls(clients, region, limit)),
    regional!(dns_firewall_associations = route53resolver::firewall_associations(clients, region)),
    regional!(verified_access_instances = ec2::verified_access_instances(clients, region)),
    regional!(imagebuilder_pipelines = imagebuilder::pipelines(clients, region)),
    regional!(cloudformation_stacks = cloudformation::stacks(clients, region)),
    regional!(ec2_subnets = ec2::subnets(clients, region)),
    regional!(ec2_route_tables = ec2::route_tables(clients, region)),
    regional!(ec2_transit_gateways = ec2::transit_gateways(clients, region)),
    regional!(ec2_transit_gateway_attachments = ec2::transit_gateway_attachments(clients, region)),
    regional!(ec2_instance_metadata_defaults = ec2::instance_metadata_defaults(clients, region)),
    regional!(efs_file_systems = efs::file_systems(clients, region, limit)),
    regional!(backup_plans = backup::plans(clients, region, limit)),
    regional!(backup_vaults = backup::vaults(clients, region)),
    regional!(backup_protected_resources = backup::protected_resources(clients, region)),
    regional!(dynamodb_tables = dynamodb::tables(clients, region, account_id, limit)),
    regional!(macie_facts => [macie_session, macie_classification_jobs, macie_automated_discovery]),
    regional!(bedrock_guardrails = bedrock::guardrails(clients, region)),
    regional!(bedrock_invocation_logging = bedrock::invocation_logging(clients, region)),
    regional!(bedrock_custom_models = bedrock::custom_models(clients, region)),
    regional!(bedrock_provisioned_throughputs = bedrock::provisioned_throughputs(clients, region)),
    regional!(resiliencehub_apps = resiliencehub::apps(clients, region)),
    regional!(fis_experiment_templates = fis::experiment_templates(clients, region)),
    regional!(fis_experiments = fis::experiments(clients, region)),
    regional!(drs_source_servers = drs::source_servers(clients, region)),
    regional!(eventbridge_rules = eventbridge::rules(clients, region, limit)),
    regional!(config_conformance_packs = configservice::conformance_packs(clients, region)),
    regional!(config_rules_and_remediations => [config_rules, config_remediations]),
    regional!(auditmanager = auditmanager::audit_manager(clients, region)),
    regional!(config_aggregators = configservice::aggregators(clients, region)),
    account_wide!(iam_account_summary = iam::account_summary(clients, region)),
    account_wide!(iam_credential_report = iam::credential_report(clients, region)),
    account_wide!(s3_account_public_access_block = s3::account_public_access_block(clients, account_id, region)),
    account_wide!(s3_buckets = s3::buckets(clients, limit)),
    account_wide!(trails_of_the_scanned_regions => [cloudtrail_trails]),
    account_wide!(budgets = budgets::budgets(clients, account_id)),
    account_wide!(iam_password_policy = iam::password_policy(clients, region)),
    account_wide!(iam_identity_providers = iam::identity_providers(clients, region)),
    account_wide!(security_contact = account::security_contact(clients)),
    account_wide!(iam_roles = iam::roles(clients, region)),
    account_wide!(iam_customer_policies = iam::customer_policies(clients, region, limit)),
    account_wide!(iam_principals = iam::principals(clients, region)),
    account_wide!(cloudfront_distributions = cloudfront::distributions(clients)),
    account_wide!(wafv2_cloudfront_web_acls = wafv2::cloudfront_web_acls(clients, limit)),
    account_wide!(shield_advanced = shield::advanced(clients)),
];

/// The hub first: its standards and findings are read only where it is enabled.
async fn security_hub(context: Context) -> Vec<Update> {
    let (hub, standards) = securityhub::hub_and_standards(&context.clients, &context.region).await;
    let findings = securityhub::critical_findings(&context.clients, &context.region, &hub).await;
    vec![
        region_fact!(context, securityhub_hub = hub),
        region_fact!(context, securityhub_standards = standards),
        region_fact!(context, securityhub_critical_findings = findings),
    ]
}

/// Load balancers and web ACLs together: each association is established from either side.
async fn load_balancers_and_web_acls(context: Context) -> Vec<Update> {
    let Context { clients, region, limit, .. } = &context;
    let mut load_balancers = elbv2::load_balancers(clients, region, limit).await;
    let found = wafv2::web_acls(clients, region, limit).await;
    let web_acls = wafv2::associate(clients, region, limit, &mut load_balancers, found).await;
    vec![region_fact!(context, elbv2_load_balancers = load_balancers), region_fact!(context, wafv2_web_acls = web_acls)]
}

/// The session first: without Macie enabled there are no jobs and no automated discovery.
async fn macie_facts(context: Context) -> Vec<Update> {
    let found = macie::macie(&context.clients, &context.region).await;
    vec![
        region_fact!(context, macie_session = found.session),
        region_fact!(context, macie_classification_jobs = found.jobs),
        region_fact!(context, macie_automated_discovery = found.automated_discovery),
    ]
}

/// The remediations are read for the rules found.
async fn config_rules_and_remediations(context: Context) -> Vec<Update> {
    let (rules, remediations) =
        configservice::rules_and_remediations(&context.clients, &context.region, &context.limit).await;
    vec![region_fact!(context, config_rules = rules), region_fact!(context, config_remediations = remediations)]
}

/// Trails as every scanned region sees them; no region, no list (it would read as "no trails").
async fn trails_of_the_scanned_regions(context: Context) -> Vec<Update> {
    let trails = if context.scanned_regions.is_empty() {
        Fact::unavailable("no region of the scan is enabled for this account")
    } else {
        cloudtrail::trails(&context.clients, &context.scanned_regions, &context.limit).await
    };
    vec![account_fact!(cloudtrail_trails = trails)]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use maturity_evidence::{GlobalFacts, RegionFacts};

    use super::*;
    use crate::collector::Scope;

    /// Facts the scan fills itself before any collector runs (it needs them to know where to go).
    const FILLED_BY_THE_SCAN: &[&str] = &["enabled_regions"];

    /// The fields of a facts struct as they appear in a bundle (every fact set, so none is left out).
    fn serialized_fields(facts: serde_json::Result<serde_json::Value>) -> BTreeSet<String> {
        match facts {
            Ok(serde_json::Value::Object(fields)) => fields.keys().cloned().collect(),
            other => panic!("facts serialize as an object: {other:?}"),
        }
    }

    fn declared(scope: Scope) -> Vec<&'static str> {
        COLLECTORS.iter().filter(|c| c.scope == scope).flat_map(|c| c.facts.iter().copied()).collect()
    }

    fn assert_filled_once(scope: Scope, fields: &BTreeSet<String>, filled_elsewhere: &[&str]) {
        let declared = declared(scope);
        for field in fields {
            let collectors = declared.iter().filter(|fact| *fact == field).count();
            let expected = usize::from(!filled_elsewhere.contains(&field.as_str()));
            assert_eq!(collectors, expected, "{scope:?} fact `{field}` has {collectors} collectors");
        }
        let strangers: Vec<_> = declared.iter().filter(|fact| !fields.contains(**fact)).collect();
        assert!(strangers.is_empty(), "{scope:?} collectors declare facts the bundle does not have: {strangers:?}");
    }

    #[test]
    fn every_region_fact_is_filled_by_exactly_one_collector() {
        let fields = serialized_fields(serde_json::to_value(RegionFacts::all_unavailable("probe")));
        assert!(fields.contains("ec2_vpcs"), "{fields:?}");
        assert_filled_once(Scope::Regional, &fields, &[]);
    }

    #[test]
    fn every_account_wide_fact_is_filled_by_exactly_one_collector_or_the_scan() {
        let fields = serialized_fields(serde_json::to_value(GlobalFacts::all_unavailable("probe")));
        assert!(fields.contains("iam_roles"), "{fields:?}");
        assert_filled_once(Scope::AccountWide, &fields, FILLED_BY_THE_SCAN);
    }

    #[test]
    fn collector_names_are_unique() {
        let names: BTreeSet<_> = COLLECTORS.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), COLLECTORS.len(), "two collectors share a name");
    }
}

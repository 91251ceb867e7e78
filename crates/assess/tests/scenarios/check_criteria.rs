//! Scenarios: check criteria. Each rule is tried on the evidence a security engineer would
//! bring against it: a root password used last week, workloads that all sit in public subnets,
//! a region "block" that denies one action, a tagging standard, a usage budget, a runtime
//! agent nobody installs, a bucket opened by its ACL, accounts merely named "Security".

#[allow(unused_imports)]
use crate::support::*;

const MANAGEMENT: &str = "111111111111";
const MEMBER: &str = "222222222222";
const THIRD: &str = "333333333333";
const FOURTH: &str = "444444444444";

/// An organization scope of these accounts, one region.
fn org_scope(accounts: &[&str], region: &str) -> Value {
    json!({
        "organization_id": "o-scenario",
        "management_account_id": MANAGEMENT,
        "accounts": accounts,
        "regions": [region],
    })
}

/// `DescribeOrganization` as the collector writes it.
fn organization_ok() -> Value {
    json!({"ok": {"id": "o-scenario", "management_account_id": MANAGEMENT, "feature_set": "ALL", "root_id": "r-root"}})
}

/// An organization account entry.
fn org_account(id: &str, name: &str, parent: &str) -> Value {
    json!({"id": id, "name": name, "status": "ACTIVE", "parent_id": parent})
}

// ---------------------------------------------------------------------------------------------
// 7. iam-root-account-protected
// ---------------------------------------------------------------------------------------------

/// The IAM facts of an account whose root user has (or not) MFA and last signed in with its
/// password on `last_used`. The root row is as the collector writes it: AWS reports the root's
/// `password_enabled` as `not_supported`, which the collector reads as `false`.
fn root_facts(mfa: bool, last_used: Option<&str>) -> Value {
    let mut root = json!({
        "user": "<root_account>",
        "arn": "arn:aws:iam::000000000000:root",
        "password_enabled": false,
        "mfa_active": mfa,
    });
    if let Some(used) = last_used {
        root["password_last_used"] = json!(used);
    }
    json!({
        "iam_account_summary": {"ok": {"root_mfa_enabled": mfa, "root_access_keys_present": false, "users": 0, "roles": 4}},
        "iam_credential_report": {"ok": {"generated_at": "2026-11-19T07:55:00Z", "root": root, "users": []}},
    })
}

fn root_bundle(central: bool, member_root: Value) -> maturity_evidence::Bundle {
    let features = if central { json!(["RootCredentialsManagement", "RootSessions"]) } else { json!([]) };
    bundle(
        org_scope(&[MANAGEMENT, MEMBER], "eu-west-1"),
        json!({"organization": organization_ok(), "iam_features": {"ok": features}}),
        json!([
            account(MANAGEMENT, root_facts(true, Some("2026-03-02T09:00:00Z")), json!({})),
            account(MEMBER, member_root, json!({})),
        ]),
    )
}

#[test]
fn a_member_root_signed_in_last_week_without_mfa_fails_even_with_central_root_management() {
    for central in [true, false] {
        let assessment = assess_bundle(&root_bundle(central, root_facts(false, Some("2026-11-12T18:20:00Z"))));
        assert_control(&assessment, "root-protection", Status::Partial);
        let member = findings_of(&assessment, "iam-root-account-protected");
        assert!(member.iter().any(|f| f.starts_with(&format!("fail {MEMBER}"))), "central={central}: {member:?}");
    }
}

#[test]
fn a_centrally_managed_member_root_never_used_with_a_password_passes() {
    let assessment = assess_bundle(&root_bundle(true, root_facts(false, None)));
    assert_control(&assessment, "root-protection", Status::Met);
}

#[test]
fn a_centrally_managed_member_root_used_long_ago_without_mfa_is_not_met() {
    // It had a password once; nothing the scan can read says it was removed since.
    let assessment = assess_bundle(&root_bundle(true, root_facts(false, Some("2025-01-10T10:00:00Z"))));
    let status = control(&assessment, "root-protection").status;
    assert!(status != Status::Met, "{status}: {:?}", findings_of(&assessment, "iam-root-account-protected"));
}

// ---------------------------------------------------------------------------------------------
// 8. vpc-private-subnets
// ---------------------------------------------------------------------------------------------

/// One account whose non-default VPC has a public subnet (holding every running instance) and
/// an unused private subnet.
fn vpc_bundle(private_instance: bool) -> maturity_evidence::Bundle {
    let mut instances = vec![
        json!({"instance_id": "i-0web00000000000001", "state": "running", "vpc_id": "vpc-0app0000000000001", "subnet_id": "subnet-0public000000001"}),
        json!({"instance_id": "i-0db000000000000002", "state": "running", "vpc_id": "vpc-0app0000000000001", "subnet_id": "subnet-0public000000001"}),
    ];
    if private_instance {
        instances.push(json!({"instance_id": "i-0api00000000000003", "state": "running", "vpc_id": "vpc-0app0000000000001", "subnet_id": "subnet-0private00000001"}));
    }
    let region = json!({
        "ec2_instances": {"ok": instances},
        "ec2_vpcs": {"ok": [
            {"vpc_id": "vpc-0default000000001", "is_default": true, "cidr_block": "172.31.0.0/16"},
            {"vpc_id": "vpc-0app0000000000001", "is_default": false, "cidr_block": "10.0.0.0/16"}
        ]},
        "ec2_subnets": {"ok": [
            {"subnet_id": "subnet-0public000000001", "vpc_id": "vpc-0app0000000000001", "availability_zone": "eu-west-1a", "map_public_ip_on_launch": true},
            {"subnet_id": "subnet-0private00000001", "vpc_id": "vpc-0app0000000000001", "availability_zone": "eu-west-1b", "map_public_ip_on_launch": false}
        ]},
        "ec2_route_tables": {"ok": [
            {"route_table_id": "rtb-0main00000000001", "vpc_id": "vpc-0app0000000000001", "is_main": true,
             "routes": [{"destination_cidr_block": "10.0.0.0/16", "target": "local", "state": "active"}]},
            {"route_table_id": "rtb-0public0000000001", "vpc_id": "vpc-0app0000000000001", "is_main": false,
             "routes": [{"destination_cidr_block": "10.0.0.0/16", "target": "local", "state": "active"},
                        {"destination_cidr_block": "0.0.0.0/0", "target": "igw-0app0000000000001", "state": "active"}],
             "subnet_ids": ["subnet-0public000000001"]}
        ]},
    });
    bundle(
        json!({"accounts": [MEMBER], "regions": ["eu-west-1"]}),
        Value::Null,
        json!([account(MEMBER, json!({}), json!({"eu-west-1": region}))]),
    )
}

#[test]
fn a_vpc_whose_running_workloads_all_sit_in_public_subnets_fails_despite_an_unused_private_subnet() {
    let assessment = assess_bundle(&vpc_bundle(false));
    // The default-VPC check passes in the same account, so the roll-up may say partial; either
    // way the control is not met and the VPC's own finding fails.
    let status = control(&assessment, "vpcs").status;
    let vpc = findings_of(&assessment, "vpc-private-subnets");
    assert!(matches!(status, Status::NotMet | Status::Partial), "{status}: {vpc:?}");
    assert!(vpc.iter().any(|f| f.starts_with("fail ") && f.contains("vpc-0app0000000000001")), "{vpc:?}");
}

#[test]
fn a_vpc_with_a_workload_in_a_private_subnet_passes() {
    let assessment = assess_bundle(&vpc_bundle(true));
    assert_control(&assessment, "vpcs", Status::Met);
}

// ---------------------------------------------------------------------------------------------
// 9. org-region-deny-policy
// ---------------------------------------------------------------------------------------------

/// An organization (management account and one member in OU Workloads, one region, nothing
/// running) whose root carries one SCP with this statement.
fn region_bundle(statement: Value) -> maturity_evidence::Bundle {
    let empty_region = json!({"eu-west-1": {
        "ec2_instances": {"ok": []}, "ec2_volumes": {"ok": []}, "rds_db_instances": {"ok": []},
        "ec2_vpcs": {"ok": [{"vpc_id": "vpc-0default000000001", "is_default": true, "cidr_block": "172.31.0.0/16"}]}
    }});
    bundle(
        org_scope(&[MANAGEMENT, MEMBER], "eu-west-1"),
        json!({
            "organization": organization_ok(),
            "accounts": {"ok": [org_account(MANAGEMENT, "management", "r-root"), org_account(MEMBER, "workloads", "ou-workloads")]},
            "organizational_units": {"ok": [{"id": "ou-workloads", "name": "Workloads", "parent_id": "r-root"}]},
            "policies": {"ok": [
                {"id": "p-FullAWSAccess", "name": "FullAWSAccess", "kind": "SERVICE_CONTROL_POLICY", "aws_managed": true,
                 "content": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
                 "targets": ["r-root"]},
                {"id": "p-regions", "name": "region-guardrail", "kind": "SERVICE_CONTROL_POLICY", "aws_managed": false,
                 "content": {"Version": "2012-10-17", "Statement": [statement]}, "targets": ["r-root"]}
            ]},
        }),
        json!([account(MANAGEMENT, json!({}), empty_region.clone()), account(MEMBER, json!({}), empty_region),]),
    )
}

#[test]
fn a_deny_of_a_few_actions_is_no_region_block() {
    let assessment = assess_bundle(&region_bundle(json!({
        "Effect": "Deny", "Action": ["ec2:RunInstances"], "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}
    })));
    assert_control(&assessment, "choose-regions", Status::NotMet);
}

#[test]
fn a_deny_that_exempts_a_regional_workload_service_is_no_region_block() {
    let assessment = assess_bundle(&region_bundle(json!({
        "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "ec2:*"], "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}
    })));
    assert_control(&assessment, "choose-regions", Status::NotMet);
}

#[test]
fn a_deny_that_exempts_every_role_is_no_region_block() {
    for (operator, pattern) in [("ArnNotLike", "arn:aws:iam::*:role/*"), ("StringNotLike", "*")] {
        let assessment = assess_bundle(&region_bundle(json!({
            "Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {
                "StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]},
                operator: {"aws:PrincipalARN": ["arn:aws:iam::*:role/OrganizationAccountAccessRole", pattern]}
            }
        })));
        assert_control(&assessment, "choose-regions", Status::NotMet);
    }
}

#[test]
fn a_control_tower_style_deny_with_global_services_exempted_and_one_role_spared_still_blocks() {
    let assessment = assess_bundle(&region_bundle(json!({
        "Effect": "Deny",
        "NotAction": ["iam:*", "organizations:*", "route53:*", "budgets:*", "sts:*", "support:*", "cloudfront:*",
                      "ec2:DescribeRegions", "s3:GetBucketLocation", "s3:ListAllMyBuckets"],
        "Resource": "*",
        "Condition": {
            "StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]},
            "ArnNotLike": {"aws:PrincipalARN": ["arn:aws:iam::*:role/AWSControlTowerExecution"]}
        }
    })));
    assert_control(&assessment, "choose-regions", Status::Met);
}

// ---------------------------------------------------------------------------------------------
// 10. securityhub-enabled-with-standard
// ---------------------------------------------------------------------------------------------

fn securityhub_bundle(standard: &str) -> maturity_evidence::Bundle {
    bundle(
        json!({"accounts": [MEMBER], "regions": ["eu-west-1"]}),
        Value::Null,
        json!([account(
            MEMBER,
            json!({}),
            json!({"eu-west-1": {
                "securityhub_hub": {"ok": {"hub_arn": format!("arn:aws:securityhub:eu-west-1:{MEMBER}:hub/default"), "subscribed_at": "2026-02-01T10:00:00.000Z"}},
                "securityhub_standards": {"ok": [{"standards_arn": standard, "status": "READY"}]}
            }})
        )]),
    )
}

#[test]
fn the_resource_tagging_standard_is_not_a_security_standard() {
    let assessment = assess_bundle(&securityhub_bundle(
        "arn:aws:securityhub:eu-west-1::standards/aws-resource-tagging-standard/v/1.0.0",
    ));
    assert_control(&assessment, "security-hub", Status::NotMet);
}

#[test]
fn a_cis_benchmark_is_a_security_standard() {
    let assessment = assess_bundle(&securityhub_bundle(
        "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
    ));
    assert_control(&assessment, "security-hub", Status::Met);
}

// ---------------------------------------------------------------------------------------------
// 11. billing-alarm-or-budget
// ---------------------------------------------------------------------------------------------

fn no_billing_alarm() -> Value {
    json!({"us-east-1": {"cloudwatch_alarms": {"ok": []}}})
}

#[test]
fn only_cost_budgets_watch_the_bill() {
    for budget_type in ["RI_UTILIZATION", "SAVINGS_PLANS_COVERAGE", "USAGE"] {
        let assessment = assess_bundle(&bundle(
            json!({"accounts": [MEMBER], "regions": ["us-east-1"]}),
            Value::Null,
            json!([account(
                MEMBER,
                json!({"budgets": {"ok": [{"name": "reservations", "budget_type": budget_type, "notifications": 1}]}}),
                no_billing_alarm()
            )]),
        ));
        assert_control(&assessment, "billing-alarm", Status::NotMet);
    }
}

/// A management account with a cost budget that notifies and a member with nothing, when
/// `DescribeOrganization` was denied; `scope_knows` says whether the scope names the management
/// account.
fn billing_bundle(scope_knows: bool) -> maturity_evidence::Bundle {
    let mut scope = org_scope(&[MANAGEMENT, MEMBER], "us-east-1");
    if !scope_knows {
        scope.as_object_mut().map(|s| s.remove("management_account_id"));
    }
    bundle(
        scope,
        json!({"organization": {"denied": {"action": "organizations:DescribeOrganization"}}}),
        json!([
            account(
                MANAGEMENT,
                json!({"budgets": {"ok": [{"name": "monthly-cost", "budget_type": "COST", "notifications": 2}]}}),
                no_billing_alarm()
            ),
            account(MEMBER, json!({"budgets": {"ok": []}}), no_billing_alarm()),
        ]),
    )
}

#[test]
fn the_payer_is_known_from_the_scope_when_describe_organization_is_denied() {
    let assessment = assess_bundle(&billing_bundle(true));
    assert_control(&assessment, "billing-alarm", Status::Met);
}

#[test]
fn an_unknown_payer_is_inconclusive_not_a_fail() {
    let assessment = assess_bundle(&billing_bundle(false));
    let member = findings_of(&assessment, "billing-alarm-or-budget");
    assert!(member.iter().any(|f| f.starts_with(&format!("inconclusive {MEMBER}"))), "{member:?}");
    assert!(!member.iter().any(|f| f.starts_with("fail")), "{member:?}");
}

// ---------------------------------------------------------------------------------------------
// 12. guardduty-protection-plans
// ---------------------------------------------------------------------------------------------

fn guardduty_bundle(agent_management: &str) -> maturity_evidence::Bundle {
    bundle(
        json!({"accounts": [MEMBER], "regions": ["eu-west-1"]}),
        Value::Null,
        json!([account(
            MEMBER,
            json!({"s3_buckets": {"ok": []}}),
            json!({"eu-west-1": {
                "ec2_instances": {"ok": [{"instance_id": "i-0app00000000000001", "state": "running", "vpc_id": "vpc-0app0000000000001", "subnet_id": "subnet-0private00000001"}]},
                "rds_db_instances": {"ok": []},
                "guardduty_detectors": {"ok": [{"detector_id": "6ec5e7fb2a1c4c0d9f00d1e2b3a4c5d6", "status": "ENABLED", "features": [
                    {"name": "S3_DATA_EVENTS", "status": "ENABLED"},
                    {"name": "EBS_MALWARE_PROTECTION", "status": "DISABLED"},
                    {"name": "RUNTIME_MONITORING", "status": "ENABLED", "additional_configuration": [
                        {"name": "EKS_ADDON_MANAGEMENT", "status": "DISABLED"},
                        {"name": "ECS_FARGATE_AGENT_MANAGEMENT", "status": "DISABLED"},
                        {"name": "EC2_AGENT_MANAGEMENT", "status": agent_management}
                    ]}
                ]}]}
            }})
        )]),
    )
}

#[test]
fn runtime_monitoring_without_ec2_agent_management_does_not_protect_instances() {
    let assessment = assess_bundle(&guardduty_bundle("DISABLED"));
    assert_control(&assessment, "guardduty-advanced", Status::NotMet);
}

#[test]
fn runtime_monitoring_with_ec2_agent_management_protects_instances() {
    let assessment = assess_bundle(&guardduty_bundle("ENABLED"));
    assert_control(&assessment, "guardduty-advanced", Status::Met);
}

// ---------------------------------------------------------------------------------------------
// 13. s3-no-public-buckets
// ---------------------------------------------------------------------------------------------

const OWNER: &str = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

fn owner_grant() -> Value {
    json!({"grantee_type": "CanonicalUser", "grantee": OWNER, "permission": "FULL_CONTROL"})
}

/// One account without account-level Block Public Access and one bucket with no policy, this
/// bucket-level Block Public Access and these ACL grants (`None`: not collected).
fn s3_bucket_findings(bucket_block: Value, acl: Option<Value>) -> Vec<String> {
    let mut bucket = json!({
        "name": "press-kit-assets",
        "region": "eu-west-1",
        "public_access_block": bucket_block,
        "policy_is_public": {"ok": null},
        "policy": {"ok": null}
    });
    if let Some(acl) = acl {
        bucket["acl_grants"] = acl;
    }
    let assessment = assess_bundle(&bundle(
        json!({"accounts": [MEMBER], "regions": ["eu-west-1"]}),
        Value::Null,
        json!([account(
            MEMBER,
            json!({
                "s3_account_public_access_block": {"ok": null},
                "s3_buckets": {"ok": [bucket]}
            }),
            json!({})
        )]),
    ));
    findings_of(&assessment, "s3-no-public-buckets")
}

fn only_status(findings: &[String], status: &str) {
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].starts_with(&format!("{status} ")), "expected {status}: {findings:?}");
}

#[test]
fn an_acl_grant_to_all_users_makes_a_bucket_public() {
    for group in ["AllUsers", "AuthenticatedUsers"] {
        let public = json!({"grantee_type": "Group", "grantee": format!("http://acs.amazonaws.com/groups/global/{group}"), "permission": "READ"});
        only_status(&s3_bucket_findings(json!({"ok": null}), Some(json!({"ok": [owner_grant(), public]}))), "fail");
    }
}

#[test]
fn ignore_public_acls_neutralises_a_public_acl() {
    let acl = json!({"ok": [owner_grant(), {"grantee_type": "Group", "grantee": "http://acs.amazonaws.com/groups/global/AllUsers", "permission": "READ"}]});
    let block = json!({"ok": {"block_public_acls": false, "ignore_public_acls": true, "block_public_policy": false, "restrict_public_buckets": false}});
    only_status(&s3_bucket_findings(block, Some(acl)), "pass");
}

#[test]
fn an_unreadable_acl_is_inconclusive_never_a_pass() {
    for acl in
        [Some(json!({"denied": {"action": "s3:GetBucketAcl"}})), Some(json!({"failed": {"error": "timeout"}})), None]
    {
        only_status(&s3_bucket_findings(json!({"ok": null}), acl), "inconclusive");
    }
}

// ---------------------------------------------------------------------------------------------
// 14. org-multi-account-structure
// ---------------------------------------------------------------------------------------------

/// An organization with all features, an OU and four active accounts with these names, with
/// the delegated administrators, the management account's trails and the Config aggregators of
/// account `THIRD` given; `FOURTH` holds the bucket `org-cloudtrail-logs`, the management
/// account `mgmt-trail-bucket`.
fn structure_bundle(
    names: [&str; 4],
    delegated: Value,
    trails: Value,
    aggregators: Value,
) -> maturity_evidence::Bundle {
    let ids = [MANAGEMENT, MEMBER, THIRD, FOURTH];
    let org_accounts: Vec<Value> = ids
        .iter()
        .zip(names)
        .map(|(id, name)| org_account(id, name, if *id == MANAGEMENT { "r-root" } else { "ou-core" }))
        .collect();
    let bucket = |name: &str| json!({"name": name, "region": "eu-west-1"});
    bundle(
        org_scope(&ids, "eu-west-1"),
        json!({
            "organization": organization_ok(),
            "accounts": {"ok": org_accounts},
            "organizational_units": {"ok": [{"id": "ou-core", "name": "Core", "parent_id": "r-root"}]},
            "policies": {"ok": []},
            "delegated_administrators": delegated,
        }),
        json!([
            {"account_id": MANAGEMENT, "name": names[0], "global": {"cloudtrail_trails": trails, "s3_buckets": {"ok": [bucket("mgmt-trail-bucket")]}},
             "regions": {"eu-west-1": {"config_aggregators": {"ok": []}}}},
            {"account_id": MEMBER, "name": names[1], "global": {"cloudtrail_trails": {"ok": []}, "s3_buckets": {"ok": [bucket("app-uploads")]}},
             "regions": {"eu-west-1": {"config_aggregators": {"ok": []}}}},
            {"account_id": THIRD, "name": names[2], "global": {"cloudtrail_trails": {"ok": []}, "s3_buckets": {"ok": []}},
             "regions": {"eu-west-1": {"config_aggregators": aggregators}}},
            {"account_id": FOURTH, "name": names[3], "global": {"cloudtrail_trails": {"ok": []}, "s3_buckets": {"ok": [bucket("org-cloudtrail-logs")]}},
             "regions": {"eu-west-1": {"config_aggregators": {"ok": []}}}},
        ]),
    )
}

fn org_trail(bucket: &str) -> Value {
    json!({"ok": [{
        "name": "organization-trail",
        "arn": format!("arn:aws:cloudtrail:eu-west-1:{MANAGEMENT}:trail/organization-trail"),
        "home_region": "eu-west-1",
        "is_multi_region": true,
        "is_organization_trail": true,
        "log_file_validation_enabled": true,
        "s3_bucket_name": bucket,
        "is_logging": {"ok": true},
        "management_events": {"ok": "all"}
    }]})
}

fn security_admin(id: &str) -> Value {
    json!({"ok": [{"account_id": id, "name": "tooling", "services": ["guardduty.amazonaws.com", "securityhub.amazonaws.com", "config.amazonaws.com"]}]})
}

fn org_aggregator() -> Value {
    json!({"ok": [{"name": "organization", "arn": format!("arn:aws:config:eu-west-1:{THIRD}:config-aggregator/config-aggregator-ab12cd34"),
                   "organization_wide": true, "all_regions": true}]})
}

#[test]
fn accounts_named_security_and_log_archive_are_not_a_structure() {
    let assessment = assess_bundle(&structure_bundle(
        ["management", "workloads", "Security", "Log Archive"],
        json!({"ok": []}),
        json!({"ok": []}),
        json!({"ok": []}),
    ));
    let status = control(&assessment, "multi-account-management").status;
    assert!(
        matches!(status, Status::NotMet | Status::Partial),
        "{status}: {:?}",
        findings_of(&assessment, "org-multi-account-structure")
    );
}

#[test]
fn structural_evidence_decides_whatever_the_names() {
    let assessment = assess_bundle(&structure_bundle(
        ["acme-root", "acme-prod-1", "acme-tooling", "acme-vault"],
        security_admin(THIRD),
        org_trail("org-cloudtrail-logs"),
        org_aggregator(),
    ));
    assert_control(&assessment, "multi-account-management", Status::Met);
}

#[test]
fn some_of_the_structure_is_partial() {
    // Delegated administration and an organization-wide aggregator, but the organization trail
    // writes to a bucket of the management account itself.
    let assessment = assess_bundle(&structure_bundle(
        ["management", "workloads", "Audit", "Log Archive"],
        security_admin(THIRD),
        org_trail("mgmt-trail-bucket"),
        org_aggregator(),
    ));
    assert_control(&assessment, "multi-account-management", Status::Partial);
}

#[test]
fn unreadable_delegated_administrators_never_pass() {
    let assessment = assess_bundle(&structure_bundle(
        ["acme-root", "acme-prod-1", "acme-tooling", "acme-vault"],
        json!({"denied": {"action": "organizations:ListDelegatedAdministrators"}}),
        org_trail("org-cloudtrail-logs"),
        org_aggregator(),
    ));
    assert_control(&assessment, "multi-account-management", Status::Unknown);
}

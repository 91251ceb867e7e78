//! Scenarios: not applicable.

#[allow(unused_imports)]
use crate::support::*;

/// One account scanned in eu-west-1 and us-east-1 with these global and regional facts.
fn one_account(global: Value, eu_west_1: Value, us_east_1: Value) -> maturity_evidence::Bundle {
    let mut global = global;
    global["enabled_regions"] = json!({"ok": ["eu-west-1", "us-east-1"]});
    bundle(
        json!({"accounts": ["111111111111"], "regions": ["eu-west-1", "us-east-1"]}),
        Value::Null,
        json!([account("111111111111", global, json!({"eu-west-1": eu_west_1, "us-east-1": us_east_1}))]),
    )
}

fn analyzer() -> Value {
    json!({"ok": [{
        "name": "account-analyzer",
        "arn": "arn:aws:access-analyzer:us-east-1:111111111111:analyzer/account-analyzer",
        "analyzer_type": "ACCOUNT", "status": "ACTIVE"
    }]})
}

/// Defect 5: a region that holds an S3 bucket, a KMS key and a secret but runs no compute is in
/// use for IAM Access Analyzer: a bucket policy there can share data with anyone.
#[test]
fn a_region_holding_buckets_keys_and_secrets_needs_an_access_analyzer() {
    let stored = idle_region(json!({
        "accessanalyzer_analyzers": {"ok": []},
        "kms_keys": {"ok": [{
            "key_id": "k-1", "key_manager": "CUSTOMER", "key_state": "Enabled",
            "key_spec": "SYMMETRIC_DEFAULT", "rotation_enabled": {"ok": true}
        }]},
        "secretsmanager_secrets": {"ok": []},
        "ecr_repositories": {"ok": []}
    }));
    let home = idle_region(json!({
        "accessanalyzer_analyzers": analyzer(),
        "kms_keys": {"ok": []}, "secretsmanager_secrets": {"ok": []}, "ecr_repositories": {"ok": []}
    }));
    let global = json!({
        "s3_buckets": {"ok": [{"name": "customer-exports", "region": "eu-west-1"}]},
        "iam_roles": {"ok": []}
    });
    let assessment = assess_bundle(&one_account(global, stored, home));
    // One region holds, the other fails: partial or not met (how a region-level fail rolls up
    // is the roll-up's business), never met.
    let status = control(&assessment, "iam-access-analyzer").status;
    assert!(matches!(status, Status::Partial | Status::NotMet), "{status}");
    let findings = findings_of(&assessment, "accessanalyzer-external-access-enabled").join("\n");
    assert!(findings.contains("fail 111111111111/eu-west-1") && findings.contains("1 S3 bucket"), "{findings}");
}

/// Defect 5: a region whose only resources are ECR repositories needs Inspector's ECR scanning.
#[test]
fn a_region_holding_only_container_repositories_needs_inspector() {
    let off = json!({"ok": {"state": "DISABLED", "ec2": "DISABLED", "ecr": "DISABLED", "lambda": "DISABLED", "lambda_code": "DISABLED"}});
    let repositories = idle_region(json!({
        "inspector_status": off.clone(),
        "ecr_repositories": {"ok": [{
            "name": "shop-api",
            "arn": "arn:aws:ecr:eu-west-1:111111111111:repository/shop-api",
            "scan_on_push": false
        }]}
    }));
    let empty = idle_region(json!({"inspector_status": off, "ecr_repositories": {"ok": []}}));
    let assessment = assess_bundle(&one_account(json!({}), repositories, empty));
    assert_control(&assessment, "vulnerability-analysis-and-pentesting", Status::NotMet);
}

/// Defect 5: no Elastic Disaster Recovery in an account that runs servers is not "nothing in
/// scope": disaster recovery may be automated otherwise, so the control is unknown until attested.
#[test]
fn no_disaster_recovery_service_where_servers_run_is_unknown_until_attested() {
    let servers = idle_region(json!({
        "drs_source_servers": {"ok": null},
        "ec2_instances": {"ok": [{"instance_id": "i-erp", "state": "running", "security_group_ids": []}]}
    }));
    let quiet = idle_region(json!({"drs_source_servers": {"ok": null}}));
    let assessment = assess_bundle(&one_account(json!({}), servers, quiet));
    assert_control(&assessment, "multi-region-disaster-recovery-automation", Status::Unknown);
    let findings = findings_of(&assessment, "drs-replication-healthy").join("\n");
    assert!(findings.contains("only an attested answer can tell"), "{findings}");
}

/// Defect 5: no Cognito user pool anywhere is not proof that there are no customer identities
/// (they may live in an identity provider outside AWS): unknown until attested.
#[test]
fn no_customer_identity_service_seen_is_unknown_until_attested() {
    let none = json!({"cognito_user_pools": {"ok": []}});
    let assessment = assess_bundle(&one_account(json!({}), none.clone(), none));
    assert_control(&assessment, "ciam", Status::Unknown);
}

/// Defect 5: an internet-facing Application Load Balancer with no web ACL at all has no custom
/// WAF rule either: the control fails instead of finding nothing in scope.
#[test]
fn an_internet_facing_load_balancer_without_any_web_acl_fails_custom_waf_rules() {
    let edge = idle_region(json!({
        "elbv2_load_balancers": {"ok": [{
            "arn": "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop/0123456789abcdef",
            "name": "shop", "load_balancer_type": "application", "scheme": "internet-facing",
            "availability_zones": ["eu-west-1a", "eu-west-1b"]
        }]},
        "wafv2_web_acls": {"ok": []}
    }));
    let quiet = idle_region(json!({"wafv2_web_acls": {"ok": []}}));
    let assessment = assess_bundle(&one_account(json!({}), edge, quiet));
    assert_control(&assessment, "waf-custom-rules", Status::NotMet);
}

/// Defect 5 (found in review): Bedrock used only on demand leaves no trace, so "no sign of use"
/// is unknown until attested, not "not applicable".
#[test]
fn no_sign_of_generative_ai_is_unknown_until_attested() {
    let none = json!({
        "bedrock_custom_models": {"ok": []}, "bedrock_provisioned_throughputs": {"ok": []},
        "bedrock_guardrails": {"ok": []}, "bedrock_invocation_logging": {"ok": null}
    });
    let assessment = assess_bundle(&one_account(json!({}), none.clone(), none));
    assert_control(&assessment, "gen-ai-security", Status::Unknown);
}

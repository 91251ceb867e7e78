//! Scenarios: evidence the collector gathers another way when the first call cannot answer
//! (issue 9, defect 15), and grants of administrator access the checks used to miss (defect 5).

use crate::support::{Status, account, assert_control, assess_bundle, bundle, control, findings_of, json};

const ACCOUNT: &str = "111111111111";
const ALB: &str = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop/0123456789abcdef";

fn single_account(global: serde_json::Value, region: serde_json::Value) -> maturity_evidence::Bundle {
    bundle(
        json!({"accounts": [ACCOUNT], "regions": ["eu-west-1"]}),
        serde_json::Value::Null,
        json!([account(ACCOUNT, global, json!({"eu-west-1": region}))]),
    )
}

/// `wafv2:ListResourcesForWebACL` is denied, so the web ACLs stay unread; but the load balancer
/// itself answered `wafv2:GetWebACLForResource`: no web ACL. That is a fail, not "unknown".
#[test]
fn a_load_balancer_that_says_it_has_no_web_acl_fails_even_when_associations_cannot_be_listed() {
    let alb = json!({
        "arn": ALB,
        "name": "shop",
        "load_balancer_type": "application",
        "scheme": "internet-facing",
        "availability_zones": ["eu-west-1a", "eu-west-1b"],
        "listeners": {"ok": []},
        "web_acl_arn": {"ok": null}
    });
    let region = json!({
        "elbv2_load_balancers": {"ok": [alb]},
        "wafv2_web_acls": {"denied": {"action": "wafv2:ListResourcesForWebACL"}},
        "apigateway_rest_apis": {"ok": []}
    });
    let global = json!({"cloudfront_distributions": {"ok": []}, "wafv2_cloudfront_web_acls": {"ok": []}});
    assert_control(&assess_bundle(&single_account(global, region)), "waf", Status::NotMet);
}

/// The account's only administrator grant is the AWS-managed `AdministratorAccess` attached to a
/// role; no customer-managed policy allows everything, and an unused-access analyzer is active.
/// Least privilege is not met: `iam-no-admin-policies` used to read only customer-managed policies.
#[test]
fn an_attached_administrator_access_policy_fails_least_privilege() {
    let global = json!({
        "iam_customer_policies": {"ok": [{
            "name": "deploy-app",
            "arn": "arn:aws:iam::111111111111:policy/deploy-app",
            "attachment_count": 1,
            "default_version_id": "v2",
            "document": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["ecs:UpdateService", "ecs:DescribeServices"], "Resource": "*"}]}
        }]},
        "iam_principals": {"ok": [
            {"kind": "role", "name": "deployer", "arn": "arn:aws:iam::111111111111:role/deployer", "path": "/",
             "attached_policies": ["arn:aws:iam::111111111111:policy/deploy-app"], "inline_policies": []},
            {"kind": "role", "name": "platform-admin", "arn": "arn:aws:iam::111111111111:role/platform-admin",
             "path": "/", "attached_policies": ["arn:aws:iam::aws:policy/AdministratorAccess"],
             "inline_policies": []}
        ]}
    });
    let region = json!({"accessanalyzer_analyzers": {"ok": [{
        "name": "unused-access",
        "arn": "arn:aws:access-analyzer:eu-west-1:111111111111:analyzer/unused-access",
        "analyzer_type": "ACCOUNT_UNUSED_ACCESS",
        "status": "ACTIVE"
    }]}});
    let assessment = assess_bundle(&single_account(global, region));
    let findings = findings_of(&assessment, "iam-no-admin-policies");
    assert!(findings.iter().any(|f| f.starts_with("fail") && f.contains("role/platform-admin")), "{findings:#?}");
    // The account fails the control. Whether the roll-up calls one failing account out of one
    // `partial` or `not_met` is defect 16's business; it must never be `met`.
    let status = control(&assessment, "iam-least-privilege").status;
    assert!(matches!(status, Status::NotMet | Status::Partial), "iam-least-privilege is {status:?}");
}

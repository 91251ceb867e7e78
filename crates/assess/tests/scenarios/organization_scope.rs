//! Scenarios: organization scope.

#[allow(unused_imports)]
use crate::support::*;

/// An organization with a management account, a production account under OU Workloads (where a
/// customer SCP is attached) and a sandbox account straight under the root (nothing attached but
/// the AWS-managed `FullAWSAccess`), as a scan of the management account reads it.
fn organization() -> Value {
    json!({
        "organization": {"ok": {
            "id": "o-scope1", "management_account_id": "111111111111",
            "feature_set": "ALL", "root_id": "r-root"
        }},
        "accounts": {"ok": [
            {"id": "111111111111", "name": "management", "status": "ACTIVE", "parent_id": "r-root"},
            {"id": "222222222222", "name": "prod", "status": "ACTIVE", "parent_id": "ou-root-workloads"},
            {"id": "333333333333", "name": "sandbox", "status": "ACTIVE", "parent_id": "r-root"}
        ]},
        "organizational_units": {"ok": [
            {"id": "ou-root-workloads", "name": "Workloads", "parent_id": "r-root"}
        ]},
        "policies": {"ok": [
            {
                "id": "p-FullAWSAccess", "name": "FullAWSAccess", "kind": "SERVICE_CONTROL_POLICY",
                "aws_managed": true,
                "content": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
                "targets": ["r-root"]
            },
            {
                "id": "p-guard", "name": "deny-leaving-and-log-tampering", "kind": "SERVICE_CONTROL_POLICY",
                "aws_managed": false,
                "content": {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Deny",
                    "Action": ["organizations:LeaveOrganization", "cloudtrail:StopLogging", "cloudtrail:DeleteTrail"],
                    "Resource": "*"
                }]},
                "targets": ["ou-root-workloads"]
            }
        ]}
    })
}

/// Defect 3: a scan of the management account alone (no `--org`, so the scope names no
/// organization) still reads the organization's policies. The guardrails control is judged on
/// them: the sandbox account has no customer SCP, so it is not met, rather than "not applicable"
/// because SCPs never restrict the management account.
#[test]
fn a_scan_of_the_management_account_alone_judges_the_organizations_guardrails() {
    let bundle = bundle(
        json!({"accounts": ["111111111111"], "regions": ["us-east-1"]}),
        organization(),
        json!([account(
            "111111111111",
            json!({"enabled_regions": {"ok": ["us-east-1"]}}),
            json!({"us-east-1": idle_region(json!({}))})
        )]),
    );
    let assessment = assess_bundle(&bundle);
    assert_control(&assessment, "guardrails", Status::Partial);
    let findings = findings_of(&assessment, "org-custom-scps-applied").join("\n");
    assert!(findings.contains("sandbox (333333333333)"), "{findings}");
    // No SCP or RCP of this organization draws a data perimeter or denies regions.
    assert_ne!(control(&assessment, "data-perimeters").status, Status::NotApplicable);
    assert_control(&assessment, "choose-regions", Status::NotMet);
    // No tag policy reaches any account: judged for the members too, not on the management
    // account alone.
    assert_control(&assessment, "tags-strategy", Status::NotMet);
    let tags = findings_of(&assessment, "org-tag-policy-applied").join("\n");
    assert!(tags.contains("prod (222222222222)"), "{tags}");
}

/// Defect 3, the other way round: a scan of one member account does not judge the others.
#[test]
fn a_scan_of_a_member_account_judges_only_that_account() {
    let bundle = bundle(
        json!({"accounts": ["222222222222"], "regions": ["us-east-1"]}),
        organization(),
        json!([account(
            "222222222222",
            json!({"enabled_regions": {"ok": ["us-east-1"]}}),
            json!({"us-east-1": idle_region(json!({}))})
        )]),
    );
    let assessment = assess_bundle(&bundle);
    assert_control(&assessment, "guardrails", Status::Met);
    let findings = findings_of(&assessment, "org-custom-scps-applied").join("\n");
    assert!(!findings.contains("333333333333"), "{findings}");
}

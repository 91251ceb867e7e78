//! Scenarios: how findings roll up into a control's status and coverage (issue 9, defect 16).
//!
//! `partial` means at least one in-scope account holds: a passing resource inside an account
//! that fails something else does not make the control partial. Coverage counts accounts only;
//! a finding about the organization as a whole is not an account.

use crate::support::*;
use maturity_assess::Coverage;

const A: &str = "111111111111";
const B: &str = "222222222222";

fn instance(id: &str, tokens: &str) -> Value {
    json!({
        "instance_id": id,
        "state": "running",
        "vpc_id": "vpc-0a1b2c3d4e5f60001",
        "subnet_id": "subnet-0a1b2c3d4e5f60001",
        "security_group_ids": ["sg-0a1b2c3d4e5f60001"],
        "metadata_options": {"http_tokens": tokens, "http_endpoint": "enabled"}
    })
}

/// Accounts `A` and `B`, each running the instances given as `(id, http_tokens)`.
fn two_accounts(a: &[(&str, &str)], b: &[(&str, &str)]) -> maturity_evidence::Bundle {
    let regions = |list: &[(&str, &str)]| {
        let instances: Vec<Value> = list.iter().map(|(id, tokens)| instance(id, tokens)).collect();
        json!({"eu-west-1": {"ec2_instances": {"ok": instances}}})
    };
    bundle(
        json!({"accounts": [A, B], "regions": ["eu-west-1"]}),
        Value::Null,
        json!([account(A, json!({}), regions(a)), account(B, json!({}), regions(b))]),
    )
}

#[test]
fn accounts_that_each_fail_somewhere_make_the_control_not_met_not_partial() {
    let bundle = two_accounts(
        &[("i-0a0good0000000001", "required"), ("i-0a0legacy000000002", "optional")],
        &[("i-0b0good0000000003", "required"), ("i-0b0legacy000000004", "optional")],
    );
    let assessment = assess_bundle(&bundle);
    assert_control(&assessment, "imdsv2", Status::NotMet);
    let result = control(&assessment, "imdsv2");
    assert_eq!(result.coverage, Some(Coverage { holding: 0, in_scope: 2 }));
    assert_eq!(result.failing_accounts, vec![A.to_owned(), B.to_owned()]);
}

#[test]
fn one_account_holding_makes_the_control_partial() {
    let bundle = two_accounts(
        &[("i-0a0good0000000001", "required")],
        &[("i-0b0good0000000003", "required"), ("i-0b0legacy000000004", "optional")],
    );
    let assessment = assess_bundle(&bundle);
    assert_control(&assessment, "imdsv2", Status::Partial);
    assert_eq!(control(&assessment, "imdsv2").coverage, Some(Coverage { holding: 1, in_scope: 2 }));
}

#[test]
fn an_organization_level_finding_is_not_counted_as_an_account() {
    // A billing-only organization: `org-multi-account-structure` judges the organization as a
    // whole, in one finding without an account.
    let organization = json!({
        "organization": {"ok": {"id": "o-example", "management_account_id": A, "feature_set": "CONSOLIDATED_BILLING", "root_id": "r-root"}},
        "accounts": {"ok": [
            {"id": A, "name": "billing", "status": "ACTIVE", "parent_id": "r-root"},
            {"id": B, "name": "everything-prod", "status": "ACTIVE", "parent_id": "r-root"}
        ]},
        "organizational_units": {"ok": []},
        "policies": {"ok": []}
    });
    let bundle = bundle(
        json!({"organization_id": "o-example", "management_account_id": A, "accounts": [A, B], "regions": ["eu-west-1"]}),
        organization,
        json!([{"account_id": A, "name": "billing"}, {"account_id": B, "name": "everything-prod"}]),
    );
    let assessment = assess_bundle(&bundle);
    assert_control(&assessment, "multi-account-management", Status::NotMet);
    let result = control(&assessment, "multi-account-management");
    assert_eq!(result.coverage, None, "no account is judged, so there is no account coverage");
    assert!(
        result.failing_accounts.is_empty(),
        "the organization is not a failing account: {:?}",
        result.failing_accounts
    );
    let text = result.reasons.join("\n");
    assert!(text.contains("organization level"), "says the organization-level evidence decided:\n{text}");
    assert!(!text.contains("1 account"), "no account figures for organization-level evidence:\n{text}");
}

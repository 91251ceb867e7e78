//! Scenarios: answers on partly automated controls (issue 9, defect 6).
//!
//! A check may say what outside AWS can stand in for what it finds missing (Terraform for
//! CloudFormation, a CIEM for the unused-access analyzer). A valid answer for the control then
//! decides it, and its reasons show both the findings and the answer. An answer never overrides
//! a failing finding of a check that accepts no alternative (an open port): the control keeps
//! the checks' status, and the answer and the conflict are shown.

use crate::support::*;

const ACCOUNT: &str = "111111111111";

fn scope() -> Value {
    json!({"accounts": [ACCOUNT], "regions": ["eu-west-1"]})
}

fn instance(id: &str) -> Value {
    json!({
        "instance_id": id,
        "state": "running",
        "vpc_id": "vpc-0a1b2c3d4e5f60001",
        "subnet_id": "subnet-0a1b2c3d4e5f60001",
        "security_group_ids": ["sg-0a1b2c3d4e5f60001"],
        "metadata_options": {"http_tokens": "required", "http_endpoint": "enabled"}
    })
}

/// One account running an instance in eu-west-1, with these CloudFormation stacks.
fn workloads_with_stacks(stacks: Value) -> maturity_evidence::Bundle {
    bundle(
        scope(),
        Value::Null,
        json!([account(
            ACCOUNT,
            json!({}),
            json!({"eu-west-1": {"ec2_instances": {"ok": [instance("i-0app0000000000001")]}, "cloudformation_stacks": stacks}})
        )]),
    )
}

fn answer(id: &str, value: &str, evidence: &str) -> String {
    format!(
        "[[answer]]\nid = \"{id}\"\nanswer = \"{value}\"\nevidence = \"{evidence}\"\nowner = \"platform@example.com\"\ndate = 2026-10-01\n"
    )
}

fn reasons(assessment: &Assessment, id: &str) -> String {
    control(assessment, id).reasons.join("\n")
}

const TERRAFORM: &str = "every account is built with Terraform from the infra repository, applied after review";

#[test]
fn terraform_answer_stands_in_for_missing_cloudformation() {
    let bundle = workloads_with_stacks(json!({"ok": []}));
    let alone = assess_bundle(&bundle);
    assert_control(&alone, "infrastructure-as-code", Status::NotMet);

    let answered = assess_with(&bundle, &answer("infrastructure-as-code", "yes", TERRAFORM), "", &Config::default());
    assert_control(&answered, "infrastructure-as-code", Status::Met);
    let result = control(&answered, "infrastructure-as-code");
    assert_eq!(result.source, Source::Attested);
    assert!(result.answer.is_some(), "the answer decided, so it is recorded as used");
    let text = reasons(&answered, "infrastructure-as-code");
    assert!(text.contains("no live CloudFormation stack"), "the finding stays in the reasons:\n{text}");
    assert!(text.contains("Terraform"), "the answer is in the reasons:\n{text}");
    assert!(answered.answers.used.contains(&"infrastructure-as-code".to_owned()));
}

#[test]
fn a_partial_or_no_answer_on_a_missing_capability_is_what_people_say() {
    let bundle = workloads_with_stacks(json!({"ok": []}));
    let partial = assess_with(
        &bundle,
        &answer("infrastructure-as-code", "partial", "only the network is in Terraform"),
        "",
        &Config::default(),
    );
    assert_control(&partial, "infrastructure-as-code", Status::Partial);
    let no = assess_with(&bundle, &answer("infrastructure-as-code", "no", "built by hand"), "", &Config::default());
    assert_control(&no, "infrastructure-as-code", Status::NotMet);
}

#[test]
fn an_expired_answer_does_not_stand_in() {
    let bundle = workloads_with_stacks(json!({"ok": []}));
    let expired = answer("infrastructure-as-code", "yes", TERRAFORM) + "expires = 2026-10-31\n";
    let assessment = assess_with(&bundle, &expired, "", &Config::default());
    assert_control(&assessment, "infrastructure-as-code", Status::NotMet);
    assert!(reasons(&assessment, "infrastructure-as-code").contains("expired"));
}

#[test]
fn an_unknown_automated_result_is_still_decided_by_the_answer() {
    let bundle = workloads_with_stacks(json!({"denied": {"action": "cloudformation:ListStacks"}}));
    assert_control(&assess_bundle(&bundle), "infrastructure-as-code", Status::Unknown);
    let answered = assess_with(&bundle, &answer("infrastructure-as-code", "yes", TERRAFORM), "", &Config::default());
    assert_control(&answered, "infrastructure-as-code", Status::Met);
}

#[test]
fn on_a_partly_automated_control_a_partial_answer_covers_what_the_checks_cannot_see() {
    // The stacks are there, but people say half the changes are still made in the console:
    // the part no check can see is only partly in place.
    let bundle =
        workloads_with_stacks(json!({"ok": [{"stack_name": "orders-api", "stack_status": "CREATE_COMPLETE"}]}));
    assert_control(&assess_bundle(&bundle), "infrastructure-as-code", Status::Met);
    let answered = assess_with(
        &bundle,
        &answer("infrastructure-as-code", "partial", "hotfixes are still made in the console without review"),
        "",
        &Config::default(),
    );
    assert_control(&answered, "infrastructure-as-code", Status::Partial);
    let text = reasons(&answered, "infrastructure-as-code");
    assert!(text.contains("console without review") && text.contains("Holds in"), "both shown:\n{text}");
}

fn open_ssh_bundle() -> maturity_evidence::Bundle {
    let group = json!({
        "group_id": "sg-0ssh0world00000011",
        "group_name": "ssh-open-to-ipv4-world",
        "vpc_id": "vpc-0a1b2c3d4e5f60001",
        "ingress": [{"ip_protocol": "tcp", "ipv4_ranges": ["0.0.0.0/0"], "ipv6_ranges": [], "from_port": 22, "to_port": 22}],
        "egress": [{"ip_protocol": "-1", "ipv4_ranges": ["0.0.0.0/0"], "ipv6_ranges": []}]
    });
    bundle(
        scope(),
        Value::Null,
        json!([account(ACCOUNT, json!({}), json!({"eu-west-1": {"ec2_security_groups": {"ok": [group]}}}))]),
    )
}

#[test]
fn an_answer_never_overrides_an_open_port_and_the_conflict_is_shown() {
    let bundle = open_ssh_bundle();
    let answered = assess_with(
        &bundle,
        &answer("risky-open-ports-sg", "yes", "SSH is only reachable through the bastion"),
        "",
        &Config::default(),
    );
    assert_control(&answered, "risky-open-ports-sg", Status::NotMet);
    let result = control(&answered, "risky-open-ports-sg");
    assert_eq!(result.source, Source::Automated);
    let text = reasons(&answered, "risky-open-ports-sg");
    assert!(text.contains("only reachable through the bastion"), "the answer is shown:\n{text}");
    assert!(text.contains("conflict"), "the conflict is named:\n{text}");
    assert!(text.contains("sg-0ssh0world00000011"), "the finding stays:\n{text}");
}

fn analyzers(unused: bool) -> Value {
    let mut list = vec![json!({
        "name": "external",
        "arn": format!("arn:aws:access-analyzer:eu-west-1:{ACCOUNT}:analyzer/external"),
        "analyzer_type": "ACCOUNT",
        "status": "ACTIVE"
    })];
    if unused {
        list.push(json!({
            "name": "unused",
            "arn": format!("arn:aws:access-analyzer:eu-west-1:{ACCOUNT}:analyzer/unused"),
            "analyzer_type": "ACCOUNT_UNUSED_ACCESS",
            "status": "ACTIVE"
        }));
    }
    json!({"ok": list})
}

fn policy(name: &str, action: &str, resource: &str) -> Value {
    json!({
        "name": name,
        "arn": format!("arn:aws:iam::{ACCOUNT}:policy/{name}"),
        "attachment_count": 2,
        "default_version_id": "v1",
        "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}
    })
}

/// `iam-least-privilege` has a check without an alternative (`iam-no-admin-policies`) and one
/// with (`accessanalyzer-unused-access-enabled`, for which a CIEM can stand in).
fn least_privilege_bundle(admin_policy: bool) -> maturity_evidence::Bundle {
    let mut policies = vec![policy("reports-read", "s3:GetObject", "arn:aws:s3:::reports/*")];
    if admin_policy {
        policies.push(policy("DevOpsFullAccess", "*", "*"));
    }
    bundle(
        scope(),
        Value::Null,
        json!([account(
            ACCOUNT,
            json!({"iam_customer_policies": {"ok": policies}}),
            json!({"eu-west-1": {"accessanalyzer_analyzers": analyzers(false)}})
        )]),
    )
}

const CIEM: &str = "a CIEM reviews unused roles and permissions every month";

#[test]
fn a_ciem_answer_stands_in_for_the_missing_unused_access_analyzer() {
    let bundle = least_privilege_bundle(false);
    assert_control(&assess_bundle(&bundle), "iam-least-privilege", Status::NotMet);
    let answered = assess_with(&bundle, &answer("iam-least-privilege", "yes", CIEM), "", &Config::default());
    assert_control(&answered, "iam-least-privilege", Status::Met);
    let text = reasons(&answered, "iam-least-privilege");
    assert!(text.contains("CIEM") && text.contains("unused-access"), "both shown:\n{text}");
}

#[test]
fn the_same_answer_does_not_lift_an_admin_policy() {
    let bundle = least_privilege_bundle(true);
    let answered = assess_with(&bundle, &answer("iam-least-privilege", "yes", CIEM), "", &Config::default());
    assert_control(&answered, "iam-least-privilege", Status::NotMet);
    let text = reasons(&answered, "iam-least-privilege");
    assert!(text.contains("DevOpsFullAccess"), "the failing finding stays:\n{text}");
    assert!(text.contains(CIEM) && text.contains("conflict"), "answer and conflict shown:\n{text}");
    assert!(text.contains("iam-no-admin-policies"), "names the check no answer can override:\n{text}");
}

#[test]
fn when_nothing_is_in_scope_for_the_checks_the_answer_speaks_for_what_they_cannot_see() {
    // No sign of Bedrock: its check is not applicable, but generative AI used outside Bedrock is
    // what `gen-ai-security`'s checks cannot see, and people say it runs without guardrails.
    let no_bedrock = json!({
        "bedrock_custom_models": {"ok": []},
        "bedrock_provisioned_throughputs": {"ok": []},
        "bedrock_guardrails": {"ok": []},
        "bedrock_invocation_logging": {"ok": null}
    });
    let bundle = bundle(scope(), Value::Null, json!([account(ACCOUNT, json!({}), json!({"eu-west-1": no_bedrock}))]));
    // No sign of Bedrock in AWS is not "nothing in scope": generative AI used outside Bedrock
    // leaves no trace, so the control is unknown until a person answers.
    assert_control(&assess_bundle(&bundle), "gen-ai-security", Status::Unknown);
    let answered = assess_with(
        &bundle,
        &answer("gen-ai-security", "no", "the support chatbot calls a hosted model directly, without filters"),
        "",
        &Config::default(),
    );
    assert_control(&answered, "gen-ai-security", Status::NotMet);
}

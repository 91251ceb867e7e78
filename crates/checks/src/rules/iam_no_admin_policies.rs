//! No user, group or role holds full administrator access: neither the AWS-managed
//! `AdministratorAccess` policy, nor a customer-managed or inline policy that allows every action
//! on every resource.

use maturity_evidence::{Bundle, CustomerManagedPolicy, IamPrincipal};

use crate::shared::policy::{self, Effect};
use crate::shared::walk;
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account, every user, group and role (`iam:GetAccountAuthorizationDetails`) and
    /// every customer-managed policy attached to one of them (`iam:ListPolicies`,
    /// `iam:GetPolicyVersion` of the default version). It fails for:
    /// - each user, group or role with the AWS-managed `AdministratorAccess` policy attached;
    /// - each user, group or role with an inline policy that has a statement with
    ///   `"Effect": "Allow"`, every action (`"Action": "*"` or `"*:*"`) on every resource
    ///   (`"Resource": "*"`) and no condition;
    /// - each attached customer-managed policy with such a statement.
    ///
    /// Roles that IAM Identity Center makes from permission sets (path
    /// `/aws-reserved/sso.amazonaws.com/`) are not judged: who gets them is decided by the
    /// Identity Center assignments, which is where administrator access should be granted and
    /// reviewed. Statements that are broad but not total (`s3:*`, `NotAction`, a condition) are
    /// out of scope. One pass finding for an account where nobody holds full administrator
    /// access; not applicable for an account without users, groups, roles or attached
    /// customer-managed policies.
    ///
    /// Inconclusive when the account's users, groups and roles or its customer-managed policies
    /// could not be read (and nothing was found failing), or the account could not be entered.
    ///
    /// ## Why it matters
    /// Full administrator access lets its holder disable logging, read all data and create new
    /// credentials: the whole account falls with one leaked key or one confused workload. Home-made
    /// "allow everything" policies and inline grants hide it behind harmless names and escape the
    /// reviews that watch `AdministratorAccess`; a user or role with `AdministratorAccess` attached
    /// directly is administrator access outside any review of who may use it.
    ///
    /// ## How to fix
    /// Find who uses each flagged grant (IAM last-accessed data, or IAM Access Analyzer policy
    /// generation from CloudTrail) and replace it with policies that name the services, actions
    /// and resources the principals need. Keep real administrator access to a few permission sets
    /// of IAM Identity Center, assigned to named people and watched, and give the role that
    /// AWS Organizations creates in new accounts (`OrganizationAccountAccessRole`) a narrower
    /// policy or remove it once Identity Center is in place.
    pub(crate) struct IamNoAdminPolicies {
        id: "iam-no-admin-policies",
        title: "No user, group or role holds full administrator access outside IAM Identity Center",
        scope: Resource,
        reads: ["account.iam_customer_policies", "account.iam_principals"],
    }
}

impl Check for IamNoAdminPolicies {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account(bundle, out, |account, out| {
            let label = account.label().to_string();
            let location = || Location::account(&account.account_id);
            let mut failed = false;
            let mut unread = false;
            let mut governed = 0usize;
            match account.global.iam_customer_policies.get() {
                Ok(policies) => {
                    governed += policies.len();
                    for policy in policies.iter().filter(|p| grants_everything(&p.document)) {
                        failed = true;
                        out.fail(
                            Location::resource(&account.account_id, None, &policy.arn),
                            customer_policy_message(policy, &label),
                        );
                    }
                }
                Err(missing) => {
                    unread = true;
                    out.inconclusive(
                        location(),
                        &format!(
                            "whether a customer-managed IAM policy of account {label} grants full administrator access"
                        ),
                        &missing,
                    );
                }
            }
            match account.global.iam_principals.get() {
                Ok(principals) => {
                    governed += principals.len();
                    for principal in principals.iter().filter(|p| !p.is_identity_center_role()) {
                        for message in principal_grants(principal, &label) {
                            failed = true;
                            out.fail(Location::resource(&account.account_id, None, &principal.arn), message);
                        }
                    }
                }
                Err(missing) => {
                    unread = true;
                    out.inconclusive(
                        location(),
                        &format!(
                            "whether a user, group or role of account {label} has AdministratorAccess or an inline \
                             policy that allows everything"
                        ),
                        &missing,
                    );
                }
            }
            if failed || unread {
                return;
            }
            if governed == 0 {
                out.not_applicable(
                    location(),
                    format_args!(
                        "Account {label} has no IAM user, group or role and no attached customer-managed policy."
                    ),
                );
            } else {
                out.pass(
                    location(),
                    format_args!(
                        "No user, group or role of account {label} has AdministratorAccess attached or an inline or \
                         customer-managed policy that allows every action on every resource."
                    ),
                );
            }
        });
    }
}

fn customer_policy_message(policy: &CustomerManagedPolicy, label: &str) -> String {
    format!(
        "Customer-managed policy {} ({}) of account {label} allows every action on every resource without condition \
         and is attached to {} principal{}.",
        policy.name,
        policy.default_version_id,
        policy.attachment_count,
        if policy.attachment_count == 1 { "" } else { "s" }
    )
}

/// What gives the principal full administrator access, one message per grant.
fn principal_grants(principal: &IamPrincipal, label: &str) -> Vec<String> {
    let who = format!("{} {} of account {label}", principal.kind, principal.name);
    let mut grants = Vec::new();
    if principal.has_administrator_access() {
        grants.push(format!("The AWS-managed policy AdministratorAccess is attached to {who}."));
    }
    for policy in principal.inline_policies.iter().filter(|p| grants_everything(&p.document)) {
        grants.push(format!(
            "Inline policy {} of {who} allows every action on every resource without condition.",
            policy.name
        ));
    }
    grants
}

/// Whether a statement of the policy document allows `*` on `*` without a condition.
fn grants_everything(document: &serde_json::Value) -> bool {
    let any = |values: &Option<Vec<String>>, wanted: &[&str]| {
        values.as_ref().is_some_and(|values| values.iter().any(|v| wanted.contains(&v.trim())))
    };
    policy::statements(document).iter().any(|s| {
        s.effect == Effect::Allow
            && s.conditions.is_empty()
            && any(&s.action, &["*", "*:*"])
            && any(&s.resource, &["*"])
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn policy(document: Value) -> CustomerManagedPolicy {
        CustomerManagedPolicy {
            name: "p".into(),
            arn: "arn:aws:iam::111111111111:policy/p".into(),
            attachment_count: 1,
            default_version_id: "v1".into(),
            document,
        }
    }

    #[test]
    fn full_admin_statements_are_found() {
        for doc in [
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
            json!({"Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"},
                                  {"Effect": "Allow", "Action": ["s3:GetObject", "*:*"], "Resource": ["arn:aws:s3:::b", "*"]}]}),
            json!(r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
        ] {
            assert!(grants_everything(&policy(doc.clone()).document), "{doc}");
        }
    }

    #[test]
    fn broad_but_bounded_statements_are_not_full_admin() {
        for doc in [
            json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}),
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::bucket/*"}}),
            json!({"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}),
            json!({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}),
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                                 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}),
            json!({"Statement": {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::x"}}),
            json!(null),
        ] {
            assert!(!grants_everything(&policy(doc.clone()).document), "{doc}");
        }
    }
}

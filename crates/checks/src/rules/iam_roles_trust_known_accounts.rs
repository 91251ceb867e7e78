//! IAM role trust policies: who outside the account (or the organization) may assume a role, and
//! whether web identity federation is narrowed to the expected subjects.

use std::collections::BTreeSet;

use maturity_evidence::{AccountEvidence, Arn, Bundle, IamRole};

use crate::shared::policy::{self, Condition, Effect, Statement};
use crate::shared::prose::and_list;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every IAM role of every account, each `Allow` statement of its trust policy (`iam:ListRoles`).
    ///
    /// AWS principals (`"*"`, an account id, `arn:aws:iam::ID:root`, role, user or assumed-role
    /// ARNs; `NotPrincipal`, which trusts everybody but the listed ones, counts as `"*"`): a
    /// principal in the role's own account or in an account of the organization is trusted. `"*"`
    /// or an account outside the organization is accepted only when the same statement has a
    /// positive condition (`StringEquals`, `StringEqualsIgnoreCase` or `StringLike`, not
    /// `…IfExists`, not the value `*`) on one of `sts:ExternalId` (the third-party pattern),
    /// `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths` (only principals of the organization).
    /// `sts:SourceIdentity`, `aws:PrincipalArn` and `aws:PrincipalAccount` do not count: the first
    /// is chosen by the caller, the others are not resolved to accounts here. Unique ids
    /// (`AROA…`, `AIDA…`), which a trust policy shows for deleted principals, grant nothing and are
    /// ignored.
    ///
    /// Web identity (OIDC) principals (`Federated` with an `oidc-provider/HOST` ARN or a public
    /// provider such as `cognito-identity.amazonaws.com`) must be narrowed by a positive
    /// condition: on `HOST:sub` for GitHub Actions (`token.actions.githubusercontent.com`, whose
    /// audience is the same for every GitHub repository), on `HOST:sub` or `HOST:aud` for the
    /// others. SAML providers, service principals (`Service`) and the confused-deputy keys of
    /// service trust (`aws:SourceAccount`, `aws:SourceArn`) are out of scope.
    ///
    /// One finding per role with outside or web identity trust: pass when every such statement is
    /// narrowed as above, fail naming each hole. Then one pass per account summarising the roles
    /// that trust only the account, the organization or AWS services. Without organization facts
    /// the account is the boundary: every other account counts as outside (the message says so).
    /// Not applicable for an account without roles. Inconclusive when the roles could not be
    /// listed, and for a role trusting another account without a narrowing condition when the
    /// organization's account list could not be read.
    ///
    /// ## Why it matters
    /// A trust policy is the front door of a role. An account id pasted from a vendor's onboarding
    /// page, a `"*"` left from a test, or a GitHub OIDC role without a `sub` condition lets
    /// somebody outside your organization, or any GitHub repository in the world, take the role's
    /// permissions with their own credentials, and nothing in your accounts shows it happening
    /// until CloudTrail is read.
    ///
    /// ## How to fix
    /// Remove trust in accounts you do not recognise. For vendors, require the `sts:ExternalId`
    /// they give you; for access from your other accounts, trust them through your organization or
    /// add `aws:PrincipalOrgID`. For GitHub Actions, add a `StringLike` condition on
    /// `token.actions.githubusercontent.com:sub` naming your repositories and branches or
    /// environments (`repo:my-org/my-repo:ref:refs/heads/main`), and keep `aud` at
    /// `sts.amazonaws.com`. IAM Access Analyzer external access findings list such roles across
    /// the organization.
    pub(crate) struct IamRolesTrustKnownAccounts {
        id: "iam-roles-trust-known-accounts",
        title: "IAM roles trust only known accounts, or outsiders with an external id or organization condition",
        scope: Account,
        reads: ["organization.accounts", "account.iam_roles"],
    }
}

/// Condition keys that narrow trust in outside or anonymous AWS principals.
const NARROWING_KEYS: &[&str] = &["sts:ExternalId", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths"];

/// Operators (without set prefix) that require the key to match.
const POSITIVE_OPERATORS: &[&str] = &["StringEquals", "StringEqualsIgnoreCase", "StringLike"];

/// The GitHub Actions OIDC provider: every repository gets the same audience.
const GITHUB_ACTIONS: &str = "token.actions.githubusercontent.com";

/// Which accounts count as inside.
enum Boundary<'a> {
    /// The organization's accounts.
    Organization(BTreeSet<&'a str>),
    /// The scan read no organization facts: only the account itself.
    AccountOnly,
    /// The organization's accounts could not be read (why).
    Unknown(String),
}

/// What a role's trust policy says about the outside.
#[derive(Default)]
struct Judgement {
    /// Outside or web identity trust that is narrowed (descriptions).
    narrowed: Vec<String>,
    /// Holes (descriptions).
    holes: Vec<String>,
    /// Other accounts whose membership of the organization could not be told.
    undecided: BTreeSet<String>,
}

impl Check for IamRolesTrustKnownAccounts {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let boundary = match &bundle.organization {
            None => Boundary::AccountOnly,
            Some(org) => match org.accounts.get() {
                Ok(members) => Boundary::Organization(members.iter().map(|a| a.id.as_str()).collect()),
                Err(missing) => Boundary::Unknown(format!("the organization's accounts could not be read ({missing})")),
            },
        };
        walk::each_account(bundle, out, |account, out| {
            evaluate_account(account, &boundary, out);
        });
    }
}

fn evaluate_account(account: &AccountEvidence, boundary: &Boundary<'_>, out: &mut Findings) {
    let location = Location::account(&account.account_id);
    let label = account.label();
    let roles = match account.global.iam_roles.get() {
        Ok(roles) => roles,
        Err(missing) => {
            out.inconclusive(location, &format!("which principals the IAM roles of {label} trust"), &missing);
            return;
        }
    };
    if roles.is_empty() {
        out.not_applicable(location, format_args!("Account {label} has no IAM roles."));
        return;
    }
    let mut inside = 0;
    for role in roles {
        let judgement = judge(role, &account.account_id, boundary);
        let role_location = Location::resource(&account.account_id, None, &role.arn);
        let name = &role.name;
        if !judgement.holes.is_empty() {
            out.fail(role_location, format_args!("Role {name} in {label} {}.", and_list(&judgement.holes)));
        } else if !judgement.undecided.is_empty() {
            let ids: Vec<String> = judgement.undecided.iter().cloned().collect();
            let why = match boundary {
                Boundary::Unknown(why) => why.as_str(),
                _ => "the organization's accounts are unknown",
            };
            out.add(
                FindingStatus::Inconclusive,
                role_location,
                format_args!(
                    "Cannot tell whether role {name} in {label} trusts accounts outside the organization: it trusts {} {} without an external id or organization condition, and {why}.",
                    if ids.len() == 1 { "account" } else { "accounts" },
                    and_list(&ids)
                ),
            );
        } else if !judgement.narrowed.is_empty() {
            out.pass(role_location, format_args!("Role {name} in {label} {}.", and_list(&judgement.narrowed)));
        } else {
            inside += 1;
        }
    }
    if inside > 0 {
        let whom = match boundary {
            Boundary::AccountOnly => "this account or AWS services (the organization was not read)",
            _ => "this account, the organization or AWS services",
        };
        let roles = if inside == 1 { "role trusts" } else { "roles trust" };
        out.pass(location, format_args!("In {label}, {inside} {roles} only {whom}."));
    }
}

/// Judges every `Allow` statement of a role's trust policy.
fn judge(role: &IamRole, own_account: &str, boundary: &Boundary<'_>) -> Judgement {
    let mut judgement = Judgement::default();
    for statement in policy::statements(&role.trust_policy).iter().filter(|s| s.effect == Effect::Allow) {
        let conditions = &statement.conditions;
        let narrowing: Vec<&str> = NARROWING_KEYS
            .iter()
            .copied()
            .filter(|key| conditions.iter().any(|c| c.is_on(key) && is_positive(c)))
            .collect();
        let (aws, federated) = principals(statement);
        judge_aws(&aws, own_account, boundary, &narrowing, &mut judgement);
        for provider in federated {
            judge_web_identity(provider, conditions, &mut judgement);
        }
    }
    judgement
}

/// AWS principals of one statement.
fn judge_aws(aws: &[&str], own: &str, boundary: &Boundary<'_>, narrowing: &[&str], judgement: &mut Judgement) {
    let mut outside: BTreeSet<String> = BTreeSet::new();
    let mut undecided: BTreeSet<String> = BTreeSet::new();
    let mut anyone = false;
    for &principal in aws {
        if principal == "*" {
            anyone = true;
            continue;
        }
        let Some(id) = account_of(principal) else { continue };
        if id == own {
            continue;
        }
        match boundary {
            Boundary::Organization(members) if members.contains(id) => {}
            Boundary::Organization(_) | Boundary::AccountOnly => {
                outside.insert(id.to_owned());
            }
            Boundary::Unknown(_) => {
                undecided.insert(id.to_owned());
            }
        }
    }
    let outsider = match boundary {
        Boundary::AccountOnly => "outside this account",
        _ => "outside the organization",
    };
    let keys: Vec<String> = narrowing.iter().map(|k| (*k).to_owned()).collect();
    let mut who = Vec::new();
    if anyone {
        who.push("any AWS principal (\"*\")".to_owned());
    }
    if !outside.is_empty() {
        let ids: Vec<String> = outside.into_iter().collect();
        let noun = if ids.len() == 1 { "account" } else { "accounts" };
        who.push(format!("{noun} {} {outsider}", and_list(&ids)));
    }
    if !who.is_empty() {
        let who = and_list(&who);
        if keys.is_empty() {
            let note = if matches!(boundary, Boundary::AccountOnly) {
                " (this scan did not read AWS Organizations, so every other account counts as outside)"
            } else {
                ""
            };
            judgement.holes.push(format!(
                "trusts {who} without a condition on sts:ExternalId, aws:PrincipalOrgID or aws:PrincipalOrgPaths{note}"
            ));
        } else {
            judgement.narrowed.push(format!("trusts {who} only under a condition on {}", and_list(&keys)));
        }
    }
    if keys.is_empty() {
        judgement.undecided.extend(undecided);
    }
}

/// One web identity provider of one statement.
fn judge_web_identity(provider: &str, conditions: &[Condition], judgement: &mut Judgement) {
    if provider.contains(":saml-provider/") {
        return;
    }
    let host = provider.split_once(":oidc-provider/").map_or(provider, |(_, host)| host);
    let github = host.eq_ignore_ascii_case(GITHUB_ACTIONS) || host.starts_with("token.actions.githubusercontent.com/");
    let claims: &[&str] = if github { &["sub"] } else { &["sub", "aud"] };
    let narrowed: Vec<String> = claims
        .iter()
        .map(|claim| format!("{host}:{claim}"))
        .filter(|key| conditions.iter().any(|c| c.is_on(key) && is_positive(c)))
        .collect();
    if narrowed.is_empty() {
        let wanted: Vec<String> = claims.iter().map(|claim| format!("{host}:{claim}")).collect();
        let whom = if github { " (any GitHub repository can get such a token)" } else { "" };
        judgement
            .holes
            .push(format!("trusts web identities from {host} without a condition on {}{whom}", wanted.join(" or ")));
    } else {
        judgement
            .narrowed
            .push(format!("trusts web identities from {host} only under a condition on {}", and_list(&narrowed)));
    }
}

/// Whether a condition requires its key to match a value other than `*`.
fn is_positive(condition: &Condition) -> bool {
    let operator = condition.operator.to_ascii_lowercase();
    !operator.ends_with("ifexists")
        && POSITIVE_OPERATORS.iter().any(|op| condition.base_operator().eq_ignore_ascii_case(op))
        && !condition.values.is_empty()
        && condition.values.iter().all(|v| v != "*")
}

/// The account id of an AWS principal: a bare 12-digit id, or the account field of an ARN.
/// `None` for unique ids of deleted principals and anything else.
fn account_of(principal: &str) -> Option<&str> {
    let id = if principal.starts_with("arn:") { Arn::parse(principal).ok()?.account } else { principal };
    (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

/// The AWS principals (`"*"` for anyone) and web identity providers of a statement. A
/// `NotPrincipal` trusts everyone but those it names: anyone.
fn principals(statement: &Statement) -> (Vec<&str>, Vec<&str>) {
    if statement.not_principal.is_some() {
        return (vec!["*"], Vec::new());
    }
    match &statement.principal {
        Some(principal) => (
            principal.aws.iter().map(String::as_str).collect(),
            principal.federated.iter().map(String::as_str).collect(),
        ),
        None => (Vec::new(), Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn role(trust: Value) -> IamRole {
        IamRole {
            name: "r".into(),
            arn: "arn:aws:iam::111111111111:role/r".into(),
            path: "/".into(),
            trust_policy: trust,
            created: None,
        }
    }

    fn org() -> Boundary<'static> {
        Boundary::Organization(["111111111111", "222222222222"].into_iter().collect())
    }

    #[test]
    fn principals_are_resolved_to_accounts() {
        assert_eq!(account_of("123456789012"), Some("123456789012"));
        assert_eq!(account_of("arn:aws:iam::123456789012:root"), Some("123456789012"));
        assert_eq!(account_of("arn:aws-us-gov:iam::123456789012:role/x"), Some("123456789012"));
        assert_eq!(account_of("arn:aws:sts::123456789012:assumed-role/x/y"), Some("123456789012"));
        assert_eq!(account_of("AROAEXAMPLEUNIQUEID1"), None);
    }

    #[test]
    fn org_accounts_pass_outsiders_need_a_narrowing_condition() {
        let internal = role(
            json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": ["222222222222", "arn:aws:iam::111111111111:root"]}, "Action": "sts:AssumeRole"}}),
        );
        let j = judge(&internal, "111111111111", &org());
        assert!(j.holes.is_empty() && j.narrowed.is_empty() && j.undecided.is_empty());

        let vendor = role(
            json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:externalid": "xyz"}}}]}),
        );
        let j = judge(&vendor, "111111111111", &org());
        assert!(j.holes.is_empty(), "{:?}", j.holes);
        assert_eq!(j.narrowed.len(), 1);

        for condition in [
            json!({"StringEqualsIfExists": {"sts:ExternalId": "xyz"}}),
            json!({"StringNotEquals": {"sts:ExternalId": "xyz"}}),
            json!({"StringLike": {"aws:PrincipalOrgID": "*"}}),
            json!({"StringEquals": {"sts:SourceIdentity": "me"}}),
        ] {
            let loose = role(
                json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": condition}}),
            );
            let j = judge(&loose, "111111111111", &org());
            assert_eq!(j.holes.len(), 1, "{condition}");
        }
        let org_only = role(
            json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}}),
        );
        assert!(judge(&org_only, "111111111111", &org()).holes.is_empty());
    }

    #[test]
    fn boundary_without_organization_is_the_account_and_unknown_is_undecided() {
        let sibling = role(
            json!({"Statement": {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}}),
        );
        let j = judge(&sibling, "111111111111", &Boundary::AccountOnly);
        assert_eq!(j.holes.len(), 1);
        assert!(j.holes[0].contains("did not read AWS Organizations"), "{:?}", j.holes);
        let j = judge(&sibling, "111111111111", &Boundary::Unknown("denied".into()));
        assert!(j.holes.is_empty());
        assert_eq!(j.undecided.len(), 1);
    }

    #[test]
    fn github_oidc_needs_sub_other_oidc_sub_or_aud_saml_and_services_out_of_scope() {
        let gh = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
        let aud_only = role(
            json!({"Statement": {"Effect": "Allow", "Principal": {"Federated": gh}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}}),
        );
        let j = judge(&aud_only, "111111111111", &org());
        assert_eq!(j.holes.len(), 1, "aud alone is the same for every repository");
        let with_sub = role(
            json!({"Statement": {"Effect": "Allow", "Principal": {"Federated": gh}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}}}}),
        );
        let j = judge(&with_sub, "111111111111", &org());
        assert!(j.holes.is_empty());
        assert_eq!(j.narrowed.len(), 1);
        let eks = role(
            json!({"Statement": {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"}, "Condition": {"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com"}}}}),
        );
        assert!(judge(&eks, "111111111111", &org()).holes.is_empty());
        let saml_and_service = role(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/okta"}, "Action": "sts:AssumeRoleWithSAML"},
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"},
            {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}
        ]}));
        let j = judge(&saml_and_service, "111111111111", &org());
        assert!(j.holes.is_empty() && j.narrowed.is_empty());
    }
}

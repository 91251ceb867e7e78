//! IAM, account-wide: the account summary, the credential report, the password policy and the
//! identity providers (SAML and OIDC), the customer-managed policies in use with their
//! documents, the roles with their trust policies, and every user, group and role with its
//! attached and inline policies.

use std::time::Duration;

use aws_sdk_iam::types::{AttachedPolicy, EntityType, PolicyDetail, PolicyScopeType, ReportStateType, SummaryKeyType};
use aws_smithy_types_convert::date_time::DateTimeExt;
use chrono::Utc;
use maturity_evidence::{
    AccountSummary, CredentialReport, CustomerManagedPolicy, Fact, IamPrincipal, IamRole, IdentityProvider,
    IdentityProviderKind, InlinePolicy, PasswordPolicy,
};

use super::credential_report;
use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact, has_code};
use crate::config::Clients;

declare_calls! {
    GET_ACCOUNT_SUMMARY: "iam:GetAccountSummary";
    GENERATE_CREDENTIAL_REPORT: "iam:GenerateCredentialReport";
    GET_CREDENTIAL_REPORT: "iam:GetCredentialReport";
    LIST_ORGANIZATIONS_FEATURES: "iam:ListOrganizationsFeatures";
    GET_ACCOUNT_PASSWORD_POLICY: "iam:GetAccountPasswordPolicy";
    LIST_SAML_PROVIDERS: "iam:ListSAMLProviders";
    LIST_OPEN_ID_CONNECT_PROVIDERS: "iam:ListOpenIDConnectProviders";
    LIST_POLICIES: "iam:ListPolicies";
    GET_POLICY_VERSION: "iam:GetPolicyVersion";
    LIST_ROLES: "iam:ListRoles";
    GET_ACCOUNT_AUTHORIZATION_DETAILS: "iam:GetAccountAuthorizationDetails";
}

/// How long to wait for IAM to generate the credential report, and how often to ask.
const REPORT_WAIT: Duration = Duration::from_secs(60);
const REPORT_POLL: Duration = Duration::from_secs(2);

/// `iam:GetAccountSummary`.
pub(crate) async fn account_summary(clients: &Clients, region: &str) -> Fact<AccountSummary> {
    fact(summary(clients, region).await)
}

async fn summary(clients: &Clients, region: &str) -> Result<AccountSummary, Problem> {
    let out = clients.iam(region).get_account_summary().send().await.or_problem(GET_ACCOUNT_SUMMARY)?;
    let Some(map) = out.summary_map() else {
        return Err(Problem::Failed("iam:GetAccountSummary returned no summary".to_owned()));
    };
    let count = |key: SummaryKeyType| map.get(&key).copied().unwrap_or(0);
    Ok(AccountSummary {
        root_mfa_enabled: count(SummaryKeyType::AccountMfaEnabled) > 0,
        root_access_keys_present: count(SummaryKeyType::AccountAccessKeysPresent) > 0,
        users: u32::try_from(count(SummaryKeyType::Users)).unwrap_or(0),
        roles: u32::try_from(count(SummaryKeyType::Roles)).unwrap_or(0),
    })
}

/// `iam:GenerateCredentialReport` until the report is ready (at most [`REPORT_WAIT`]), then
/// `iam:GetCredentialReport`, parsed.
pub(crate) async fn credential_report(clients: &Clients, region: &str) -> Fact<CredentialReport> {
    fact(report(clients, region).await)
}

async fn report(clients: &Clients, region: &str) -> Result<CredentialReport, Problem> {
    let iam = clients.iam(region);
    let deadline = tokio::time::Instant::now() + REPORT_WAIT;
    loop {
        let out = iam.generate_credential_report().send().await.or_problem(GENERATE_CREDENTIAL_REPORT)?;
        if out.state() == Some(&ReportStateType::Complete) {
            break;
        }
        if tokio::time::Instant::now() + REPORT_POLL > deadline {
            return Err(Problem::Failed(format!(
                "the credential report was not ready after {} s",
                REPORT_WAIT.as_secs()
            )));
        }
        tokio::time::sleep(REPORT_POLL).await;
    }
    let out = match iam.get_credential_report().send().await {
        Ok(out) => out,
        Err(error) if has_code(&error, &["ReportInProgress", "ReportNotPresent", "ReportExpired"]) => {
            return Err(Problem::Failed(format!(
                "the credential report was generated but could not be read ({})",
                aws_smithy_types::error::display::DisplayErrorContext(&error)
            )));
        }
        Err(error) => return Err(crate::classify::classify(GET_CREDENTIAL_REPORT, &error)),
    };
    let Some(content) = out.content() else {
        return Err(Problem::Failed("iam:GetCredentialReport returned no content".to_owned()));
    };
    let generated_at = out.generated_time().and_then(|t| t.to_chrono_utc().ok()).unwrap_or_else(Utc::now);
    credential_report::parse(content.as_ref(), generated_at)
        .map_err(|why| Problem::Failed(format!("the credential report could not be parsed: {why}")))
}

/// `iam:ListOrganizationsFeatures`: the organization's centralized root access features.
pub(crate) async fn organizations_features(clients: &Clients, region: &str) -> Fact<Vec<String>> {
    let result = clients
        .iam(region)
        .list_organizations_features()
        .send()
        .await
        .or_problem(LIST_ORGANIZATIONS_FEATURES)
        .map(|out| out.enabled_features().iter().map(|f| f.as_str().to_owned()).collect());
    fact(result)
}

/// The account has no password policy: AWS's defaults apply. A value.
const NO_PASSWORD_POLICY: &[&str] = &["NoSuchEntity"];

/// `iam:GetAccountPasswordPolicy`; `None` when the account has none.
pub(crate) async fn password_policy(clients: &Clients, region: &str) -> Fact<Option<PasswordPolicy>> {
    let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0);
    fact(match clients.iam(region).get_account_password_policy().send().await {
        Ok(out) => Ok(out.password_policy().map(|p| PasswordPolicy {
            minimum_length: count(p.minimum_password_length()).unwrap_or(0),
            require_symbols: p.require_symbols(),
            require_numbers: p.require_numbers(),
            require_uppercase: p.require_uppercase_characters(),
            require_lowercase: p.require_lowercase_characters(),
            max_age_days: count(p.max_password_age()),
            reuse_prevention: count(p.password_reuse_prevention()),
        })),
        Err(error) if has_code(&error, NO_PASSWORD_POLICY) => Ok(None),
        Err(error) => Err(crate::classify::classify(GET_ACCOUNT_PASSWORD_POLICY, &error)),
    })
}

/// `iam:ListSAMLProviders` and `iam:ListOpenIDConnectProviders` (neither is paginated).
pub(crate) async fn identity_providers(clients: &Clients, region: &str) -> Fact<Vec<IdentityProvider>> {
    let iam = clients.iam(region);
    let collect = async {
        let saml = iam.list_saml_providers().send().await.or_problem(LIST_SAML_PROVIDERS)?;
        let oidc = iam.list_open_id_connect_providers().send().await.or_problem(LIST_OPEN_ID_CONNECT_PROVIDERS)?;
        let saml =
            saml.saml_provider_list().iter().filter_map(|p| p.arn()).map(|arn| (arn, IdentityProviderKind::Saml));
        let oidc = oidc
            .open_id_connect_provider_list()
            .iter()
            .filter_map(|p| p.arn())
            .map(|arn| (arn, IdentityProviderKind::Oidc));
        Ok::<_, Problem>(saml.chain(oidc).map(|(arn, kind)| IdentityProvider { arn: arn.to_owned(), kind }).collect())
    };
    fact(collect.await)
}

/// A policy deleted between the listing and reading its version: it no longer applies.
const POLICY_GONE: &[&str] = &["NoSuchEntity"];

/// `iam:ListPolicies` (`Scope=Local`, `OnlyAttached=true`, every page), then `iam:GetPolicyVersion`
/// of each policy's default version, its document URL-decoded and parsed.
pub(crate) async fn customer_policies(
    clients: &Clients,
    region: &str,
    limit: &Limit,
) -> Fact<Vec<CustomerManagedPolicy>> {
    let iam = clients.iam(region);
    let listed = match attached_local_policies(&iam).await {
        Ok(listed) => listed,
        Err(problem) => return problem.into_fact(),
    };
    let policies = fan_out(limit, listed, move |policy| {
        let iam = iam.clone();
        async move { with_document(&iam, policy).await }
    })
    .await;
    fact(policies.into_iter().collect::<Result<Vec<_>, _>>().map(|p| p.into_iter().flatten().collect()))
}

/// The listed policies, their documents still empty.
async fn attached_local_policies(iam: &aws_sdk_iam::Client) -> Result<Vec<CustomerManagedPolicy>, Problem> {
    let pages = iam.list_policies().scope(PolicyScopeType::Local).only_attached(true).into_paginator().send();
    let listed = paging::all(LIST_POLICIES, pages, |page| {
        page.policies()
            .iter()
            .filter_map(|p| {
                Some(CustomerManagedPolicy {
                    name: p.policy_name()?.to_owned(),
                    arn: p.arn()?.to_owned(),
                    attachment_count: p.attachment_count().and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
                    default_version_id: p.default_version_id()?.to_owned(),
                    document: serde_json::Value::Null,
                })
            })
            .collect()
    })
    .await?;
    Ok(listed)
}

async fn with_document(
    iam: &aws_sdk_iam::Client,
    mut policy: CustomerManagedPolicy,
) -> Result<Option<CustomerManagedPolicy>, Problem> {
    let out = match iam.get_policy_version().policy_arn(&policy.arn).version_id(&policy.default_version_id).send().await
    {
        Ok(out) => out,
        Err(error) if has_code(&error, POLICY_GONE) => return Ok(None),
        Err(error) => return Err(crate::classify::classify(GET_POLICY_VERSION, &error)),
    };
    let text = out.policy_version().and_then(|v| v.document()).unwrap_or_default();
    policy.document = policy_document(text).ok_or_else(|| {
        Problem::Failed(format!("the default version of policy {} is not a JSON document", policy.arn))
    })?;
    Ok(Some(policy))
}

/// `iam:ListRoles`, every page: each role with its trust policy URL-decoded and parsed.
pub(crate) async fn roles(clients: &Clients, region: &str) -> Fact<Vec<IamRole>> {
    let iam = clients.iam(region);
    let collect = async {
        let pages = iam.list_roles().into_paginator().send();
        let roles = paging::try_all(LIST_ROLES, pages, |page| {
            let mut roles = Vec::new();
            for role in page.roles() {
                let text = role.assume_role_policy_document().unwrap_or_default();
                let trust_policy = if text.is_empty() {
                    serde_json::Value::Null
                } else {
                    policy_document(text).ok_or_else(|| {
                        Problem::Failed(format!("the trust policy of role {} is not a JSON document", role.arn()))
                    })?
                };
                roles.push(IamRole {
                    name: role.role_name().to_owned(),
                    arn: role.arn().to_owned(),
                    path: role.path().to_owned(),
                    trust_policy,
                    created: role.create_date().to_chrono_utc().ok(),
                });
            }
            Ok(roles)
        })
        .await?;
        Ok::<_, Problem>(roles)
    };
    fact(collect.await)
}

/// `iam:GetAccountAuthorizationDetails` for users, groups and roles, every page: each with the
/// ARNs of its attached managed policies and its inline policies, documents URL-decoded and parsed.
pub(crate) async fn principals(clients: &Clients, region: &str) -> Fact<Vec<IamPrincipal>> {
    let iam = clients.iam(region);
    let collect = async {
        let pages = iam
            .get_account_authorization_details()
            .filter(EntityType::User)
            .filter(EntityType::Group)
            .filter(EntityType::Role)
            .into_paginator()
            .send();
        let found = paging::try_all(GET_ACCOUNT_AUTHORIZATION_DETAILS, pages, |page| {
            let mut found = Vec::new();
            for user in page.user_detail_list() {
                found.push(IamPrincipal {
                    kind: "user".to_owned(),
                    name: user.user_name().unwrap_or_default().to_owned(),
                    arn: user.arn().unwrap_or_default().to_owned(),
                    path: user.path().unwrap_or("/").to_owned(),
                    attached_policies: attached(user.attached_managed_policies()),
                    inline_policies: inline(user.user_policy_list(), user.arn())?,
                    groups: user.group_list().to_vec(),
                });
            }
            for group in page.group_detail_list() {
                found.push(IamPrincipal {
                    kind: "group".to_owned(),
                    name: group.group_name().unwrap_or_default().to_owned(),
                    arn: group.arn().unwrap_or_default().to_owned(),
                    path: group.path().unwrap_or("/").to_owned(),
                    attached_policies: attached(group.attached_managed_policies()),
                    inline_policies: inline(group.group_policy_list(), group.arn())?,
                    groups: Vec::new(),
                });
            }
            for role in page.role_detail_list() {
                found.push(IamPrincipal {
                    kind: "role".to_owned(),
                    name: role.role_name().unwrap_or_default().to_owned(),
                    arn: role.arn().unwrap_or_default().to_owned(),
                    path: role.path().unwrap_or("/").to_owned(),
                    attached_policies: attached(role.attached_managed_policies()),
                    inline_policies: inline(role.role_policy_list(), role.arn())?,
                    groups: Vec::new(),
                });
            }
            Ok(found)
        })
        .await?;
        Ok::<_, Problem>(found)
    };
    fact(collect.await)
}

fn attached(policies: &[AttachedPolicy]) -> Vec<String> {
    policies.iter().filter_map(AttachedPolicy::policy_arn).map(str::to_owned).collect()
}

/// Inline policies with their documents; one that is not JSON fails the list (an unread grant is
/// no evidence of its absence).
fn inline(policies: &[PolicyDetail], owner: Option<&str>) -> Result<Vec<InlinePolicy>, Problem> {
    policies
        .iter()
        .map(|policy| {
            let name = policy.policy_name().unwrap_or_default().to_owned();
            let document = policy_document(policy.policy_document().unwrap_or_default()).ok_or_else(|| {
                Problem::Failed(format!(
                    "inline policy {name} of {} is not a JSON document",
                    owner.unwrap_or("a principal")
                ))
            })?;
            Ok(InlinePolicy { name, document })
        })
        .collect()
}

/// A policy document as IAM returns it: URL-encoded JSON (RFC 3986). Text that is already
/// plain JSON is accepted as it is.
fn policy_document(text: &str) -> Option<serde_json::Value> {
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
    serde_json::from_str(&decoded).or_else(|_| serde_json::from_str(text)).ok()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use maturity_evidence::Fact;
    use tokio::sync::Semaphore;

    use super::*;
    use crate::replay_tests::{XML, replaying, response};

    #[test]
    fn documents_are_url_decoded_or_taken_as_they_are() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGet%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
        let doc = policy_document(encoded).unwrap_or_default();
        assert_eq!(doc["Statement"][0]["Action"], "s3:Get*");
        let plain = r#"{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#;
        assert_eq!(policy_document(plain).unwrap_or_default()["Statement"]["Effect"], "Deny");
        assert_eq!(
            policy_document("%7B%22Sid%22%3A%22100%25%20%e2%82%ac%22%7D").unwrap_or_default()["Sid"],
            "100% \u{20ac}"
        );
        assert!(policy_document("not json").is_none());
    }

    #[tokio::test]
    async fn customer_policies_are_listed_over_two_pages_with_their_documents() {
        let page = |marker: &str, name: &str| {
            format!(
                r#"<ListPoliciesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListPoliciesResult>{marker}<Policies><member><PolicyName>{name}</PolicyName><PolicyId>ANPA{name}</PolicyId><Arn>arn:aws:iam::111111111111:policy/{name}</Arn><Path>/</Path><DefaultVersionId>v2</DefaultVersionId><AttachmentCount>3</AttachmentCount><IsAttachable>true</IsAttachable></member></Policies></ListPoliciesResult></ListPoliciesResponse>"#
            )
        };
        let version = r#"<GetPolicyVersionResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetPolicyVersionResult><PolicyVersion><Document>%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D</Document><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion></GetPolicyVersionResult></GetPolicyVersionResponse>"#;
        let gone = r#"<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>Policy does not exist.</Message></Error></ErrorResponse>"#;
        let (clients, calls, _replay) = replaying(vec![
            response(200, &[XML], &page("<IsTruncated>true</IsTruncated><Marker>m2</Marker>", "admin")),
            response(200, &[XML], &page("<IsTruncated>false</IsTruncated>", "deleted-meanwhile")),
            response(200, &[XML], version),
            response(404, &[XML], gone),
        ]);
        let limit = Arc::new(Semaphore::new(1));
        let policies = customer_policies(&clients, "us-east-1", &limit).await;
        let Fact::Ok(policies) = policies else { panic!("{policies:?}") };
        assert_eq!(policies.len(), 1, "{policies:?}");
        assert_eq!((policies[0].name.as_str(), policies[0].attachment_count), ("admin", 3));
        assert_eq!(policies[0].document["Statement"]["Action"], "*");
        assert_eq!(calls.snapshot().get("iam:ListPolicies"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn principals_are_read_over_two_pages_with_decoded_inline_policies() {
        let allow_all = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
        let first = format!(
            r#"<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult><IsTruncated>true</IsTruncated><Marker>m2</Marker><UserDetailList><member><Path>/</Path><UserName>ci</UserName><UserId>AIDACI</UserId><Arn>arn:aws:iam::111111111111:user/ci</Arn><CreateDate>2024-03-01T10:00:00Z</CreateDate><UserPolicyList><member><PolicyName>break-glass</PolicyName><PolicyDocument>{allow_all}</PolicyDocument></member></UserPolicyList><GroupList><member>deployers</member></GroupList><AttachedManagedPolicies/></member></UserDetailList><GroupDetailList><member><Path>/</Path><GroupName>deployers</GroupName><GroupId>AGPAD</GroupId><Arn>arn:aws:iam::111111111111:group/deployers</Arn><CreateDate>2024-03-01T10:00:00Z</CreateDate><GroupPolicyList/><AttachedManagedPolicies><member><PolicyName>ReadOnlyAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member></AttachedManagedPolicies></member></GroupDetailList><RoleDetailList/></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>"#
        );
        let second = r#"<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><UserDetailList/><GroupDetailList/><RoleDetailList><member><Path>/</Path><RoleName>OrganizationAccountAccessRole</RoleName><RoleId>AROAO</RoleId><Arn>arn:aws:iam::111111111111:role/OrganizationAccountAccessRole</Arn><CreateDate>2024-03-01T10:00:00Z</CreateDate><RolePolicyList/><AttachedManagedPolicies><member><PolicyName>AdministratorAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/AdministratorAccess</PolicyArn></member></AttachedManagedPolicies></member></RoleDetailList></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>"#;
        let (clients, calls, _replay) = replaying(vec![response(200, &[XML], &first), response(200, &[XML], second)]);
        let principals = principals(&clients, "us-east-1").await;
        let Fact::Ok(principals) = principals else { panic!("{principals:?}") };
        let found: Vec<(&str, &str)> = principals.iter().map(|p| (p.kind.as_str(), p.name.as_str())).collect();
        assert_eq!(found, [("user", "ci"), ("group", "deployers"), ("role", "OrganizationAccountAccessRole")]);
        assert_eq!(principals[0].groups, ["deployers"]);
        assert_eq!(principals[0].inline_policies[0].document["Statement"][0]["Action"], "*");
        assert_eq!(principals[1].attached_policies, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
        assert!(principals[2].has_administrator_access());
        assert_eq!(calls.snapshot().get("iam:GetAccountAuthorizationDetails"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn denied_principals_are_denied_not_empty() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[XML],
            r#"<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: iam:GetAccountAuthorizationDetails</Message></Error><RequestId>r</RequestId></ErrorResponse>"#,
        )]);
        assert_eq!(principals(&clients, "us-east-1").await, Fact::denied("iam:GetAccountAuthorizationDetails"));
    }

    #[tokio::test]
    async fn roles_are_listed_over_two_pages_with_decoded_trust_policies() {
        let page = |marker: &str, name: &str, path: &str, document: &str| {
            format!(
                r#"<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult>{marker}<Roles><member><Path>{path}</Path><RoleName>{name}</RoleName><RoleId>AROA{name}</RoleId><Arn>arn:aws:iam::111111111111:role{path}{name}</Arn><CreateDate>2024-03-01T10:00:00Z</CreateDate><AssumeRolePolicyDocument>{document}</AssumeRolePolicyDocument></member></Roles></ListRolesResult></ListRolesResponse>"#
            )
        };
        let trust = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A222222222222%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
        let linked = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22config.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
        let (clients, calls, _replay) = replaying(vec![
            response(200, &[XML], &page("<IsTruncated>true</IsTruncated><Marker>m2</Marker>", "audit", "/", trust)),
            response(
                200,
                &[XML],
                &page(
                    "<IsTruncated>false</IsTruncated>",
                    "AWSServiceRoleForConfig",
                    "/aws-service-role/config.amazonaws.com/",
                    linked,
                ),
            ),
        ]);
        let roles = roles(&clients, "us-east-1").await;
        let Fact::Ok(roles) = roles else { panic!("{roles:?}") };
        assert_eq!(roles.len(), 2, "{roles:?}");
        assert_eq!(roles[0].trust_policy["Statement"][0]["Principal"]["AWS"], "arn:aws:iam::222222222222:root");
        assert_eq!(roles[0].created.map(|t| t.to_rfc3339()).as_deref(), Some("2024-03-01T10:00:00+00:00"));
        assert!(!roles[0].is_service_linked());
        assert!(roles[1].is_service_linked());
        assert_eq!(roles[1].trust_policy["Statement"][0]["Principal"]["Service"], "config.amazonaws.com");
        assert_eq!(calls.snapshot().get("iam:ListRoles"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn denied_roles_are_denied_not_empty() {
        let denied = r#"<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: iam:ListRoles</Message></Error></ErrorResponse>"#;
        let (clients, _calls, _replay) = replaying(vec![response(403, &[XML], denied)]);
        let roles = roles(&clients, "us-east-1").await;
        assert!(matches!(roles, Fact::Denied { .. }), "{roles:?}");
    }
}

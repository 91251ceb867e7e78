//! IAM, account-wide: the account summary, the credential report, the password policy and the
//! identity providers (SAML and OIDC).

use std::time::Duration;

use aws_sdk_iam::types::{ReportStateType, SummaryKeyType};
use chrono::{DateTime, Utc};
use maturity_evidence::{
    AccountSummary, CredentialReport, Fact, IdentityProvider, IdentityProviderKind, PasswordPolicy,
};

use super::Call;
use super::credential_report;
use crate::classify::{OrProblem, Problem, fact, has_code};
use crate::config::Clients;

pub(crate) const CALLS: &[Call] = &[
    Call::same("iam:GetAccountSummary"),
    Call::same("iam:GenerateCredentialReport"),
    Call::same("iam:GetCredentialReport"),
    Call::same("iam:ListOrganizationsFeatures"),
    Call::same("iam:GetAccountPasswordPolicy"),
    Call::same("iam:ListSAMLProviders"),
    Call::same("iam:ListOpenIDConnectProviders"),
];

/// How long to wait for IAM to generate the credential report, and how often to ask.
const REPORT_WAIT: Duration = Duration::from_secs(60);
const REPORT_POLL: Duration = Duration::from_secs(2);

/// `iam:GetAccountSummary`.
pub(crate) async fn account_summary(clients: &Clients, region: &str) -> Fact<AccountSummary> {
    fact(summary(clients, region).await)
}

async fn summary(clients: &Clients, region: &str) -> Result<AccountSummary, Problem> {
    let out = clients.iam(region).get_account_summary().send().await.or_problem("iam:GetAccountSummary")?;
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
        let out = iam.generate_credential_report().send().await.or_problem("iam:GenerateCredentialReport")?;
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
        Err(error) => return Err(crate::classify::classify("iam:GetCredentialReport", &error)),
    };
    let Some(content) = out.content() else {
        return Err(Problem::Failed("iam:GetCredentialReport returned no content".to_owned()));
    };
    let generated_at = out
        .generated_time()
        .and_then(|t| DateTime::<Utc>::from_timestamp(t.secs(), t.subsec_nanos()))
        .unwrap_or_else(Utc::now);
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
        .or_problem("iam:ListOrganizationsFeatures")
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
        Err(error) => Err(crate::classify::classify("iam:GetAccountPasswordPolicy", &error)),
    })
}

/// `iam:ListSAMLProviders` and `iam:ListOpenIDConnectProviders` (neither is paginated).
pub(crate) async fn identity_providers(clients: &Clients, region: &str) -> Fact<Vec<IdentityProvider>> {
    let iam = clients.iam(region);
    let collect = async {
        let saml = iam.list_saml_providers().send().await.or_problem("iam:ListSAMLProviders")?;
        let oidc = iam.list_open_id_connect_providers().send().await.or_problem("iam:ListOpenIDConnectProviders")?;
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

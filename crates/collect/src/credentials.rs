//! The credentials, loaded once before the first call. On a machine with none, the SDK's default
//! chain ends at its last stop, the EC2 instance metadata service, and its error names that
//! ("failed to load IMDS session token"): true, and no help to someone who forgot `--profile`.
//! Here that case becomes one line saying where the scan looked and how to give it credentials;
//! any other problem (a profile file that does not parse, a role that cannot be assumed) keeps
//! the SDK's own words.

use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_types::SdkConfig;

use crate::error::CollectError;

/// Loads the credentials of `sdk` (the default chain, or `profile`), or says why there are none.
pub(crate) async fn found(sdk: &SdkConfig, profile: Option<&str>) -> Result<(), CollectError> {
    let Some(provider) = sdk.credentials_provider() else {
        return Err(CollectError::NoCredentials(where_looked(profile)));
    };
    match provider.provide_credentials().await {
        Ok(_) => Ok(()),
        Err(error) if nothing_found(&error) => Err(CollectError::NoCredentials(where_looked(profile))),
        Err(error) => Err(CollectError::Credentials(crate::redact::scrub(&in_words(&error)))),
    }
}

/// Whether the chain found no credentials anywhere, as opposed to finding some it cannot use:
/// nothing loaded, or the chain's last stop (the instance or container metadata) not answering.
fn nothing_found(error: &CredentialsError) -> bool {
    if matches!(error, CredentialsError::CredentialsNotLoaded(_) | CredentialsError::ProviderTimedOut(_)) {
        return true;
    }
    matches!(error, CredentialsError::ProviderError(_))
        && ["IMDS", "instance metadata", "169.254.169.254"].iter().any(|s| in_words(error).contains(s))
}

/// The error and its causes, joined: the SDK's words without its debug dump.
fn in_words(error: &CredentialsError) -> String {
    let mut words = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(next) = cause {
        words.push_str(": ");
        words.push_str(&next.to_string());
        cause = next.source();
    }
    words
}

/// Where the default chain looks, with this machine's file names and profile, and how to give it
/// credentials: one line.
fn where_looked(profile: Option<&str>) -> String {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let profile = profile.map(str::to_owned).or_else(|| var("AWS_PROFILE")).unwrap_or_else(|| "default".to_owned());
    let config = var("AWS_CONFIG_FILE").unwrap_or_else(|| "~/.aws/config".to_owned());
    let credentials = var("AWS_SHARED_CREDENTIALS_FILE").unwrap_or_else(|| "~/.aws/credentials".to_owned());
    format!(
        "no AWS credentials found; looked in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), \
         profile `{profile}` of {config} and {credentials}, a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE), \
         and the container's and EC2 instance's metadata. Give the scan credentials with `--profile NAME` (after \
         `aws configure` or `aws sso login --profile NAME`), the two environment variables, or a role of the \
         instance or task it runs on"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_is_one_line_naming_the_profile() {
        let message = where_looked(Some("audit"));
        assert!(!message.contains('\n'));
        assert!(message.contains("profile `audit`"), "{message}");
    }

    #[test]
    fn nothing_loaded_and_a_silent_metadata_service_both_mean_none_found() {
        assert!(nothing_found(&CredentialsError::not_loaded("no keys in the environment")));
        assert!(nothing_found(&CredentialsError::provider_error("failed to load IMDS session token")));
        let undefined = CredentialsError::invalid_configuration("profile `audit` was not defined");
        assert!(!nothing_found(&undefined));
        assert!(in_words(&undefined).ends_with(": profile `audit` was not defined"), "{}", in_words(&undefined));
    }
}

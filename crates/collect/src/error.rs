//! The errors that stop a scan before any evidence can be written. Everything that goes wrong
//! after the caller's identity is known is recorded in the bundle instead.

/// Why a scan could not run.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// The options contradict each other or name something invalid.
    #[error("invalid scan options: {0}")]
    Options(String),
    /// The async runtime could not be started.
    #[error("starting the async runtime")]
    Runtime(#[source] std::io::Error),
    /// The credential chain found no credentials anywhere (the message says where it looked).
    #[error("{0}")]
    NoCredentials(String),
    /// Credentials were found but could not be loaded (a malformed profile, a failed SSO login).
    #[error("cannot load the AWS credentials: {0}")]
    Credentials(String),
    /// `sts:GetCallerIdentity` failed: there are no usable credentials, or AWS cannot be reached.
    #[error("cannot tell who the credentials belong to (sts:GetCallerIdentity): {0}")]
    Identity(String),
    /// In organization mode, the organization's accounts could not be listed.
    #[error("cannot list the organization's accounts (organizations:ListAccounts): {0}")]
    Organization(String),
    /// A finished account could not be kept until the end of the scan.
    #[error("cannot keep the scanned accounts in a temporary file")]
    Spool(#[source] std::io::Error),
    /// The bundle could not be written.
    #[error("cannot write the evidence bundle {path}")]
    Write {
        /// The bundle's file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

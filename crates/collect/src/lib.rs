//! Read-only collection of evidence from AWS accounts: `maturity scan`.
//!
//! This is the only crate that talks to AWS (and the only one that depends on the AWS SDK); SDK
//! types never leave it. [`scan`] walks the caller's account, or a whole organization through an
//! assumed role, over the enabled regions, and fills a [`maturity_evidence::Bundle`] in which
//! every fact is a value or the reason it is missing (denied, unavailable, failed).
//!
//! Layout: [`options`] (what to scan), `config` (one SDK configuration per account and region:
//! credentials, endpoint, retries, timeouts), `classify` (AWS error codes → fact states),
//! `calls` (the interceptor that counts API calls), `identity` (caller identity, assumed roles),
//! `account` (orchestration of one account), `services/*` (one
//! collector per service, each with the IAM actions it uses), [`policy`] (the IAM policy made
//! from those declarations).

mod account;
mod calls;
mod classify;
mod config;
mod error;
mod identity;
mod options;
pub mod policy;
mod progress;
#[cfg(test)]
mod replay_tests;
mod scan;
mod services;

pub use error::CollectError;
pub use options::{RegionSelection, ScanOptions, StaticCredentials, Timeouts};
pub use progress::{Event, Progress, Silent};
pub use scan::{scan, scan_blocking};

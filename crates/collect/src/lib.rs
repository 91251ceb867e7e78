//! Read-only collection of evidence from AWS accounts: `maturity scan`.
//!
//! This is the only crate that talks to AWS (and the only one that depends on the AWS SDK); SDK
//! types never leave it. [`scan`] walks the caller's account, or a whole organization through an
//! assumed role, over the enabled regions, and fills a [`maturity_evidence::Bundle`] in which
//! every fact is a value or the reason it is missing (denied, unavailable, failed).
//!
//! Layout: `options` ([`ScanOptions`]: what to scan), `config` (one SDK configuration per
//! account and region: credentials, endpoint, HTTPS client, retries, timeouts), `classify` (AWS
//! error codes → fact states), `calls` (the interceptor that counts API calls and attempts), `retry`
//! (what counts as throttling), `health` (regions and services that stopped answering), `integrity`
//! (answers cut short), `identity`
//! (caller identity, assumed roles), `scan` (accounts in scope, organization facts once),
//! `account` (the collectors of one account, run concurrently within the bound), `collector`
//! (what a collector is: the facts it fills, from one context), `collectors` (the table of every
//! collector, one line each), `services/*`
//! (one collector per service, each with the calls and IAM actions it uses), [`policy`] (the IAM
//! policy made from those declarations), `progress` ([`Event`]s for the caller to show), `shard`
//! (`--shard K/N`: one slice of an organization's accounts, recorded for `maturity merge`),
//! [`publish`] (the one write: findings sent to Security Hub, with its own IAM statement).

mod account;
mod calls;
mod classify;
mod collector;
mod collectors;
mod config;
mod credentials;
mod error;
mod health;
mod identity;
mod integrity;
mod options;
pub mod policy;
mod progress;
pub mod publish;
mod redact;
#[cfg(test)]
mod replay_tests;
mod retry;
mod scan;
mod services;
mod shard;
mod spool;

pub use calls::Attempts;
pub use error::CollectError;
pub use options::{RegionSelection, Retries, ScanOptions, StaticCredentials, Timeouts};
pub use progress::{Event, Progress, Silent};
pub use scan::{Written, blocking, scan, scan_blocking, scan_to_file};

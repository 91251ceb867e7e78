//! What `maturity scan` and `maturity iam-policy` say in a build without the `aws` feature (the
//! quick start's offline build): how to get a build that has them, rather than a clap error that
//! the command does not exist.

use anyhow::{Result, bail};

use super::Outcome;

pub(super) fn refuse(command: &str) -> Result<Outcome> {
    bail!(
        "`maturity {command}` talks to AWS, and this build was made without AWS support (cargo's \
         `--no-default-features`, as the quick start builds it). Build the full tool with \
         `cargo build --release -p maturity-cli` (the `aws` feature is on by default), or \
         `cargo install --path crates/cli`, and run `maturity {command}` from it. Everything else, \
         from `assess` to `serve`, works in this build."
    )
}

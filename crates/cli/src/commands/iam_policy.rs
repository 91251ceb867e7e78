//! `maturity iam-policy`: the minimal read-only IAM policy for `maturity scan`, built from the
//! collectors' own declarations.

use anyhow::{Context as _, Result};

use super::{Outcome, write_output};

pub(super) fn run() -> Result<Outcome> {
    let json = serde_json::to_string_pretty(&maturity_collect::policy::document()).context("serializing the policy")?;
    write_output(None, &(json + "\n"))?;
    Ok(Outcome::Done)
}

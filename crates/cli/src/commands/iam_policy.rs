//! `maturity iam-policy`: the minimal read-only IAM policy for `maturity scan`, built from the
//! collectors' own declarations; with `--publish`, the separate policy of `maturity publish`.

use anyhow::{Context as _, Result};

use super::{Outcome, write_output};

pub(super) fn run(publish: bool) -> Result<Outcome> {
    let document =
        if publish { maturity_collect::policy::publish_document() } else { maturity_collect::policy::document() };
    let json = serde_json::to_string_pretty(&document).context("serializing the policy")?;
    write_output(None, &(json + "\n"))?;
    Ok(Outcome::Done)
}

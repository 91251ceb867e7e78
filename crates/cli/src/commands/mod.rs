//! One module per subcommand.

mod assess;
mod catalog;
mod demo;
mod diff;
mod explain;
mod history;
#[cfg(feature = "aws")]
mod iam_policy;
mod merge;
#[cfg(feature = "aws")]
mod publish;
mod questionnaire;
mod report;
#[cfg(feature = "aws")]
mod scan;
mod serve;
#[cfg(not(feature = "aws"))]
mod without_aws;

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::args::{Cli, Command};

/// How a command ended when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Done.
    Done = 0,
    /// Done, but a `--fail-below-*` gate was hit.
    GateFailed = 1,
}

pub(crate) fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Catalog { which, format } => catalog::run(which, format),
        Command::Explain { id } => explain::run(&id),
        Command::Questionnaire { template, out } => questionnaire::run(template, out.as_deref()),
        #[cfg(feature = "aws")]
        Command::Scan(args) => scan::run(&args),
        #[cfg(feature = "aws")]
        Command::IamPolicy { publish } => iam_policy::run(publish),
        #[cfg(feature = "aws")]
        Command::Publish(crate::args::PublishTarget::SecurityHub(args)) => publish::security_hub(&args),
        #[cfg(not(feature = "aws"))]
        Command::Scan(_) => without_aws::refuse("scan"),
        #[cfg(not(feature = "aws"))]
        Command::IamPolicy { .. } => without_aws::refuse("iam-policy"),
        #[cfg(not(feature = "aws"))]
        Command::Publish(_) => without_aws::refuse("publish"),
        Command::Merge(args) => merge::run(&args),
        Command::Assess(args) => assess::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Schema => report::schema(),
        Command::Demo { out, save, db } => demo::run(&out, save.then_some(&db)),
        Command::Serve(args) => serve::run(&args),
        Command::History { format, db } => history::run(format, &db),
    }
}

/// Writes `text` to a file, or to standard output when `path` is `None`. A file is replaced in
/// one step ([`maturity_input::write_atomically`]): a `maturity` stopped while writing leaves the
/// old file or the new one, never part of one.
/// Fails when `path` could not be written because its folder does not exist: checked before the
/// work whose result it is to hold (minutes for a large organization), not after.
pub(crate) fn check_folder_of(path: &Path) -> Result<()> {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() && !folder.is_dir() => {
            anyhow::bail!("cannot write {}: there is no folder {}", path.display(), folder.display())
        }
        _ => Ok(()),
    }
}

pub(crate) fn write_output(path: Option<&Path>, text: &str) -> Result<()> {
    match path {
        Some(path) => maturity_input::write_atomically(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
    }
}

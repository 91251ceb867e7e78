//! `maturity catalog`: the models and the checks, as tables or JSON, and the models as OSCAL
//! catalogs.

use std::fmt::Write as _;

use anyhow::{Context as _, Result, bail};
use maturity_model::Catalogs;
use maturity_model::aws_smm::{Automation, Coverage};
use serde::Serialize;

use super::{Outcome, write_output};
use crate::args::{CatalogFormat as Format, CatalogName};
use crate::inputs;

/// One control as `catalog aws-smm --format json` prints it.
#[derive(Serialize)]
struct ControlRow<'a> {
    id: &'a str,
    name: &'a str,
    capability: &'a str,
    phase: u8,
    url: &'a str,
    checks: &'a [String],
    /// `automated`, `partly-automated` or `attested`.
    evidence: Automation,
    /// What the checks of a partly automated control cannot see.
    #[serde(skip_serializing_if = "Option::is_none")]
    checks_cannot_see: Option<&'a str>,
    /// How many accounts the checks must hold in.
    coverage: Coverage,
}

/// One check as `catalog checks --format json` prints it.
#[derive(Serialize)]
struct CheckRow<'a> {
    id: &'a str,
    title: &'a str,
    scope: &'a str,
    controls: Vec<&'a str>,
    /// What outside AWS may stand in for what the check finds missing, when an attested
    /// answer for the control can decide it.
    #[serde(skip_serializing_if = "Option::is_none")]
    alternative: Option<&'a str>,
    /// Why its findings about one account also read other accounts, when they do.
    #[serde(skip_serializing_if = "Option::is_none")]
    across_accounts: Option<&'static str>,
    /// The facts of the evidence it reads, each with the IAM actions of the calls that gather it.
    reads: Vec<FactRead>,
}

/// One fact a check reads, as `catalog checks --format json` prints it.
#[derive(Serialize)]
struct FactRead {
    /// Its path in the bundle (`region.guardduty_detectors`).
    fact: &'static str,
    /// The IAM actions of the calls that gather it.
    actions: &'static [&'static str],
}

pub(super) fn run(which: CatalogName, format: Format) -> Result<Outcome> {
    let catalogs = inputs::catalogs()?;
    let text = match (which, format) {
        (CatalogName::AwsSmm, Format::Json) => {
            let rows: Vec<ControlRow<'_>> = catalogs
                .aws_smm
                .controls
                .iter()
                .map(|c| ControlRow {
                    id: &c.id,
                    name: &c.name,
                    capability: c.capability.id(),
                    phase: c.phase.number(),
                    url: &c.url,
                    checks: &c.checks,
                    evidence: c.automation(),
                    checks_cannot_see: c.checks_cannot_see.as_deref(),
                    coverage: c.coverage,
                })
                .collect();
            serde_json::to_string_pretty(&rows)? + "\n"
        }
        (CatalogName::AwsSmm, Format::Table) => aws_smm_table(catalogs),
        (CatalogName::AwsSmm, Format::Oscal) => {
            oscal(maturity_report::oscal::catalog::aws_smm(catalogs).context("writing the OSCAL catalog")?)?
        }
        (CatalogName::Csmm, Format::Oscal) => {
            oscal(maturity_report::oscal::catalog::csmm(catalogs).context("writing the OSCAL catalog")?)?
        }
        (CatalogName::Checks, Format::Oscal) => {
            bail!("the checks are not an OSCAL catalog: `--format oscal` is for `aws-smm` and `csmm`")
        }
        (CatalogName::Csmm, Format::Json) => {
            serde_json::to_string_pretty(&serde_json::json!({ "categories": catalogs.csmm.categories }))? + "\n"
        }
        (CatalogName::Csmm, Format::Table) => csmm_table(catalogs),
        (CatalogName::Checks, Format::Json) => serde_json::to_string_pretty(&check_rows(catalogs))? + "\n",
        (CatalogName::Checks, Format::Table) => {
            let rows = check_rows(catalogs);
            let id_width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let controls: Vec<String> = rows.iter().map(|r| r.controls.join(",")).collect();
            let controls_width = controls.iter().map(String::len).max().unwrap_or(0);
            let mut out =
                format!("{:<id_width$} {:<13} {:<controls_width$} {}\n", "CHECK", "SCOPE", "CONTROLS", "TITLE");
            for (row, controls) in rows.iter().zip(&controls) {
                let _ =
                    writeln!(out, "{:<id_width$} {:<13} {controls:<controls_width$} {}", row.id, row.scope, row.title);
            }
            out
        }
    };
    write_output(None, &text)?;
    Ok(Outcome::Done)
}

fn oscal(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).context("the OSCAL catalog is not UTF-8")
}

fn check_rows(catalogs: &Catalogs) -> Vec<CheckRow<'_>> {
    maturity_checks::CHECKS
        .iter()
        .map(|check| {
            let meta = check.meta();
            CheckRow {
                id: meta.id,
                title: meta.title,
                scope: meta.scope.id(),
                controls: catalogs
                    .aws_smm
                    .controls
                    .iter()
                    .filter(|c| c.checks.iter().any(|id| id == meta.id))
                    .map(|c| c.id.as_str())
                    .collect(),
                alternative: meta.alternative,
                across_accounts: meta.across_accounts,
                reads: meta
                    .reads
                    .iter()
                    .map(|fact| FactRead {
                        fact,
                        actions: maturity_evidence::FactPath::parse(fact).map_or(&[][..], |f| f.info.actions),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn aws_smm_table(catalogs: &Catalogs) -> String {
    let mut out = format!("{:<44} {:<5} {:<32} {:<50} {}\n", "CONTROL", "PHASE", "CAPABILITY", "NAME", "CHECKS");
    for c in &catalogs.aws_smm.controls {
        let checks = if c.checks.is_empty() { "attested".to_owned() } else { c.checks.join(",") };
        let _ =
            writeln!(out, "{:<44} {:<5} {:<32} {:<50} {}", c.id, c.phase.number(), c.capability.id(), c.name, checks);
    }
    let automated = catalogs.aws_smm.controls.iter().filter(|c| !c.is_attested()).count();
    let _ = writeln!(out, "\n{} controls, {automated} with automated checks.", catalogs.aws_smm.controls.len());
    out
}

fn csmm_table(catalogs: &Catalogs) -> String {
    let mut out = String::new();
    for category in &catalogs.csmm.categories {
        let _ = writeln!(out, "{} — {} ({} domain)", category.id, category.name, category.domain);
        for level in category.levels.iter().filter(|l| !l.objectives.is_empty()) {
            for o in &level.objectives {
                let _ = writeln!(
                    out,
                    "  {:<18} {:<10} {:<9} {}  [{}]",
                    o.id,
                    o.quantifier.id(),
                    o.evidence.id(),
                    o.statement,
                    o.aws_smm.join(", ")
                );
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} categories, {} objectives.",
        catalogs.csmm.categories.len(),
        catalogs.csmm.objectives().count()
    );
    out
}

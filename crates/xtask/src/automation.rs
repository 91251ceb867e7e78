//! The README's "What is automated": how many AWS SMM controls have checks, and the table of
//! every control with its evidence and checks, both from the built-in catalog.

use std::fmt::Write as _;

use maturity_model::Catalogs;
use maturity_model::aws_smm::Automation;

/// One paragraph: how many controls are automated, partly automated and attested.
pub(crate) fn summary(catalogs: &Catalogs) -> String {
    let controls = &catalogs.aws_smm.controls;
    let count = |kind: Automation| controls.iter().filter(|c| c.automation() == kind).count();
    let (fully, partly, attested) =
        (count(Automation::Automated), count(Automation::PartlyAutomated), count(Automation::Attested));
    format!(
        "{} of the {} AWS SMM controls have automated checks ({fully} fully, {partly} partly: their checks\n\
         see what AWS APIs show and people attest the rest); the other {attested} are process and people controls,\n\
         attested in the answers file.\n",
        fully + partly,
        controls.len()
    )
}

/// The Markdown table of every control: link, phase, capability, evidence and checks.
pub(crate) fn table(catalogs: &Catalogs) -> String {
    let mut out = String::from("| control | phase | capability | evidence | checks |\n|---|---|---|---|---|\n");
    for control in &catalogs.aws_smm.controls {
        let evidence = match (control.automation(), &control.checks_cannot_see) {
            (Automation::PartlyAutomated, Some(rest)) => format!("partly automated: people attest {rest}"),
            (kind, _) => kind.word().to_owned(),
        };
        let checks: Vec<String> = control.checks.iter().map(|id| format!("`{id}`")).collect();
        let _ = writeln!(
            out,
            "| [{}]({}) | {} | {} | {evidence} | {} |",
            control.name,
            control.url,
            control.phase.number(),
            control.capability.id(),
            checks.join(", ")
        );
    }
    out
}

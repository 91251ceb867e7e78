//! `maturity questionnaire --template`: an answers file with every control and objective that
//! automation cannot decide, each commented with what to answer.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use maturity_model::Catalogs;
use maturity_model::aws_smm::Automation;
use maturity_model::csmm::{EvidenceKind, Objective};

use super::{Outcome, write_output};
use crate::inputs;

pub(super) fn run(template: bool, out: Option<&Path>) -> Result<Outcome> {
    if !template {
        bail!("only `maturity questionnaire --template` exists so far: it writes an answers file to fill in");
    }
    let catalogs = inputs::catalogs()?;
    write_output(out, &template_text(catalogs, chrono::Utc::now().date_naive()))?;
    if let Some(path) = out {
        eprintln!("wrote {}", path.display());
    }
    Ok(Outcome::Done)
}

/// An objective needs a person when it is attested, or when none of its controls has a check.
fn needs_a_person(catalogs: &Catalogs, objective: &Objective) -> bool {
    objective.evidence == EvidenceKind::Attested
        || objective
            .aws_smm
            .iter()
            .all(|id| catalogs.aws_smm.control(id).is_none_or(maturity_model::aws_smm::Control::is_attested))
}

pub(crate) fn template_text(catalogs: &Catalogs, today: NaiveDate) -> String {
    let mut out = String::from(
        "# maturity answers file.\n\
         # Every entry below is something no API can show. To answer one, remove the leading `# `\n\
         # from its [[answer]] block and fill it in:\n\
         #   answer   = \"yes\" | \"partial\" | \"no\" | \"n-a\"\n\
         #   evidence = a note or a link that backs the answer\n\
         #   owner    = who answers for it\n\
         #   date     = the day of the answer (2026-03-01); `expires` defaults to a year later.\n\
         # Unanswered and expired entries count as unknown, never as met.\n",
    );
    out.push_str("\n# ======== AWS Security Maturity Model v2: controls without an automated check ========\n");
    for control in catalogs.aws_smm.controls.iter().filter(|c| c.is_attested()) {
        let _ = writeln!(out, "\n# {} · phase {} · {}", control.capability, control.phase, control.name);
        let _ = writeln!(out, "# {}", control.url);
        for question in &control.questions {
            let _ = writeln!(out, "#   ? {question}");
        }
        entry(&mut out, &control.id, today);
    }
    out.push_str(
        "\n# ======== AWS Security Maturity Model v2: partly automated controls ========\n\
         # Their checks decide when they have evidence; an answer decides when the evidence is missing.\n",
    );
    for control in catalogs.aws_smm.controls.iter().filter(|c| c.automation() == Automation::PartlyAutomated) {
        let _ = writeln!(out, "\n# {} · phase {} · {}", control.capability, control.phase, control.name);
        let _ = writeln!(out, "# {}", control.url);
        let _ = writeln!(out, "# The checks cannot see {}.", control.checks_cannot_see.as_deref().unwrap_or_default());
        for question in &control.questions {
            let _ = writeln!(out, "#   ? {question}");
        }
        entry(&mut out, &control.id, today);
    }
    out.push_str("\n# ======== Cloud Security Maturity Model v2: objectives a person must attest ========\n");
    for category in &catalogs.csmm.categories {
        for objective in category.objectives().filter(|o| needs_a_person(catalogs, o)) {
            let _ = writeln!(
                out,
                "\n# {} · level {} · {} coverage",
                category.name,
                objective.level,
                objective.quantifier.id()
            );
            let _ = writeln!(out, "#   ? {}", objective.statement);
            entry(&mut out, &objective.id, today);
        }
    }
    out
}

fn entry(out: &mut String, id: &str, today: NaiveDate) {
    let _ = writeln!(
        out,
        "# [[answer]]\n# id = \"{id}\"\n# answer = \"\"\n# evidence = \"\"\n# owner = \"\"\n# date = {today}"
    );
}

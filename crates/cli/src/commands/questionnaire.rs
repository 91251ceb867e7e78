//! `maturity questionnaire --template`: an answers file with every control and objective that
//! automation cannot decide, each commented with what to answer.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use maturity_model::Catalogs;
use maturity_model::questionnaire::{Question, Section, questions};

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
    let mut section = None;
    for question in questions(catalogs) {
        if section != Some(question.section()) {
            section = Some(question.section());
            out.push_str(heading(question.section()));
        }
        match question {
            Question::Control(control) => {
                let _ = writeln!(out, "\n# {} · phase {} · {}", control.capability, control.phase, control.name);
                let _ = writeln!(out, "# {}", control.url);
                if question.section() == Section::PartlyAutomatedControls {
                    let cannot_see = control.checks_cannot_see.as_deref().unwrap_or_default();
                    let _ = writeln!(out, "# The checks cannot see {cannot_see}.");
                }
            }
            Question::Objective(category, objective) => {
                let _ = writeln!(
                    out,
                    "\n# {} · level {} · {} coverage",
                    category.name,
                    objective.level,
                    objective.quantifier.id()
                );
            }
        }
        for prompt in question.prompts() {
            let _ = writeln!(out, "#   ? {prompt}");
        }
        entry(&mut out, question.id(), today);
    }
    out
}

fn heading(section: Section) -> &'static str {
    match section {
        Section::AttestedControls => {
            "\n# ======== AWS Security Maturity Model v2: controls without an automated check ========\n"
        }
        Section::PartlyAutomatedControls => {
            "\n# ======== AWS Security Maturity Model v2: partly automated controls ========\n\
             # Their checks decide when they have evidence; an answer decides when the evidence is missing.\n"
        }
        Section::Objectives => {
            "\n# ======== Cloud Security Maturity Model v2: objectives a person must attest ========\n"
        }
    }
}

fn entry(out: &mut String, id: &str, today: NaiveDate) {
    let _ = writeln!(
        out,
        "# [[answer]]\n# id = \"{id}\"\n# answer = \"\"\n# evidence = \"\"\n# owner = \"\"\n# date = {today}"
    );
}

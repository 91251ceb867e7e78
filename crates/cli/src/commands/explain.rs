//! `maturity explain ID`: one control, objective, category or check in full.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use maturity_model::csmm::level_label;
use maturity_model::{Catalogs, Item};

use super::{Outcome, write_output};
use crate::inputs;

pub(super) fn run(id: &str) -> Result<Outcome> {
    let catalogs = inputs::catalogs()?;
    let text = if let Some(item) = catalogs.find(id) {
        match item {
            Item::Control(control) => explain_control(catalogs, control),
            Item::Objective(objective) => explain_objective(catalogs, objective),
            Item::Category(category) => explain_category(category),
        }
    } else if let Some(check) = maturity_checks::check(id) {
        explain_check(catalogs, check.meta())
    } else {
        bail!(
            "`{id}` is not a control, objective, category or check id (list them with `maturity catalog aws-smm|csmm|checks`)"
        );
    };
    write_output(None, &text)?;
    Ok(Outcome::Done)
}

fn explain_control(catalogs: &Catalogs, control: &maturity_model::aws_smm::Control) -> String {
    let mut out = format!("{} — {}\n", control.id, control.name);
    let _ = writeln!(out, "AWS Security Maturity Model v2 · {} · phase {}", control.capability, control.phase);
    if let Some(alt) = &control.alternative_phase {
        let _ = writeln!(out, "Some sources place it in phase {}: {}.", alt.phase, alt.note);
    }
    let _ = writeln!(out, "Official page: {}\n\n{}\n\nQuestions an assessor asks:", control.url, control.summary);
    for q in &control.questions {
        let _ = writeln!(out, "  - {q}");
    }
    if control.checks.is_empty() {
        out.push_str("\nNo automated check: answer it in the answers file (`maturity questionnaire --template`).\n");
    } else {
        out.push_str("\nAutomated checks:\n");
        for id in &control.checks {
            let meta = maturity_checks::check(id).map(|c| c.meta());
            let title = meta.map_or("(not registered)", |m| m.title);
            let _ = writeln!(out, "  - {id}: {title}");
            if let Some(alternative) = meta.and_then(|m| m.alternative) {
                let _ = writeln!(out, "    an attested answer may stand in for it: {alternative}");
            }
        }
        let _ = writeln!(
            out,
            "How they combine: per account, every finding of every check must pass (a failure fails the account, missing evidence leaves it unknown, not applicable leaves it out of scope); the control is {}.",
            control.coverage.describe()
        );
        if let Some(rest) = &control.checks_cannot_see {
            let _ = writeln!(out, "Partly automated: the checks cannot see {rest}; answer for that part.");
        }
    }
    let objectives: Vec<&str> =
        catalogs.csmm.objectives().filter(|o| o.aws_smm.contains(&control.id)).map(|o| o.id.as_str()).collect();
    if !objectives.is_empty() {
        let _ = writeln!(out, "\nEvidences CSMM objectives: {}", objectives.join(", "));
    }
    out
}

fn explain_objective(catalogs: &Catalogs, objective: &maturity_model::csmm::Objective) -> String {
    let category = catalogs.csmm.category(&objective.category);
    let mut out = format!("{}\n{}\n\n", objective.id, objective.statement);
    if let Some(category) = category {
        let _ = writeln!(
            out,
            "Cloud Security Maturity Model v2 · {} ({} domain) · level {}",
            category.name,
            category.domain,
            level_label(objective.level)
        );
        if let Some(level) = category.levels.get(usize::from(objective.level - 1)) {
            let _ = writeln!(out, "The model's level text: \"{}\"", level.text);
        }
    }
    let _ = writeln!(
        out,
        "Quantifier: {} over {} · Evidence: {}",
        objective.quantifier.id(),
        objective.unit.id(),
        objective.evidence.id()
    );
    if let Some(expression) = &objective.expression {
        let judged = if objective.evidence == maturity_model::csmm::EvidenceKind::Attested {
            "related, not evaluated"
        } else {
            "how the evidence combines"
        };
        let _ = writeln!(out, "Evidence expression ({judged}): {expression}");
    }
    if objective.aws_smm.is_empty() {
        out.push_str("Evidenced only by a person's answer.\n");
    } else {
        out.push_str("Evidenced by AWS SMM controls:\n");
        for id in &objective.aws_smm {
            if let Some(control) = catalogs.aws_smm.control(id) {
                let how = if control.checks.is_empty() { "attested" } else { "automated" };
                let _ = writeln!(out, "  - {id}: {} ({how})", control.name);
            }
        }
    }
    out
}

fn explain_category(category: &maturity_model::csmm::Category) -> String {
    let mut out =
        format!("{} — {} ({} domain)\n{}\n", category.id, category.name, category.domain, category.description);
    for level in &category.levels {
        let _ = writeln!(out, "\nLevel {}: \"{}\"", level_label(level.level), level.text);
        for o in &level.objectives {
            let _ = writeln!(out, "  {} [{}, {}] {}", o.id, o.quantifier.id(), o.evidence.id(), o.statement);
        }
    }
    out
}

fn explain_check(catalogs: &Catalogs, meta: &maturity_checks::CheckMeta) -> String {
    let controls: Vec<String> = catalogs
        .aws_smm
        .controls
        .iter()
        .filter(|c| c.checks.iter().any(|id| id == meta.id))
        .map(|c| format!("{} ({})", c.id, c.name))
        .collect();
    let alternative = meta
        .alternative
        .map(|a| format!("Alternative outside AWS: {a} (a valid answer for the control may stand in for what this check finds missing)\n"))
        .unwrap_or_default();
    let mut reads = meta
        .across_accounts
        .map(|why| format!("Its findings about an account also read other accounts: {why}.\n"))
        .unwrap_or_default();
    reads.push_str("Reads these facts of the evidence (a denied or failed call leaves its findings inconclusive):\n");
    for fact in meta.reads {
        let actions = maturity_evidence::FactPath::parse(fact).map(|f| f.info.actions.join(", ")).unwrap_or_default();
        let _ = writeln!(reads, "  - {fact}: {actions}");
    }
    format!(
        "{} — {}\nScope: {} · Evidences: {}\n{alternative}{reads}\n{}\n",
        meta.id,
        meta.title,
        meta.scope.id(),
        if controls.is_empty() { "no control yet".to_owned() } else { controls.join(", ") },
        meta.documentation()
    )
}

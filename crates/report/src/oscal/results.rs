//! An assessment as OSCAL assessment results, for GRC tools: one result, with an observation per
//! finding and per attested answer ([`super::observations`]), a risk per exception
//! ([`super::risks`]), and a finding per AWS SMM control and per CSMM objective.
//!
//! A finding targets the control's or objective's `statement` part in our OSCAL catalogs
//! (`<id>_smt`). OSCAL knows two states: `satisfied` (our `met` and `not_applicable`) and
//! `not-satisfied` (`partial`, `not_met` and `unknown`, which is never counted as met); our own
//! status, what decided it and its coverage are properties in our namespace. A finding links the
//! observations of its checks' findings and of its answer, and the risks of its exceptions.
//!
//! OSCAL wants the assessment plan the results answer to (`import-ap`). `maturity` has no OSCAL
//! plan: its plan is the catalogs, the checks and the scope of the evidence bundle. `import-ap`
//! points at a back-matter resource (`#<uuid>`) that says so and names that scope, rather than at
//! a document that does not exist.
//!
//! UUIDs are derived from the assessment (organization, evidence collection time, as-of day) and
//! the ids within it, and `last-modified` is the collection time: the same assessment gives the
//! same bytes.

use std::collections::BTreeSet;

use maturity_assess::{Assessment, ControlResult, ObjectiveResult, Status};
use maturity_model::Catalogs;
use maturity_model::csmm::{EvidenceKind, Objective};

use super::catalog::statement_id;
use super::model::{
    AssessmentResult, AssessmentResults, BackMatter, ControlSelection, Finding, ImportAp, IncludeAll, Metadata, Prop,
    RelatedObservation, RelatedRisk, Resource, ResourceLink, ResultsDocument, ReviewedControls, Target, TargetStatus,
};
use super::observations::{self, Observations};
use super::parties::Parties;
use super::{AWS_SMM_CATALOG_FILE, CSMM_CATALOG_FILE, OSCAL_VERSION, facts, risks, text, time, uuid};
use crate::ReportError;

/// The file name `write_all` gives the assessment results.
pub const FILE_NAME: &str = "assessment-results.oscal.json";

/// The assessment as OSCAL assessment results, pretty-printed JSON ending with a newline.
///
/// # Errors
/// Serialization failures, which these types do not cause in practice.
pub fn render(assessment: &Assessment, catalogs: &Catalogs) -> Result<Vec<u8>, ReportError> {
    let mut bytes = Vec::new();
    write(assessment, catalogs, &mut bytes)?;
    Ok(bytes)
}

/// Writes the assessment results to `out` as they are made: the observations, one per finding,
/// are never all in memory (an organization's are gigabytes of JSON).
///
/// # Errors
/// `out` fails ([`ReportError::Output`]), or serialization fails, which these types do not cause
/// in practice.
pub fn write(assessment: &Assessment, catalogs: &Catalogs, out: &mut dyn std::io::Write) -> Result<(), ReportError> {
    let evidence = &assessment.evidence;
    let organization = evidence.organization_id.as_deref().unwrap_or("standalone-accounts");
    let collected = time::instant(evidence.collected_at);
    let run = format!("assessment/{organization}/{collected}/{}", assessment.as_of);

    let parties = Parties::of(assessment);
    let observations = observations::build(assessment, &run, &parties);
    let risks = risks::build(assessment, &run, &observations, &parties);
    let findings = assessment
        .aws_smm
        .controls
        .iter()
        .map(|c| control_finding(c, catalogs, &run, &observations))
        .chain(assessment.csmm.objectives.iter().map(|o| objective_finding(o, catalogs, &run, &observations)))
        .collect();

    let plan_uuid = uuid::stable(&format!("{run}/no-assessment-plan"));
    let who =
        evidence.organization_id.as_ref().map_or_else(|| "AWS accounts".to_owned(), |o| format!("organization {o}"));
    let result = AssessmentResult {
        uuid: uuid::stable(&format!("{run}/result")),
        title: format!("Security maturity of {who}, as of {}", assessment.as_of),
        description: format!(
            "AWS Security Maturity Model v2 phase {} (the lowest over the capabilities) and Cloud Security Maturity \
             Model v2 program score {:.1}, with exceptions applied (without them: phase {}, score {:.1}). Evidence \
             from {} account(s) in {} region(s), collected at {collected}; answers and exceptions judged on {}.",
            assessment.aws_smm.organization_phase,
            assessment.csmm.program_score,
            assessment.without_exceptions.organization_phase,
            assessment.without_exceptions.program_score,
            evidence.accounts,
            evidence.regions.len(),
            assessment.as_of
        ),
        start: collected.clone(),
        props: result_props(assessment),
        reviewed_controls: ReviewedControls {
            description: "Both models in full: every control of the AWS SMM v2 and every objective of the CSMM v2."
                .to_owned(),
            control_selections: vec![ControlSelection {
                description: format!(
                    "All controls of the two OSCAL catalogs in the back matter (`maturity catalog aws-smm --format \
                     oscal` as `{AWS_SMM_CATALOG_FILE}`, `maturity catalog csmm --format oscal` as \
                     `{CSMM_CATALOG_FILE}`), version {}.",
                    maturity_model::builtin_version()
                ),
                include_all: IncludeAll {},
            }],
        },
        observations: observations.list,
        risks,
        findings,
    };
    let document = ResultsDocument {
        assessment_results: AssessmentResults {
            uuid: uuid::stable(&run),
            metadata: Metadata {
                title: format!("maturity assessment of {who}"),
                last_modified: collected,
                version: assessment.as_of.to_string(),
                oscal_version: OSCAL_VERSION,
                props: [Prop::ours("tool", format!("{} {}", assessment.tool.name, assessment.tool.version))]
                    .into_iter()
                    .flatten()
                    .collect(),
                links: Vec::new(),
                parties: parties.list(),
                remarks: Some(
                    "Written by `maturity report --format oscal-ar` from one assessment. `version` is the day answers \
                     and exceptions were judged on; `last-modified` is when the evidence was collected."
                        .to_owned(),
                ),
            },
            import_ap: ImportAp {
                href: format!("#{plan_uuid}"),
                remarks: "maturity has no OSCAL assessment plan: this points at the back-matter resource that \
                          describes what was planned and assessed."
                    .to_owned(),
            },
            results: vec![result],
            back_matter: BackMatter { resources: back_matter(assessment, plan_uuid) },
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(|e| match e.io_error_kind() {
        Some(_) => ReportError::Output(std::io::Error::other(e)),
        None => ReportError::from(e),
    })?;
    out.write_all(b"\n").map_err(ReportError::Output)
}

fn result_props(assessment: &Assessment) -> Vec<Prop> {
    let evidence = &assessment.evidence;
    [
        evidence.organization_id.as_ref().and_then(|o| Prop::ours("organization-id", o)),
        Prop::ours("accounts", evidence.accounts.to_string()),
        Prop::ours("as-of", assessment.as_of.to_string()),
        Prop::ours("aws-smm-phase", assessment.aws_smm.organization_phase.to_string()),
        Prop::ours("csmm-program-score", format!("{:.1}", assessment.csmm.program_score)),
        Prop::ours("aws-smm-phase-without-exceptions", assessment.without_exceptions.organization_phase.to_string()),
        Prop::ours(
            "csmm-program-score-without-exceptions",
            format!("{:.1}", assessment.without_exceptions.program_score),
        ),
        Prop::ours("api-calls", evidence.api_calls.to_string()),
    ]
    .into_iter()
    .flatten()
    .chain(evidence.regions.iter().filter_map(|r| Prop::ours("region", r)))
    .collect()
}

fn back_matter(assessment: &Assessment, plan_uuid: String) -> Vec<Resource> {
    let evidence = &assessment.evidence;
    let catalog = |id: &str, title: &str, file: &str| Resource {
        uuid: uuid::stable(&format!("catalog/{id}/resource")),
        title: format!("{title}, the OSCAL catalog"),
        description: format!("The controls the findings target (`<id>_smt`), as `{file}` beside this file."),
        props: Vec::new(),
        rlinks: vec![ResourceLink { href: file.to_owned(), media_type: "application/oscal.catalog+json" }],
    };
    vec![
        Resource {
            uuid: plan_uuid,
            title: "The assessment plan: not an OSCAL document".to_owned(),
            description: format!(
                "maturity assessed every control of both catalogs on one evidence bundle: read-only facts collected \
                 from {} account(s) in the regions {} at {}, by its automated checks, and on the answers and \
                 exceptions people gave, judged on {}. No OSCAL assessment plan was written.",
                evidence.accounts,
                text::markdown_line(&evidence.regions.join(", ")),
                time::instant(evidence.collected_at),
                assessment.as_of
            ),
            props: Vec::new(),
            rlinks: Vec::new(),
        },
        catalog("aws-smm-v2", "AWS Security Maturity Model v2", AWS_SMM_CATALOG_FILE),
        catalog("csmm-v2", "Cloud Security Maturity Model v2", CSMM_CATALOG_FILE),
    ]
    .into_iter()
    .chain(facts::resources(assessment))
    .collect()
}

/// OSCAL's state for one of our statuses, and the reason.
fn target_status(status: Status) -> TargetStatus {
    let (state, reason) = match status {
        Status::Met => ("satisfied", "pass"),
        Status::NotApplicable => ("satisfied", "other"),
        Status::Partial | Status::NotMet => ("not-satisfied", "fail"),
        Status::Unknown => ("not-satisfied", "other"),
    };
    TargetStatus { state, reason }
}

/// The reasons as a Markdown list.
fn reasons(reasons: &[String]) -> String {
    if reasons.is_empty() {
        return "No reason recorded.".to_owned();
    }
    reasons.iter().map(|r| format!("- {}", text::markdown_line(r))).collect::<Vec<_>>().join("\n")
}

fn related<'a>(uuids: impl IntoIterator<Item = &'a String>) -> Vec<RelatedObservation> {
    let mut seen = BTreeSet::new();
    uuids
        .into_iter()
        .filter(|u| seen.insert(u.as_str()))
        .map(|u| RelatedObservation { observation_uuid: u.clone() })
        .collect()
}

fn control_finding(result: &ControlResult, catalogs: &Catalogs, run: &str, observations: &Observations) -> Finding {
    let control = catalogs.aws_smm.control(&result.id);
    let checks = control.map(|c| c.checks.as_slice()).unwrap_or_default();
    let of_checks = checks.iter().flat_map(|check| observations.by_check.get(check).into_iter().flatten());
    let of_answer = result.answer.as_ref().and_then(|a| observations.by_answer.get(&a.id));
    let mut props: Vec<Prop> = [
        Prop::ours("model", "aws-smm-v2"),
        Prop::ours("control", &result.id),
        Prop::ours("status", result.status.id()),
        Prop::ours("source", source_id(result.source)),
        control.and_then(|c| Prop::ours("phase", c.phase.number().to_string())),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(coverage) = result.coverage {
        props.extend(Prop::ours("coverage-holding", coverage.holding.to_string()));
        props.extend(Prop::ours("coverage-in-scope", coverage.in_scope.to_string()));
    }
    props.extend(result.failing_accounts.iter().filter_map(|a| Prop::ours("failing-account", a)));
    Finding {
        uuid: uuid::stable(&format!("{run}/finding/{}", result.id)),
        title: text::markdown_line(&control.map_or_else(|| result.id.clone(), |c| format!("{} ({})", c.name, c.id))),
        description: reasons(&result.reasons),
        props,
        target: Target {
            kind: "statement-id",
            target_id: statement_id(&result.id),
            status: target_status(result.status),
        },
        related_observations: related(of_checks.chain(of_answer)),
        related_risks: result.exceptions.iter().map(|n| RelatedRisk { risk_uuid: risks::risk_uuid(run, *n) }).collect(),
    }
}

fn objective_finding(result: &ObjectiveResult, catalogs: &Catalogs, run: &str, observations: &Observations) -> Finding {
    let objective = catalogs.csmm.objective(&result.id);
    // An attested objective's expression only names related controls; their findings did not decide it.
    let checks = objective
        .filter(|o| o.evidence != EvidenceKind::Attested)
        .map(|o| evidence_checks(o, catalogs))
        .unwrap_or_default();
    let of_checks = checks.iter().flat_map(|check| observations.by_check.get(*check).into_iter().flatten());
    let of_answer = result.answer.as_ref().and_then(|a| observations.by_answer.get(&a.id));
    let mut props: Vec<Prop> = [
        Prop::ours("model", "csmm-v2"),
        Prop::ours("objective", &result.id),
        Prop::ours("category", &result.category),
        Prop::ours("level", result.level.to_string()),
        Prop::ours("status", result.status.id()),
        Prop::ours("source", source_id(result.source)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(units) = &result.units {
        props.extend(Prop::ours("unit", &units.unit));
        props.extend(Prop::ours("units-holding", units.holding.to_string()));
        props.extend(Prop::ours("units-in-use", units.in_use.to_string()));
        props.extend(Prop::ours("units-unknown", units.unknown.to_string()));
        props.extend(Prop::ours("units-in-scope", units.in_scope.to_string()));
    }
    if let Some(conflict) = &result.conflict {
        props.extend(Prop::ours("conflict", conflict));
    }
    let title = objective.map_or_else(|| result.id.clone(), |o| format!("{}: {}", o.id, o.statement));
    Finding {
        uuid: uuid::stable(&format!("{run}/finding/{}", result.id)),
        title: text::markdown_line(&title),
        description: reasons(&result.reasons),
        props,
        target: Target {
            kind: "statement-id",
            target_id: statement_id(&result.id),
            status: target_status(result.status),
        },
        related_observations: related(of_checks.chain(of_answer)),
        related_risks: Vec::new(),
    }
}

/// The checks whose findings an objective's evidence reads: those of its controls, and those it
/// names directly.
fn evidence_checks<'a>(objective: &'a Objective, catalogs: &'a Catalogs) -> Vec<&'a str> {
    let mut checks: Vec<&str> = objective
        .aws_smm
        .iter()
        .filter_map(|id| catalogs.aws_smm.control(id))
        .flat_map(|c| c.checks.iter().map(String::as_str))
        .chain(objective.checks.iter().map(String::as_str))
        .collect();
    checks.sort_unstable();
    checks.dedup();
    checks
}

fn source_id(source: maturity_assess::Source) -> &'static str {
    match source {
        maturity_assess::Source::Automated => "automated",
        maturity_assess::Source::Attested => "attested",
        maturity_assess::Source::Exception => "exception",
        maturity_assess::Source::None => "none",
    }
}

//! The assessment: findings, attested answers and exceptions scored on both models.
//!
//! [`assess`] runs every check on an evidence bundle, applies exceptions to failed findings,
//! decides each AWS SMM control ([`controls`]) and each CSMM objective ([`objectives`]), scores
//! capabilities and categories ([`scoring`]) and lists the next steps ([`roadmap`]). It scores
//! twice, with and without exceptions, so accepted risks stay visible. Everything here is pure:
//! the same inputs give the same assessment.

pub mod answers;
pub mod config;
pub mod controls;
mod dates;
pub mod diff;
mod evaluate;
pub mod exceptions;
pub mod objectives;
pub mod roadmap;
mod rollup;
mod scored;
pub mod scoring;
pub mod status;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use maturity_evidence::{Bundle, Coverage as EvidenceCoverage};
use maturity_input::InputError;
use maturity_model::Catalogs;
use serde::{Deserialize, Serialize};

pub use answers::{Answer, AnswerValue, Answers};
pub use config::Config;
pub use controls::{AssessedFinding, ControlResult};
pub use diff::{AssessmentDiff, diff};
pub use exceptions::{Exception, Exceptions};
pub use objectives::{ObjectiveResult, UnitCount};
pub use roadmap::RoadmapItem;
pub use scoring::{CapabilityScore, CategoryScore, DomainScore, HeldBackBy};
pub use status::{Coverage, Source, Status};

use crate::scored::ScoredFindings;

/// The assessment schema version this build writes. Bump it on any change an older reader would
/// misread.
pub const ASSESSMENT_SCHEMA_VERSION: u32 = 1;

/// One assessment, as written to `assessment.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Assessment {
    /// The version of this format ([`ASSESSMENT_SCHEMA_VERSION`] when written by this build).
    pub schema_version: u32,
    /// The tool and version that made it.
    pub tool: Tool,
    /// The day answers and exceptions were judged against.
    pub as_of: NaiveDate,
    /// What the evidence covered.
    pub evidence: EvidenceSummary,
    /// AWS SMM results, with exceptions applied.
    pub aws_smm: AwsSmmResult,
    /// CSMM results, with exceptions applied.
    pub csmm: CsmmResult,
    /// The headline scores without exceptions.
    pub without_exceptions: ScoreSummary,
    /// Next steps, in order.
    pub roadmap: Vec<RoadmapItem>,
    /// Every finding, with the exception covering it.
    pub findings: Vec<AssessedFinding>,
    /// How the exceptions were used.
    pub exceptions: ExceptionReport,
    /// How the answers were used.
    pub answers: AnswerReport,
}

impl Assessment {
    /// Parses an assessment from JSON; `file` names it in errors.
    ///
    /// # Errors
    /// Malformed JSON, a field of the wrong type, no `schema_version`, or one other than
    /// [`ASSESSMENT_SCHEMA_VERSION`] (a newer one with a message to upgrade), each as one
    /// [`InputError`] naming the file and field.
    pub fn from_json(file: &str, text: &str) -> Result<Assessment, InputError> {
        #[derive(Deserialize)]
        struct VersionProbe {
            schema_version: Option<serde_json::Value>,
        }
        // Read the version first, so that an assessment from another build gets a clear message
        // rather than an error about whichever field changed first.
        let probe: VersionProbe = maturity_input::from_json_str(file, text)?;
        let version = match probe.schema_version {
            None => {
                return Err(InputError::whole_file(
                    file,
                    "not an assessment: there is no `schema_version` (make one with `maturity assess --out`)",
                ));
            }
            Some(value) => value,
        };
        let number = version.as_u64();
        if number != Some(u64::from(ASSESSMENT_SCHEMA_VERSION)) {
            let message = if number.is_some_and(|n| n > u64::from(ASSESSMENT_SCHEMA_VERSION)) {
                format!(
                    "written by a newer maturity (schema {version}); upgrade maturity to read it (this build reads \
                     assessment schema {ASSESSMENT_SCHEMA_VERSION})"
                )
            } else {
                format!(
                    "assessment schema version {version} is not the one this build of maturity reads ({ASSESSMENT_SCHEMA_VERSION}); re-run `maturity assess` on the evidence"
                )
            };
            return Err(InputError {
                file: file.to_owned(),
                line: 0,
                column: 0,
                field: "schema_version".to_owned(),
                message,
            });
        }
        maturity_input::from_json_str(file, text)
    }
}

/// The tool that made an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tool {
    /// `maturity`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// What the evidence covered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EvidenceSummary {
    /// When it was collected.
    pub collected_at: DateTime<Utc>,
    /// The organization, for an organization scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Accounts in the bundle.
    pub accounts: u32,
    /// Regions in scope.
    pub regions: Vec<String>,
    /// Facts by state.
    pub coverage: EvidenceCoverage,
    /// API calls made by the scan.
    pub api_calls: u64,
}

/// AWS SMM results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AwsSmmResult {
    /// The lowest phase over the capabilities.
    pub organization_phase: u8,
    /// Each capability.
    pub capabilities: Vec<CapabilityScore>,
    /// Each control.
    pub controls: Vec<ControlResult>,
    /// Controls per status.
    pub status_counts: BTreeMap<Status, u32>,
}

/// CSMM results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CsmmResult {
    /// Mean level over all categories, one decimal.
    pub program_score: f64,
    /// Each domain.
    pub domains: Vec<DomainScore>,
    /// Each category.
    pub categories: Vec<CategoryScore>,
    /// Each objective.
    pub objectives: Vec<ObjectiveResult>,
}

/// Headline scores of one scoring pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScoreSummary {
    /// The organization's AWS SMM phase.
    pub organization_phase: u8,
    /// Phase per capability id.
    pub capability_phases: BTreeMap<String, u8>,
    /// Level per category id.
    pub category_levels: BTreeMap<String, u8>,
    /// The CSMM program score.
    pub program_score: f64,
    /// Status per control id.
    pub control_statuses: BTreeMap<String, Status>,
}

/// How the exceptions were used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExceptionReport {
    /// Exceptions that covered something.
    pub applied: Vec<ExceptionUse>,
    /// Exceptions past their expiry: they covered nothing.
    pub expired: Vec<Exception>,
    /// Active exceptions that matched nothing.
    pub unused: Vec<Exception>,
}

/// One exception that covered something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExceptionUse {
    /// The exception.
    #[serde(flatten)]
    pub exception: Exception,
    /// Failed findings it covered.
    pub findings: u32,
    /// Controls it lifted as a whole.
    pub controls: Vec<String>,
}

/// How the answers were used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AnswerReport {
    /// Answers in the file.
    pub given: u32,
    /// Valid answers that decided a control or objective.
    pub used: Vec<String>,
    /// Answers past their expiry.
    pub expired: Vec<Answer>,
    /// Valid `n-a` answers: what people declared does not apply, with their reasons, so that
    /// the claim stays visible (an objective's `n-a` without a reason is not used).
    #[serde(default)]
    pub not_applicable: Vec<Answer>,
    /// Objectives whose answer disagrees with the automated evidence that decided them.
    #[serde(default)]
    pub conflicts: Vec<String>,
}

/// Scores of one pass (with or without exceptions).
struct Pass {
    controls: Vec<ControlResult>,
    objectives: Vec<ObjectiveResult>,
    capabilities: Vec<CapabilityScore>,
    categories: Vec<CategoryScore>,
}

impl Pass {
    fn organization_phase(&self) -> u8 {
        self.capabilities.iter().map(|c| c.phase).min().unwrap_or(0)
    }

    fn program_score(&self) -> f64 {
        scoring::program(&self.categories)
    }

    fn summary(&self) -> ScoreSummary {
        ScoreSummary {
            organization_phase: self.organization_phase(),
            capability_phases: self.capabilities.iter().map(|c| (c.id.clone(), c.phase)).collect(),
            category_levels: self.categories.iter().map(|c| (c.id.clone(), c.level)).collect(),
            program_score: self.program_score(),
            control_statuses: self.controls.iter().map(|c| (c.id.clone(), c.status)).collect(),
        }
    }
}

/// Assesses a bundle in memory, keeping every finding.
#[must_use]
pub fn assess(settings: &Settings<'_>, bundle: &Bundle) -> Assessment {
    let active = settings.active_exceptions();
    let plan = evaluate::Plan::new(settings.catalogs, active.clone(), true);
    let (head, gathered) = evaluate::gather_in_memory(&plan, bundle);
    build(settings, &active, &head, gathered)
}

/// Assesses the bundle at `path`, reading it one account at a time and evaluating the accounts
/// on every core, with the findings in [`Assessment::findings`] when `keep_findings` (to write
/// or report them) and none there otherwise (the scores and reasons are the same). Returns the
/// bundle's head (the bundle without its accounts) with it.
///
/// # Errors
/// The file is not a bundle this build reads (as [`Bundle::from_path`]).
pub fn assess_path(
    path: &std::path::Path,
    settings: &Settings<'_>,
    keep_findings: bool,
) -> Result<(Assessment, Bundle), InputError> {
    let active = settings.active_exceptions();
    let plan = evaluate::Plan::new(settings.catalogs, active.clone(), keep_findings);
    match evaluate::gather(&plan, |pool| maturity_evidence::read::read_accounts(path, pool)) {
        Ok((head, gathered)) => Ok((build(settings, &active, &head, gathered), head)),
        Err(evaluate::Stopped::Feed(error)) => Err(error),
        Err(evaluate::Stopped::Broken) => Err(maturity_evidence::read::whole_file_error(path)),
    }
}

/// What an assessment is made from, but the evidence.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// Both catalogs.
    pub catalogs: &'a Catalogs,
    /// Attested answers.
    pub answers: &'a Answers,
    /// Accepted risks.
    pub exceptions: &'a Exceptions,
    /// Targets and thresholds.
    pub config: &'a Config,
    /// The day answers and exceptions are judged against.
    pub as_of: NaiveDate,
}

impl<'a> Settings<'a> {
    fn active_exceptions(&self) -> Vec<&'a Exception> {
        self.exceptions.list.iter().filter(|e| !e.is_expired(self.as_of)).collect()
    }
}

/// The assessment of what the checks found.
fn build(settings: &Settings<'_>, active: &[&Exception], bundle: &Bundle, gathered: evaluate::Gathered) -> Assessment {
    let catalogs = settings.catalogs;
    let as_of = settings.as_of;
    let findings_covered = gathered.covered;
    let findings = gathered.findings;
    let scored = gathered.scored;
    // The two passes read the same findings: one each on two threads.
    let (with, without) = std::thread::scope(|scope| {
        let without = scope.spawn(|| score(settings, &scored, active, false));
        let with = score(settings, &scored, active, true);
        (with, without.join())
    });
    let without = without.unwrap_or_else(|_| score(settings, &scored, active, false));
    drop(scored);
    let roadmap = roadmap::build(catalogs, &with.capabilities, &with.categories, &with.controls, &with.objectives);

    let mut exceptions = ExceptionReport::default();
    for exception in &settings.exceptions.list {
        let lifted: Vec<String> = with
            .controls
            .iter()
            .filter(|c| c.source == Source::Exception && c.exceptions.contains(&exception.number))
            .map(|c| c.id.clone())
            .collect();
        let covered = findings_covered.get(&exception.number).copied().unwrap_or(0);
        if exception.is_expired(as_of) {
            exceptions.expired.push(exception.clone());
        } else if covered == 0 && lifted.is_empty() {
            exceptions.unused.push(exception.clone());
        } else {
            exceptions.applied.push(ExceptionUse { exception: exception.clone(), findings: covered, controls: lifted });
        }
    }

    let mut used: Vec<String> = with
        .controls
        .iter()
        .filter_map(|c| c.answer.as_ref().map(|a| a.id.clone()))
        .chain(
            with.objectives
                .iter()
                .filter(|o| o.source == Source::Attested)
                .filter_map(|o| o.answer.as_ref().map(|a| a.id.clone())),
        )
        .collect();
    used.sort();
    used.dedup();
    let answers = AnswerReport {
        given: u32::try_from(settings.answers.by_id.len()).unwrap_or(u32::MAX),
        used,
        expired: settings.answers.by_id.values().filter(|a| a.is_expired(as_of)).cloned().collect(),
        not_applicable: settings
            .answers
            .by_id
            .values()
            .filter(|a| a.answer == AnswerValue::NotApplicable && !a.is_expired(as_of))
            .cloned()
            .collect(),
        conflicts: with.objectives.iter().filter(|o| o.conflict.is_some()).map(|o| o.id.clone()).collect(),
    };

    let mut status_counts: BTreeMap<Status, u32> = Status::ALL.into_iter().map(|s| (s, 0)).collect();
    for control in &with.controls {
        *status_counts.entry(control.status).or_default() += 1;
    }
    let organization_phase = with.organization_phase();
    let program_score = with.program_score();
    Assessment {
        schema_version: ASSESSMENT_SCHEMA_VERSION,
        tool: Tool { name: "maturity".to_owned(), version: env!("CARGO_PKG_VERSION").to_owned() },
        as_of,
        evidence: EvidenceSummary {
            collected_at: bundle.collector.collected_at,
            organization_id: bundle.scope.organization_id.clone(),
            accounts: gathered.accounts,
            regions: bundle.scope.regions.clone(),
            coverage: gathered.coverage,
            api_calls: bundle.api_calls.values().sum(),
        },
        without_exceptions: without.summary(),
        aws_smm: AwsSmmResult {
            organization_phase,
            capabilities: with.capabilities,
            controls: with.controls,
            status_counts,
        },
        csmm: CsmmResult {
            program_score,
            domains: scoring::domains(&with.categories),
            categories: with.categories,
            objectives: with.objectives,
        },
        roadmap,
        findings,
        exceptions,
        answers,
    }
}

fn score(settings: &Settings<'_>, scored: &ScoredFindings, active: &[&Exception], with_exceptions: bool) -> Pass {
    let catalogs = settings.catalogs;
    let controls: Vec<ControlResult> = catalogs
        .aws_smm
        .controls
        .iter()
        .map(|control| {
            // A check named twice counts once; the findings come in the assessment's order,
            // which decides the messages its reasons quote.
            let checks: Vec<usize> = control.checks.iter().filter_map(|c| scored.index_of(c)).collect();
            let control_exception = active
                .iter()
                .copied()
                .find(|e| e.is_control_wide() && e.control.as_deref() == Some(control.id.as_str()));
            controls::evaluate(
                control,
                &controls::ControlInputs {
                    findings: scored,
                    checks: &checks,
                    answers: settings.answers,
                    control_exception,
                    as_of: settings.as_of,
                    with_exceptions,
                },
            )
        })
        .collect();
    let by_id: BTreeMap<&str, &ControlResult> = controls.iter().map(|c| (c.id.as_str(), c)).collect();
    let evidence =
        objectives::Evidence { findings: scored, with_exceptions, controls: &by_id, catalog: &catalogs.aws_smm };
    let objectives: Vec<ObjectiveResult> = catalogs
        .csmm
        .objectives()
        .map(|o| objectives::evaluate(o, &evidence, settings.answers, &settings.config.thresholds, settings.as_of))
        .collect();
    let capabilities = scoring::capabilities(catalogs, &controls);
    let categories = scoring::categories(catalogs, &objectives, |id| settings.config.target(id));
    Pass { controls, objectives, capabilities, categories }
}

//! From the TOML data files to validated catalogs.
//!
//! Raw types mirror the files (unknown fields are errors, ids keep their spans); validation turns
//! them into the public types and collects every problem with its file and line, instead of
//! stopping at the first.

use std::collections::BTreeSet;

use maturity_input::{InputError, from_toml_str};
use serde::Deserialize;
use toml::Spanned;

use crate::aws_smm::{AlternativePhase, AwsSmm, Capability, Control, Coverage, OFFICIAL_SITE, Phase};
use crate::builtin::DataFile;
use crate::csmm::{Category, Csmm, Domain, EvidenceExpr, EvidenceKind, Level, Objective, Quantifier, Unit};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapabilityFile {
    capability: Spanned<String>,
    #[serde(rename = "control")]
    controls: Vec<RawControl>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControl {
    id: Spanned<String>,
    name: String,
    phase: Phase,
    url: String,
    summary: String,
    questions: Vec<String>,
    #[serde(default)]
    alternative_phase: Option<AlternativePhase>,
    #[serde(default)]
    checks: Vec<Spanned<String>>,
    #[serde(default)]
    coverage: Coverage,
    #[serde(default)]
    checks_cannot_see: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategoryFile {
    id: Spanned<String>,
    name: String,
    domain: Domain,
    description: String,
    levels: Vec<String>,
    #[serde(rename = "objective", default)]
    objectives: Vec<RawObjective>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    id: Spanned<String>,
    level: u8,
    statement: String,
    quantifier: Quantifier,
    #[serde(default)]
    unit: Unit,
    evidence: EvidenceKind,
    /// Every part must hold.
    #[serde(default)]
    evidence_all: Option<Spanned<Vec<RawExpr>>>,
    /// At least one part must hold.
    #[serde(default)]
    evidence_any: Option<Spanned<Vec<RawExpr>>>,
}

/// A part of an evidence expression: a control id, `check:<id>`, or `{ all = [...] }` /
/// `{ any = [...] }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawExpr {
    Leaf(String),
    Nested(RawNested),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNested {
    #[serde(default)]
    all: Option<Vec<RawExpr>>,
    #[serde(default)]
    any: Option<Vec<RawExpr>>,
}

/// Turns a raw expression into a checked one; problems are described, the caller locates them.
fn expression(raw: Vec<RawExpr>, any: bool, aws_smm: &AwsSmm, problems: &mut Vec<String>) -> EvidenceExpr {
    if raw.is_empty() {
        problems.push("an `all` or `any` needs at least one part".into());
    }
    let parts = raw
        .into_iter()
        .map(|part| match part {
            RawExpr::Leaf(leaf) => {
                if let Some(check) = leaf.strip_prefix("check:") {
                    // The catalog does not know the check registry (it lives in another crate);
                    // the registry test holds every `check:` leaf to a registered check.
                    let kebab = !check.is_empty()
                        && check.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                    if !kebab {
                        problems.push(format!(
                            "`{check}` is not a check id (kebab-case, e.g. `check:ebs-volumes-encrypted`)"
                        ));
                    }
                    EvidenceExpr::Check(check.to_owned())
                } else {
                    if aws_smm.control(&leaf).is_none() {
                        problems.push(format!("no AWS SMM control `{leaf}`"));
                    }
                    EvidenceExpr::Control(leaf)
                }
            }
            RawExpr::Nested(RawNested { all: Some(parts), any: None }) => expression(parts, false, aws_smm, problems),
            RawExpr::Nested(RawNested { all: None, any: Some(parts) }) => expression(parts, true, aws_smm, problems),
            RawExpr::Nested(_) => {
                problems.push("a nested part is `{ all = [...] }` or `{ any = [...] }`, exactly one of them".into());
                EvidenceExpr::All(Vec::new())
            }
        })
        .collect();
    if any { EvidenceExpr::Any(parts) } else { EvidenceExpr::All(parts) }
}

/// Collects problems located in one file.
struct Problems<'a> {
    file: &'a DataFile,
    found: &'a mut Vec<InputError>,
}

impl Problems<'_> {
    fn at(&mut self, span: std::ops::Range<usize>, field: &str, message: String) {
        self.found.push(InputError::at_span(self.file.name, self.file.text, span, field, message));
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

pub(crate) fn aws_smm(files: &[DataFile]) -> Result<AwsSmm, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut controls = Vec::new();
    let mut seen_ids = BTreeSet::new();
    for (file, expected) in files.iter().zip(Capability::ALL) {
        let raw: RawCapabilityFile = match from_toml_str(file.name, file.text) {
            Ok(raw) => raw,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut problems = Problems { file, found: &mut errors };
        if raw.capability.get_ref() != expected.id() {
            problems.at(
                raw.capability.span(),
                "capability",
                format!("this file holds `{}`, not `{}`", expected.id(), raw.capability.get_ref()),
            );
        }
        for (index, raw) in raw.controls.into_iter().enumerate() {
            let field = |name: &str| format!("control[{index}].{name}");
            let id = raw.id.get_ref().clone();
            let span = raw.id.span();
            if !is_slug(&id) {
                problems.at(span.clone(), &field("id"), format!("`{id}` is not a lowercase slug"));
            }
            if !seen_ids.insert(id.clone()) {
                problems.at(span.clone(), &field("id"), format!("control `{id}` is defined twice"));
            }
            let expected_url = format!("{OFFICIAL_SITE}{}/{id}/", raw.phase.url_folder());
            if raw.url != expected_url {
                problems.at(
                    span.clone(),
                    &field("url"),
                    format!("expected `{expected_url}` for a phase {} control", raw.phase.number()),
                );
            }
            if raw.name.trim().is_empty() || raw.summary.trim().is_empty() {
                problems.at(span.clone(), &field("summary"), "name and summary must not be empty".into());
            }
            if raw.questions.is_empty() || raw.questions.iter().any(|q| q.trim().is_empty()) {
                problems.at(span.clone(), &field("questions"), "give at least one non-empty question".into());
            }
            if raw.alternative_phase.as_ref().is_some_and(|alt| alt.phase == raw.phase) {
                problems.at(span.clone(), &field("alternative_phase"), "the alternative is the same phase".into());
            }
            if let Some(note) = &raw.checks_cannot_see
                && (raw.checks.is_empty() || note.get_ref().trim().is_empty())
            {
                problems.at(
                    note.span(),
                    &field("checks_cannot_see"),
                    "only a control with checks can be partly automated, and the note must say what the checks cannot see"
                        .into(),
                );
            }
            let mut checks = Vec::new();
            for check in raw.checks {
                if !is_slug(check.get_ref()) || checks.contains(check.get_ref()) {
                    problems.at(
                        check.span(),
                        &field("checks"),
                        format!("check id `{}` is not a unique slug", check.get_ref()),
                    );
                }
                checks.push(check.into_inner());
            }
            controls.push(Control {
                id,
                name: raw.name,
                capability: expected,
                phase: raw.phase,
                url: raw.url,
                summary: raw.summary.trim().to_owned(),
                questions: raw.questions,
                alternative_phase: raw.alternative_phase,
                checks,
                coverage: raw.coverage,
                checks_cannot_see: raw.checks_cannot_see.map(|n| n.into_inner().trim().to_owned()),
            });
        }
    }
    // Grid order: capability rows, then phases, keeping the file's order within a phase.
    controls.sort_by_key(|c| (c.capability, c.phase));
    if errors.is_empty() { Ok(AwsSmm { controls }) } else { Err(errors) }
}

pub(crate) fn csmm(files: &[DataFile], aws_smm: &AwsSmm) -> Result<Csmm, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut categories = Vec::new();
    let mut seen_ids = BTreeSet::new();
    for file in files {
        let raw: RawCategoryFile = match from_toml_str(file.name, file.text) {
            Ok(raw) => raw,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut problems = Problems { file, found: &mut errors };
        let category_id = raw.id.get_ref().clone();
        let expected_name = file.name.rsplit('/').next().and_then(|n| n.strip_suffix(".toml")).unwrap_or_default();
        if category_id != expected_name {
            problems.at(raw.id.span(), "id", format!("this file holds category `{expected_name}`"));
        }
        if raw.levels.len() != 5 || raw.levels.iter().any(|t| t.trim().is_empty()) {
            problems.at(raw.id.span(), "levels", "give the five level texts, level 1 first".into());
        }
        let mut levels: Vec<Level> = raw
            .levels
            .into_iter()
            .zip(1u8..)
            .map(|(text, level)| Level { level, text: text.trim().to_owned(), objectives: Vec::new() })
            .collect();
        let mut crosswalk_links = 0usize;
        for (index, raw_objective) in raw.objectives.into_iter().enumerate() {
            let field = |name: &str| format!("objective[{index}].{name}");
            let id = raw_objective.id.get_ref().clone();
            let span = raw_objective.id.span();
            let level = raw_objective.level;
            if !(2..=5).contains(&level) {
                problems.at(span.clone(), &field("level"), format!("objectives belong to levels 2 to 5, not {level}"));
                continue;
            }
            let prefix = format!("csmm.{category_id}.{level}.");
            let well_formed =
                id.strip_prefix(&prefix).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if !well_formed {
                problems.at(span.clone(), &field("id"), format!("`{id}` should look like `{prefix}1`"));
            }
            if !seen_ids.insert(id.clone()) {
                problems.at(span.clone(), &field("id"), format!("objective `{id}` is defined twice"));
            }
            if raw_objective.statement.trim().is_empty() {
                problems.at(span.clone(), &field("statement"), "the statement must not be empty".into());
            }
            let any = raw_objective.evidence_all.is_none();
            let expr = match (raw_objective.evidence_all, raw_objective.evidence_any) {
                (Some(_), Some(any)) => {
                    problems.at(
                        any.span(),
                        &field("evidence_any"),
                        "give `evidence_all` or `evidence_any`, not both".into(),
                    );
                    None
                }
                (Some(raw), None) | (None, Some(raw)) => {
                    let name = if any { "evidence_any" } else { "evidence_all" };
                    let raw_span = raw.span();
                    let mut found = Vec::new();
                    let expr = expression(raw.into_inner(), any, aws_smm, &mut found);
                    for message in found {
                        problems.at(raw_span.clone(), &field(name), message);
                    }
                    Some(expr)
                }
                (None, None) => {
                    if raw_objective.evidence != EvidenceKind::Attested {
                        problems.at(
                            span.clone(),
                            &field("evidence_all"),
                            format!(
                                "`{}` evidence needs an expression (`evidence_all` or `evidence_any`)",
                                raw_objective.evidence.id()
                            ),
                        );
                    }
                    None
                }
            };
            let links = expr.as_ref().map(EvidenceExpr::controls).unwrap_or_default();
            let direct_checks = expr.as_ref().map(EvidenceExpr::checks).unwrap_or_default();
            crosswalk_links += links.len() + direct_checks.len();
            if let Some(slot) = levels.get_mut(usize::from(level - 1)) {
                slot.objectives.push(Objective {
                    id,
                    category: category_id.clone(),
                    level,
                    statement: raw_objective.statement.trim().to_owned(),
                    quantifier: raw_objective.quantifier,
                    unit: raw_objective.unit,
                    evidence: raw_objective.evidence,
                    expression: expr,
                    aws_smm: links,
                    checks: direct_checks,
                });
            }
        }
        for level in levels.iter().filter(|l| l.level >= 2) {
            if !(1..=3).contains(&level.objectives.len()) {
                problems.at(
                    raw.id.span(),
                    "objective",
                    format!("level {} has {} objectives; give 1 to 3", level.level, level.objectives.len()),
                );
            }
        }
        if crosswalk_links == 0 {
            problems.at(raw.id.span(), "objective", "link at least one objective to an AWS SMM control".into());
        }
        categories.push(Category {
            id: category_id,
            name: raw.name,
            domain: raw.domain,
            description: raw.description.trim().to_owned(),
            levels,
        });
    }
    categories.sort_by_key(|c| c.domain);
    if errors.is_empty() { Ok(Csmm { categories }) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &'static str, text: &'static str) -> DataFile {
        DataFile { name, text }
    }

    #[test]
    fn wrong_url_folder_is_reported_with_its_line() {
        let files = [file(
            "t/security-governance.toml",
            "capability = \"security-governance\"\n\n[[control]]\nid = \"choose-regions\"\nname = \"n\"\nphase = 2\n\
             url = \"https://maturitymodel.security.aws.dev/en/1.-quickwins/choose-regions/\"\nsummary = \"s\"\nquestions = [\"q\"]\n",
        )];
        let errors = aws_smm(&files).expect_err("must be rejected");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].field.as_str()), (4, "control[0].url"));
        assert!(errors[0].message.contains("2.-foundational"), "{}", errors[0]);
    }

    #[test]
    fn crosswalk_to_unknown_control_is_reported() {
        let files = [file(
            "t/iam.toml",
            "id = \"iam\"\nname = \"IAM\"\ndomain = \"foundational\"\ndescription = \"d\"\nlevels = [\"1\",\"2\",\"3\",\"4\",\"5\"]\n\
             [[objective]]\nid = \"csmm.iam.2.1\"\nlevel = 2\nstatement = \"s\"\nquantifier = \"some\"\nevidence = \"either\"\nevidence_any = [\"nope\"]\n",
        )];
        let errors = csmm(&files, &AwsSmm::default()).expect_err("must be rejected");
        let unknown = errors.iter().find(|e| e.message.contains("`nope`")).expect("unknown control reported");
        assert_eq!(unknown.line, 12);
        assert!(errors.iter().any(|e| e.message.contains("level 3 has 0 objectives")), "{errors:?}");
    }

    fn category_with(objective: &'static str) -> [DataFile; 1] {
        let text: &'static str = Box::leak(
            format!(
                "id = \"iam\"\nname = \"IAM\"\ndomain = \"foundational\"\ndescription = \"d\"\nlevels = [\"1\",\"2\",\"3\",\"4\",\"5\"]\n\
                 [[objective]]\nid = \"csmm.iam.2.1\"\nlevel = 2\nstatement = \"s\"\nquantifier = \"some\"\nevidence = \"either\"\n{objective}\n"
            )
            .into_boxed_str(),
        );
        [file("t/iam.toml", text)]
    }

    fn smm() -> AwsSmm {
        let files = [file(
            "t/security-governance.toml",
            "capability = \"security-governance\"\n\n[[control]]\nid = \"waf\"\nname = \"n\"\nphase = 1\n\
             url = \"https://maturitymodel.security.aws.dev/en/1.-quickwins/waf/\"\nsummary = \"s\"\nquestions = [\"q\"]\nchecks = [\"waf-on\"]\n\n\
             [[control]]\nid = \"shield\"\nname = \"n\"\nphase = 1\n\
             url = \"https://maturitymodel.security.aws.dev/en/1.-quickwins/shield/\"\nsummary = \"s\"\nquestions = [\"q\"]\n",
        )];
        aws_smm(&files).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn nested_expressions_parse_into_all_and_any() {
        let files = category_with("evidence_all = [\"waf\", { any = [\"shield\", \"check:waf-on\"] }]");
        let errors = csmm(&files, &smm()).expect_err("levels 3 to 5 are empty");
        assert!(errors.iter().all(|e| e.message.contains("objectives; give 1 to 3")), "{errors:?}");
    }

    #[test]
    fn a_check_leaf_must_be_a_check_id_with_its_line() {
        let files = category_with("evidence_any = [\"waf\", \"check:Not A Check\"]");
        let errors = csmm(&files, &smm()).expect_err("not a check id");
        let bad = errors.iter().find(|e| e.message.contains("`Not A Check` is not a check id")).expect("reported");
        assert_eq!((bad.line, bad.field.as_str()), (12, "objective[0].evidence_any"));
    }

    #[test]
    fn both_all_and_any_or_a_bad_nested_part_are_rejected() {
        let both = category_with("evidence_all = [\"waf\"]\nevidence_any = [\"shield\"]");
        let errors = csmm(&both, &smm()).expect_err("both");
        assert!(errors.iter().any(|e| e.message.contains("not both") && e.line == 13), "{errors:?}");
        let nested = category_with("evidence_all = [{ all = [\"waf\"], any = [\"shield\"] }]");
        let errors = csmm(&nested, &smm()).expect_err("bad nesting");
        assert!(errors.iter().any(|e| e.message.contains("exactly one of them") && e.line == 12), "{errors:?}");
        let missing = category_with("");
        let errors = csmm(&missing, &smm()).expect_err("no expression");
        assert!(errors.iter().any(|e| e.message.contains("needs an expression")), "{errors:?}");
    }
}

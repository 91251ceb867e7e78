//! `junit.xml`: the assessment as JUnit test results, so that a CI system shows the maturity gate
//! the way it shows tests.
//!
//! Every CI server reads JUnit XML (GitLab's test report, Jenkins, GitHub Actions through a
//! reporter action, Azure Pipelines): one test case per AWS SMM control, grouped into one test
//! suite per capability, and one per CSMM objective, grouped into one suite per category.
//!
//! - A case **fails** when its status is one of [`Options::fail_on`] (`not_met` by default;
//!   `partial` and `unknown` can be added). Its failure message gives the status and the first
//!   reason; its text gives every reason, the failing accounts and the failing resources (at most
//!   [`MAX_LISTED`] of each, then how many more) and the control's official page.
//! - A case is **skipped** when the control does not apply, or is unknown and unknown does not
//!   fail: nothing was tested, and the skip message says why.
//! - Otherwise it **passes**; a `partial` control that passes says so in its `system-out`.
//!
//! The format has no single standard; we keep to the subset every reader agrees on (the
//! Jenkins/Ant shape: `testsuites` › `testsuite` › `testcase` with `failure`, `skipped`,
//! `properties` and `system-out`). Times are zero: nothing here is timed. The suites carry the
//! time the evidence was collected, so the same assessment gives the same file.

use std::collections::BTreeSet;

use maturity_assess::{Assessment, ControlResult, ObjectiveResult, Status};
use maturity_checks::FindingStatus;
use maturity_model::Catalogs;
use maturity_model::aws_smm::Capability;

use crate::view::{self, Index};
use crate::xml::Xml;

/// How many failing accounts, and how many failing resources, a failure lists by name.
pub const MAX_LISTED: usize = 10;

/// What the JUnit report fails on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The statuses that fail a test case: `not_met` by default. A not-applicable control is
    /// skipped, and an unknown one too unless `unknown` is here.
    pub fail_on: BTreeSet<Status>,
}

impl Default for Options {
    fn default() -> Self {
        Self { fail_on: BTreeSet::from([Status::NotMet]) }
    }
}

/// How one test case ends.
enum Outcome {
    Pass,
    Fail,
    Skip,
}

impl Options {
    fn outcome(&self, status: Status) -> Outcome {
        if self.fail_on.contains(&status) {
            Outcome::Fail
        } else if matches!(status, Status::NotApplicable | Status::Unknown) {
            Outcome::Skip
        } else {
            Outcome::Pass
        }
    }
}

/// One test case, ready to write.
struct Case {
    name: String,
    classname: String,
    status: Status,
    /// Why it has its status, in sentences.
    reasons: Vec<String>,
    /// Failing accounts, then failing resources, then the official page: the failure's text
    /// after the reasons.
    details: Vec<String>,
}

/// One test suite.
struct Suite {
    name: String,
    properties: Vec<(&'static str, String)>,
    cases: Vec<Case>,
}

/// Renders `junit.xml`.
#[must_use]
pub fn render(assessment: &Assessment, catalogs: &Catalogs, options: &Options) -> String {
    let index = Index::new(assessment, catalogs);
    let mut suites: Vec<Suite> =
        Capability::ALL.iter().map(|c| capability_suite(*c, assessment, catalogs, &index)).collect();
    suites.extend(category_suites(assessment, catalogs));
    let timestamp = assessment.evidence.collected_at.format("%Y-%m-%dT%H:%M:%S").to_string();
    write(&suites, &timestamp, options)
}

fn capability_suite(capability: Capability, assessment: &Assessment, catalogs: &Catalogs, index: &Index<'_>) -> Suite {
    let phase = assessment.aws_smm.capabilities.iter().find(|c| c.id == capability.id()).map_or(0, |c| c.phase);
    let cases = catalogs
        .aws_smm
        .controls
        .iter()
        .filter(|control| control.capability == capability)
        .map(|control| {
            let result = index.result(&control.id);
            let mut details = Vec::new();
            if let Some(result) = result.filter(|r| !r.failing_accounts.is_empty()) {
                details.push(listed("Failing accounts", &result.failing_accounts, ", "));
            }
            let resources: Vec<String> = index
                .findings(control)
                .filter(|f| f.effective_status(true) == FindingStatus::Fail)
                .map(|f| format!("{}: {}", f.finding.location, f.finding.message))
                .collect();
            if !resources.is_empty() {
                details.push(listed("Failing findings", &resources, "\n  "));
            }
            details.push(format!("See {}", control.url));
            Case {
                name: format!("{}: {}", control.id, control.name),
                classname: format!("aws-smm.{}", capability.id()),
                status: index.status(&control.id),
                reasons: result.map(|r: &ControlResult| r.reasons.clone()).unwrap_or_default(),
                details,
            }
        })
        .collect();
    Suite {
        name: format!("AWS SMM v2: {}", capability.name()),
        properties: vec![("capability", capability.id().to_owned()), ("phase", view::phase_label(phase))],
        cases,
    }
}

fn category_suites(assessment: &Assessment, catalogs: &Catalogs) -> Vec<Suite> {
    let results: std::collections::HashMap<&str, &ObjectiveResult> =
        assessment.csmm.objectives.iter().map(|o| (o.id.as_str(), o)).collect();
    catalogs
        .csmm
        .categories
        .iter()
        .map(|category| {
            let score = assessment.csmm.categories.iter().find(|c| c.id == category.id);
            let cases = category
                .objectives()
                .map(|objective| {
                    let result = results.get(objective.id.as_str());
                    Case {
                        name: format!("{} (level {}): {}", objective.id, objective.level, objective.statement),
                        classname: format!("csmm.{}", category.id),
                        status: result.map_or(Status::Unknown, |r| r.status),
                        reasons: result.map(|r| r.reasons.clone()).unwrap_or_default(),
                        details: Vec::new(),
                    }
                })
                .collect();
            let mut properties = vec![("category", category.id.clone()), ("domain", category.domain.id().to_owned())];
            if let Some(score) = score {
                properties.push(("level", score.level.to_string()));
                properties.push(("target", score.target.to_string()));
            }
            Suite { name: format!("CSMM v2: {}", category.name), properties, cases }
        })
        .collect()
}

/// "Failing accounts (12): a, b, … and 2 more", at most [`MAX_LISTED`] named; `separator` puts
/// sentences one a line.
fn listed(label: &str, items: &[String], separator: &str) -> String {
    let shown = &items[..items.len().min(MAX_LISTED)];
    let more = items.len() - shown.len();
    let tail = if more > 0 { format!("{separator}… and {more} more") } else { String::new() };
    let lead = if separator.starts_with('\n') { separator } else { " " };
    format!("{label} ({}):{lead}{}{tail}", items.len(), shown.join(separator))
}

fn write(suites: &[Suite], timestamp: &str, options: &Options) -> String {
    let count = |suite: &Suite, wanted: fn(&Outcome) -> bool| {
        suite.cases.iter().filter(|c| wanted(&options.outcome(c.status))).count()
    };
    let is_fail: fn(&Outcome) -> bool = |o| matches!(o, Outcome::Fail);
    let is_skip: fn(&Outcome) -> bool = |o| matches!(o, Outcome::Skip);
    let total = |wanted: fn(&Outcome) -> bool| suites.iter().map(|s| count(s, wanted)).sum::<usize>().to_string();
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();

    let mut xml = Xml::new();
    xml.open(
        "testsuites",
        &[
            ("name", "maturity"),
            ("tests", &tests.to_string()),
            ("failures", &total(is_fail)),
            ("errors", "0"),
            ("skipped", &total(is_skip)),
            ("time", "0"),
        ],
    );
    for (id, suite) in suites.iter().enumerate() {
        xml.open(
            "testsuite",
            &[
                ("name", &suite.name),
                ("id", &id.to_string()),
                ("tests", &suite.cases.len().to_string()),
                ("failures", &count(suite, is_fail).to_string()),
                ("errors", "0"),
                ("skipped", &count(suite, is_skip).to_string()),
                ("time", "0"),
                ("timestamp", timestamp),
            ],
        );
        xml.open("properties", &[]);
        for (name, value) in &suite.properties {
            xml.leaf("property", &[("name", name), ("value", value)], "");
        }
        xml.close();
        for case in &suite.cases {
            write_case(&mut xml, case, options);
        }
        xml.close();
    }
    xml.finish()
}

fn write_case(xml: &mut Xml, case: &Case, options: &Options) {
    xml.open("testcase", &[("name", &case.name), ("classname", &case.classname), ("time", "0")]);
    let label = view::status_label(case.status).to_lowercase();
    let first = case.reasons.first().map_or("no reason recorded", String::as_str);
    let summary = format!("{label}: {first}");
    match options.outcome(case.status) {
        Outcome::Fail => {
            let mut text: Vec<String> = case.reasons.iter().map(|r| format!("- {r}")).collect();
            text.extend(case.details.iter().cloned());
            xml.leaf("failure", &[("message", &summary), ("type", case.status.id())], &text.join("\n"));
        }
        Outcome::Skip => xml.leaf("skipped", &[("message", &summary)], ""),
        Outcome::Pass if case.status == Status::Met => {}
        Outcome::Pass => {
            let text: Vec<String> = case.reasons.iter().map(|r| format!("- {r}")).collect();
            xml.leaf("system-out", &[], &format!("{label}\n{}", text.join("\n")));
        }
    }
    xml.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_capped_and_say_how_many_more() {
        let items: Vec<String> = (1..=12).map(|n| format!("a{n}")).collect();
        let text = listed("Failing findings", &items, "\n  ");
        assert!(text.starts_with("Failing findings (12):\n  a1\n  a2"), "{text}");
        assert!(text.ends_with("a10\n  … and 2 more"), "{text}");
        assert_eq!(listed("X", &items[..2], ", "), "X (2): a1, a2");
        assert!(listed("X", &items, ", ").ends_with("a10, … and 2 more"));
    }

    #[test]
    fn only_the_chosen_statuses_fail() {
        let default = Options::default();
        assert!(matches!(default.outcome(Status::NotMet), Outcome::Fail));
        assert!(matches!(default.outcome(Status::Partial), Outcome::Pass));
        assert!(matches!(default.outcome(Status::Unknown), Outcome::Skip));
        assert!(matches!(default.outcome(Status::NotApplicable), Outcome::Skip));
        let strict = Options { fail_on: BTreeSet::from([Status::NotMet, Status::Partial, Status::Unknown]) };
        assert!(matches!(strict.outcome(Status::Partial), Outcome::Fail));
        assert!(matches!(strict.outcome(Status::Unknown), Outcome::Fail));
        assert!(matches!(strict.outcome(Status::Met), Outcome::Pass));
    }
}

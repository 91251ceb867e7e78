//! `maturity diff` reports on the demo organization and a copy of it changed the way a re-scan
//! changes things: a control fixed, a finding added, one regressed, an account gone, an
//! exception reworded. The Markdown is a snapshot, so a change shows up in review as a diff of
//! what people will read.

mod support;

use maturity_assess::Assessment;
use maturity_assess::Status;
use maturity_assess::diff::{Direction, RecordChangeKind, Resolution, diff};
use maturity_checks::FindingStatus;
use maturity_report::diff::{DiffFormat, NO_CHANGE, render};
use support::{catalogs, demo, synthetic};

/// The account the mutated demo no longer scans: the last one its findings name.
fn dropped_account(assessment: &Assessment) -> String {
    assessment.findings.iter().filter_map(|f| f.finding.location.account_id.clone()).max().unwrap_or_default()
}

/// The demo after a re-scan: see the module documentation.
fn rescanned() -> Assessment {
    let mut new = demo();
    let dropped = dropped_account(&new);
    new.findings.retain(|f| f.finding.location.account_id.as_deref() != Some(dropped.as_str()));
    new.evidence.accounts -= 1;
    if let Some(control) = new.aws_smm.controls.iter_mut().find(|c| c.status == Status::NotMet) {
        control.status = Status::Met;
    }
    if let Some(objective) = new.csmm.objectives.iter_mut().find(|o| o.status == Status::Met) {
        objective.status = Status::Partial;
    }
    let passing = new
        .findings
        .iter()
        .position(|f| f.finding.status == FindingStatus::Pass && f.finding.location.resource.is_some());
    if let Some(index) = passing {
        let mut added = new.findings[index].clone();
        added.finding.location.resource = Some("i-0new0instance".to_owned());
        added.finding.status = FindingStatus::Fail;
        added.finding.message = "A new resource fails this check.".to_owned();
        new.findings.push(added);
        new.findings[index].finding.status = FindingStatus::Fail;
    }
    if let Some(used) = new.exceptions.applied.first_mut() {
        used.exception.reason = "Reworded: the vendor ships a fix in Q1.".to_owned();
    }
    new
}

fn text(format: DiffFormat, old: &Assessment, new: &Assessment) -> String {
    render(format, &diff(old, new)).unwrap_or_else(|e| panic!("{format:?}: {e}"))
}

#[test]
fn identical_assessments_say_no_change() {
    let demo = demo();
    let changes = diff(&demo, &demo);
    assert!(changes.is_empty(), "{changes:#?}");
    assert!(text(DiffFormat::Text, &demo, &demo).contains(NO_CHANGE));
    assert!(text(DiffFormat::Markdown, &demo, &demo).contains(NO_CHANGE));
}

#[test]
fn every_kind_of_change_in_the_rescanned_demo_is_found() {
    let (old, new) = (demo(), rescanned());
    let changes = diff(&old, &new);
    let dropped = dropped_account(&old);

    assert!(changes.controls.iter().any(|c| c.before == Some(Status::NotMet) && c.direction == Direction::Better));
    assert!(changes.objectives.iter().any(|o| o.after == Some(Status::Partial) && o.direction == Direction::Worse));
    assert_eq!(changes.coverage.accounts_removed, [dropped.as_str()]);
    assert_eq!(changes.coverage.account_count.map(|m| m.before - m.after), Some(1));

    let findings = &changes.findings;
    assert!(findings.new.iter().any(|f| f.resource.as_deref() == Some("i-0new0instance")));
    assert_eq!(findings.regressed.len(), 1, "{:#?}", findings.regressed);
    assert!(!findings.fixed.is_empty());
    assert!(
        findings
            .fixed
            .iter()
            .all(|f| f.account.as_deref() == Some(dropped.as_str()) && f.resolution == Some(Resolution::AccountGone)),
        "only the dropped account's findings are fixed, as gone: {:#?}",
        findings.fixed
    );
    assert!(changes.exceptions.iter().any(|e| e.change == RecordChangeKind::Changed));
}

#[test]
fn the_diff_is_deterministic_and_its_json_reads_back() {
    let (old, new) = (demo(), rescanned());
    assert_eq!(text(DiffFormat::Markdown, &old, &new), text(DiffFormat::Markdown, &old, &new));
    let json: serde_json::Value =
        serde_json::from_str(&text(DiffFormat::Json, &old, &new)).unwrap_or_else(|e| panic!("diff JSON: {e}"));
    assert!(json["findings"]["new"].is_array());
    assert_eq!(json["coverage"]["accounts_removed"][0], dropped_account(&old));
}

#[test]
fn text_of_the_rescanned_demo_counts_findings() {
    let text = text(DiffFormat::Text, &demo(), &rescanned());
    assert!(text.contains("Findings: 1 new,"), "{text}");
    assert!(text.contains("accounts removed"), "{text}");
    assert!(text.contains(&format!("findings in {} (account gone)", dropped_account(&demo()))), "{text}");
    assert!(!text.contains(NO_CHANGE));
}

#[test]
fn a_thousand_account_diff_is_fast_and_its_text_stays_short() {
    let old = synthetic::grow(demo(), catalogs(), 1000);
    let mut new = old.clone();
    let dropped = dropped_account(&new);
    new.findings.retain(|f| f.finding.location.account_id.as_deref() != Some(dropped.as_str()));
    let started = std::time::Instant::now();
    let changes = diff(&old, &new);
    let elapsed = started.elapsed();
    eprintln!("diff of {} findings: {elapsed:?}", old.findings.len());
    // The bound is 2 s in a release build; a debug build gets a generous one.
    let limit = std::time::Duration::from_secs(if cfg!(debug_assertions) { 30 } else { 2 });
    assert!(elapsed < limit, "{elapsed:?} for {} findings", old.findings.len());
    assert_eq!(changes.coverage.accounts_removed, [dropped.as_str()]);
    let text = render(DiffFormat::Text, &changes).unwrap_or_default();
    assert!(text.lines().count() < 30, "a dropped account is one line, not one per finding:\n{text}");
}

#[test]
fn markdown_of_the_demo_against_the_rescanned_demo() {
    insta::assert_snapshot!("demo-diff.md", text(DiffFormat::Markdown, &demo(), &rescanned()));
}

#[test]
fn text_lists_a_hundred_moved_findings_and_counts_the_rest() {
    let old = synthetic::grow(demo(), catalogs(), 20);
    let mut new = old.clone();
    for assessed in new.findings.iter_mut().filter(|f| f.finding.status == FindingStatus::Pass) {
        assessed.finding.status = FindingStatus::Fail;
    }
    let changes = diff(&old, &new);
    let regressed = changes.findings.regressed.len();
    assert!(regressed > 1000, "{regressed}");
    let text = render(DiffFormat::Text, &changes).unwrap_or_default();
    let listed = text.lines().filter(|l| l.trim_start().starts_with("regressed")).count();
    assert_eq!(listed, 100, "{text}");
    assert!(text.contains(&format!("... and {} more", regressed - 100)), "{text}");
    let markdown = render(DiffFormat::Markdown, &changes).unwrap_or_default();
    assert!(markdown.lines().filter(|l| l.contains("regressed")).count() >= regressed, "Markdown lists every one");
}

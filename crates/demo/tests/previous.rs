//! The demo one quarter earlier gives the trend and the diff something to show: it must assess,
//! be a quarter older in every date, and be worse exactly where the team has made progress since.

use maturity_assess::{Answers, Assessment, Config, ControlResult, Status, diff, diff::Direction};
use maturity_checks::FindingStatus;
use maturity_evidence::Bundle;
use maturity_model::Catalogs;

fn now() -> Assessment {
    maturity_demo::assessment().unwrap_or_else(|e| panic!("the demo does not assess: {e}"))
}

fn previous() -> Assessment {
    maturity_demo::previous_quarter().unwrap_or_else(|e| panic!("the demo's previous quarter does not assess: {e}"))
}

fn control<'a>(assessment: &'a Assessment, id: &str) -> &'a ControlResult {
    assessment
        .aws_smm
        .controls
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no control {id} in the assessment of {}", assessment.as_of))
}

fn met(assessment: &Assessment) -> u32 {
    assessment.aws_smm.status_counts.get(&Status::Met).copied().unwrap_or(0)
}

/// Met is best, then partial, then not met; unknown and not applicable are not on the scale.
fn rank(status: Status) -> Option<u8> {
    match status {
        Status::Met => Some(0),
        Status::Partial => Some(1),
        Status::NotMet => Some(2),
        Status::NotApplicable | Status::Unknown => None,
    }
}

#[test]
fn the_previous_quarter_assesses_a_quarter_earlier() {
    let previous = previous();
    assert_eq!(maturity_demo::previous_as_of(), maturity_demo::as_of() - chrono::Days::new(91));
    assert_eq!(previous.as_of, maturity_demo::previous_as_of());
    assert_eq!(previous.evidence.organization_id.as_deref(), Some("o-demo4example"));
    assert_eq!(previous.evidence.accounts, 6);
}

#[test]
fn the_previous_evidence_was_collected_91_days_earlier() {
    let today = Bundle::from_json("demo/evidence.json", maturity_demo::EVIDENCE_JSON)
        .unwrap_or_else(|e| panic!("the demo evidence does not parse: {e}"));
    let saved = Bundle::from_json("previous.json", &maturity_demo::previous_evidence_json())
        .unwrap_or_else(|e| panic!("the previous evidence JSON does not parse: {e}"));
    assert_eq!(maturity_demo::previous_bundle(), Ok(saved.clone()), "the JSON is the derived bundle");
    assert_eq!(saved.collector.collected_at, today.collector.collected_at - chrono::TimeDelta::days(91));
    assert_eq!(previous().evidence.collected_at, saved.collector.collected_at);
    // The scan and the day it is judged are as far apart as today's.
    assert_eq!(
        maturity_demo::previous_as_of() - saved.collector.collected_at.date_naive(),
        maturity_demo::as_of() - today.collector.collected_at.date_naive()
    );
    let report = |bundle: &Bundle| {
        bundle.accounts.iter().find_map(|a| a.global.iam_credential_report.get().ok().map(|r| r.generated_at))
    };
    assert_eq!(report(&saved), report(&today).map(|t| t - chrono::TimeDelta::days(91)), "the credential report too");
}

#[test]
fn the_previous_quarter_is_worse_but_never_better() {
    let (previous, now) = (previous(), now());
    assert!(
        previous.aws_smm.organization_phase <= now.aws_smm.organization_phase,
        "phase {} then, {} now",
        previous.aws_smm.organization_phase,
        now.aws_smm.organization_phase
    );
    assert!(
        met(&previous) < met(&now),
        "{:?} then, {:?} now",
        previous.aws_smm.status_counts,
        now.aws_smm.status_counts
    );
    assert!(
        previous.csmm.program_score < now.csmm.program_score,
        "CSMM {} then, {} now",
        previous.csmm.program_score,
        now.csmm.program_score
    );
    let changes = diff(&previous, &now);
    let moved: Vec<String> =
        changes.controls.iter().map(|c| format!("{} {:?}→{:?}", c.id, c.before, c.after)).collect();
    assert!(moved.len() >= 6, "only {} controls moved: {moved:?}", moved.len());
    let worse: Vec<&str> =
        changes.controls.iter().filter(|c| c.direction == Direction::Worse).map(|c| c.id.as_str()).collect();
    assert!(worse.is_empty(), "controls worse now than a quarter ago: {worse:?}");
    let worse: Vec<&str> =
        changes.objectives.iter().filter(|c| c.direction == Direction::Worse).map(|c| c.id.as_str()).collect();
    assert!(worse.is_empty(), "CSMM objectives worse now than a quarter ago: {worse:?}");
    assert!(!changes.findings.fixed.is_empty(), "no finding was fixed in a quarter");
}

/// Each control below was held back by something `previous.rs` undoes: it must not be met a
/// quarter earlier, and be better now.
#[test]
fn what_the_team_fixed_since_was_not_met_a_quarter_ago() {
    let (previous, now) = (previous(), now());
    for id in ["guardduty", "root-protection", "mfa", "imdsv2", "playbooks"] {
        let (then, today) = (control(&previous, id).status, control(&now, id).status);
        assert_ne!(then, Status::Met, "{id} was already met a quarter ago");
        let better = matches!((rank(then), rank(today)), (Some(t), Some(n)) if n < t);
        assert!(better, "{id} is not better now: {then} then, {today} now");
    }
    // Still partial today, but in fewer accounts a quarter ago: staging outside the region-deny
    // SCP, and prod's public static assets bucket.
    for id in ["choose-regions", "block-public-access"] {
        let holding = |a: &Assessment| control(a, id).coverage.map(|c| c.holding).unwrap_or(0);
        assert!(
            holding(&previous) < holding(&now),
            "{id} held in {} accounts then, {} now",
            holding(&previous),
            holding(&now)
        );
    }
}

/// The edits of `previous.rs`, seen as the findings they cause a quarter earlier and no more now.
#[test]
fn each_edit_shows_as_a_fixed_finding() {
    let changes = diff(&previous(), &now());
    let fixed = |check: &str, account: &str, region: Option<&str>, resource: Option<&str>| {
        changes.findings.fixed.iter().any(|f| {
            f.check == check
                && f.account.as_deref() == Some(account)
                && (region.is_none() || f.region.as_deref() == region)
                && (resource.is_none() || f.resource.as_deref() == resource)
                && f.after == Some(FindingStatus::Pass)
        })
    };
    let expected = [
        ("org-region-deny-policy", "645283910475", None, None),
        ("iam-root-account-protected", "318273645501", None, None),
        ("guardduty-detector-enabled", "754019283746", Some("us-east-1"), None),
        ("s3-no-public-buckets", "536472819203", None, Some("northwind-prod-static-assets-536472819203")),
        ("s3-account-public-access-block", "536472819203", None, None),
        ("iam-console-users-mfa", "645283910475", None, None),
    ];
    let missing: Vec<&str> = expected.iter().filter(|(c, a, r, res)| !fixed(c, a, *r, *res)).map(|e| e.0).collect();
    let imdsv1_workers = changes
        .findings
        .fixed
        .iter()
        .filter(|f| f.check == "ec2-imdsv2-required" && f.account.as_deref() == Some("536472819203"))
        .count();
    assert!(missing.is_empty(), "not fixed since a quarter ago: {missing:?}; fixed: {:#?}", changes.findings.fixed);
    assert_eq!(imdsv1_workers, 2, "the two prod workers required IMDSv2 since");
}

#[test]
fn no_previous_answer_is_dated_after_the_previous_as_of() {
    let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("the catalogs do not load: {e:?}"));
    let days = Config::default().answer_validity_days;
    let parse = |file: &str, text: &str| {
        Answers::parse(file, text, catalogs, days, maturity_demo::as_of())
            .unwrap_or_else(|e| panic!("{file} does not parse: {e}"))
    };
    let previous = parse("demo/previous/answers.toml", maturity_demo::PREVIOUS_ANSWERS_TOML);
    let today = parse("demo/answers.toml", maturity_demo::ANSWERS_TOML);
    let late: Vec<String> = previous
        .by_id
        .values()
        .filter(|a| a.date > maturity_demo::previous_as_of())
        .map(|a| format!("{} ({})", a.id, a.date))
        .collect();
    assert!(late.is_empty(), "answered after {}: {late:?}", maturity_demo::previous_as_of());
    assert!(!previous.by_id.is_empty());
    assert!(previous.by_id.len() < today.by_id.len(), "a team answers more over time, not less");
}

/// Both exceptions were running a quarter ago: the staging IMDSv1 exception expired only in
/// October.
#[test]
fn both_exceptions_applied_a_quarter_ago() {
    let previous = previous();
    let exceptions = &previous.exceptions;
    assert_eq!(exceptions.applied.len(), 2, "{exceptions:?}");
    assert!(exceptions.applied.iter().all(|e| e.findings > 0), "{exceptions:?}");
    assert!(exceptions.expired.is_empty() && exceptions.unused.is_empty(), "{exceptions:?}");
}

#[test]
fn the_previous_quarter_is_reproducible() {
    assert_eq!(previous(), previous());
    assert_eq!(maturity_demo::previous_evidence_json(), maturity_demo::previous_evidence_json());
}

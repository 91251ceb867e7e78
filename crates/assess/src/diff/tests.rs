//! Two small assessments that differ in one thing at a time, one test per kind of change.

use chrono::{NaiveDate, TimeZone as _, Utc};
use maturity_checks::{Finding, FindingStatus, Location};
use maturity_evidence::Tags;

use super::{Direction, RecordChangeKind, Resolution, diff};
use crate::answers::{Answer, AnswerValue};
use crate::exceptions::Exception;
use crate::objectives::ObjectiveResult;
use crate::status::{Source, Status};
use crate::{
    AnswerReport, AssessedFinding, Assessment, AwsSmmResult, ControlResult, CsmmResult, EvidenceSummary,
    ExceptionReport, ScoreSummary, Tool,
};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
}

fn finding(check: &str, account: &str, region: &str, resource: &str, status: FindingStatus) -> AssessedFinding {
    AssessedFinding {
        finding: Finding {
            check: check.to_owned().into(),
            status,
            location: Location {
                account_id: Some(account.to_owned()),
                region: Some(region.to_owned()),
                resource: Some(resource.to_owned()),
            },
            tags: Tags::new(),
            message: format!("{resource} is {status}"),
        },
        excepted_by: None,
    }
}

fn control(id: &str, status: Status) -> ControlResult {
    let mut result = ControlResult::new(id);
    result.status = status;
    result.source = Source::Automated;
    result
}

fn objective(id: &str, status: Status) -> ObjectiveResult {
    ObjectiveResult {
        id: id.to_owned(),
        category: "iam".to_owned(),
        level: 2,
        status,
        source: Source::Automated,
        units: None,
        nothing_in_scope: false,
        answer: None,
        conflict: None,
        reasons: Vec::new(),
    }
}

fn answer(id: &str, value: AnswerValue) -> Answer {
    Answer { id: id.to_owned(), answer: value, evidence: None, owner: None, date: day(1), expires: day(30) }
}

fn exception(check: &str, reason: &str) -> Exception {
    Exception {
        number: 1,
        check: Some(check.to_owned()),
        control: None,
        account: Some("111111111111".to_owned()),
        region: None,
        resource: None,
        tag: None,
        reason: reason.to_owned(),
        owner: "sec".to_owned(),
        expires: day(30),
    }
}

/// Two accounts, two regions, two controls, one objective, one answer, one exception.
fn base() -> Assessment {
    let mut control_with_answer = control("security-contacts", Status::Met);
    control_with_answer.answer = Some(answer("security-contacts", AnswerValue::Yes));
    Assessment {
        schema_version: crate::ASSESSMENT_SCHEMA_VERSION,
        tool: Tool { name: "maturity".to_owned(), version: "test".to_owned() },
        as_of: day(20),
        evidence: EvidenceSummary {
            collected_at: Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).single().unwrap_or_default(),
            organization_id: None,
            accounts: 2,
            regions: vec!["eu-west-1".to_owned(), "us-east-1".to_owned()],
            coverage: maturity_evidence::Coverage::default(),
            api_calls: 0,
        },
        aws_smm: AwsSmmResult {
            organization_phase: 1,
            capabilities: Vec::new(),
            controls: vec![control("imdsv2", Status::NotMet), control_with_answer],
            status_counts: std::collections::BTreeMap::new(),
        },
        csmm: CsmmResult {
            program_score: 1.5,
            domains: Vec::new(),
            categories: Vec::new(),
            objectives: vec![objective("csmm.iam.2.1", Status::Partial)],
        },
        without_exceptions: ScoreSummary {
            organization_phase: 1,
            capability_phases: std::collections::BTreeMap::new(),
            category_levels: std::collections::BTreeMap::new(),
            program_score: 1.5,
            control_statuses: std::collections::BTreeMap::new(),
        },
        roadmap: Vec::new(),
        findings: vec![
            finding("ec2-imdsv2-required", "111111111111", "eu-west-1", "i-1", FindingStatus::Fail),
            finding("ec2-imdsv2-required", "111111111111", "eu-west-1", "i-2", FindingStatus::Pass),
            finding("ec2-imdsv2-required", "222222222222", "us-east-1", "i-3", FindingStatus::Fail),
            finding("s3-public", "111111111111", "us-east-1", "b-1", FindingStatus::Inconclusive),
        ],
        exceptions: ExceptionReport {
            applied: Vec::new(),
            expired: Vec::new(),
            unused: vec![exception("s3-public", "legacy")],
        },
        answers: AnswerReport { given: 1, used: vec!["security-contacts".to_owned()], ..AnswerReport::default() },
    }
}

#[test]
fn identical_assessments_give_an_empty_diff() {
    let changes = diff(&base(), &base());
    assert!(changes.is_empty(), "{changes:#?}");
    assert_eq!(changes.findings.still_failing.len(), 3);
}

#[test]
fn a_control_and_an_objective_that_moved_say_which_way() {
    let mut new = base();
    new.aws_smm.controls[0].status = Status::Met;
    new.csmm.objectives[0].status = Status::Unknown;
    let changes = diff(&base(), &new);
    assert_eq!(changes.controls.len(), 1);
    assert_eq!(changes.controls[0].id, "imdsv2");
    assert_eq!((changes.controls[0].before, changes.controls[0].after), (Some(Status::NotMet), Some(Status::Met)));
    assert_eq!(changes.controls[0].direction, Direction::Better);
    assert_eq!(changes.objectives[0].direction, Direction::Neither);
    assert!(!changes.is_empty());
}

#[test]
fn headline_scores_have_a_direction() {
    let mut new = base();
    new.aws_smm.organization_phase = 2;
    new.csmm.program_score = 1.2;
    let changes = diff(&base(), &new);
    assert_eq!(changes.organization_phase.direction, Direction::Better);
    assert_eq!(changes.program_score.direction, Direction::Worse);
}

#[test]
fn findings_are_new_fixed_regressed_or_still_failing() {
    let mut new = base();
    new.findings[0].finding.status = FindingStatus::Pass; // i-1 fixed
    new.findings[1].finding.status = FindingStatus::Fail; // i-2 regressed
    new.findings.push(finding("ec2-imdsv2-required", "111111111111", "eu-west-1", "i-9", FindingStatus::Fail));
    new.findings.retain(|f| f.finding.location.resource.as_deref() != Some("b-1")); // resource gone
    let changes = diff(&base(), &new).findings;
    let resources =
        |list: &[super::FindingChange]| -> Vec<String> { list.iter().filter_map(|c| c.resource.clone()).collect() };
    assert_eq!(resources(&changes.new), ["i-9"]);
    assert_eq!(resources(&changes.regressed), ["i-2"]);
    assert_eq!(resources(&changes.fixed), ["i-1", "b-1"], "sorted by check, then where");
    assert_eq!(changes.fixed[0].resolution, Some(Resolution::Passes));
    assert_eq!(changes.fixed[1].resolution, Some(Resolution::ResourceGone));
    assert_eq!(resources(&changes.still_failing), ["i-3"]);
}

#[test]
fn a_removed_account_and_region_fix_their_findings_as_gone_not_as_passing() {
    let mut new = base();
    new.findings.retain(|f| f.finding.location.account_id.as_deref() != Some("222222222222"));
    new.evidence.accounts = 1;
    new.evidence.regions = vec!["eu-west-1".to_owned(), "ap-south-1".to_owned()];
    let changes = diff(&base(), &new);
    assert_eq!(changes.coverage.accounts_removed, ["222222222222"]);
    assert!(changes.coverage.accounts_added.is_empty());
    assert_eq!(changes.coverage.regions_added, ["ap-south-1"]);
    assert_eq!(changes.coverage.regions_removed, ["us-east-1"]);
    assert_eq!(changes.coverage.account_count.map(|m| (m.before, m.after)), Some((2, 1)));
    let gone: Vec<_> = changes.findings.fixed.iter().map(|c| (c.resource.clone(), c.resolution)).collect();
    assert_eq!(gone, [(Some("i-3".to_owned()), Some(Resolution::AccountGone))]);
}

#[test]
fn answers_are_added_changed_expired_or_removed() {
    let mut new = base();
    new.aws_smm.controls[1].answer = Some(answer("security-contacts", AnswerValue::Partial));
    new.answers.not_applicable.push(answer("csmm.iam.2.1", AnswerValue::NotApplicable));
    let changes = diff(&base(), &new);
    let kinds: Vec<_> = changes.answers.iter().map(|a| (a.id.as_str(), a.change)).collect();
    assert_eq!(kinds, [("csmm.iam.2.1", RecordChangeKind::Added), ("security-contacts", RecordChangeKind::Changed)]);

    let mut expired = base();
    let old_answer = expired.aws_smm.controls[1].answer.take();
    expired.answers.expired.extend(old_answer);
    let changes = diff(&base(), &expired);
    assert_eq!(changes.answers[0].change, RecordChangeKind::Expired);
    assert_eq!(diff(&expired, &base()).answers[0].change, RecordChangeKind::Renewed);

    let mut removed = base();
    removed.aws_smm.controls[1].answer = None;
    assert_eq!(diff(&base(), &removed).answers[0].change, RecordChangeKind::Removed);
}

#[test]
fn exceptions_are_matched_by_what_they_cover_not_their_number() {
    let mut renumbered = base();
    renumbered.exceptions.unused[0].number = 7;
    assert!(diff(&base(), &renumbered).exceptions.is_empty());

    let mut changed = base();
    changed.exceptions.unused[0].reason = "migrating in Q1".to_owned();
    changed.exceptions.unused.push(exception("ec2-imdsv2-required", "vendor AMI"));
    let changes = diff(&base(), &changed);
    let kinds: Vec<_> = changes.exceptions.iter().map(|e| (e.scope.as_str(), e.change)).collect();
    assert_eq!(
        kinds,
        [
            ("check=ec2-imdsv2-required account=111111111111", RecordChangeKind::Added),
            ("check=s3-public account=111111111111", RecordChangeKind::Changed),
        ]
    );

    let mut expired = base();
    expired.exceptions.expired = std::mem::take(&mut expired.exceptions.unused);
    assert_eq!(diff(&base(), &expired).exceptions[0].change, RecordChangeKind::Expired);
}

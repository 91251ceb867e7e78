//! Text the report does not control, written to attack it: tag values, finding messages,
//! exceptions and answers files, catalog and roadmap links. Every piece must reach the page as
//! visible text, and no link may lead anywhere but an in-page anchor or an `https://` address.

mod support;

use maturity_assess::{Answer, AnswerValue, Assessment};
use maturity_checks::FindingStatus;
use maturity_model::Catalogs;
use support::{catalogs, demo};

const SCRIPT: &str = "<script>alert('pwned')</script>";
const SCRIPT_SHOWN: &str = "&lt;script&gt;alert('pwned')&lt;/script&gt;";
/// Closes the attribute or element it lands in, then opens its own.
const BREAKOUT: &str = r#""><img src=x onerror=alert(1)>"#;
const BREAKOUT_SHOWN: &str = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
const JAVASCRIPT_URL: &str = "javascript:alert(document.cookie)";
/// An `https://` address that tries to leave its `href`.
const QUOTED_URL: &str = r#"https://evil.example/"><svg/onload=alert(1)>"#;
const QUOTED_URL_SHOWN: &str = "https://evil.example/&quot;&gt;&lt;svg/onload=alert(1)&gt;";

fn hostile() -> String {
    format!("{SCRIPT}{BREAKOUT}")
}

/// `template` with a hostile id, owner and evidence.
fn hostile_answer(template: &Answer, id: &str, evidence: &str) -> Answer {
    Answer {
        id: format!("{id}{}", hostile()),
        answer: AnswerValue::Yes,
        evidence: Some(evidence.to_owned()),
        owner: Some(hostile()),
        ..template.clone()
    }
}

/// The demo, with hostile text in every place that shows data from outside the tool.
fn attacked() -> Assessment {
    let mut assessment = demo();
    assessment.evidence.organization_id = Some(format!("o-{}", hostile()));
    assessment.evidence.regions.push(hostile());
    let failing = assessment
        .findings
        .iter_mut()
        .find(|f| f.finding.status == FindingStatus::Fail)
        .unwrap_or_else(|| panic!("the demo has failing findings"));
    failing.finding.location.resource = Some(hostile());
    failing.finding.location.region = Some(hostile());
    failing.finding.message = format!("Group `{}` is {}", hostile(), hostile());
    for control in assessment.aws_smm.controls.iter_mut().filter(|c| !c.reasons.is_empty()) {
        control.reasons.push(hostile());
        control.failing_accounts.push(hostile());
    }
    let mut answered = assessment.aws_smm.controls.iter_mut().filter_map(|c| c.answer.as_mut());
    let first = answered.next().unwrap_or_else(|| panic!("the demo has attested controls"));
    first.evidence = Some(JAVASCRIPT_URL.to_owned());
    first.owner = Some(hostile());
    let second = answered.next().unwrap_or_else(|| panic!("the demo has two attested controls"));
    second.evidence = Some(QUOTED_URL.to_owned());
    for category in &mut assessment.csmm.categories {
        category.name = format!("{}{}", category.name, hostile());
        category.level_name = hostile();
        category.reasons.push(hostile());
    }
    let first_item = assessment.roadmap.first_mut().unwrap_or_else(|| panic!("the demo has a roadmap"));
    first_item.url = JAVASCRIPT_URL.to_owned();
    first_item.title = hostile();
    first_item.why = hostile();
    first_item.what_to_do = hostile();
    if let Some(second_item) = assessment.roadmap.get_mut(1) {
        second_item.url = "data:text/html,<script>alert(1)</script>".to_owned();
    }
    let applied = assessment.exceptions.applied.first_mut().unwrap_or_else(|| panic!("the demo applies exceptions"));
    applied.exception.reason = hostile();
    applied.exception.owner = hostile();
    applied.exception.resource = Some(hostile());
    applied.controls.push(hostile());
    let mut expired = applied.exception.clone();
    expired.number = 900;
    assessment.exceptions.expired.push(expired);
    let answers = &mut assessment.answers;
    let template = answers.expired.first().cloned().unwrap_or_else(|| panic!("the demo has an expired answer"));
    answers.not_applicable.push(hostile_answer(&template, "na", &hostile()));
    answers.not_applicable.push(hostile_answer(&template, "na-link", JAVASCRIPT_URL));
    answers.expired.push(hostile_answer(&template, "expired", &hostile()));
    answers.conflicts.push(hostile());
    assessment
}

/// The built-in catalogs with a hostile official page for every control.
fn attacked_catalogs() -> Catalogs {
    let mut catalogs = catalogs().clone();
    for control in &mut catalogs.aws_smm.controls {
        control.url = JAVASCRIPT_URL.to_owned();
    }
    catalogs
}

fn page() -> String {
    maturity_report::html::render(&attacked(), &attacked_catalogs())
}

/// The part of `page` from the section with this id to the next section.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("<section class=\"card\" id=\"{id}\"")).unwrap_or_else(|| panic!("no {id}"));
    let end = page[start..].find("</section>").map_or(page.len(), |end| start + end);
    &page[start..end]
}

#[test]
fn injected_markup_never_becomes_an_element() {
    let page = page();
    assert_eq!(page.matches("<script").count(), 1, "only the report's own script");
    assert_eq!(page.matches("<svg").count(), 1, "only the CSMM chart");
    for needle in ["<img", "<svg/", "onerror=alert(1)>", "<script>alert"] {
        assert!(!page.contains(needle), "raw {needle} in the report");
    }
}

#[test]
fn every_section_shows_the_injected_text() {
    let page = page();
    for id in ["summary", "csmm", "roadmap", "controls", "accepted"] {
        let part = section(&page, id);
        assert!(part.contains(SCRIPT_SHOWN), "{id} does not show the script as text");
        assert!(part.contains(BREAKOUT_SHOWN), "{id} does not show the breakout as text");
    }
}

#[test]
fn links_only_go_to_anchors_or_https() {
    let page = page();
    let hrefs: Vec<&str> = page.split(" href=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap_or(0)]).collect();
    assert!(hrefs.len() > 100, "{} links", hrefs.len());
    for href in hrefs {
        assert!(href.starts_with('#') || href.starts_with("https://"), "link to {href}");
    }
    assert!(!page.to_ascii_lowercase().contains("javascript:alert(document.cookie)\""));
}

#[test]
fn hostile_link_targets_are_shown_as_text() {
    let page = page();
    let controls = section(&page, "controls");
    assert!(controls.contains(&format!("<dd>{JAVASCRIPT_URL}</dd>")), "answer evidence as text");
    assert!(controls.contains(&format!("<span class=\"unlinked\">{JAVASCRIPT_URL}</span>")), "official page as text");
    let roadmap = section(&page, "roadmap");
    assert!(roadmap.contains(&format!("<span class=\"unlinked\">{SCRIPT_SHOWN}{BREAKOUT_SHOWN}</span>")));
}

#[test]
fn quotes_cannot_leave_an_https_link() {
    let page = page();
    let link =
        format!("<a class=\"external\" href=\"{QUOTED_URL_SHOWN}\" rel=\"noopener noreferrer\">{QUOTED_URL_SHOWN}</a>");
    assert!(page.contains(&link), "the evidence link keeps its quote escaped");
}

//! The dashboard's pages over HTTP, on the demo's two saved quarters: the overview's trend, the
//! grid's links, the control page's filters, the diff, the pages read from an assessment's head
//! alone, and 404 for what does not exist.

mod support;

use support::{Dashboard, links};

/// The number of `needle`s in `haystack`.
fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The part of `html` from the element with `marker` to the next `</figure>`.
fn figure<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let rest = &html[start..];
    &rest[..rest.find("</figure>").unwrap_or(rest.len())]
}

#[test]
fn the_overview_shows_both_quarters_and_the_phase() {
    let dashboard = Dashboard::demo();
    let (old, new) = dashboard.ids;
    let page = dashboard.get("/");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.header("content-security-policy").is_some_and(|csp| csp.contains("default-src 'none'")));
    let before = maturity_demo::previous_quarter().unwrap_or_else(|e| panic!("{e}"));
    let now = maturity_demo::assessment().unwrap_or_else(|e| panic!("{e}"));

    // The latest assessment's headline.
    assert!(page.body.contains(&format!(r#"id="latest" data-id="{new}""#)), "{}", page.body);
    let phase = now.aws_smm.organization_phase;
    assert!(page.body.contains(&format!(r#"<div class="value">{phase} <small>of 4</small>"#)), "phase {phase}");
    assert!(page.body.contains(&format!("{:.1} <small>of 5</small>", now.csmm.program_score)));

    // Each trend has one point per saved quarter, oldest first, with its value.
    let met = |a: &maturity_assess::Assessment| a.aws_smm.status_counts.get(&maturity_assess::Status::Met).copied();
    for (trend, values) in [
        ("phase", [before.aws_smm.organization_phase.to_string(), phase.to_string()]),
        ("met", [met(&before).unwrap_or(0).to_string(), met(&now).unwrap_or(0).to_string()]),
        ("csmm", [format!("{:.1}", before.csmm.program_score), format!("{:.1}", now.csmm.program_score)]),
    ] {
        let svg = figure(&page.body, &format!(r#"data-trend="{trend}""#));
        assert_eq!(count(svg, "<circle"), 2, "{trend}: {svg}");
        let first = svg.find(&format!(r#"data-id="{old}" data-value="{}""#, values[0]));
        let second = svg.find(&format!(r#"data-id="{new}" data-value="{}""#, values[1]));
        assert!(matches!((first, second), (Some(a), Some(b)) if a < b), "{trend} {values:?}: {svg}");
        assert!(svg.contains("<polyline"), "{trend}: no line");
    }
    // The quarters did move: 10 then 14 controls met.
    assert_eq!((met(&before), met(&now)), (Some(10), Some(14)));

    // Both are listed, newest first, linked.
    let listed = links(&page.body, "/assessments/");
    let (new_at, old_at) = (
        listed.iter().position(|l| *l == format!("/assessments/{new}")),
        listed.iter().position(|l| *l == format!("/assessments/{old}")),
    );
    assert!(matches!((new_at, old_at), (Some(a), Some(b)) if a < b), "{listed:?}");
}

#[test]
fn every_link_of_the_grid_and_the_objectives_resolves() {
    let dashboard = Dashboard::demo();
    let (_, new) = dashboard.ids;
    let page = dashboard.get(&format!("/assessments/{new}"));
    assert_eq!(page.status, 200, "{}", page.body);
    let controls = links(&page.body, &format!("/assessments/{new}/controls/"));
    let objectives = links(&page.body, &format!("/assessments/{new}/objectives/"));
    assert_eq!(controls.len(), 74, "every AWS SMM control has its cell: {controls:?}");
    assert!(objectives.len() > 30, "the CSMM objectives: {objectives:?}");
    // The report's own anchors are not left behind.
    assert!(!page.body.contains("href=\"#control-"), "a grid cell still points into the report");
    for link in controls.iter().chain(&objectives) {
        let target = dashboard.get(link);
        assert_eq!(target.status, 200, "{link}: {}", target.body);
        assert!(target.body.contains("id=\"history\""), "{link} has no history");
    }
    // The roadmap's steps link to pages too.
    let roadmap = dashboard.get(&format!("/assessments/{new}/roadmap"));
    assert_eq!(roadmap.status, 200);
    let steps = links(&roadmap.body, &format!("/assessments/{new}/"));
    assert!(!steps.is_empty(), "the roadmap links nothing");
    for link in steps {
        assert_eq!(dashboard.get(&link).status, 200, "{link}");
    }
}

/// The rows of the findings table: (account, region, status) of each.
fn rows(html: &str) -> Vec<(String, String, String)> {
    html.split(r#"<tr class="finding" "#)
        .skip(1)
        .map(|row| {
            let attribute = |name: &str| {
                let start = row.find(&format!(r#"{name}=""#)).map_or(0, |i| i + name.len() + 2);
                row[start..].split('"').next().unwrap_or_default().to_owned()
            };
            (attribute("data-account"), attribute("data-region"), attribute("data-status"))
        })
        .collect()
}

#[test]
fn the_control_page_filters_findings_on_the_server() {
    let dashboard = Dashboard::demo();
    let (_, new) = dashboard.ids;
    // imdsv2: instances in several accounts and regions, failing in staging.
    let path = format!("/assessments/{new}/controls/imdsv2");
    let all = dashboard.get(&path);
    assert_eq!(all.status, 200, "{}", all.body);
    let every = rows(&all.body);
    assert!(every.len() > 3, "{every:?}");
    let accounts: std::collections::BTreeSet<&str> = every.iter().map(|r| r.0.as_str()).collect();
    assert!(accounts.len() > 1, "{accounts:?}");
    assert!(all.body.contains("id=\"history\""));

    let account = "536472819203";
    let expected = every.iter().filter(|r| r.0 == account).count();
    assert!(expected > 0 && expected < every.len());
    let only = rows(&dashboard.get(&format!("{path}?account={account}")).body);
    assert_eq!(only.len(), expected, "{only:?}");
    assert!(only.iter().all(|r| r.0 == account));

    let failing = rows(&dashboard.get(&format!("{path}?status=fail")).body);
    assert!(!failing.is_empty() && failing.iter().all(|r| r.2 == "fail"), "{failing:?}");
    assert_eq!(failing.len(), every.iter().filter(|r| r.2 == "fail").count());

    let region = every[0].1.clone();
    let both = rows(&dashboard.get(&format!("{path}?account={account}&region={region}&status=")).body);
    assert!(both.iter().all(|r| r.0 == account && r.1 == region));
    assert_eq!(both.len(), every.iter().filter(|r| r.0 == account && r.1 == region).count());

    let none = dashboard.get(&format!("{path}?account=000000000000"));
    assert_eq!(none.status, 200);
    assert!(rows(&none.body).is_empty(), "a filter that matches nothing shows nothing");
    assert!(none.body.contains(&format!(r#"data-kept="0" data-total="{}""#, every.len())), "{}", none.body);
}

#[test]
fn the_diff_page_shows_the_controls_that_moved() {
    let dashboard = Dashboard::demo();
    let (old, new) = dashboard.ids;
    for path in ["/diff".to_owned(), format!("/diff?old={old}&new={new}"), format!("/diff?new={new}")] {
        let page = dashboard.get(&path);
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert!(page.body.contains(&format!(r#"data-old="{old}" data-new="{new}""#)), "{path}");
        for control in ["guardduty", "root-protection", "mfa", "imdsv2", "playbooks"] {
            let row = format!(r#"<tr data-moved="{control}"><td><a href="/assessments/{new}/controls/{control}">"#);
            assert!(page.body.contains(&row), "{path}: {control} did not move");
        }
        assert!(page.body.contains("dir-better"));
        assert!(!page.body.contains("No change between"), "{path}");
    }
    // The same assessment on both sides: nothing moved.
    let same = dashboard.get(&format!("/diff?old={new}&new={new}"));
    assert_eq!(same.status, 200);
    assert!(same.body.contains("No change between the two assessments."));
}

#[test]
fn what_does_not_exist_is_404_and_a_loopback_server_wants_a_loopback_host() {
    let dashboard = Dashboard::demo();
    let (_, new) = dashboard.ids;
    for path in [
        "/assessments/999".to_owned(),
        "/assessments/abc".to_owned(),
        "/assessments/999/roadmap".to_owned(),
        format!("/assessments/{new}/controls/no-such-control"),
        format!("/assessments/{new}/objectives/csmm.nothing.9.9"),
        "/assessments/999/controls/imdsv2".to_owned(),
        "/diff?old=999".to_owned(),
        "/diff?old=x&new=1".to_owned(),
        "/no/such/page".to_owned(),
    ] {
        let page = dashboard.get(&path);
        assert_eq!(page.status, 404, "{path}: {}", page.body);
        assert!(page.body.contains("data-status=\"404\""), "{path}: not the 404 page");
    }
    // Text from the address is shown escaped, never as markup.
    let hostile = dashboard.get(&format!("/assessments/{new}/controls/%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
    assert_eq!(hostile.status, 404);
    assert!(!hostile.body.contains("<script>") && hostile.body.contains("&lt;script&gt;"), "{}", hostile.body);
    // A page of another site that rebinds its name to 127.0.0.1 is refused.
    let rebound = dashboard.get_with("/", &[("host", "attacker.example:8480")]);
    assert_eq!(rebound.status, 403, "{}", rebound.body);
}

/// The findings count in the summary's scope.
fn findings_shown(html: &str) -> Option<usize> {
    let start = html.find("<dt>Findings</dt><dd>")? + "<dt>Findings</dt><dd>".len();
    html[start..].split('<').next()?.parse().ok()
}

#[test]
fn the_grid_roadmap_objectives_and_history_render_from_the_head_alone() {
    // The newest assessment's whole is damaged behind the store's back: only its head can be read.
    let dashboard = Dashboard::tampered(|(_, new)| {
        vec![format!("UPDATE assessments SET assessment_gz = X'00010203' WHERE id = {new}")]
    });
    let (old, new) = dashboard.ids;
    let findings = maturity_demo::assessment().unwrap_or_else(|e| panic!("{e}")).findings.len();
    assert!(findings > 0);

    let grid = dashboard.get(&format!("/assessments/{new}"));
    assert_eq!(grid.status, 200, "{}", grid.body);
    assert_eq!(links(&grid.body, &format!("/assessments/{new}/controls/")).len(), 74);
    // A head has no findings, but the page does not say the assessment has none.
    assert_eq!(findings_shown(&grid.body), Some(findings), "{}", grid.body);

    let objectives = links(&grid.body, &format!("/assessments/{new}/objectives/"));
    assert!(!objectives.is_empty());
    for path in [
        "/".to_owned(),
        format!("/assessments/{new}/roadmap"),
        objectives[0].clone(),
        // The history of the older assessment's control page lists the newer's status.
        format!("/assessments/{old}/controls/imdsv2"),
    ] {
        let page = dashboard.get(&path);
        assert_eq!(page.status, 200, "{path}: {}", page.body);
    }
    let history = dashboard.get(&format!("/assessments/{old}/controls/imdsv2")).body;
    assert!(history.contains(&format!(r#"<tr data-id="{new}" data-status=""#)), "{history}");

    // The pages that show findings do read the whole, which is damaged.
    let control = dashboard.get(&format!("/assessments/{new}/controls/imdsv2"));
    assert_eq!(control.status, 500, "{}", control.body);
}

#[test]
fn assessments_saved_before_heads_were_kept_render_from_the_whole() {
    let dashboard = Dashboard::tampered(|_| vec!["UPDATE assessments SET head_gz = NULL, findings = NULL".to_owned()]);
    let (old, new) = dashboard.ids;
    let now = maturity_demo::assessment().unwrap_or_else(|e| panic!("{e}"));
    let before = maturity_demo::previous_quarter().unwrap_or_else(|e| panic!("{e}"));
    for (id, assessment) in [(new, &now), (old, &before)] {
        let grid = dashboard.get(&format!("/assessments/{id}"));
        assert_eq!(grid.status, 200, "{}", grid.body);
        assert_eq!(findings_shown(&grid.body), Some(assessment.findings.len()));
        assert_eq!(dashboard.get(&format!("/assessments/{id}/roadmap")).status, 200);
    }
    let control = dashboard.get(&format!("/assessments/{new}/controls/imdsv2"));
    assert_eq!(control.status, 200, "{}", control.body);
    assert!(control.body.contains(&format!(r#"<tr data-id="{old}" data-status=""#)));
}

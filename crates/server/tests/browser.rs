//! The dashboard in real headless Chromium, on the demo's two saved quarters: the overview shows
//! the newest saved assessment's AWS SMM phase and CSMM score (as read back from the database),
//! its grid's cells lead to the controls' pages, the diff page renders and its picker works; and
//! a dashboard on every interface shows a browser without the token the login form (401), and
//! everything after signing in through that form. Leaves `dashboard-overview.png` (the overview's
//! top) in the target directory.
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/setup.sh installs them); without
//! them these tests fail, they never skip. The client is the `maturity-browser` crate, paired with
//! the test dashboard in `support::browser::Visitor`.

mod support;

use support::Dashboard;
use support::browser::{COOKIE, Visitor};

/// The phase as the overview's headline shows it.
fn phase_text(phase: impl std::fmt::Display) -> String {
    format!("{phase} of 4")
}

/// The CSMM program score as the overview's headline shows it.
fn score_text(score: f64) -> String {
    format!("{score:.1} of 5")
}

/// The cell clicked: a control whose status moved between the quarters.
const CLICKED: &str = "imdsv2";

#[test]
fn the_overview_grid_and_diff_work_in_headless_chromium() {
    let visitor = Visitor::new(Dashboard::demo());
    let browser = &visitor.browser;
    let (old, new) = visitor.dashboard.ids;
    let newest = visitor.dashboard.newest();
    assert_eq!(newest, new, "the demo's current quarter is the newest saved");
    let (before, now) = (visitor.dashboard.load(old), visitor.dashboard.load(newest));
    // The quarters' scores differ, so an overview of the older one is caught (the demo's phase is
    // the same in both; the headline's `data-id` names the assessment too).
    assert_ne!(score_text(before.csmm.program_score), score_text(now.csmm.program_score));

    visitor.open("/");
    assert_eq!(visitor.status(), 200);
    assert_eq!(browser.title(), "Overview · maturity");
    let latest = browser.find("#latest");
    assert_eq!(latest.attribute("data-id"), Some(newest.to_string()));
    let phase = browser.find("#kpi-phase .value").text();
    assert_eq!(phase, phase_text(now.aws_smm.organization_phase), "the overview's AWS SMM phase");
    let score = browser.find("#kpi-csmm .value").text();
    assert_eq!(score, score_text(now.csmm.program_score), "the overview's CSMM program score");
    // The stylesheets loaded (served by the app, allowed by its Content-Security-Policy).
    let styled = browser.eval("return getComputedStyle(document.querySelector('#latest')).borderTopStyle;");
    assert_eq!(styled, "solid", "the report's `.card` rule did not apply");
    let shot = visitor.screenshot("dashboard-overview.png", Some(f64::from(support::browser::HEIGHT)));
    assert!(std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000), "{}", shot.display());

    // From the headline to the grid, and from a grid cell to that control's page.
    browser.find(&format!("#latest a[href=\"/assessments/{newest}\"]")).click();
    let assessment = format!("/assessments/{newest}");
    browser.wait_until("the assessment", maturity_browser::WAIT, |b| b.path() == assessment);
    assert_eq!(visitor.path(), assessment);
    assert_eq!(browser.find_all("table.grid a.cell[data-control]").len(), 74, "grid cells");
    let cell = browser.find(&format!("a.cell[data-control=\"{CLICKED}\"]"));
    let status = cell.attribute("data-status").unwrap_or_else(|| panic!("the cell has no status"));
    cell.click();
    let detail = format!("/assessments/{newest}/controls/{CLICKED}");
    browser.wait_until("the control", maturity_browser::WAIT, |b| b.path() == detail);
    assert_eq!(visitor.path(), detail);
    assert_eq!(visitor.status(), 200);
    assert_eq!(browser.find("#control-title").attribute("data-control").as_deref(), Some(CLICKED));
    let saved = now.aws_smm.controls.iter().find(|c| c.id == CLICKED).unwrap_or_else(|| panic!("no {CLICKED}"));
    assert_eq!(status, saved.status.id(), "the cell's status is the saved one");
    assert!(!browser.find_all("#finding-table tr.finding").is_empty(), "{CLICKED} lists no findings");

    // The diff, from the header's link: the two quarters, the controls that moved.
    browser.find("header.top nav a[href=\"/diff\"]").click();
    browser.wait_until("the diff", maturity_browser::WAIT, |b| b.path() == "/diff");
    assert_eq!(visitor.path(), "/diff");
    assert_eq!(visitor.status(), 200);
    let title = browser.find("#diff-title");
    assert_eq!(
        (title.attribute("data-old"), title.attribute("data-new")),
        (Some(old.to_string()), Some(new.to_string()))
    );
    let headline = browser.find("#diff-headline").text();
    let moved = format!("{} → {}", before.aws_smm.organization_phase, now.aws_smm.organization_phase);
    assert!(headline.contains(&moved), "the diff's phase is not {moved}: {headline}");
    let rows = browser.find_all("tr[data-moved]");
    assert!(rows.len() >= 5, "controls that moved: {}", rows.len());
    assert!(browser.try_find("#no-change").is_none());
    // "better" in the report stylesheet's green (the standalone diff page uses the same rules).
    let green = browser.eval("return getComputedStyle(document.querySelector('tr[data-moved] .dir-better')).color;");
    assert_eq!(green, "rgb(26, 127, 55)", "the better/worse colours did not apply");
    // The picker: the newest against itself has nothing to show.
    browser.find("form.filters select[name=old]").select(&new.to_string());
    browser.find("form.filters").submit();
    let filtered = format!("/diff?old={new}&new={new}");
    browser.wait_until("the filtered diff", maturity_browser::WAIT, |b| b.path() == filtered);
    assert_eq!(visitor.path(), filtered);
    assert!(browser.find("#no-change").text().contains("No change"), "{}", browser.text());
    assert!(browser.find_all("tr[data-moved]").is_empty());
}

#[test]
fn on_every_interface_the_browser_signs_in_with_the_token() {
    // Bound to every interface, a token is asked of every request without `--require-token`,
    // whatever its address or `Host` (`Access::Token` looks at neither): browsing through
    // 127.0.0.1 meets the same rule as through a LAN address would.
    let (dashboard, tokens) = Dashboard::start("0.0.0.0:0", false, 1).unwrap_or_else(|e| panic!("{e}"));
    assert!(dashboard.addr.ip().is_unspecified(), "{}", dashboard.addr);
    let visitor = Visitor::new(dashboard);
    let browser = &visitor.browser;
    let (_, new) = visitor.dashboard.ids;
    let control = format!("/assessments/{new}/controls/{CLICKED}");

    // Without the token: the login form, as a 401, and none of the dashboard.
    visitor.open(&control);
    assert_eq!(visitor.status(), 401);
    assert_eq!(visitor.path(), control, "the refusal is not a redirect");
    assert!(browser.try_find("form.login").is_some(), "no login form: {}", browser.text());
    assert!(browser.try_find("#control-title").is_none() && browser.try_find("#latest").is_none());
    assert!(visitor.login_cookie().is_none());

    // A wrong token: refused again, no cookie.
    visitor.submit_login("0000");
    // The form posts to /login, which answers there: wait for the browser to be on it.
    browser.wait_until("the refused login", maturity_browser::WAIT, |b| b.path() == "/login");
    assert_eq!(visitor.status(), 401);
    assert!(browser.find("#login .error").text().contains("not valid"), "{}", browser.text());
    assert!(visitor.login_cookie().is_none(), "a wrong token set the cookie");

    // The right one, through the form that the refused page showed: back where the browser was
    // going, with the cookie the server set (kept from scripts, never sent by other sites).
    visitor.open(&control);
    visitor.log_in(&tokens[0]);
    assert_eq!(visitor.path(), control, "signing in did not go back to the page asked for");
    assert_eq!(browser.find("#control-title").attribute("data-control").as_deref(), Some(CLICKED));
    let cookie = visitor.login_cookie().unwrap_or_else(|| panic!("no {COOKIE}"));
    assert_eq!(cookie.value, tokens[0]);
    assert!(cookie.http_only, "{cookie:?}");
    assert_eq!(cookie.same_site, "Strict", "{cookie:?}");
    assert_eq!(cookie.path, "/");
    // Reloading after the form's POST and redirect asks for the page again, not the POST.
    browser.refresh();
    assert_eq!((visitor.path(), visitor.status()), (control.clone(), 200));

    // The cookie opens every page.
    visitor.open("/");
    assert_eq!(visitor.status(), 200);
    assert!(browser.try_find("#latest").is_some(), "{}", browser.text());
    visitor.open("/diff");
    assert_eq!(visitor.status(), 200);
    assert!(browser.try_find("#diff-title").is_some());

    // Signing out forgets it: the next page is the login form again.
    browser.find("header.top nav form[action=\"/logout\"] button").click();
    browser.wait_until("the sign-out", maturity_browser::WAIT, |b| b.path() == "/login");
    assert_eq!(visitor.path(), "/login");
    assert!(visitor.login_cookie().is_none(), "signing out kept the cookie");
    visitor.open("/");
    assert_eq!(visitor.status(), 401);
    assert!(browser.try_find("form.login").is_some());
}

/// An attested CSMM objective the demo leaves unanswered; answered `yes`, governance reaches
/// level 2 (nothing else held it back).
const ANSWERED: &str = "csmm.governance.2.1";

#[test]
fn an_answer_given_in_the_browser_moves_the_level_and_is_kept() {
    let visitor = Visitor::new(Dashboard::demo());
    let browser = &visitor.browser;
    let before = visitor.dashboard.newest();
    let level = |id: i64| {
        let assessment = visitor.dashboard.load(id);
        assessment.csmm.categories.iter().find(|c| c.id == "governance").map(|c| c.level)
    };
    assert_eq!(level(before), Some(1), "the demo starts at governance level 1");

    // From the list of what has no answer to the item, and its form.
    visitor.open("/questionnaire?show=unanswered");
    browser.find(&format!("tr[data-item=\"{ANSWERED}\"] a")).click();
    let item = format!("/questionnaire/{ANSWERED}");
    browser.wait_until("the item's page", maturity_browser::WAIT, |b| b.path() == item);
    assert_eq!(browser.find("#current-answer").attribute("data-answer").as_deref(), Some(""));
    browser.find("form.answer select[name=answer]").select("yes");
    browser.find("form.answer input[name=evidence]").fill("https://wiki.example.com/cloud-policy");
    browser.find("form.answer input[name=owner]").fill("governance@example.com");
    browser.find("form.answer button[type=submit]").click();

    // Saved and re-assessed at once: the page says what moved.
    browser.wait_until("the outcome", std::time::Duration::from_secs(30), |b| b.try_find("#outcome").is_some());
    let made = visitor.dashboard.newest();
    assert!(made > before, "no assessment was saved");
    assert_eq!(visitor.path(), format!("/questionnaire/{ANSWERED}?made={made}"));
    assert_eq!(level(made), Some(2), "the saved re-assessment");
    let moved = browser.find("#moves li.level-move[data-category=\"Governance\"]");
    assert_eq!(moved.attribute("data-level").as_deref(), Some("2"), "{}", moved.text());
    assert_eq!(browser.find("#current-answer").attribute("data-answer").as_deref(), Some("yes"));
    visitor.screenshot("dashboard-questionnaire.png", Some(f64::from(support::browser::HEIGHT)));

    // Kept: the overview shows the new assessment, also after a reload.
    visitor.open("/");
    assert_eq!(browser.find("#latest").attribute("data-id"), Some(made.to_string()));
    let score = score_text(visitor.dashboard.load(made).csmm.program_score);
    assert_eq!(browser.find("#kpi-csmm .value").text(), score);
    browser.refresh();
    assert_eq!(browser.find("#latest").attribute("data-id"), Some(made.to_string()));

    // The answers file downloaded from the dashboard holds the answer.
    visitor.open("/inputs");
    browser.find("#export-answers").click();
    let file = browser.wait_for_download("answers.toml", maturity_browser::WAIT);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let entry = text.split("[[answer]]").find(|e| e.contains(&format!("id = \"{ANSWERED}\""))).unwrap_or_default();
    assert!(entry.contains("answer = \"yes\"") && entry.contains("governance@example.com"), "{text}");

    // A form another page posts to the dashboard (here a page of its own, origin `null`) is refused
    // and changes nothing, even with every field right but the token.
    let forged = format!(
        "data:text/html,<form method=post action=\"{}\"><input name=base value={made}><input name=answer value=no>\
         <input name=owner value=x><input name=date value=2026-11-01></form><script>document.forms[0].submit()</script>",
        visitor.dashboard.url(&format!("/questionnaire/{ANSWERED}"))
    );
    browser.goto(&forged);
    browser.wait_until("the refusal", std::time::Duration::from_secs(10), |b| b.url().starts_with("http"));
    assert_eq!(visitor.status(), 403, "{}", browser.text());
    assert_eq!(visitor.dashboard.newest(), made, "the forged form saved something");
}

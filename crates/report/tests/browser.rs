//! The demo's HTML report opened in real headless Chromium: it loads without console errors,
//! shows the 74 grid cells and the 12 CSMM categories, and clicking a cell brings its detail
//! into view. Leaves screenshots for people in the target directory (`report-screenshot.png`,
//! the whole page; `report-overview.png`, its top, as in docs/report.png; `report-detail.png`,
//! after the click).
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/setup.sh installs them); without
//! them this test fails, it never skips. The WebDriver client is the `maturity-browser` crate,
//! which the dashboard's browser test shares.

mod support;

use std::path::{Path, PathBuf};

use maturity_browser::Browser;
use serde_json::Value;

/// How much of the page's top `report-overview.png` shows: the summary and the AWS SMM grid.
const OVERVIEW_HEIGHT: f64 = 1450.0;

/// The cell clicked: a control far down the grid, so its detail starts out of view.
const CLICKED: &str = "disaster-recovery";

fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().map_or_else(|| tmp.to_owned(), Path::to_owned)
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn errors(console: &[(String, String)]) -> Vec<&(String, String)> {
    console.iter().filter(|(level, _)| level == "SEVERE").collect()
}

#[test]
fn demo_report_works_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let report = dir.path().join("report.html");
    std::fs::write(&report, support::html(&support::demo())).unwrap_or_else(|e| panic!("{e}"));
    let browser = Browser::start(1400, 1000);

    // The console check must be able to fail: a page that throws shows up in it.
    browser.goto("data:text/html,<p>x</p><script>throw new Error('deliberate')</script>");
    let console = browser.console();
    assert!(errors(&console).iter().any(|(_, m)| m.contains("deliberate")), "console not captured: {console:?}");

    browser.goto(&file_url(&report));
    let console = browser.console();
    assert!(errors(&console).is_empty(), "console errors: {console:#?}");

    let cells = browser.find_all("table.grid a.cell[data-control]");
    assert_eq!(cells.len(), 74, "grid cells");
    let categories = browser.eval(
        "return [...document.querySelectorAll('svg.chart [data-category]')]
            .filter(g => { const b = g.getBBox(); return b.width > 0 && b.height > 0; })
            .map(g => g.dataset.category);",
    );
    assert_eq!(categories.as_array().map_or(0, Vec::len), 12, "drawn CSMM categories: {categories}");

    browser.screenshot_page(&target_dir().join("report-screenshot.png"), None);
    browser.screenshot_page(&target_dir().join("report-overview.png"), Some(OVERVIEW_HEIGHT));

    let selector = format!("a.cell[data-control=\"{CLICKED}\"]");
    let cell = browser.try_find(&selector).unwrap_or_else(|| panic!("no cell {CLICKED}"));
    let visible = format!(
        "const d = document.getElementById('control-{CLICKED}'); const r = d.getBoundingClientRect();
         return {{open: d.open, top: r.top, height: r.height, inView: r.top >= 0 && r.top < innerHeight && r.height > 0}};"
    );
    let before = browser.eval(&visible);
    assert_eq!(before["inView"], Value::Bool(false), "the detail should start out of view: {before}");
    cell.click();
    let hash = browser.eval("return location.hash;");
    assert_eq!(hash, Value::from(format!("#control-{CLICKED}")));
    let after = browser.eval(&visible);
    assert_eq!(after["inView"], Value::Bool(true), "the detail is not in view after the click: {after}");
    assert_eq!(after["open"], Value::Bool(true), "the detail did not open: {after}");
    browser.screenshot(&target_dir().join("report-detail.png"));

    let console = browser.console();
    assert!(errors(&console).is_empty(), "console errors after the click: {console:#?}");
}

//! The CSMM as an inline SVG bar chart: each category's level against its target, grouped by
//! domain, followed by a table that says what holds each category back.
//!
//! Bars are coloured by the gap to target (none, one level, more), and every bar also carries its
//! numbers as text, so the chart reads the same in grey print. SVG shapes are written with end
//! tags (`<rect …></rect>`): the HTML parser reads `<rect/>` the same way inside `<svg>`.

use maud::{Markup, html};

use maturity_assess::Assessment;
use maturity_assess::scoring::CategoryScore;
use maturity_model::csmm::{Domain, LEVEL_NAMES};

use super::markup::prose;

const WIDTH: u32 = 980;
const LABEL_WIDTH: u32 = 300;
const LEVEL_WIDTH: u32 = 100;
const ROW: u32 = 30;
const DOMAIN_ROW: u32 = 30;
const AXIS: u32 = 34;
const LEGEND_STEP: u32 = 190;

pub(super) fn render(assessment: &Assessment) -> Markup {
    let csmm = &assessment.csmm;
    let domains: Vec<String> = csmm.domains.iter().map(|d| format!("{} {:.1}", d.id.name(), d.score)).collect();
    let rows = u32::try_from(csmm.categories.len()).unwrap_or(u32::MAX);
    let height = AXIS + 3 * DOMAIN_ROW + rows.saturating_mul(ROW) + 30;
    let layout = Layout::new(assessment);
    html! {
        section.card #csmm {
            h2 { "Cloud Security Maturity Model v2" }
            p.lead {
                "Program score " strong { (format_args!("{:.1}", csmm.program_score)) " of 5" }
                " (" (domains.join(" · ")) "). A category is at level L when every objective of levels 2 to L is met; \
                 level 1 is where everyone starts. The dark mark is the category's target."
            }
            svg.chart viewBox={ "0 0 " (WIDTH) " " (height) } role="img" aria-labelledby="csmm-chart-title"
                xmlns="http://www.w3.org/2000/svg" {
                title #csmm-chart-title { "CSMM level and target per category" }
                (axis(height))
                @for rows in &layout.domains {
                    text.domain-title x="0" y=(rows.top + DOMAIN_ROW - 10) {
                        (rows.domain.name()) " · " (format_args!("{:.1}", rows.score))
                    }
                    @for &(category, y) in &rows.categories { (bar(category, y)) }
                }
                (legend(layout.bottom + 14))
            }
            (table(assessment))
        }
    }
}

/// Where each domain title and category bar goes, top to bottom.
struct Layout<'a> {
    domains: Vec<DomainRows<'a>>,
    /// Below the last bar.
    bottom: u32,
}

struct DomainRows<'a> {
    domain: Domain,
    score: f64,
    top: u32,
    categories: Vec<(&'a CategoryScore, u32)>,
}

impl<'a> Layout<'a> {
    fn new(assessment: &'a Assessment) -> Self {
        let csmm = &assessment.csmm;
        let mut y = AXIS;
        let mut domains = Vec::with_capacity(Domain::ALL.len());
        for domain in Domain::ALL {
            let score = csmm.domains.iter().find(|d| d.id == domain).map_or(0.0, |d| d.score);
            let top = y;
            y += DOMAIN_ROW;
            let mut categories = Vec::new();
            for category in csmm.categories.iter().filter(|c| c.domain == domain) {
                categories.push((category, y));
                y += ROW;
            }
            domains.push(DomainRows { domain, score, top, categories });
        }
        Self { domains, bottom: y }
    }
}

/// One category's row: name, track, bar, target mark and numbers, at height `y`.
fn bar(category: &CategoryScore, y: u32) -> Markup {
    let bar_class = match category.gap {
        0 => "bar-done",
        1 => "bar-gap1",
        _ => "bar-gap2",
    };
    let target_x = LABEL_WIDTH + u32::from(category.target) * LEVEL_WIDTH;
    let gap = if category.not_applicable {
        "not applicable".to_owned()
    } else if category.gap == 0 {
        "target met".to_owned()
    } else {
        format!("gap {}", category.gap)
    };
    let (level, target) = (category.level, category.target);
    html! {
        g.category data-category=(category.id) data-level=(level) data-target=(target) {
            title {
                (category.name) ": level " (level)
                @if !category.level_name.is_empty() { " (" (category.level_name) ")" }
                ", target " (target) ", " (gap)
            }
            text.category-name x="12" y=(y + 19) { (category.name) }
            rect.track x=(LABEL_WIDTH) y=(y + 6) width=(5 * LEVEL_WIDTH) height="16" rx="3" {}
            rect class=(bar_class) x=(LABEL_WIDTH) y=(y + 6) width=(u32::from(level) * LEVEL_WIDTH) height="16" rx="3" {}
            line.target x1=(target_x) x2=(target_x) y1=(y + 2) y2=(y + 26) {}
            text.value x=(LABEL_WIDTH + 5 * LEVEL_WIDTH + 14) y=(y + 19) { (level) " of " (target) " · " (gap) }
        }
    }
}

fn axis(height: u32) -> Markup {
    html! {
        g.axis {
            @for (level, name) in (1u32..).zip(LEVEL_NAMES) {
                @let x = LABEL_WIDTH + level * LEVEL_WIDTH;
                line.gridline x1=(x) x2=(x) y1=(AXIS - 8) y2=(height - 34) {}
                text x=(x - LEVEL_WIDTH / 2) y="14" text-anchor="middle" {
                    (level) " · " (name.split(" / ").last().unwrap_or(name))
                }
            }
        }
    }
}

fn legend(y: u32) -> Markup {
    let items =
        [("bar-done", "at or above target"), ("bar-gap1", "one level below target"), ("bar-gap2", "two or more below")];
    let target_x = LABEL_WIDTH + LEGEND_STEP * 3;
    html! {
        @for (x, (class, text)) in (0..).map(|i| LABEL_WIDTH + i * LEGEND_STEP).zip(items) {
            rect class=(class) x=(x) y=(y - 10) width="14" height="12" rx="2" {}
            text.value x=(x + 20) y=(y) { (text) }
        }
        line.target x1=(target_x) x2=(target_x) y1=(y - 12) y2=(y + 3) {}
        text.value x=(target_x + 8) y=(y) { "target" }
    }
}

fn table(assessment: &Assessment) -> Markup {
    html! {
        table.data #csmm-table {
            thead { tr {
                th { "Category" } th { "Domain" } th { "Level" } th.num { "Target" } th.num { "Gap" }
                th { "What the next level needs" }
            } }
            tbody {
                @for category in &assessment.csmm.categories {
                    tr {
                        td { (category.name) }
                        td.nw { (category.domain.name()) }
                        td.nw {
                            (category.level)
                            @if !category.level_name.is_empty() { " · " (category.level_name) }
                            @if category.not_applicable { " (not applicable)" }
                        }
                        td.num { (category.target) }
                        td.num { (category.gap) }
                        td {
                            @match category.reasons.as_slice() {
                                [] => "Highest level reached.",
                                [only] => (prose(only)),
                                [first, rest @ ..] => {
                                    (prose(first)) " " span.muted { "(and " (rest.len()) " more)" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

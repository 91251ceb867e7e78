//! The CSMM as an inline SVG bar chart: each category's level against its target, grouped by
//! domain, followed by a table that says what holds each category back.
//!
//! Bars are coloured by the gap to target (none, one level, more), and every bar also carries its
//! numbers as text, so the chart reads the same in grey print.

use std::fmt::{self, Write as _};

use maturity_assess::Assessment;
use maturity_model::csmm::{Domain, LEVEL_NAMES};

use super::markup::{esc, prose};

const WIDTH: u32 = 980;
const LABEL_WIDTH: u32 = 300;
const LEVEL_WIDTH: u32 = 100;
const ROW: u32 = 30;
const DOMAIN_ROW: u32 = 30;
const AXIS: u32 = 34;

pub(super) fn render(out: &mut String, assessment: &Assessment) -> fmt::Result {
    let csmm = &assessment.csmm;
    let domains: Vec<String> = csmm.domains.iter().map(|d| format!("{} {:.1}", d.id.name(), d.score)).collect();
    write!(
        out,
        r#"<section class="card" id="csmm"><h2>Cloud Security Maturity Model v2</h2><p class="lead">Program score <strong>{:.1} of 5</strong> ({}). A category is at level L when every objective of levels 2 to L is met; level 1 is where everyone starts. The dark mark is the category's target.</p>"#,
        csmm.program_score,
        domains.join(" · ")
    )?;
    let rows = u32::try_from(csmm.categories.len()).unwrap_or(u32::MAX);
    let height = AXIS + 3 * DOMAIN_ROW + rows.saturating_mul(ROW) + 30;
    write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="csmm-chart-title" xmlns="http://www.w3.org/2000/svg"><title id="csmm-chart-title">CSMM level and target per category</title>"#
    )?;
    axis(out, height)?;
    let mut y = AXIS;
    for domain in Domain::ALL {
        let score = csmm.domains.iter().find(|d| d.id == domain).map_or(0.0, |d| d.score);
        write!(
            out,
            r#"<text class="domain-title" x="0" y="{}">{} · {:.1}</text>"#,
            y + DOMAIN_ROW - 10,
            domain.name(),
            score
        )?;
        y += DOMAIN_ROW;
        for category in csmm.categories.iter().filter(|c| c.domain == domain) {
            let bar_class = match category.gap {
                0 => "bar-done",
                1 => "bar-gap1",
                _ => "bar-gap2",
            };
            let bar = u32::from(category.level) * LEVEL_WIDTH;
            let target = LABEL_WIDTH + u32::from(category.target) * LEVEL_WIDTH;
            let gap = if category.not_applicable {
                "not applicable".to_owned()
            } else if category.gap == 0 {
                "target met".to_owned()
            } else {
                format!("gap {}", category.gap)
            };
            write!(
                out,
                r#"<g class="category" data-category="{id}" data-level="{level}" data-target="{target_level}"><title>{name}: level {level}{level_name}, target {target_level}, {gap}</title><text class="category-name" x="12" y="{ty}">{name}</text><rect class="track" x="{LABEL_WIDTH}" y="{by}" width="{track}" height="16" rx="3"/><rect class="{bar_class}" x="{LABEL_WIDTH}" y="{by}" width="{bar}" height="16" rx="3"/><line class="target" x1="{target}" x2="{target}" y1="{t1}" y2="{t2}"/><text class="value" x="{vx}" y="{ty}">{level} of {target_level} · {gap}</text></g>"#,
                id = esc(&category.id),
                name = esc(&category.name),
                level = category.level,
                level_name = if category.level_name.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", esc(&category.level_name))
                },
                target_level = category.target,
                ty = y + 19,
                by = y + 6,
                track = 5 * LEVEL_WIDTH,
                t1 = y + 2,
                t2 = y + 26,
                vx = LABEL_WIDTH + 5 * LEVEL_WIDTH + 14,
            )?;
            y += ROW;
        }
    }
    legend(out, y + 14)?;
    out.push_str("</svg>");
    table(out, assessment)?;
    out.push_str("</section>\n");
    Ok(())
}

fn axis(out: &mut String, height: u32) -> fmt::Result {
    out.push_str(r#"<g class="axis">"#);
    for (level, name) in (1u32..).zip(LEVEL_NAMES) {
        let x = LABEL_WIDTH + level * LEVEL_WIDTH;
        write!(
            out,
            r#"<line class="gridline" x1="{x}" x2="{x}" y1="{}" y2="{}"/><text x="{}" y="14" text-anchor="middle">{level} · {}</text>"#,
            AXIS - 8,
            height - 34,
            x - LEVEL_WIDTH / 2,
            esc(name.split(" / ").last().unwrap_or(name))
        )?;
    }
    out.push_str("</g>");
    Ok(())
}

fn legend(out: &mut String, y: u32) -> fmt::Result {
    let items =
        [("bar-done", "at or above target"), ("bar-gap1", "one level below target"), ("bar-gap2", "two or more below")];
    let mut x = LABEL_WIDTH;
    for (class, text) in items {
        write!(
            out,
            r#"<rect class="{class}" x="{x}" y="{}" width="14" height="12" rx="2"/><text class="value" x="{}" y="{}">{text}</text>"#,
            y - 10,
            x + 20,
            y
        )?;
        x += 190;
    }
    write!(
        out,
        r#"<line class="target" x1="{x}" x2="{x}" y1="{}" y2="{}"/><text class="value" x="{}" y="{y}">target</text>"#,
        y - 12,
        y + 3,
        x + 8
    )
}

fn table(out: &mut String, assessment: &Assessment) -> fmt::Result {
    out.push_str(r#"<table class="data" id="csmm-table"><thead><tr><th>Category</th><th>Domain</th><th>Level</th><th class="num">Target</th><th class="num">Gap</th><th>What the next level needs</th></tr></thead><tbody>"#);
    for category in &assessment.csmm.categories {
        write!(
            out,
            r#"<tr><td>{}</td><td class="nw">{}</td><td class="nw">{}{}{}</td><td class="num">{}</td><td class="num">{}</td><td>"#,
            esc(&category.name),
            category.domain.name(),
            category.level,
            if category.level_name.is_empty() { String::new() } else { format!(" · {}", esc(&category.level_name)) },
            if category.not_applicable { " (not applicable)" } else { "" },
            category.target,
            category.gap
        )?;
        match category.reasons.as_slice() {
            [] => out.push_str("Highest level reached."),
            [only] => prose(out, only)?,
            [first, rest @ ..] => {
                prose(out, first)?;
                write!(out, r#" <span class="muted">(and {} more)</span>"#, rest.len())?;
            }
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    Ok(())
}

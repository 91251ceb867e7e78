//! The HTML report: one self-contained file that opens from disk, with no network at all.
//!
//! CSS, SVG and a few lines of script are inlined so the file can be mailed, attached to a
//! ticket or printed to PDF as it is. Sections, in reading order: the executive [`summary`],
//! the AWS SMM [`grid`], the CSMM [`chart`], the [`roadmap`], the per-control [`details`] and
//! the [`accepted`] risks and answers. Large organizations stay usable because the detail of
//! each control is collapsed and lists at most [`details::MAX_ROWS`] resources (the full list is
//! in `findings.csv`).
//!
//! Every part is a maud template: values are escaped unless a template says otherwise, and the
//! only unescaped text is this crate's own stylesheet and script (see [`render`]). Links out of
//! the report go through [`link`], which only links `https://` addresses.
//!
//! The dashboard (`maturity-server`) shows the same pieces on its pages, so they are public here
//! ([`summary`], [`grid`], [`csmm_chart`], [`roadmap`], [`badge`], [`prose`], [`STYLE`]) rather
//! than written twice; [`Links`] says where their control and objective links point.

mod accepted;
mod chart;
mod details;
mod grid;
mod link;
mod links;
mod markup;
mod roadmap;
mod summary;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use maturity_assess::{Assessment, Status};
use maturity_model::Catalogs;

use crate::view::Index;

pub use details::MAX_ROWS;
pub use links::Links;

/// The report's stylesheet, which the dashboard serves too.
pub const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// Renders the HTML report.
#[must_use]
pub fn render(assessment: &Assessment, catalogs: &Catalogs) -> String {
    page(assessment, catalogs).into_string()
}

/// The executive summary: headline scores, controls by status, evidence coverage, scope.
#[must_use]
pub fn summary(assessment: &Assessment) -> Markup {
    summary::render(assessment, assessment.findings.len())
}

/// The executive summary of an assessment held without its findings (the dashboard's saved
/// heads), which has `findings` findings: the only part of the summary that reads them is their
/// count ([`grid`], [`csmm_chart`] and [`roadmap`] read none).
#[must_use]
pub fn summary_counting(assessment: &Assessment, findings: usize) -> Markup {
    summary::render(assessment, findings)
}

/// The AWS SMM grid, each control's cell linking where `links` says.
#[must_use]
pub fn grid(assessment: &Assessment, catalogs: &Catalogs, links: Links<'_>) -> Markup {
    grid::render(assessment, catalogs, &Index::statuses(assessment), links)
}

/// The CSMM chart (level against target per category) and its table.
#[must_use]
pub fn csmm_chart(assessment: &Assessment) -> Markup {
    chart::render(assessment)
}

/// The roadmap, its controls and objectives linking where `links` says.
#[must_use]
pub fn roadmap(assessment: &Assessment, links: Links<'_>) -> Markup {
    roadmap::render(assessment, links)
}

/// A status badge: icon and word, coloured by class.
#[must_use]
pub fn badge(status: Status) -> Markup {
    markup::badge(status)
}

/// `text`, escaped, with its `code` spans as `<code>`.
#[must_use]
pub fn prose(text: &str) -> Markup {
    markup::prose(text)
}

/// A link out to `url` when it is a plain `https://` address, otherwise `text` unlinked.
#[must_use]
pub fn external_or_text(url: &str, text: &str) -> Markup {
    link::external_or_text(url, text)
}

/// A whole self-contained page: the doctype, a head with `title`, the `generator` and the report's
/// stylesheet inline, and `body`. The report and the diff page are both made with it. The line
/// breaks keep the file readable in a text editor.
pub(crate) fn document(title: &str, generator: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE) "\n"
        html lang="en" {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                meta name="generator" content=(generator); "\n"
                title { (title) } "\n"
                // Our own stylesheet, a compile-time constant: escaping would break its `>`
                // selectors and quoted strings, and no assessment data reaches it.
                style { "\n" (PreEscaped(STYLE)) } "\n"
            } "\n"
            body {
                "\n"
                (body)
            } "\n"
        } "\n"
    }
}

fn page(assessment: &Assessment, catalogs: &Catalogs) -> Markup {
    let index = Index::new(assessment, catalogs);
    let tool = &assessment.tool;
    let scope = assessment.evidence.organization_id.as_deref().unwrap_or("single-account scan");
    let as_of = assessment.as_of;
    // The sections are one line each.
    let title = format!("Security maturity report · {scope} · {as_of}");
    let generator = format!("{} {}", tool.name, tool.version);
    document(
        &title,
        &generator,
        html! {
            header.top { div.page {
                "\n"
                h1 { "Security maturity report" } "\n"
                p.sub {
                    (scope) " · judged as of " (as_of)
                    " · AWS Security Maturity Model v2 and Cloud Security Maturity Model v2"
                } "\n"
                nav aria-label="Sections" {
                    a href="#summary" { "Summary" }
                    a href="#aws-smm" { "AWS SMM" }
                    a href="#csmm" { "CSMM" }
                    a href="#roadmap" { "Roadmap" }
                    a href="#controls" { "Controls" }
                    a href="#accepted" { "Exceptions & answers" }
                } "\n"
            } } "\n"
            main.page {
                "\n"
                (summary::render(assessment, assessment.findings.len())) "\n"
                (grid::render(assessment, catalogs, &index, Links::ANCHORS)) "\n"
                (chart::render(assessment)) "\n"
                (roadmap::render(assessment, Links::ANCHORS)) "\n"
                (details::render(assessment, catalogs, &index)) "\n"
                (accepted::render(assessment)) "\n"
                footer {
                    "Made by " (tool.name) " " (tool.version)
                    " (assessment schema " (assessment.schema_version) "). The full data is in "
                    code { "assessment.json" } ", " code { "controls.csv" } " and " code { "findings.csv" } "."
                } "\n"
            } "\n"
            // Our own script, a compile-time constant, for the same reason as the stylesheet.
            script { "\n" (PreEscaped(SCRIPT)) } "\n"
        },
    )
}

//! The HTML report: one self-contained file that opens from disk, with no network at all.
//!
//! CSS, SVG and a few lines of script are inlined so the file can be mailed, attached to a
//! ticket or printed to PDF as it is. Sections, in reading order: the executive [`summary`],
//! the AWS SMM [`grid`], the CSMM [`chart`], the [`roadmap`], the per-control [`details`] and
//! the [`accepted`] risks and answers. Large organizations stay usable because the detail of
//! each control is collapsed and lists at most [`details::MAX_ROWS`] resources (the full list is
//! in `findings.csv`).

mod accepted;
mod chart;
mod details;
mod grid;
mod markup;
mod roadmap;
mod summary;

use std::fmt::Write as _;

use maturity_assess::Assessment;
use maturity_model::Catalogs;

use crate::ReportError;
use crate::view::Index;
use markup::esc;

pub use details::MAX_ROWS;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// Renders the HTML report.
///
/// # Errors
/// Only if formatting fails, which it does not when writing to a string.
pub fn render(assessment: &Assessment, catalogs: &Catalogs) -> Result<String, ReportError> {
    let index = Index::new(assessment, catalogs);
    // About 2 kB per control and per roadmap item; resource lists are capped.
    let mut out = String::with_capacity(256 * 1024);
    let scope = assessment.evidence.organization_id.as_deref().unwrap_or("single-account scan");
    write!(
        out,
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{tool} {version}">
<title>Security maturity report · {scope} · {as_of}</title>
<style>
{STYLE}</style>
</head>
<body>
<header class="top"><div class="page">
<h1>Security maturity report</h1>
<p class="sub">{scope} · judged as of {as_of} · AWS Security Maturity Model v2 and Cloud Security Maturity Model v2</p>
<nav aria-label="Sections"><a href="#summary">Summary</a><a href="#aws-smm">AWS SMM</a><a href="#csmm">CSMM</a><a href="#roadmap">Roadmap</a><a href="#controls">Controls</a><a href="#accepted">Exceptions &amp; answers</a></nav>
</div></header>
<main class="page">
"##,
        tool = esc(&assessment.tool.name),
        version = esc(&assessment.tool.version),
        scope = esc(scope),
        as_of = assessment.as_of,
    )?;
    summary::render(&mut out, assessment)?;
    grid::render(&mut out, assessment, catalogs, &index)?;
    chart::render(&mut out, assessment)?;
    roadmap::render(&mut out, assessment)?;
    details::render(&mut out, assessment, catalogs, &index)?;
    accepted::render(&mut out, assessment)?;
    write!(
        out,
        r#"<footer>Made by {} {} (assessment schema {}). The full data is in <code>assessment.json</code>, <code>controls.csv</code> and <code>findings.csv</code>.</footer>
</main>
<script>
{SCRIPT}</script>
</body>
</html>
"#,
        esc(&assessment.tool.name),
        esc(&assessment.tool.version),
        assessment.schema_version
    )?;
    Ok(out)
}

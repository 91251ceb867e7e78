//! The HTML report's structure: the grid has the 74 controls and each links to its detail, the
//! CSMM chart has the 12 categories, the file needs no network, and text from AWS is escaped.

mod support;

use std::collections::BTreeSet;

use support::{catalogs, demo, html};

/// The values of `attribute="…"` in `html`, in order.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!("{attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The opening tags that carry `attribute`.
fn tags_with<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let start = html[..at].rfind('<')?;
            let end = at + html[at..].find('>')?;
            Some(&html[start..=end])
        })
        .collect()
}

#[test]
fn grid_has_one_cell_per_control_in_catalog_order() {
    let page = html(&demo());
    let cells = tags_with(&page, "data-control");
    assert_eq!(cells.len(), 74);
    assert!(cells.iter().all(|t| t.starts_with("<a ") && t.contains("class=\"cell ")), "{cells:?}");
    let ids: Vec<&str> = cells.iter().flat_map(|t| attribute_values(t, "data-control")).collect();
    let catalog: Vec<&str> = catalogs().aws_smm.controls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, catalog);
}

#[test]
fn every_cell_links_to_a_detail_that_exists() {
    let page = html(&demo());
    let ids: BTreeSet<&str> = attribute_values(&page, "id").into_iter().collect();
    for cell in tags_with(&page, "data-control") {
        let href = attribute_values(cell, "href").into_iter().next().unwrap_or_default();
        let target = href.strip_prefix('#').unwrap_or_else(|| panic!("not an anchor: {href}"));
        assert!(ids.contains(target), "{href} points nowhere");
        let control = attribute_values(cell, "data-control").into_iter().next().unwrap_or_default();
        assert_eq!(target, format!("control-{control}"));
    }
}

#[test]
fn every_in_page_link_has_a_target() {
    let page = html(&demo());
    let ids: BTreeSet<&str> = attribute_values(&page, "id").into_iter().collect();
    for href in attribute_values(&page, "href").into_iter().filter(|h| h.starts_with('#')) {
        assert!(ids.contains(&href[1..]), "{href} points nowhere");
    }
}

#[test]
fn ids_are_unique() {
    let page = html(&demo());
    let ids = attribute_values(&page, "id");
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len());
}

#[test]
fn csmm_chart_has_the_twelve_categories_inside_an_inline_svg() {
    let page = html(&demo());
    let svg_start = page.find("<svg class=\"chart\"").unwrap_or_else(|| panic!("no chart"));
    let svg = &page[svg_start..svg_start + page[svg_start..].find("</svg>").unwrap_or(0)];
    let categories = attribute_values(svg, "data-category");
    let catalog: Vec<&str> = catalogs().csmm.categories.iter().map(|c| c.id.as_str()).collect();
    let mut sorted = categories.clone();
    sorted.sort_unstable();
    let mut expected = catalog.clone();
    expected.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(attribute_values(&page, "data-category").len(), 12, "only the chart carries data-category");
}

#[test]
fn every_status_is_shown_with_a_word_not_only_a_colour() {
    let page = html(&demo());
    for cell in page.split("<a class=\"cell ").skip(1) {
        let cell = &cell[..cell.find("</a>").unwrap_or(cell.len())];
        assert!(cell.contains("class=\"icon\""), "{cell}");
        assert!(
            ["Met", "Partial", "Not met", "Not applicable", "Unknown"].iter().any(|w| cell.contains(&format!("({w})"))),
            "{cell}"
        );
    }
    for word in ["Met", "Partial", "Not met", "Not applicable", "Unknown"] {
        assert!(page.contains(&format!("</span> {word}</span>")), "legend lacks {word}");
    }
}

#[test]
fn the_file_is_self_contained() {
    let page = html(&demo());
    for needle in ["<link", "src=\"http", "src='http", "@import", "url(http", "<iframe", "fetch("] {
        assert!(!page.contains(needle), "the report loads something from outside: {needle}");
    }
    assert_eq!(page.matches("<script>").count(), 1, "only the inline script");
    assert!(page.contains("@media print"));
}

#[test]
fn executive_summary_has_scores_counts_coverage_dates_and_scope() {
    let assessment = demo();
    let page = html(&assessment);
    let summary = &page[page.find("id=\"summary\"").unwrap_or(0)..page.find("id=\"aws-smm\"").unwrap_or(0)];
    for needle in [
        "kpi-phase",
        "kpi-csmm",
        "kpi-controls",
        "kpi-evidence",
        "Without exceptions",
        "accounts unreachable",
        "denied",
    ] {
        assert!(summary.contains(needle), "summary lacks {needle}");
    }
    assert!(summary.contains(&assessment.as_of.to_string()));
    assert!(summary.contains(&assessment.evidence.collected_at.format("%Y-%m-%d").to_string()));
    assert!(summary.contains("o-demo4example"));
    for region in &assessment.evidence.regions {
        assert!(summary.contains(region.as_str()), "summary lacks {region}");
    }
}

#[test]
fn roadmap_lists_every_item_with_its_official_link() {
    let assessment = demo();
    let page = html(&assessment);
    assert_eq!(attribute_values(&page, "data-roadmap-item").len(), assessment.roadmap.len());
    for item in &assessment.roadmap {
        assert!(page.contains(&format!("href=\"{}\"", item.url)), "no link for {}", item.item);
    }
}

#[test]
fn text_from_aws_is_escaped() {
    let mut assessment = demo();
    let hostile = "<script>alert('pwned')</script>";
    assessment.evidence.organization_id = Some(format!("o-{hostile}"));
    assessment.evidence.regions.push(hostile.to_owned());
    let failing = assessment
        .findings
        .iter_mut()
        .find(|f| f.finding.status == maturity_checks::FindingStatus::Fail)
        .unwrap_or_else(|| panic!("the demo has failing findings"));
    failing.finding.location.resource = Some(format!("sg-{hostile}"));
    failing.finding.message = format!("Group `{hostile}` is <b>open</b> & \"wide\".");
    if let Some(control) = assessment.aws_smm.controls.iter_mut().find(|c| !c.reasons.is_empty()) {
        control.reasons.push(hostile.to_owned());
        control.failing_accounts.push(hostile.to_owned());
    }
    let page = html(&assessment);
    assert!(!page.contains(hostile), "raw script tag in the report");
    assert!(!page.contains("<b>open</b>"));
    // Apostrophes need no escaping: every attribute value is in double quotes.
    assert!(page.contains("&lt;script&gt;alert('pwned')&lt;/script&gt;"));
    assert!(page.contains("&lt;b&gt;open&lt;/b&gt; &amp; &quot;wide&quot;"));
    assert_eq!(page.matches("<script").count(), 1, "only the report's own script");
}

#[test]
fn long_lists_are_cut_with_a_pointer_to_the_csv() {
    let big = support::synthetic::grow(demo(), catalogs(), 60);
    let page = html(&big);
    let imdsv2 = &page[page.find("id=\"control-imdsv2\"").unwrap_or(0)..];
    let imdsv2 = &imdsv2[..imdsv2.find("</details>").unwrap_or(0)];
    assert!(imdsv2.contains("full list is in <code>findings.csv</code>"), "{imdsv2}");
    let rows = imdsv2.split("<h4>Failing findings").nth(1).unwrap_or_default();
    let rows = &rows[..rows.find("</table>").unwrap_or(0)];
    assert_eq!(rows.matches("<tr>").count(), maturity_report::html::MAX_ROWS + 1, "header + capped rows");
}

//! The CSMM catalog against the published chart: every category name, its domain and all 60
//! level texts, read from the chart's extracted text (`shared/seeds/000_d5f1f1363597e986.txt`)
//! through the decoding its README gives, so that a swapped domain or an edited text fails.
//!
//! Decoding (see `shared/seeds/README.md`): the category rows are the tab-separated lines with
//! seven fields; the first field starts a domain ("Foundational Domains …") on the first row of
//! each domain and is empty on the others; the second is the category's name followed by its
//! description; the last five are the level texts, level 1 first. Stray chart labels are not
//! model content: "Cloud native" at the end of Incident Response level 4 is one of them.

use std::path::PathBuf;

use maturity_model::Catalogs;
use maturity_model::csmm::Domain;

/// The chart's category names, with the catalog id each belongs to. The chart writes "IAM"
/// where the catalog spells the name out; every other name is the same text.
const CHART_NAMES: [(&str, &str, &str); 12] = [
    ("Governance", "governance", "Governance"),
    ("Organization Management", "org", "Organization Management"),
    ("IAM", "iam", "Identity & Access Management"),
    ("Security Monitoring", "monitoring", "Security Monitoring"),
    ("Network Security", "network", "Network Security"),
    ("Workload Security", "workload", "Workload Security"),
    ("Application Security", "appsec", "Application Security"),
    ("Data Security", "data", "Data Security"),
    ("Risk Assessment & Provider Management", "risk", "Risk Assessment & Provider Management"),
    ("Resilience", "resilience", "Resilience"),
    ("Compliance & Audit", "compliance", "Compliance & Audit"),
    ("Incident Response", "ir", "Incident Response"),
];

/// Labels and logos of the chart that the extraction glued to the end of a level text.
const STRAY_LABELS: [&str; 1] = ["Cloud native"];

struct ChartRow {
    domain: Domain,
    name: &'static str,
    id: &'static str,
    catalog_name: &'static str,
    levels: Vec<String>,
}

/// `shared/seeds/` next to the repository: `../../../shared` from the crate in the main checkout,
/// one level further up from a worktree under `wt/`. Missing is a failure, never a skip.
fn chart_path() -> PathBuf {
    const FILE: &str = "shared/seeds/000_d5f1f1363597e986.txt";
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [crate_dir.join("../../..").join(FILE), crate_dir.join("../../../..").join(FILE)];
    candidates.iter().find(|p| p.is_file()).cloned().unwrap_or_else(|| {
        panic!(
            "the CSMM chart text is missing: looked for {}",
            candidates.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and ")
        )
    })
}

fn chart() -> Vec<ChartRow> {
    let path = chart_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the CSMM chart text cannot be read at {}: {e}", path.display()));
    let mut domain = None;
    let mut rows = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 7 {
            continue;
        }
        let first = fields[0].trim();
        // The header rows ("Version 2.0", "LEVEL 1" …) have seven fields too; domains say so.
        if first.contains(" Domains") {
            domain = Some(match first.split_whitespace().next() {
                Some("Foundational") => Domain::Foundational,
                Some("Structural") => Domain::Structural,
                Some("Procedural") => Domain::Procedural,
                other => panic!("unknown domain label {other:?} in {first:?}"),
            });
        }
        let head = fields[1].trim();
        if head.is_empty() {
            continue;
        }
        let (name, id, catalog_name) = CHART_NAMES
            .iter()
            .copied()
            .find(|(name, _, _)| head.strip_prefix(name).is_some_and(|rest| rest.starts_with(' ')))
            .unwrap_or_else(|| panic!("a chart row names no known category: {head:?}"));
        let levels = fields[2..]
            .iter()
            .map(|t| {
                let t = t.trim();
                STRAY_LABELS.iter().fold(t, |t, label| t.strip_suffix(label).map_or(t, str::trim_end)).to_owned()
            })
            .collect();
        rows.push(ChartRow {
            domain: domain.unwrap_or_else(|| panic!("{name} comes before any domain")),
            name,
            id,
            catalog_name,
            levels,
        });
    }
    rows
}

#[test]
fn every_category_name_domain_and_level_text_is_the_charts() {
    let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let rows = chart();
    assert_eq!(rows.len(), 12, "the chart has 12 categories");
    let mut texts = 0;
    for row in &rows {
        let category = catalogs.csmm.category(row.id).unwrap_or_else(|| panic!("no category `{}`", row.id));
        assert_eq!(category.name, row.catalog_name, "name of the chart's {:?}", row.name);
        assert_eq!(category.domain, row.domain, "domain of {}", row.name);
        assert_eq!(category.levels.len(), 5, "{}", row.name);
        for (level, chart_text) in category.levels.iter().zip(&row.levels) {
            assert_eq!(&level.text, chart_text, "{} level {}", row.name, level.level);
            texts += 1;
        }
    }
    assert_eq!(texts, 60);
    let ids: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 12, "each category once");
}

#[test]
fn the_chart_names_levels_2_to_5_only() {
    use maturity_model::csmm::{level_description, level_label, level_name};
    assert_eq!(level_name(1), "", "the chart gives level 1 no name");
    assert_eq!(level_label(1), "1");
    assert!(!level_description(1).is_empty());
    assert_eq!(
        [level_name(2), level_name(3), level_name(4), level_name(5)],
        ["Repeatable", "Defined", "Capable", "Efficient"]
    );
    assert_eq!(level_label(3), "3 Defined");
}

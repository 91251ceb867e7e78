//! Both models as OSCAL catalogs, so that GRC tools can import them, and so that assessment
//! results can point at their controls.
//!
//! - AWS SMM v2: one group per capability, one control per AWS SMM control (id = the slug of its
//!   official page), its phase as properties, its official page as a `reference` link.
//! - CSMM v2: one group per domain holding one group per category (with the model's level texts
//!   as parts), one control per objective (id `csmm.<category>.<level>.<n>`), its level as
//!   properties.
//!
//! Every control has a `statement` part (`<id>_smt`, the target of the findings in the
//! assessment results) and `assessment-method` parts: `TEST` names the automated checks,
//! `INTERVIEW` the questions people answer. The crosswalk is written on both sides as `related`
//! links into the other catalog's file ([`AWS_SMM_CATALOG_FILE`], [`CSMM_CATALOG_FILE`]), with the
//! other catalog listed in the back matter.
//!
//! The same catalogs give the same bytes: UUIDs are derived from ids, and `last-modified` is the
//! date of the catalog data ([`CATALOG_LAST_MODIFIED`]), not the time of the run.

use std::collections::BTreeMap;

use maturity_model::Catalogs;
use maturity_model::aws_smm::{self, Capability, Control as SmmControl};
use maturity_model::csmm::{self, Category, Domain, EvidenceKind, Objective};

use super::model::{
    BackMatter, Catalog, CatalogDocument, Control, Group, Link, Metadata, Part, Prop, Resource, ResourceLink,
};
use super::{AWS_SMM_CATALOG_FILE, CSMM_CATALOG_FILE, NAMESPACE, OSCAL_VERSION, text, uuid};
use crate::ReportError;

/// When the built-in catalog data last changed: the `last-modified` of both catalogs.
pub const CATALOG_LAST_MODIFIED: &str = "2026-12-03T05:49:52Z";

/// The catalog version ([`maturity_model::builtin_version`]) that [`CATALOG_LAST_MODIFIED`] is
/// the date of. A test fails when the data changes and these two are not updated together.
pub const CATALOG_LAST_MODIFIED_VERSION: &str = "aws-smm-v2+csmm-v2@2e452ff9f77f6c42";

/// The media type of an OSCAL catalog in JSON.
const CATALOG_MEDIA_TYPE: &str = "application/oscal.catalog+json";

/// The AWS SMM v2 as an OSCAL catalog, pretty-printed JSON ending with a newline.
///
/// # Errors
/// Serialization failures, which these types do not cause in practice.
pub fn aws_smm(catalogs: &Catalogs) -> Result<Vec<u8>, ReportError> {
    let objectives = objectives_by_control(catalogs);
    let groups = Capability::ALL
        .into_iter()
        .map(|capability| Group {
            id: capability.id().to_owned(),
            class: "capability",
            title: capability.name().to_owned(),
            props: Vec::new(),
            parts: Vec::new(),
            groups: Vec::new(),
            controls: catalogs
                .aws_smm
                .capability_controls(capability)
                .map(|c| smm_control(c, objectives.get(c.id.as_str()).map_or(&[][..], Vec::as_slice)))
                .collect(),
        })
        .collect();
    let catalog = Catalog {
        uuid: uuid::stable("catalog/aws-smm-v2"),
        metadata: metadata(
            "AWS Security Maturity Model v2",
            aws_smm::OFFICIAL_SITE,
            "Control names, capabilities and phases are the model's. Statements and questions are maturity's own \
             words: each control's `reference` link is its official page, with the full text. `related` links name \
             the CSMM v2 objectives this control evidences, in the CSMM catalog (back matter).",
        ),
        groups,
        back_matter: other_catalog("csmm-v2", "Cloud Security Maturity Model v2", CSMM_CATALOG_FILE),
    };
    super::to_json(&CatalogDocument { catalog })
}

/// The CSMM v2 as an OSCAL catalog, pretty-printed JSON ending with a newline.
///
/// # Errors
/// Serialization failures, which these types do not cause in practice.
pub fn csmm(catalogs: &Catalogs) -> Result<Vec<u8>, ReportError> {
    let groups = Domain::ALL
        .into_iter()
        .map(|domain| Group {
            id: domain.id().to_owned(),
            class: "domain",
            title: domain.name().to_owned(),
            props: Vec::new(),
            parts: Vec::new(),
            groups: catalogs.csmm.domain_categories(domain).map(category_group).collect(),
            controls: Vec::new(),
        })
        .collect();
    let catalog = Catalog {
        uuid: uuid::stable("catalog/csmm-v2"),
        metadata: metadata(
            "Cloud Security Maturity Model v2",
            maturity_assess::roadmap::CSMM_URL,
            "Domain, category and level names and the level texts are the model's (CSA, IANS, Securosis). The \
             objectives that break each level into statements a check or a person can decide are maturity's own \
             words. `related` links name the AWS SMM v2 controls whose evidence decides an objective, in the AWS \
             SMM catalog (back matter).",
        ),
        groups,
        back_matter: other_catalog("aws-smm-v2", "AWS Security Maturity Model v2", AWS_SMM_CATALOG_FILE),
    };
    super::to_json(&CatalogDocument { catalog })
}

fn metadata(title: &str, official: &str, remarks: &str) -> Metadata {
    Metadata {
        title: title.to_owned(),
        last_modified: CATALOG_LAST_MODIFIED.to_owned(),
        version: maturity_model::builtin_version(),
        oscal_version: OSCAL_VERSION,
        props: Vec::new(),
        links: vec![Link {
            href: official.to_owned(),
            rel: Some("reference"),
            media_type: None,
            text: Some(format!("The {title}, official site")),
        }],
        parties: Vec::new(),
        remarks: Some(remarks.to_owned()),
    }
}

/// The back matter naming the other model's catalog, which the crosswalk links point into.
fn other_catalog(id: &str, title: &str, file: &str) -> BackMatter {
    BackMatter {
        resources: vec![Resource {
            uuid: uuid::stable(&format!("catalog/{id}/resource")),
            title: format!("{title}, the OSCAL catalog"),
            description: format!(
                "Written by `maturity catalog {} --format oscal`; crosswalk links point into it as `{file}` beside this \
                 file.",
                id.trim_end_matches("-v2")
            ),
            props: Vec::new(),
            rlinks: vec![ResourceLink { href: file.to_owned(), media_type: CATALOG_MEDIA_TYPE }],
        }],
    }
}

/// Control id → the objectives whose evidence names it, in catalog order.
fn objectives_by_control(catalogs: &Catalogs) -> BTreeMap<&str, Vec<&Objective>> {
    let mut map: BTreeMap<&str, Vec<&Objective>> = BTreeMap::new();
    for objective in catalogs.csmm.objectives() {
        for control in &objective.aws_smm {
            map.entry(control.as_str()).or_default().push(objective);
        }
    }
    map
}

/// The id of a control's statement part, which findings target.
pub(crate) fn statement_id(control_id: &str) -> String {
    format!("{control_id}_smt")
}

fn smm_control(control: &SmmControl, objectives: &[&Objective]) -> Control {
    let mut props: Vec<Prop> = [
        Prop::ours("phase", control.phase.number().to_string()),
        Prop::ours("phase-name", control.phase.name()),
        Prop::ours("evidence", kebab(control.automation().word())),
        Prop::ours("coverage", coverage_id(control.coverage)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(alternative) = &control.alternative_phase {
        props.extend(Prop::ours("alternative-phase", alternative.phase.number().to_string()));
        props.extend(Prop::ours("alternative-phase-note", &alternative.note));
    }
    props.extend(control.checks.iter().filter_map(|check| Prop::ours("check", check)));

    let mut links = vec![Link {
        href: control.url.clone(),
        rel: Some("reference"),
        media_type: None,
        text: Some("Official page".to_owned()),
    }];
    links.extend(objectives.iter().map(|o| crosswalk_link(CSMM_CATALOG_FILE, &o.id, &format!("CSMM v2 {}", o.id))));

    let mut parts = vec![statement(&control.id, &control.summary)];
    if !control.checks.is_empty() {
        let mut prose = format!(
            "Automated checks on the collected evidence: {}. The control is {}.",
            code_list(&control.checks),
            control.coverage.describe()
        );
        if let Some(unseen) = &control.checks_cannot_see {
            prose.push_str(&format!("\n\nWhat the checks cannot see, people attest: {}.", unseen.trim()));
        }
        parts.push(method(&control.id, "TEST", "Automated checks", prose));
    }
    if !control.questions.is_empty() {
        parts.push(method(&control.id, "INTERVIEW", "Questions for people", bullets(&control.questions)));
    }
    Control { id: control.id.clone(), class: "aws-smm-control", title: control.name.clone(), props, links, parts }
}

fn category_group(category: &Category) -> Group {
    let mut parts = vec![Part {
        id: Some(format!("{}_ovw", category.id)),
        name: "overview",
        ns: None,
        title: None,
        props: Vec::new(),
        prose: Some(category.description.trim().to_owned()),
    }];
    parts.extend(category.levels.iter().map(|level| Part {
        id: Some(format!("{}_level-{}", category.id, level.level)),
        name: "level",
        ns: Some(NAMESPACE),
        title: Some(format!("Level {}", csmm::level_label(level.level))),
        props: Prop::ours("level", level.level.to_string()).into_iter().collect(),
        prose: Some(level.text.trim().to_owned()),
    }));
    Group {
        id: category.id.clone(),
        class: "category",
        title: category.name.clone(),
        props: Vec::new(),
        parts,
        groups: Vec::new(),
        controls: category.objectives().map(|o| objective_control(category, o)).collect(),
    }
}

fn objective_control(category: &Category, objective: &Objective) -> Control {
    let props: Vec<Prop> = [
        Prop::ours("level", objective.level.to_string()),
        Prop::ours("level-name", csmm::level_name(objective.level)),
        Prop::ours("quantifier", objective.quantifier.id()),
        Prop::ours("unit", objective.unit.id()),
        Prop::ours("evidence", objective.evidence.id()),
    ]
    .into_iter()
    .flatten()
    .chain(objective.expression.iter().filter_map(|e| Prop::ours("evidence-expression", e.to_string())))
    .chain(objective.checks.iter().filter_map(|check| Prop::ours("check", check)))
    .collect();
    let links = objective
        .aws_smm
        .iter()
        .map(|control| crosswalk_link(AWS_SMM_CATALOG_FILE, control, &format!("AWS SMM v2 {control}")))
        .collect();

    let mut parts = vec![statement(&objective.id, &objective.statement)];
    let evidence = objective.expression.as_ref().filter(|_| objective.evidence != EvidenceKind::Attested);
    if let Some(expression) = evidence {
        parts.push(method(
            &objective.id,
            "TEST",
            "Automated evidence",
            format!(
                "Judged per {} from the checks of `{expression}` (`all`: every part holds; `any`: at least one), \
                 then quantified over the {} as `{}`.",
                objective.unit.noun(1),
                objective.unit.noun(2),
                objective.quantifier.id()
            ),
        ));
    }
    if objective.evidence != EvidenceKind::Automated {
        let prose = if objective.evidence == EvidenceKind::Either {
            "Answered by a person (yes, partial, no or n-a, with evidence and owner) when the checks cannot decide it."
        } else {
            "Answered by a person (yes, partial, no or n-a, with evidence and owner): no API shows it."
        };
        parts.push(method(&objective.id, "INTERVIEW", "Attestation", prose.to_owned()));
    }
    Control {
        id: objective.id.clone(),
        class: "csmm-objective",
        title: format!(
            "{}, level {}, objective {}",
            category.name,
            csmm::level_label(objective.level),
            objective_number(objective)
        ),
        props,
        links,
        parts,
    }
}

/// The `n` of `csmm.<category>.<level>.<n>`.
fn objective_number(objective: &Objective) -> &str {
    objective.id.rsplit('.').next().unwrap_or(&objective.id)
}

fn statement(id: &str, prose: &str) -> Part {
    Part {
        id: Some(statement_id(id)),
        name: "statement",
        ns: None,
        title: None,
        props: Vec::new(),
        prose: Some(prose.trim().to_owned()),
    }
}

fn method(id: &str, method: &'static str, title: &str, prose: String) -> Part {
    Part {
        id: Some(format!("{id}_asm-{}", method.to_ascii_lowercase())),
        name: "assessment-method",
        ns: None,
        title: Some(title.to_owned()),
        props: vec![Prop::method(method)],
        prose: Some(prose),
    }
}

fn crosswalk_link(file: &str, id: &str, label: &str) -> Link {
    Link { href: format!("{file}#{id}"), rel: Some("related"), media_type: None, text: Some(label.to_owned()) }
}

fn bullets(lines: &[String]) -> String {
    lines.iter().map(|l| format!("- {}", text::single_line(l))).collect::<Vec<_>>().join("\n")
}

fn code_list(ids: &[String]) -> String {
    ids.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
}

fn kebab(words: &str) -> String {
    words.replace(' ', "-")
}

fn coverage_id(coverage: aws_smm::Coverage) -> &'static str {
    match coverage {
        aws_smm::Coverage::EveryAccount => "every-account",
        aws_smm::Coverage::AnyAccount => "any-account",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_modified_date_belongs_to_the_catalog_data() {
        assert_eq!(
            maturity_model::builtin_version(),
            CATALOG_LAST_MODIFIED_VERSION,
            "the catalog data changed: set CATALOG_LAST_MODIFIED (crates/report/src/oscal/catalog.rs) to the time of \
             the change and CATALOG_LAST_MODIFIED_VERSION to the new version"
        );
    }
}

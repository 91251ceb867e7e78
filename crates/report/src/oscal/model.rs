//! The part of the OSCAL 1.2 JSON model that `maturity` writes, as serde types.
//!
//! Only the fields we fill are here; their names and shapes follow NIST's OSCAL JSON schema
//! (catalog and assessment-results models), which the tests validate every document against.
//! Optional fields are left out when empty, since OSCAL arrays must have at least one item.

use serde::Serialize;

use super::observations::ObservationList;
use super::text;

/// The namespace of the `method` property of assessment-method parts (NIST's Risk Management
/// Framework namespace, as OSCAL 1.2 asks).
const RMF_NAMESPACE: &str = "http://csrc.nist.gov/ns/rmf";

/// A name/value pair, in our namespace ([`super::NAMESPACE`]) unless OSCAL defines it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Prop {
    pub(crate) name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ns: Option<&'static str>,
    pub(crate) value: String,
}

impl Prop {
    /// A property in our namespace; `None` when the value is blank (OSCAL values must not be).
    pub(crate) fn ours(name: &'static str, value: impl AsRef<str>) -> Option<Prop> {
        let value = text::single_line(value.as_ref());
        (!value.is_empty()).then_some(Prop { name, ns: Some(super::NAMESPACE), value })
    }

    /// The assessment method of an `assessment-method` part (`TEST`, `INTERVIEW`, `EXAMINE`), in
    /// the RMF namespace where OSCAL 1.2 puts it.
    pub(crate) fn method(value: &'static str) -> Prop {
        Prop { name: "method", ns: Some(RMF_NAMESPACE), value: value.to_owned() }
    }
}

/// A link to a page, a document or a part of one.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub(crate) href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) rel: Option<&'static str>,
    #[serde(rename = "media-type", skip_serializing_if = "Option::is_none")]
    pub(crate) media_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) text: Option<String>,
}

/// A person or team named in the document (who attested an answer, who owns an exception).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Party {
    pub(crate) uuid: String,
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) name: String,
    #[serde(rename = "email-addresses", skip_serializing_if = "Vec::is_empty")]
    pub(crate) email_addresses: Vec<String>,
}

/// The document's metadata.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Metadata {
    pub(crate) title: String,
    #[serde(rename = "last-modified")]
    pub(crate) last_modified: String,
    pub(crate) version: String,
    #[serde(rename = "oscal-version")]
    pub(crate) oscal_version: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) links: Vec<Link>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) parties: Vec<Party>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) remarks: Option<String>,
}

/// A piece of text of a control or group: its statement, how it is assessed, a level's text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Part {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    pub(crate) name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ns: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) props: Vec<Prop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) prose: Option<String>,
}

/// One control (an AWS SMM control, a CSMM objective).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Control {
    pub(crate) id: String,
    pub(crate) class: &'static str,
    pub(crate) title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) links: Vec<Link>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) parts: Vec<Part>,
}

/// A group of controls (a capability, a domain, a category).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) class: &'static str,
    pub(crate) title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) parts: Vec<Part>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) groups: Vec<Group>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) controls: Vec<Control>,
}

/// A document this one refers to, listed at its end.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Resource {
    pub(crate) uuid: String,
    pub(crate) title: String,
    pub(crate) description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) rlinks: Vec<ResourceLink>,
}

/// Where a [`Resource`] can be read.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ResourceLink {
    pub(crate) href: String,
    #[serde(rename = "media-type")]
    pub(crate) media_type: &'static str,
}

/// The documents referred to.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BackMatter {
    pub(crate) resources: Vec<Resource>,
}

/// A catalog document: `{"catalog": {…}}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CatalogDocument {
    pub(crate) catalog: Catalog,
}

/// An OSCAL catalog.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Catalog {
    pub(crate) uuid: String,
    pub(crate) metadata: Metadata,
    pub(crate) groups: Vec<Group>,
    #[serde(rename = "back-matter")]
    pub(crate) back_matter: BackMatter,
}
/// An assessment-results document: `{"assessment-results": {…}}`.
#[derive(Serialize)]
pub(crate) struct ResultsDocument<'a> {
    #[serde(rename = "assessment-results")]
    pub(crate) assessment_results: AssessmentResults<'a>,
}

/// OSCAL assessment results.
#[derive(Serialize)]
pub(crate) struct AssessmentResults<'a> {
    pub(crate) uuid: String,
    pub(crate) metadata: Metadata,
    #[serde(rename = "import-ap")]
    pub(crate) import_ap: ImportAp,
    pub(crate) results: Vec<AssessmentResult<'a>>,
    #[serde(rename = "back-matter")]
    pub(crate) back_matter: BackMatter,
}

/// The assessment plan the results answer to.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImportAp {
    pub(crate) href: String,
    pub(crate) remarks: String,
}

/// One assessment's result.
#[derive(Serialize)]
pub(crate) struct AssessmentResult<'a> {
    pub(crate) uuid: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) start: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) props: Vec<Prop>,
    #[serde(rename = "reviewed-controls")]
    pub(crate) reviewed_controls: ReviewedControls,
    /// Made one at a time as they are written: an organization's are gigabytes.
    #[serde(skip_serializing_if = "ObservationList::is_empty")]
    pub(crate) observations: ObservationList<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) risks: Vec<Risk>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) findings: Vec<Finding>,
}

/// Which controls were assessed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReviewedControls {
    pub(crate) description: String,
    #[serde(rename = "control-selections")]
    pub(crate) control_selections: Vec<ControlSelection>,
}

/// A selection of controls: here always all of them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ControlSelection {
    pub(crate) description: String,
    #[serde(rename = "include-all")]
    pub(crate) include_all: IncludeAll,
}

/// `{}`: every control.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IncludeAll {}

/// Who or what produced an observation or a risk.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Origin {
    pub(crate) actors: Vec<Actor>,
}

/// One actor of an [`Origin`]: a party of the metadata.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Actor {
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    #[serde(rename = "actor-uuid")]
    pub(crate) actor_uuid: String,
}

/// The evidence an observation rests on.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RelevantEvidence {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) href: Option<String>,
    pub(crate) description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) props: Vec<Prop>,
}

/// One observation: a finding of a check, or an attested answer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Observation {
    pub(crate) uuid: String,
    pub(crate) title: String,
    pub(crate) description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) props: Vec<Prop>,
    pub(crate) methods: Vec<&'static str>,
    pub(crate) types: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) origins: Vec<Origin>,
    #[serde(rename = "relevant-evidence", skip_serializing_if = "Vec::is_empty")]
    pub(crate) relevant_evidence: Vec<RelevantEvidence>,
    pub(crate) collected: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) expires: Option<String>,
}

/// One risk: an exception, the deviation people accepted.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Risk {
    pub(crate) uuid: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) statement: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) props: Vec<Prop>,
    pub(crate) status: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) origins: Vec<Origin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) deadline: Option<String>,
    #[serde(rename = "related-observations", skip_serializing_if = "Vec::is_empty")]
    pub(crate) related_observations: Vec<RelatedObservation>,
}

/// One finding: a control's or an objective's status.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Finding {
    pub(crate) uuid: String,
    pub(crate) title: String,
    pub(crate) description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) props: Vec<Prop>,
    pub(crate) target: Target,
    #[serde(rename = "related-observations", skip_serializing_if = "Vec::is_empty")]
    pub(crate) related_observations: Vec<RelatedObservation>,
    #[serde(rename = "related-risks", skip_serializing_if = "Vec::is_empty")]
    pub(crate) related_risks: Vec<RelatedRisk>,
}

/// What a finding is about: the statement part of a control in one of our catalogs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Target {
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    #[serde(rename = "target-id")]
    pub(crate) target_id: String,
    pub(crate) status: TargetStatus,
}

/// Satisfied or not, and why.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TargetStatus {
    pub(crate) state: &'static str,
    pub(crate) reason: &'static str,
}

/// A reference to an observation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RelatedObservation {
    #[serde(rename = "observation-uuid")]
    pub(crate) observation_uuid: String,
}

/// A reference to a risk.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RelatedRisk {
    #[serde(rename = "risk-uuid")]
    pub(crate) risk_uuid: String,
}

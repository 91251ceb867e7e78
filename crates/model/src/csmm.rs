//! The Cloud Security Maturity Model v2 (CSA / IANS / Securosis): domains, categories, levels and
//! the objectives we derived from each category's level texts.
//!
//! Level 1 is the floor every organization stands on, so only levels 2 to 5 carry objectives
//! (one to three each). An objective says which quantifier it uses ("initial", "most",
//! "extensive", "consistent"), over which unit it is counted (accounts unless its words name
//! data stores, workloads, identities or the organization as a whole), how it can be evidenced,
//! and an evidence expression (the crosswalk): AWS SMM controls and checks combined with `all`
//! and `any` as the objective's words combine them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One of the three CSMM domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    /// Core, critical categories: governance, organization management, IAM, monitoring.
    Foundational,
    /// The building blocks: network, workload, application and data security.
    Structural,
    /// The processes: risk, resilience, compliance, incident response.
    Procedural,
}

impl Domain {
    /// All domains in the model's order.
    pub const ALL: [Domain; 3] = [Domain::Foundational, Domain::Structural, Domain::Procedural];

    /// The domain's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Domain::Foundational => "Foundational",
            Domain::Structural => "Structural",
            Domain::Procedural => "Procedural",
        }
    }

    /// The domain's kebab-case id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Domain::Foundational => "foundational",
            Domain::Structural => "structural",
            Domain::Procedural => "procedural",
        }
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The names of the five levels as the chart gives them: level 1 has none (the chart only
/// describes it), so its name is empty; show it as "1" with [`level_description`].
pub const LEVEL_NAMES: [&str; 5] = ["", "Repeatable", "Defined", "Capable", "Efficient"];

/// The chart's overall description of each level, in our own words.
pub const LEVEL_DESCRIPTIONS: [&str; 5] = [
    "Policies and procedures are handled by hand, mostly in the console; the architecture looks like a traditional data center; IAM is ad hoc with little or no federation.",
    "Policies and checklists with manual work or simple tools; projects differ widely; first infrastructure as code without consistent security review; federation in some accounts and limited MFA.",
    "Some security automation, still run by hand; some third-party tools; federation in most accounts and widespread MFA with gaps; security reviews and promotes infrastructure as code; posture management in use.",
    "Strong central security management with consistent enforcement; automation and guardrails across deployments; central platforms with central reporting; consistent federation and MFA with gaps in tool chains.",
    "All major activities are managed centrally in every domain, built into infrastructure as code and provisioning; federation and MFA are consistent in every tool chain, command line included.",
];

/// The name of a level (2 to 5); empty for level 1, which the chart does not name, and for a
/// number outside 1 to 5.
#[must_use]
pub fn level_name(level: u8) -> &'static str {
    LEVEL_NAMES.get(usize::from(level.saturating_sub(1))).copied().unwrap_or("")
}

/// The chart's description of a level (1 to 5), in our own words; empty outside 1 to 5.
#[must_use]
pub fn level_description(level: u8) -> &'static str {
    if level == 0 { "" } else { LEVEL_DESCRIPTIONS.get(usize::from(level - 1)).copied().unwrap_or("") }
}

/// "2 Repeatable", or "1" for the level the chart does not name.
#[must_use]
pub fn level_label(level: u8) -> String {
    let name = level_name(level);
    if name.is_empty() { level.to_string() } else { format!("{level} {name}") }
}

/// How widely an objective must hold, as the model's wording puts it.
///
/// Synonyms in the model's text are accepted as aliases: "some" is [`Quantifier::Initial`],
/// "mostly" and "widespread" are [`Quantifier::Most`], "complete", "all" and "fully" are
/// [`Quantifier::Consistent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quantifier {
    /// In at least one place (one account).
    #[serde(alias = "some")]
    Initial,
    /// In most places.
    #[serde(alias = "mostly", alias = "widespread")]
    Most,
    /// Nearly everywhere.
    Extensive,
    /// Everywhere.
    #[serde(alias = "complete", alias = "all", alias = "fully")]
    Consistent,
}

impl Quantifier {
    /// The quantifier's id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Quantifier::Initial => "initial",
            Quantifier::Most => "most",
            Quantifier::Extensive => "extensive",
            Quantifier::Consistent => "consistent",
        }
    }
}

/// How an objective can be evidenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    /// From the automated checks of the crosswalked controls.
    Automated,
    /// Only by a person's answer.
    Attested,
    /// By the checks when they decide it, otherwise by a person's answer.
    Either,
}

impl EvidenceKind {
    /// The kind's id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            EvidenceKind::Automated => "automated",
            EvidenceKind::Attested => "attested",
            EvidenceKind::Either => "either",
        }
    }
}

/// What an objective is counted over: its quantifier applies to these units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// AWS accounts (the default): the objective is judged in each account from all its evidence
    /// there; findings about the organization as a whole count for every account.
    #[default]
    Accounts,
    /// The organization as a whole: one unit; a control run for the whole organization from one
    /// account (coverage `any-account`) holds when it holds in any account.
    Organization,
    /// Data stores (databases, tables, file systems, buckets): judged per resource.
    DataStores,
    /// Workloads (instances, functions, load balancers, auto scaling groups): judged per resource.
    Workloads,
    /// Identities (users, roles): judged per resource.
    Identities,
}

impl Unit {
    /// The unit's id, as written in the catalog.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Unit::Accounts => "accounts",
            Unit::Organization => "organization",
            Unit::DataStores => "data-stores",
            Unit::Workloads => "workloads",
            Unit::Identities => "identities",
        }
    }

    /// The unit in words, singular or plural.
    #[must_use]
    pub fn noun(self, count: u32) -> &'static str {
        match (self, count == 1) {
            (Unit::Accounts, true) => "account",
            (Unit::Accounts, false) => "accounts",
            (Unit::Organization, _) => "organization",
            (Unit::DataStores, true) => "data store",
            (Unit::DataStores, false) => "data stores",
            (Unit::Workloads, true) => "workload",
            (Unit::Workloads, false) => "workloads",
            (Unit::Identities, true) => "identity",
            (Unit::Identities, false) => "identities",
        }
    }

    /// Whether the unit is a single resource (judged from resource findings).
    #[must_use]
    pub fn is_resource(self) -> bool {
        matches!(self, Unit::DataStores | Unit::Workloads | Unit::Identities)
    }
}

/// How an objective's evidence combines: AWS SMM controls and checks, under `all` and `any`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceExpr {
    /// An AWS SMM control: its checks' findings (or its answer, for a control decided by one).
    Control(String),
    /// One check, named directly (`check:<id>` in the catalog).
    Check(String),
    /// Every part must hold.
    All(Vec<EvidenceExpr>),
    /// At least one part must hold.
    Any(Vec<EvidenceExpr>),
}

impl EvidenceExpr {
    /// Every control id named, in order of appearance, without repeats.
    #[must_use]
    pub fn controls(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let EvidenceExpr::Control(id) = e
                && !out.contains(id)
            {
                out.push(id.clone());
            }
        });
        out
    }

    /// Every check id named directly, without repeats.
    #[must_use]
    pub fn checks(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let EvidenceExpr::Check(id) = e
                && !out.contains(id)
            {
                out.push(id.clone());
            }
        });
        out
    }

    fn walk(&self, visit: &mut impl FnMut(&EvidenceExpr)) {
        visit(self);
        if let EvidenceExpr::All(parts) | EvidenceExpr::Any(parts) = self {
            for part in parts {
                part.walk(visit);
            }
        }
    }
}

impl fmt::Display for EvidenceExpr {
    /// `all(mfa, any(waf, shield-advanced), check:ssm-instances-managed)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvidenceExpr::Control(id) => f.write_str(id),
            EvidenceExpr::Check(id) => write!(f, "check:{id}"),
            EvidenceExpr::All(parts) | EvidenceExpr::Any(parts) => {
                f.write_str(if matches!(self, EvidenceExpr::All(_)) { "all(" } else { "any(" })?;
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{part}")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// One assessable objective of a category at a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Objective {
    /// `csmm.<category>.<level>.<n>`, stable.
    pub id: String,
    /// The category's id.
    #[serde(skip)]
    pub category: String,
    /// The level (2 to 5) this objective belongs to.
    #[serde(skip)]
    pub level: u8,
    /// One sentence, in our own words.
    pub statement: String,
    /// How widely it must hold.
    pub quantifier: Quantifier,
    /// What the quantifier counts.
    pub unit: Unit,
    /// How it can be evidenced.
    pub evidence: EvidenceKind,
    /// How its evidence combines; `None` for an attested objective with no related control.
    /// For an attested objective it only names the related controls and is not evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<EvidenceExpr>,
    /// AWS SMM control ids named in the expression (derived from it).
    pub aws_smm: Vec<String>,
    /// Check ids named directly in the expression (derived from it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<String>,
}

/// A level of a category: the model's text for it and our objectives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Level {
    /// 1 to 5.
    pub level: u8,
    /// The model's own level text for this category (quoted from the published chart).
    pub text: String,
    /// The objectives of this level (none at level 1).
    pub objectives: Vec<Objective>,
}

/// One CSMM category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// Short id (`iam`, `network`), stable.
    pub id: String,
    /// The category's name as the model writes it.
    pub name: String,
    /// Its domain.
    pub domain: Domain,
    /// What the category covers, in our own words.
    #[serde(skip)]
    pub description: String,
    /// Levels 1 to 5, in order.
    pub levels: Vec<Level>,
}

impl Category {
    /// All objectives of this category, level by level.
    pub fn objectives(&self) -> impl Iterator<Item = &Objective> {
        self.levels.iter().flat_map(|l| l.objectives.iter())
    }
}

/// The CSMM v2 catalog.
#[derive(Debug, Clone, Default)]
pub struct Csmm {
    /// The twelve categories, by domain in the model's order.
    pub categories: Vec<Category>,
}

impl Csmm {
    /// The category with this id.
    #[must_use]
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The objective with this id.
    #[must_use]
    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives().find(|o| o.id == id)
    }

    /// All objectives of all categories.
    pub fn objectives(&self) -> impl Iterator<Item = &Objective> {
        self.categories.iter().flat_map(Category::objectives)
    }

    /// The categories of one domain.
    pub fn domain_categories(&self, domain: Domain) -> impl Iterator<Item = &Category> {
        self.categories.iter().filter(move |c| c.domain == domain)
    }
}

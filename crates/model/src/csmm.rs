//! The Cloud Security Maturity Model v2 (CSA / IANS / Securosis): domains, categories, levels and
//! the objectives we derived from each category's level texts.
//!
//! Level 1 is the floor every organization stands on, so only levels 2 to 5 carry objectives
//! (one to three each). An objective says which quantifier it uses ("initial", "most",
//! "extensive", "consistent"), which the scorer turns into a coverage threshold, how it can be
//! evidenced, and which AWS SMM controls evidence it (the crosswalk).

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

/// The names of the five levels.
pub const LEVEL_NAMES: [&str; 5] = ["No Capability / Manual", "Repeatable", "Defined", "Capable", "Efficient"];

/// The name of a level (1 to 5).
#[must_use]
pub fn level_name(level: u8) -> &'static str {
    LEVEL_NAMES.get(usize::from(level.saturating_sub(1))).copied().unwrap_or("unknown level")
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
    /// How it can be evidenced.
    pub evidence: EvidenceKind,
    /// AWS SMM control ids that evidence it.
    pub aws_smm: Vec<String>,
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

//! The AWS Security Maturity Model v2: capabilities, phases and controls.
//!
//! A control's id is the slug of its official page (`root-protection`, `imdsv2`), which is also
//! the last folder of its URL; the folder before it encodes the phase (`1.-quickwins` …
//! `4.-optimized`). Three controls are placed in another phase by some sources; the catalog keeps
//! the phase of the official URL and records the alternative.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The model's official site, which every control's URL points into.
pub const OFFICIAL_SITE: &str = "https://maturitymodel.security.aws.dev/en/";

/// A phase of the AWS SMM, from 1 (Quick Wins) to 4 (Optimized).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Phase(u8);

impl Phase {
    /// Phase 1, Quick Wins.
    pub const QUICK_WINS: Phase = Phase(1);
    /// Phase 4, Optimized.
    pub const OPTIMIZED: Phase = Phase(4);
    /// All phases in order.
    pub const ALL: [Phase; 4] = [Phase(1), Phase(2), Phase(3), Phase(4)];

    /// The phase with this number, if it is 1 to 4.
    #[must_use]
    pub fn new(number: u8) -> Option<Phase> {
        (1..=4).contains(&number).then_some(Phase(number))
    }

    /// The phase's number, 1 to 4.
    #[must_use]
    pub fn number(self) -> u8 {
        self.0
    }

    /// The phase's name as the model writes it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self.0 {
            1 => "Quick Wins",
            2 => "Foundational",
            3 => "Efficient",
            _ => "Optimized",
        }
    }

    /// The folder of the official site's URLs for this phase.
    #[must_use]
    pub fn url_folder(self) -> &'static str {
        match self.0 {
            1 => "1.-quickwins",
            2 => "2.-foundational",
            3 => "3.-efficient",
            _ => "4.-optimized",
        }
    }

    /// The next phase, if there is one.
    #[must_use]
    pub fn next(self) -> Option<Phase> {
        Phase::new(self.0 + 1)
    }
}

impl TryFrom<u8> for Phase {
    type Error = String;
    fn try_from(number: u8) -> Result<Self, Self::Error> {
        Phase::new(number).ok_or_else(|| format!("phase must be 1 to 4, not {number}"))
    }
}

impl From<Phase> for u8 {
    fn from(phase: Phase) -> u8 {
        phase.0
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.0, self.name())
    }
}

/// One of the ten security capabilities (the rows of the AWS SMM grid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Capability {
    /// Security governance.
    SecurityGovernance,
    /// Security assurance.
    SecurityAssurance,
    /// Identity and access management.
    IdentityAndAccessManagement,
    /// Threat detection.
    ThreatDetection,
    /// Vulnerability management.
    VulnerabilityManagement,
    /// Infrastructure protection.
    InfrastructureProtection,
    /// Data protection.
    DataProtection,
    /// Application security.
    ApplicationSecurity,
    /// Incident response.
    IncidentResponse,
    /// Resiliency.
    Resiliency,
}

impl Capability {
    /// All capabilities in the order of the official grid.
    pub const ALL: [Capability; 10] = [
        Capability::SecurityGovernance,
        Capability::SecurityAssurance,
        Capability::IdentityAndAccessManagement,
        Capability::ThreatDetection,
        Capability::VulnerabilityManagement,
        Capability::InfrastructureProtection,
        Capability::DataProtection,
        Capability::ApplicationSecurity,
        Capability::IncidentResponse,
        Capability::Resiliency,
    ];

    /// The capability's name as the grid writes it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Capability::SecurityGovernance => "Security governance",
            Capability::SecurityAssurance => "Security assurance",
            Capability::IdentityAndAccessManagement => "Identity and access management",
            Capability::ThreatDetection => "Threat detection",
            Capability::VulnerabilityManagement => "Vulnerability management",
            Capability::InfrastructureProtection => "Infrastructure protection",
            Capability::DataProtection => "Data protection",
            Capability::ApplicationSecurity => "Application security",
            Capability::IncidentResponse => "Incident response",
            Capability::Resiliency => "Resiliency",
        }
    }

    /// The capability's kebab-case id (also the name of its data file).
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Capability::SecurityGovernance => "security-governance",
            Capability::SecurityAssurance => "security-assurance",
            Capability::IdentityAndAccessManagement => "identity-and-access-management",
            Capability::ThreatDetection => "threat-detection",
            Capability::VulnerabilityManagement => "vulnerability-management",
            Capability::InfrastructureProtection => "infrastructure-protection",
            Capability::DataProtection => "data-protection",
            Capability::ApplicationSecurity => "application-security",
            Capability::IncidentResponse => "incident-response",
            Capability::Resiliency => "resiliency",
        }
    }

    /// The capability with this id.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|c| c.id() == id)
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where sources disagree on a control's phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlternativePhase {
    /// The phase another source gives.
    pub phase: Phase,
    /// Which source, in a few words.
    pub note: String,
}

/// How many accounts a control's checks must hold in for the control to be met.
///
/// Findings are grouped by account (organization-level findings form one group of their own);
/// within a group all findings of all the control's checks combine (any fail fails the group,
/// any inconclusive makes it unknown, otherwise it holds; a group with only not-applicable
/// findings is out of scope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    /// Every account in scope must hold: met when all do, partial when some do, not met when
    /// none does. The default.
    #[default]
    EveryAccount,
    /// One account holding is enough: the service is run for the whole organization from one
    /// account (a delegated administrator or the security account), so member accounts without
    /// it are not failures. Met when any account holds; otherwise as for `every-account`.
    AnyAccount,
}

impl Coverage {
    /// How the rule reads in explanations.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Coverage::EveryAccount => {
                "met when its checks hold in every account in scope, partial when they hold in some, not met when in none; unknown while evidence is missing"
            }
            Coverage::AnyAccount => {
                "met when its checks hold in at least one account (an organization-wide service run from one account); otherwise partial or not met as for every account"
            }
        }
    }
}

/// One AWS SMM control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Control {
    /// The slug of the official page, stable.
    pub id: String,
    /// The name as the v2 grid writes it.
    pub name: String,
    /// The row of the grid.
    pub capability: Capability,
    /// The column of the grid (from the official URL's folder).
    pub phase: Phase,
    /// The official page.
    pub url: String,
    /// What the control asks for, in our own words.
    pub summary: String,
    /// Questions an assessor asks, in our own words.
    pub questions: Vec<String>,
    /// Another phase some sources give, when they disagree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_phase: Option<AlternativePhase>,
    /// Ids of the automated checks that evidence this control (empty: attested only).
    pub checks: Vec<String>,
    /// How many accounts its checks must hold in.
    pub coverage: Coverage,
    /// For a partly automated control: what its checks cannot see, which people attest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks_cannot_see: Option<String>,
}

/// How a control is evidenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Automation {
    /// Its checks evidence all of it.
    Automated,
    /// Its checks evidence part of it; people attest the rest.
    PartlyAutomated,
    /// No check: people attest it.
    Attested,
}

impl Automation {
    /// The word used in tables.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Automation::Automated => "automated",
            Automation::PartlyAutomated => "partly automated",
            Automation::Attested => "attested",
        }
    }
}

impl Control {
    /// Whether checks evidence all of it, part of it, or none.
    #[must_use]
    pub fn automation(&self) -> Automation {
        match (self.checks.is_empty(), &self.checks_cannot_see) {
            (true, _) => Automation::Attested,
            (false, Some(_)) => Automation::PartlyAutomated,
            (false, None) => Automation::Automated,
        }
    }

    /// Whether people must answer for this control because no check evidences it.
    #[must_use]
    pub fn is_attested(&self) -> bool {
        self.checks.is_empty()
    }
}

/// The AWS SMM v2 catalog.
#[derive(Debug, Clone, Default)]
pub struct AwsSmm {
    /// Controls ordered by capability (grid row), then phase, then the grid's left-to-right order.
    pub controls: Vec<Control>,
}

impl AwsSmm {
    /// The control with this id.
    #[must_use]
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// The controls of one capability, in grid order.
    pub fn capability_controls(&self, capability: Capability) -> impl Iterator<Item = &Control> {
        self.controls.iter().filter(move |c| c.capability == capability)
    }

    /// Every check id any control names, each once, sorted.
    #[must_use]
    pub fn check_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.controls.iter().flat_map(|c| c.checks.iter().map(String::as_str)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

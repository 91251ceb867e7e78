//! What people must answer: the controls and objectives no check can decide on its own.
//!
//! One list, in one order, for everything that asks people (the answers file template of
//! `maturity questionnaire --template`, the dashboard's questionnaire): the AWS SMM controls
//! without a check, the partly automated ones (their checks cannot see everything), and the CSMM
//! objectives that are attested or whose AWS SMM controls all lack checks.

use crate::Catalogs;
use crate::aws_smm::{Automation, Control};
use crate::csmm::{Category, EvidenceKind, Objective};

/// Which part of the questionnaire an item is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// AWS SMM controls that no check evidences.
    AttestedControls,
    /// AWS SMM controls whose checks evidence only part of them.
    PartlyAutomatedControls,
    /// CSMM objectives a person must attest.
    Objectives,
}

impl Section {
    /// Every section, in the questionnaire's order.
    pub const ALL: [Section; 3] = [Section::AttestedControls, Section::PartlyAutomatedControls, Section::Objectives];

    /// A heading for the section.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Section::AttestedControls => "AWS SMM controls without an automated check",
            Section::PartlyAutomatedControls => "Partly automated AWS SMM controls",
            Section::Objectives => "CSMM objectives a person must attest",
        }
    }
}

/// One item of the questionnaire.
#[derive(Debug, Clone, Copy)]
pub enum Question<'a> {
    /// An AWS SMM control (attested or partly automated).
    Control(&'a Control),
    /// A CSMM objective, with its category.
    Objective(&'a Category, &'a Objective),
}

impl<'a> Question<'a> {
    /// The id an answer gives.
    #[must_use]
    pub fn id(&self) -> &'a str {
        match self {
            Question::Control(control) => &control.id,
            Question::Objective(_, objective) => &objective.id,
        }
    }

    /// The section it is listed in.
    #[must_use]
    pub fn section(&self) -> Section {
        match self {
            Question::Control(control) if control.automation() == Automation::PartlyAutomated => {
                Section::PartlyAutomatedControls
            }
            Question::Control(_) => Section::AttestedControls,
            Question::Objective(..) => Section::Objectives,
        }
    }

    /// What to ask: the control's questions, or the objective's statement.
    #[must_use]
    pub fn prompts(&self) -> Vec<&'a str> {
        match self {
            Question::Control(control) => control.questions.iter().map(String::as_str).collect(),
            Question::Objective(_, objective) => vec![objective.statement.as_str()],
        }
    }
}

/// Every item people must answer, in the questionnaire's order: attested controls, partly
/// automated controls (each in catalog order), then objectives by category and level.
#[must_use]
pub fn questions(catalogs: &Catalogs) -> Vec<Question<'_>> {
    let controls = &catalogs.aws_smm.controls;
    let attested = controls.iter().filter(|c| c.is_attested()).map(Question::Control);
    let partly = controls.iter().filter(|c| c.automation() == Automation::PartlyAutomated).map(Question::Control);
    let objectives = catalogs.csmm.categories.iter().flat_map(|category| {
        category.objectives().filter(|o| needs_a_person(catalogs, o)).map(move |o| Question::Objective(category, o))
    });
    attested.chain(partly).chain(objectives).collect()
}

/// An objective needs a person when it is attested, or when none of its controls has a check.
fn needs_a_person(catalogs: &Catalogs, objective: &Objective) -> bool {
    objective.evidence == EvidenceKind::Attested
        || objective.aws_smm.iter().all(|id| catalogs.aws_smm.control(id).is_none_or(Control::is_attested))
}

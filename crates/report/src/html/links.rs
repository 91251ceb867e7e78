//! Where the report's pieces point a control or an objective: to the control's detail further
//! down the same file (`#control-<id>`), or, when the dashboard reuses a piece, to a page of its
//! own. Ids are catalog slugs (`root-protection`, `csmm.iam.3.1`), safe in a path or a fragment.

/// The link targets of controls and objectives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Links<'a> {
    /// Prefix of a control's link; the control's id is appended.
    pub control: &'a str,
    /// Prefix of an objective's link, or `None` to leave objectives unlinked.
    pub objective: Option<&'a str>,
}

impl Links<'static> {
    /// The self-contained report: controls link to their detail in the same file.
    pub const ANCHORS: Links<'static> = Links { control: "#control-", objective: None };
}

impl Links<'_> {
    /// The link of control `id`.
    #[must_use]
    pub fn control(&self, id: &str) -> String {
        format!("{}{id}", self.control)
    }

    /// The link of objective `id`, if objectives are linked.
    #[must_use]
    pub fn objective(&self, id: &str) -> Option<String> {
        self.objective.map(|prefix| format!("{prefix}{id}"))
    }
}

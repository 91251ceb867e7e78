//! What scoring reads of each finding, kept small: an organization of ten thousand accounts has
//! millions of findings, and scoring needs of each only its check, status, exception, place and,
//! for the failed and inconclusive ones that reasons quote, its message.
//!
//! Accounts and regions are numbers into tables held once, resource ids and messages spans of
//! one text; the findings are kept check by check in the order of [`maturity_checks::CHECKS`],
//! each check's in the order they were made, which is the order of the assessment's findings.

use foldhash::HashMap;

use maturity_checks::{CHECKS, FindingStatus};

use crate::controls::AssessedFinding;

const NONE32: u32 = u32::MAX;
const NONE16: u16 = u16::MAX;

/// One finding as scoring reads it.
#[derive(Debug)]
pub(crate) struct Scored {
    status: FindingStatus,
    region: u16,
    account: u32,
    excepted_by: u32,
    /// Where its resource's id, then its message, begin in [`ScoredFindings::text`]: one text
    /// for all the records rather than a heap block for each of millions of resource ids, and a
    /// record of 32 bytes rather than 48.
    text: u64,
    /// The resource id's length, [`NONE32`] for a finding about no resource.
    resource: u32,
    /// The message's length; for failed and inconclusive findings only, the others are never
    /// quoted.
    message: u32,
}

impl Scored {
    /// The status as the check gave it.
    pub(crate) fn status(&self) -> FindingStatus {
        self.status
    }

    /// The number of the exception that covers it.
    pub(crate) fn excepted_by(&self) -> Option<usize> {
        (self.excepted_by != NONE32).then_some(self.excepted_by as usize)
    }

    /// The status once exceptions are (or are not) applied.
    pub(crate) fn effective_status(&self, with_exceptions: bool) -> FindingStatus {
        if with_exceptions && self.excepted_by != NONE32 { FindingStatus::Pass } else { self.status }
    }
}

/// Every finding of an assessment, check by check.
#[derive(Debug)]
pub(crate) struct ScoredFindings {
    by_check: Vec<Vec<Scored>>,
    index_of_check: HashMap<&'static str, usize>,
    accounts: Vec<Box<str>>,
    account_numbers: HashMap<Box<str>, u32>,
    regions: Vec<Box<str>>,
    /// The region numbered last ([`Self::region_number`]).
    last_region: u16,
    /// The records' resource ids and messages, one after the other.
    text: String,
}

impl Default for ScoredFindings {
    fn default() -> Self {
        Self {
            by_check: CHECKS.iter().map(|_| Vec::new()).collect(),
            index_of_check: CHECKS.iter().enumerate().map(|(i, c)| (c.meta().id, i)).collect(),
            accounts: Vec::new(),
            account_numbers: HashMap::default(),
            regions: Vec::new(),
            last_region: 0,
            text: String::new(),
        }
    }
}

/// Whether reasons may quote the message of a finding of this status.
fn quoted(status: FindingStatus) -> bool {
    matches!(status, FindingStatus::Fail | FindingStatus::Inconclusive)
}

impl ScoredFindings {
    /// The findings of a whole assessment, in its order (tests).
    #[cfg(test)]
    pub(crate) fn of(findings: &[AssessedFinding]) -> Self {
        let mut set = Self::default();
        for finding in findings {
            let index = set.index_of(&finding.finding.check).unwrap_or_else(|| panic!("{}", finding.finding.check));
            set.push(index, finding);
        }
        set
    }

    /// The position of the check `id` in [`CHECKS`].
    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.index_of_check.get(id).copied()
    }

    /// The id of the check at `index` of [`CHECKS`].
    pub(crate) fn check_id(index: usize) -> &'static str {
        CHECKS.get(index).map_or("", |c| c.meta().id)
    }

    /// Adds a finding of the check at `index`, after those it already has.
    pub(crate) fn push(&mut self, index: usize, assessed: &AssessedFinding) {
        let finding = &assessed.finding;
        let location = &finding.location;
        let account = location.account_id.as_deref().map_or(NONE32, |id| self.account_number(id));
        let region = location.region.as_deref().map_or(NONE16, |name| self.region_number(name));
        let text = self.text.len() as u64;
        let resource = location.resource.as_deref().map_or(NONE32, |id| self.add_text(id));
        let message = if quoted(finding.status) { self.add_text(&finding.message) } else { 0 };
        let scored = Scored {
            status: finding.status,
            region,
            account,
            excepted_by: assessed.excepted_by.and_then(|n| u32::try_from(n).ok()).unwrap_or(NONE32),
            text,
            resource,
            message,
        };
        if let Some(list) = self.by_check.get_mut(index) {
            list.push(scored);
        }
    }

    /// Adds `text` after the records' text; its length.
    fn add_text(&mut self, text: &str) -> u32 {
        // A text of 4 GiB would be no resource id or message a check writes.
        let length = text.len().min(NONE32 as usize - 1);
        let text = text.get(..length).unwrap_or_default();
        self.text.push_str(text);
        u32::try_from(text.len()).unwrap_or_default()
    }

    /// Adds the findings of `other` after those of the same check here, their accounts and
    /// regions numbered again in this set's tables.
    pub(crate) fn append(&mut self, other: ScoredFindings) {
        let accounts: Vec<u32> = other.accounts.iter().map(|id| self.account_number(id)).collect();
        let regions: Vec<u16> = other.regions.iter().map(|name| self.region_number(name)).collect();
        let shift = self.text.len() as u64;
        self.text.push_str(&other.text);
        for (mine, theirs) in self.by_check.iter_mut().zip(other.by_check) {
            mine.extend(theirs.into_iter().map(|mut scored| {
                scored.account = accounts.get(scored.account as usize).copied().unwrap_or(NONE32);
                scored.region = regions.get(usize::from(scored.region)).copied().unwrap_or(NONE16);
                scored.text += shift;
                scored
            }));
        }
    }

    /// Reserves room for the records of `expected` accounts, from what `so_far` accounts gave
    /// (an estimate: memory reserved and not written costs nothing).
    pub(crate) fn reserve_for(&mut self, so_far: u32, expected: usize) {
        let Some(scale) = expected.checked_div(usize::try_from(so_far).unwrap_or(usize::MAX)) else { return };
        for records in &mut self.by_check {
            records.reserve(records.len().saturating_mul(scale + 1));
        }
        self.text.reserve(self.text.len().saturating_mul(scale + 1));
    }

    /// The number of the account `id`, given it when it is new.
    fn account_number(&mut self, id: &str) -> u32 {
        // Findings come account by account: the last one is nearly always the one.
        if self.accounts.last().is_some_and(|last| **last == *id) {
            return u32::try_from(self.accounts.len() - 1).unwrap_or(NONE32);
        }
        if let Some(number) = self.account_numbers.get(id) {
            return *number;
        }
        let number = u32::try_from(self.accounts.len()).unwrap_or(NONE32);
        self.accounts.push(id.into());
        self.account_numbers.insert(id.into(), number);
        number
    }

    /// The number of the region `name`, given it when it is new.
    fn region_number(&mut self, name: &str) -> u16 {
        // Checks walk an account's regions in one order, the order they were first numbered
        // in: the region after the last one is nearly always the one.
        let next = usize::from(self.last_region).wrapping_add(1);
        let found = [usize::from(self.last_region), next]
            .into_iter()
            .find(|&i| self.regions.get(i).is_some_and(|r| **r == *name))
            .or_else(|| self.regions.iter().position(|r| **r == *name));
        let number = found.unwrap_or_else(|| {
            self.regions.push(name.into());
            self.regions.len() - 1
        });
        self.last_region = u16::try_from(number).unwrap_or(NONE16);
        self.last_region
    }

    /// How many findings the check at `index` has.
    pub(crate) fn count(&self, index: usize) -> usize {
        self.by_check.get(index).map_or(0, Vec::len)
    }

    /// The findings of the check `id`; `None` for a check this build does not have.
    pub(crate) fn of_check(&self, id: &str) -> Option<&[Scored]> {
        self.index_of(id).and_then(|i| self.by_check.get(i)).map(Vec::as_slice)
    }

    /// The findings of the checks at `indexes`, each check once, in the assessment's order, with
    /// the id of their check.
    pub(crate) fn of_checks(&self, indexes: &[usize]) -> impl Iterator<Item = (&'static str, &Scored)> {
        let mut indexes = indexes.to_vec();
        indexes.sort_unstable();
        indexes.dedup();
        indexes
            .into_iter()
            .flat_map(move |i| self.by_check.get(i).into_iter().flatten().map(move |f| (Self::check_id(i), f)))
    }

    /// The finding's account as a place key ([`Self::place_key`] without region or resource).
    pub(crate) fn account_key(&self, finding: &Scored) -> (u32, u16, Option<&'static str>) {
        (finding.account, NONE16, None)
    }

    /// The finding's place as numbers: its account, region and resource (see [`Self::place_of`]).
    pub(crate) fn place_key<'s>(&'s self, finding: &Scored) -> (u32, u16, Option<&'s str>) {
        let resource = (finding.resource != NONE32).then(|| self.text_at(finding.text, finding.resource));
        (finding.account, finding.region, resource)
    }

    /// The message of a failed or inconclusive finding (empty for the others).
    pub(crate) fn message(&self, finding: &Scored) -> &str {
        let resource = if finding.resource == NONE32 { 0 } else { u64::from(finding.resource) };
        self.text_at(finding.text + resource, finding.message)
    }

    /// The `length` bytes of the records' text from `start`.
    fn text_at(&self, start: u64, length: u32) -> &str {
        let start = usize::try_from(start).unwrap_or(usize::MAX);
        self.text.get(start..start.saturating_add(length as usize)).unwrap_or_default()
    }

    /// How many accounts the findings name: their numbers are `0..account_count()`.
    pub(crate) fn account_count(&self) -> usize {
        self.accounts.len()
    }

    /// The account numbered `number` in [`Scored`]'s records, `None` for the organization.
    pub(crate) fn account_named(&self, number: u32) -> Option<&str> {
        self.accounts.get(number as usize).map(|a| &**a)
    }

    /// The place of a [`Self::place_key`] as [`maturity_checks::Location`] writes it: account,
    /// region and resource joined by `/`, or `organization`.
    pub(crate) fn place_of(&self, (account, region, resource): (u32, u16, Option<&str>)) -> String {
        let parts = [self.account_named(account), self.regions.get(usize::from(region)).map(|r| &**r), resource];
        let parts: Vec<&str> = parts.into_iter().flatten().collect();
        if parts.is_empty() { "organization".to_owned() } else { parts.join("/") }
    }

    /// The finding's account, `None` for the organization as a whole.
    pub(crate) fn account<'s>(&'s self, finding: &Scored) -> Option<&'s str> {
        self.accounts.get(finding.account as usize).map(|a| &**a)
    }
}

#[cfg(test)]
mod tests {
    use maturity_checks::{Finding, Location};

    use super::*;

    fn finding(check: &'static str, location: Location, status: FindingStatus, message: &str) -> AssessedFinding {
        let finding = Finding {
            check: check.into(),
            status,
            location,
            tags: maturity_evidence::Tags::default(),
            message: message.to_owned(),
        };
        AssessedFinding { finding, excepted_by: None }
    }

    /// A record as names: account, place, status, message.
    type Named = (Option<String>, String, FindingStatus, String);

    /// Each check's records as names.
    fn named(set: &ScoredFindings) -> Vec<Vec<Named>> {
        (0..CHECKS.len())
            .map(|i| {
                let id = ScoredFindings::check_id(i);
                let records = set.of_check(id).unwrap_or_default();
                records
                    .iter()
                    .map(|r| {
                        let place = set.place_of(set.place_key(r));
                        (set.account(r).map(str::to_owned), place, r.status(), set.message(r).to_owned())
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_record_is_32_bytes() {
        assert_eq!(std::mem::size_of::<Scored>(), 32);
    }

    #[test]
    fn regions_keep_their_numbers_whatever_order_they_come_in() {
        let check = CHECKS[0].meta().id;
        let regions = ["us-east-1", "eu-west-1", "ap-south-1", "us-east-1", "ap-south-1", "eu-west-1", "eu-west-1"];
        let mut set = ScoredFindings::default();
        for region in regions {
            set.push(0, &finding(check, Location::region("111111111111", region), FindingStatus::Pass, ""));
        }
        let places: Vec<String> = named(&set)[0].iter().map(|(_, place, _, _)| place.clone()).collect();
        let expected: Vec<String> = regions.iter().map(|r| format!("111111111111/{r}")).collect();
        assert_eq!(places, expected);
        assert_eq!(set.regions.len(), 3);
    }

    #[test]
    fn batches_appended_read_as_the_findings_pushed_in_order() {
        let (first, second) = (CHECKS[0].meta().id, CHECKS[1].meta().id);
        let batches = [
            vec![
                finding(first, Location::organization(), FindingStatus::Pass, "org"),
                finding(first, Location::region("111111111111", "eu-west-1"), FindingStatus::Fail, "a fails"),
                finding(second, Location::resource("111111111111", Some("us-east-1"), "r1"), FindingStatus::Pass, "p"),
            ],
            vec![
                finding(first, Location::region("222222222222", "us-east-1"), FindingStatus::Inconclusive, "b?"),
                finding(first, Location::region("111111111111", "us-east-1"), FindingStatus::NotApplicable, "n"),
                finding(second, Location::resource("222222222222", Some("eu-west-1"), "r2"), FindingStatus::Fail, "f"),
            ],
        ];
        let mut pushed = ScoredFindings::default();
        let mut appended = ScoredFindings::default();
        for batch in &batches {
            let mut part = ScoredFindings::default();
            for assessed in batch {
                let index = pushed.index_of(&assessed.finding.check).unwrap_or_else(|| panic!("no check"));
                pushed.push(index, assessed);
                part.push(index, assessed);
            }
            appended.append(part);
        }
        assert_eq!(named(&appended), named(&pushed));
        let first_check = &named(&pushed)[0];
        assert_eq!(first_check.len(), 4);
        assert_eq!(first_check[1].1, "111111111111/eu-west-1");
        assert_eq!(first_check[2].3, "b?", "an inconclusive finding's message is quoted");
        assert_eq!(first_check[0].3, "", "a passing finding's message is not kept");
    }
}

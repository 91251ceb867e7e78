//! Running the checks batch by batch of accounts, on every core, without the whole bundle in
//! memory.
//!
//! Of the registered checks, all but a few judge an account on that account alone (with the
//! organization's facts): their `<check>::accounts` and `::by_account` trials hold them to it.
//! Those run on bundles of [`BATCH`] accounts at a time, as if they were all there is, on worker
//! threads, while the file is still being read: a batch rather than one account, so that a check
//! that walks the organization's member list does it once per batch, not once per account (which
//! made the assessment quadratic in the organization's size). What they say about the
//! organization as a whole comes from one run on the bundle without accounts, what they say
//! about accounts in scope that the bundle lacks from one run at the end on accounts emptied of
//! facts. The checks that declare `across_accounts` run once at the end, on every account
//! reduced to the facts they read (`reads`).
//!
//! The findings come check by check in registry order; within a check evaluated in batches, the
//! organization first, then the accounts in the bundle's order, then accounts in scope the bundle
//! lacks; within a check run at the end, in the order it gives them. Scoring keeps a small record
//! of each ([`ScoredFindings`]); the findings themselves are kept only when asked for (to be
//! written or reported).

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, OnceLock};

use maturity_checks::{CHECKS, Check, Finding, FindingStatus, Scope, by_account};
use maturity_evidence::read::AccountSink;
use maturity_evidence::{AccountEvidence, Bundle, Coverage, FactLevel, FactPath};
use maturity_model::Catalogs;

use crate::controls::AssessedFinding;
use crate::exceptions::Exception;
use crate::scored::ScoredFindings;

/// Accounts evaluated together: a check that reads the organization's member list walks it
/// once per batch rather than once per account.
pub(crate) const BATCH: usize = 64;

/// What the checks found, ready for scoring.
pub(crate) struct Gathered {
    /// What scoring reads of every finding.
    pub(crate) scored: ScoredFindings,
    /// Every finding, in the assessment's order, when they were kept; empty otherwise.
    pub(crate) findings: Vec<AssessedFinding>,
    /// Failed findings covered, per exception number.
    pub(crate) covered: BTreeMap<usize, u32>,
    /// Facts by state, over the organization and every account.
    pub(crate) coverage: Coverage,
    /// Accounts in the bundle.
    pub(crate) accounts: u32,
}

/// How every account is evaluated: shared by the workers.
pub(crate) struct Plan<'a> {
    /// Positions in [`CHECKS`] of the checks judging each account alone.
    local: Vec<usize>,
    /// Positions of the checks that read other accounts, run once at the end.
    across: Vec<usize>,
    /// The account and region facts the `across` checks read: all that is kept of an account.
    across_reads: Vec<FactPath>,
    /// Per position in [`CHECKS`], the controls whose catalog entry names the check.
    controls: Vec<Vec<&'a str>>,
    /// The exceptions in force.
    active: Vec<&'a Exception>,
    /// Whether the findings themselves are kept.
    keep: bool,
}

impl<'a> Plan<'a> {
    pub(crate) fn new(catalogs: &'a Catalogs, active: Vec<&'a Exception>, keep: bool) -> Self {
        let mut controls: Vec<Vec<&str>> = CHECKS.iter().map(|_| Vec::new()).collect();
        for control in &catalogs.aws_smm.controls {
            for check in &control.checks {
                if let Some(position) = CHECKS.iter().position(|c| c.meta().id == check)
                    && let Some(list) = controls.get_mut(position)
                {
                    list.push(control.id.as_str());
                }
            }
        }
        let reads_others = |check: &dyn Check| {
            let meta = check.meta();
            meta.across_accounts.is_some() || meta.scope == Scope::Organization
        };
        let (across, local): (Vec<usize>, Vec<usize>) = (0..CHECKS.len()).partition(|&i| reads_others(CHECKS[i]));
        let mut across_reads: Vec<FactPath> = across
            .iter()
            .flat_map(|&i| CHECKS[i].meta().reads.iter().filter_map(|path| FactPath::parse(path)))
            .filter(|path| path.level != FactLevel::Organization)
            .collect();
        across_reads.dedup();
        Self { local, across, across_reads, controls, active, keep }
    }

    /// The finding with the exception that covers it, counted in `covered`.
    fn assess(&self, check: usize, finding: Finding, covered: &mut BTreeMap<usize, u32>) -> AssessedFinding {
        let controls = self.controls.get(check).map_or(&[][..], Vec::as_slice);
        let excepted_by = (finding.status == FindingStatus::Fail)
            .then(|| self.active.iter().find(|e| !e.is_control_wide() && e.matches(&finding, controls)))
            .flatten()
            .map(|e| e.number);
        if let Some(number) = excepted_by {
            *covered.entry(number).or_default() += 1;
        }
        AssessedFinding { finding, excepted_by }
    }

    /// What the account-by-account checks say about the organization as a whole: their run on
    /// the bundle without accounts.
    fn organization(&self, head: &Bundle) -> Evaluated {
        let mut evaluated = Evaluated::default();
        if let Some(organization) = &head.organization {
            evaluated.coverage.add_organization(organization);
        }
        for &i in &self.local {
            for finding in by_account::organization(CHECKS[i], head) {
                evaluated.findings.push((i, self.assess(i, finding, &mut evaluated.covered)));
            }
        }
        evaluated
    }

    /// The findings about the accounts of a batch, and the accounts reduced to what the checks
    /// run at the end read.
    fn batch(&self, bundle: &mut Bundle, accounts: Vec<AccountEvidence>) -> (Evaluated, Vec<AccountEvidence>) {
        let mut evaluated = Evaluated::default();
        for account in &accounts {
            evaluated.coverage.add_account(account);
        }
        evaluated.accounts = u32::try_from(accounts.len()).unwrap_or(u32::MAX);
        by_account::set_batch(bundle, accounts);
        for &i in &self.local {
            for finding in by_account::batch(CHECKS[i], bundle) {
                evaluated.findings.push((i, self.assess(i, finding, &mut evaluated.covered)));
            }
        }
        let mut kept = std::mem::take(&mut bundle.accounts);
        for account in &mut kept {
            account.retain_facts(&self.across_reads);
        }
        (evaluated, kept)
    }
}

/// Findings of one evaluation, with what they counted.
#[derive(Default)]
struct Evaluated {
    findings: Vec<(usize, AssessedFinding)>,
    covered: BTreeMap<usize, u32>,
    coverage: Coverage,
    accounts: u32,
}

/// What the workers send the collector.
enum Done {
    /// The organization-level findings, first of all.
    Organization(Evaluated),
    /// One batch's, by its number.
    Batch { number: usize, evaluated: Evaluated, kept: Vec<AccountEvidence> },
    /// An account of a batch is not an account.
    Broken,
}

/// A batch of accounts as read: its number and the accounts' JSON text.
type Batch = (usize, Vec<String>);

/// Where the accounts go: the head once, then the accounts to the workers, [`BATCH`] at a time.
pub(crate) struct Pool<'p> {
    plan: &'p Plan<'p>,
    head: &'p OnceLock<Bundle>,
    work: Option<SyncSender<Batch>>,
    done: Option<SyncSender<Done>>,
    filling: Vec<String>,
    batches: usize,
}

impl Pool<'_> {
    /// Hands the batch being filled to a worker.
    fn flush(&mut self) {
        if self.filling.is_empty() {
            return;
        }
        let batch = std::mem::take(&mut self.filling);
        if let Some(queue) = &self.work {
            // A send fails only once every worker has stopped; the collector then tells why.
            let _ = queue.send((self.batches, batch));
        }
        self.batches += 1;
    }
}

impl AccountSink for Pool<'_> {
    fn head(&mut self, head: &Bundle) {
        let organization = self.plan.organization(head);
        let mut head = head.clone();
        head.accounts.clear();
        let _ = self.head.set(head);
        if let Some(done) = &self.done {
            let _ = done.send(Done::Organization(organization));
        }
    }

    fn account(&mut self, _index: usize, json: String) {
        self.filling.push(json);
        if self.filling.len() >= BATCH {
            self.flush();
        }
    }
}

/// Why gathering stopped.
pub(crate) enum Stopped<E> {
    /// The feed failed.
    Feed(E),
    /// An account's JSON is not an account (or a worker stopped).
    Broken,
}

/// Runs the checks on the accounts `feed` hands the pool, the head first (through
/// [`AccountSink::head`]); `feed` returns the complete head, which is returned with what the
/// checks found.
pub(crate) fn gather<E>(
    plan: &Plan<'_>,
    feed: impl FnOnce(&mut Pool<'_>) -> Result<Bundle, E>,
) -> Result<(Bundle, Gathered), Stopped<E>> {
    let workers = std::thread::available_parallelism().map_or(2, usize::from).clamp(1, 8);
    let head: OnceLock<Bundle> = OnceLock::new();
    let (work_tx, work_rx) = mpsc::sync_channel::<Batch>(workers);
    // Only the workers hold the queue: should they all stop, sending fails instead of waiting.
    let queue = Arc::new(Mutex::new(work_rx));
    // Bounded too: workers wait for a collector that falls behind rather than pile up findings.
    let (done_tx, done_rx) = mpsc::sync_channel::<Done>(workers * 2);
    let (collected, fed) = std::thread::scope(|scope| {
        for _ in 0..workers {
            let (done, queue, head) = (done_tx.clone(), Arc::clone(&queue), &head);
            scope.spawn(move || work(plan, head, &queue, &done));
        }
        drop(queue);
        let collecting = scope.spawn(move || collect(plan, &done_rx));
        let mut pool =
            Pool { plan, head: &head, work: Some(work_tx), done: Some(done_tx), filling: Vec::new(), batches: 0 };
        let fed = feed(&mut pool);
        pool.flush();
        // The last senders: the workers stop once the queue is empty, then the collector.
        drop(pool);
        (collecting.join(), fed)
    });
    let head = fed.map_err(Stopped::Feed)?;
    let collected = collected.map_err(|_| Stopped::Broken)?;
    if collected.broken {
        return Err(Stopped::Broken);
    }
    Ok(collected.finish(plan, head))
}

/// Runs the checks on a bundle in memory, on this thread, as [`gather`] does on a file.
pub(crate) fn gather_in_memory(plan: &Plan<'_>, bundle: &Bundle) -> (Bundle, Gathered) {
    let head = Bundle {
        schema_version: bundle.schema_version,
        collector: bundle.collector.clone(),
        scope: bundle.scope.clone(),
        organization: bundle.organization.clone(),
        accounts: Vec::new(),
        api_calls: bundle.api_calls.clone(),
        shard: bundle.shard.clone(),
    };
    let mut collector = Collector::new(plan.keep);
    collector.take(plan.organization(&head));
    let mut batch = head.clone();
    for accounts in bundle.accounts.chunks(BATCH) {
        let (evaluated, kept) = plan.batch(&mut batch, accounts.to_vec());
        collector.take(evaluated);
        collector.kept_accounts.extend(kept);
    }
    collector.finish(plan, head)
}

/// A worker: parses and evaluates accounts until the queue closes.
fn work(plan: &Plan<'_>, head: &OnceLock<Bundle>, queue: &Mutex<Receiver<Batch>>, done: &SyncSender<Done>) {
    // The head with the batch of the moment: the organization's facts are cloned once.
    let mut bundle: Option<Bundle> = None;
    loop {
        let next = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok((number, texts)) = next else { return };
        let accounts: Result<Vec<AccountEvidence>, _> =
            texts.iter().map(|json| serde_json::from_str::<AccountEvidence>(json)).collect();
        drop(texts);
        let Ok(accounts) = accounts else {
            let _ = done.send(Done::Broken);
            continue;
        };
        if bundle.is_none() {
            bundle = head.get().cloned();
        }
        let Some(bundle) = bundle.as_mut() else {
            let _ = done.send(Done::Broken);
            continue;
        };
        let (evaluated, kept) = plan.batch(bundle, accounts);
        let _ = done.send(Done::Batch { number, evaluated, kept });
    }
}

/// The findings gathered in order, as the workers finish accounts in any order.
struct Collector {
    next: usize,
    pending: BTreeMap<usize, (Evaluated, Vec<AccountEvidence>)>,
    scored: ScoredFindings,
    /// Per position in [`CHECKS`], when the findings are kept.
    kept_findings: Vec<Vec<AssessedFinding>>,
    kept_accounts: Vec<AccountEvidence>,
    covered: BTreeMap<usize, u32>,
    coverage: Coverage,
    accounts: u32,
    broken: bool,
    keep: bool,
}

fn collect(plan: &Plan<'_>, done: &Receiver<Done>) -> Collector {
    let mut collector = Collector::new(plan.keep);
    // The organization's findings come first: the head is sent before any account.
    for message in done {
        match message {
            Done::Organization(evaluated) => collector.take(evaluated),
            Done::Batch { number, evaluated, kept } => {
                collector.pending.insert(number, (evaluated, kept));
                while let Some((evaluated, kept)) = collector.pending.remove(&collector.next) {
                    collector.take(evaluated);
                    collector.kept_accounts.extend(kept);
                    collector.next += 1;
                }
            }
            Done::Broken => collector.broken = true,
        }
    }
    collector
}

impl Collector {
    fn new(keep: bool) -> Self {
        Self {
            next: 0,
            pending: BTreeMap::new(),
            scored: ScoredFindings::default(),
            kept_findings: CHECKS.iter().map(|_| Vec::new()).collect(),
            kept_accounts: Vec::new(),
            covered: BTreeMap::new(),
            coverage: Coverage::default(),
            accounts: 0,
            broken: false,
            keep,
        }
    }

    fn take(&mut self, evaluated: Evaluated) {
        for (check, finding) in evaluated.findings {
            self.add(check, finding);
        }
        self.accounts += evaluated.accounts;
        for (number, count) in evaluated.covered {
            *self.covered.entry(number).or_default() += count;
        }
        let (total, more) = (&mut self.coverage, evaluated.coverage);
        total.ok += more.ok;
        total.denied += more.denied;
        total.unavailable += more.unavailable;
        total.failed += more.failed;
        total.accounts_unreachable += more.accounts_unreachable;
    }

    fn add(&mut self, check: usize, finding: AssessedFinding) {
        self.scored.push(check, &finding);
        if self.keep
            && let Some(list) = self.kept_findings.get_mut(check)
        {
            list.push(finding);
        }
    }

    /// Runs the checks that read other accounts, gives a check that found nothing anywhere its
    /// not-applicable finding, and returns the head with what was gathered.
    fn finish(mut self, plan: &Plan<'_>, head: Bundle) -> (Bundle, Gathered) {
        let mut bundle = head;
        bundle.accounts = std::mem::take(&mut self.kept_accounts);
        for &i in &plan.across {
            for finding in by_account::raw(CHECKS[i], &bundle) {
                let assessed = plan.assess(i, finding, &mut self.covered);
                self.add(i, assessed);
            }
        }
        // What the account-by-account checks say about accounts in scope the bundle lacks.
        bundle.accounts = bundle.accounts.iter().map(by_account::shell).collect();
        if by_account::has_outsiders(&bundle) {
            for &i in &plan.local {
                for finding in by_account::outsiders(CHECKS[i], &bundle) {
                    let assessed = plan.assess(i, finding, &mut self.covered);
                    self.add(i, assessed);
                }
            }
        }
        bundle.accounts = Vec::new();
        for (i, check) in CHECKS.iter().enumerate() {
            if self.scored.count(i) == 0 {
                let assessed = plan.assess(i, maturity_checks::nothing_in_scope(*check), &mut self.covered);
                self.add(i, assessed);
            }
        }
        let gathered = Gathered {
            scored: self.scored,
            findings: self.kept_findings.into_iter().flatten().collect(),
            covered: self.covered,
            coverage: self.coverage,
            accounts: self.accounts,
        };
        (bundle, gathered)
    }
}

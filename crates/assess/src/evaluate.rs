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
//! facts. The checks that read other accounts (`across_accounts`, each split into a summary of
//! an account and a judgement, [`maturity_checks::across`]) keep a summary of each account as it
//! is read, and the facts they read of it as JSON text; at the end each makes its context of
//! the summaries once and judges the accounts again, batch by batch.
//!
//! The findings come check by check in registry order; within a check (evaluated in batches, or
//! judged again at the end), the organization first, then the accounts in the bundle's order,
//! then accounts in scope the bundle lacks. Scoring keeps a small record of each
//! ([`ScoredFindings`]); the findings themselves are kept only when asked for (to be written or
//! reported). When they are not, the workers make the records of a batch themselves (and the
//! checks write only the messages scoring quotes, [`Messages::Quoted`]), and the collector
//! appends them: a batch's whole findings, millions of them in all, are never handed on.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, OnceLock};

use maturity_checks::across::{Context, Summary};
use maturity_checks::by_account::Run;
use maturity_checks::{CHECKS, Check, Finding, FindingStatus, Messages, Scope, by_account};
use maturity_evidence::read::AccountSink;
use maturity_evidence::{AccountEvidence, Bundle, Coverage, FactLevel, FactPath};
use maturity_model::Catalogs;

use crate::controls::AssessedFinding;
use crate::exceptions::Exception;
use crate::rollup::QUOTED_MESSAGES;
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
    /// Positions of the checks that read other accounts (through summaries), judged again at
    /// the end.
    judged: Vec<usize>,
    /// The account and region facts the `judged` checks read: what is kept of an account, as
    /// text, to judge it again.
    judged_reads: Vec<FactPath>,
    /// Per position in [`CHECKS`], the controls whose catalog entry names the check.
    controls: Vec<Vec<&'a str>>,
    /// The exceptions in force.
    active: Vec<&'a Exception>,
    /// Whether the findings themselves are kept.
    keep: bool,
    /// Per position in [`CHECKS`], the findings' messages written: all when the findings are
    /// kept, those that scoring may quote otherwise.
    messages: Vec<Messages>,
    /// Per position in [`CHECKS`], room to make for a batch's findings: as many as the last
    /// batch gave, and an eighth more (grown from nothing, they were copied at every doubling).
    expected: Vec<AtomicUsize>,
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
        // Every check that reads other accounts is split into summaries (the trial
        // `<check>::accounts` holds it to that).
        let (judged, local): (Vec<usize>, Vec<usize>) = (0..CHECKS.len()).partition(|&i| reads_others(CHECKS[i]));
        let judged_reads = account_reads(&judged);
        let messages = CHECKS
            .iter()
            .zip(&controls)
            .map(|(check, controls)| {
                let id = check.meta().id;
                // Reasons quote the first failed findings that no exception covers: every failed
                // finding's message, when an exception may cover some.
                let every_failed = active.iter().any(|e| e.may_cover(id, controls));
                if keep { Messages::All } else { Messages::Quoted { first: QUOTED_MESSAGES, every_failed } }
            })
            .collect();
        let expected = CHECKS.iter().map(|_| AtomicUsize::new(0)).collect();
        Self { local, judged, judged_reads, controls, active, keep, messages, expected }
    }

    /// How the check at `position` is run on part of the bundle: a judged check with its
    /// context (`contexts`, per check of `judged`).
    fn run<'s>(&self, position: usize, contexts: &'s [Context]) -> Run<'s> {
        let check = CHECKS[position];
        let judged = self.judged.iter().position(|&j| j == position);
        match (check.summarized(), judged.and_then(|j| contexts.get(j))) {
            (Some(summarized), Some(context)) => Run::Judged(check, summarized, context),
            _ => Run::Alone(check),
        }
    }

    /// The findings of `run`, the check at `position`, about the accounts of `batch`
    /// ([`by_account::batch`]).
    fn batch_findings<'r>(&self, run: impl Into<Run<'r>>, position: usize, batch: &Bundle) -> Vec<Finding> {
        let expected = self.expected.get(position);
        let room = expected.map_or(0, |e| e.load(Ordering::Relaxed));
        let messages = self.messages.get(position).copied().unwrap_or_default();
        let findings = by_account::batch(run, batch, messages, room);
        if let Some(expected) = expected {
            expected.store(findings.len() + findings.len() / 8, Ordering::Relaxed);
        }
        findings
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
                let assessed = self.assess(i, finding, &mut evaluated.covered);
                evaluated.add(self, i, assessed);
            }
        }
        evaluated
    }

    /// The findings about the accounts of a batch, and what is kept of the accounts for the
    /// checks run at the end: their summaries, the text of what the judged checks read (when
    /// `texts`: the accounts are read again from the bundle otherwise), who they are.
    fn batch(&self, bundle: &mut Bundle, accounts: Vec<AccountEvidence>, texts: bool) -> (Evaluated, Kept) {
        let mut evaluated = Evaluated::default();
        for account in &accounts {
            evaluated.coverage.add_account(account);
        }
        evaluated.accounts = u32::try_from(accounts.len()).unwrap_or(u32::MAX);
        by_account::set_batch(bundle, accounts);
        for &i in &self.local {
            for finding in self.batch_findings(CHECKS[i], i, bundle) {
                let assessed = self.assess(i, finding, &mut evaluated.covered);
                evaluated.add(self, i, assessed);
            }
        }
        let mut accounts = std::mem::take(&mut bundle.accounts);
        let mut kept = Kept::default();
        for account in &mut accounts {
            let summaries = self.judged.iter().filter_map(|&i| CHECKS[i].summarized());
            kept.summaries.push(summaries.map(|s| s.summarize(bundle, account)).collect());
            if texts && !self.judged.is_empty() {
                account.retain_facts(&self.judged_reads);
                // An account that was parsed serializes: nothing in it but strings, numbers and maps.
                kept.texts.push(serde_json::to_string(&*account).unwrap_or_default());
            }
            kept.shells.push(by_account::shell(account));
        }
        (evaluated, kept)
    }
}

/// The account and region facts the checks at `positions` read.
fn account_reads(positions: &[usize]) -> Vec<FactPath> {
    let mut reads: Vec<FactPath> = positions
        .iter()
        .flat_map(|&i| CHECKS[i].meta().reads.iter().filter_map(|path| FactPath::parse(path)))
        .filter(|path| path.level != FactLevel::Organization)
        .collect();
    reads.dedup();
    reads
}

/// What is kept of a batch's accounts for the checks run at the end.
#[derive(Default)]
struct Kept {
    /// Per account, the summary of each judged check.
    summaries: Vec<Vec<Summary>>,
    /// Per account, the JSON text of the facts the judged checks read.
    texts: Vec<String>,
    /// The accounts without their facts ([`by_account::shell`]).
    shells: Vec<AccountEvidence>,
}

/// Findings of one evaluation, with what they counted.
#[derive(Default)]
struct Evaluated {
    /// The findings, when they are kept.
    findings: Vec<(usize, AssessedFinding)>,
    /// What scoring reads of them, when they are not: made here, on the worker's thread, and
    /// much smaller to hand on.
    scored: ScoredFindings,
    covered: BTreeMap<usize, u32>,
    coverage: Coverage,
    accounts: u32,
}

impl Evaluated {
    /// Adds a finding of the check at `check`: kept whole, or as scoring reads it.
    fn add(&mut self, plan: &Plan<'_>, check: usize, assessed: AssessedFinding) {
        if plan.keep {
            self.findings.push((check, assessed));
        } else {
            self.scored.push(check, &assessed);
        }
    }
}

/// What the workers send the collector.
enum Done {
    /// The organization-level findings, first of all, and how many accounts are in scope.
    Organization(Evaluated, usize),
    /// One batch's, by its number.
    Batch { number: usize, evaluated: Evaluated, kept: Kept },
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
        let in_scope = head.scope.accounts.len();
        let mut head = head.clone();
        head.accounts.clear();
        let _ = self.head.set(head);
        if let Some(done) = &self.done {
            let _ = done.send(Done::Organization(organization, in_scope));
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
    let mut collected = collected.map_err(|_| Stopped::Broken)?;
    if collected.broken {
        return Err(Stopped::Broken);
    }
    // The judged checks read each account again from its text, a batch at a time, each text let
    // go of once taken.
    let texts = Mutex::new((0, std::mem::take(&mut collected.texts).into_iter()));
    let next = || {
        let (number, batch) = {
            let mut texts = texts.lock().ok()?;
            let batch: Vec<String> = texts.1.by_ref().take(BATCH).collect();
            texts.0 += 1;
            (texts.0 - 1, batch)
        };
        if batch.is_empty() {
            return None;
        }
        let accounts = batch.iter().map(|json| serde_json::from_str(json)).collect::<Result<Vec<_>, _>>();
        Some((number, accounts.ok()))
    };
    let (head, gathered, broken) = collected.finish(plan, head, workers, &next);
    if broken {
        return Err(Stopped::Broken);
    }
    Ok((head, gathered))
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
        let (evaluated, kept) = plan.batch(&mut batch, accounts.to_vec(), false);
        collector.take(evaluated);
        collector.keep(kept);
    }
    let chunks = Mutex::new(bundle.accounts.chunks(BATCH).enumerate());
    let next = || {
        let (number, accounts) = chunks.lock().ok()?.next()?;
        Some((number, Some(accounts.to_vec())))
    };
    let (head, gathered, _) = collector.finish(plan, head, 1, &next);
    (head, gathered)
}

/// Hands out the accounts to judge again, a batch at a time: its number and the accounts (`None`
/// when they could not be read).
type NextBatch<'n> = &'n (dyn Fn() -> Option<(usize, Option<Vec<AccountEvidence>>)> + Sync);

/// A judge: judges the batches `next` hands out with the judged checks until there are none.
fn judge_again(plan: &Plan<'_>, contexts: &[Context], head: &Bundle, next: NextBatch<'_>, done: &SyncSender<Done>) {
    let mut batch = head.clone();
    while let Some((number, accounts)) = next() {
        let Some(accounts) = accounts else {
            let _ = done.send(Done::Broken);
            continue;
        };
        by_account::set_batch(&mut batch, accounts);
        let mut evaluated = Evaluated::default();
        for &i in &plan.judged {
            for finding in plan.batch_findings(plan.run(i, contexts), i, &batch) {
                let assessed = plan.assess(i, finding, &mut evaluated.covered);
                evaluated.add(plan, i, assessed);
            }
        }
        let _ = done.send(Done::Batch { number, evaluated, kept: Kept::default() });
    }
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
        let (evaluated, kept) = plan.batch(bundle, accounts, true);
        let _ = done.send(Done::Batch { number, evaluated, kept });
    }
}

/// The findings gathered in order, as the workers finish accounts in any order.
struct Collector {
    next: usize,
    pending: BTreeMap<usize, (Evaluated, Kept)>,
    scored: ScoredFindings,
    /// Per position in [`CHECKS`], when the findings are kept.
    kept_findings: Vec<Vec<AssessedFinding>>,
    /// Per judged check, every account's summary.
    summaries: Vec<Vec<Summary>>,
    /// Every account's text of what the judged checks read.
    texts: Vec<String>,
    /// Every account without its facts.
    shells: Vec<AccountEvidence>,
    covered: BTreeMap<usize, u32>,
    coverage: Coverage,
    accounts: u32,
    broken: bool,
    keep: bool,
}

fn collect(plan: &Plan<'_>, done: &Receiver<Done>) -> Collector {
    let mut collector = Collector::new(plan.keep);
    let mut expected = 0;
    // The organization's findings come first: the head is sent before any account.
    for message in done {
        match message {
            Done::Organization(evaluated, in_scope) => {
                collector.take(evaluated);
                expected = in_scope;
            }
            Done::Batch { number, evaluated, kept } => {
                collector.pending.insert(number, (evaluated, kept));
                while let Some((evaluated, kept)) = collector.pending.remove(&collector.next) {
                    collector.take(evaluated);
                    collector.keep(kept);
                    collector.next += 1;
                    if collector.next == 1 {
                        // Room for every account's records, as many as the first batch's
                        // accounts have: not grown from nothing, copied at each doubling.
                        collector.scored.reserve_for(collector.accounts, expected);
                    }
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
            summaries: Vec::new(),
            texts: Vec::new(),
            shells: Vec::new(),
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
        self.scored.append(evaluated.scored);
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

    /// Keeps what the checks run at the end need of a batch's accounts.
    fn keep(&mut self, kept: Kept) {
        for summaries in kept.summaries {
            if self.summaries.len() < summaries.len() {
                self.summaries.resize_with(summaries.len(), Vec::new);
            }
            for (all, summary) in self.summaries.iter_mut().zip(summaries) {
                all.push(summary);
            }
        }
        self.texts.extend(kept.texts);
        self.shells.extend(kept.shells);
    }

    fn add(&mut self, check: usize, finding: AssessedFinding) {
        self.scored.push(check, &finding);
        if self.keep
            && let Some(list) = self.kept_findings.get_mut(check)
        {
            list.push(finding);
        }
    }

    /// Judges the accounts `next` hands out, a batch at a time on `judges` threads, with the
    /// checks that read other accounts, gives a check that found nothing anywhere its
    /// not-applicable finding, and returns the head with what was gathered, and whether some
    /// batch could not be read.
    fn finish(mut self, plan: &Plan<'_>, head: Bundle, judges: usize, next: NextBatch<'_>) -> (Bundle, Gathered, bool) {
        let mut bundle = head;
        // The judged checks: each one's context, made once; the organization, then the accounts
        // again, batch by batch.
        let mut summaries = std::mem::take(&mut self.summaries).into_iter();
        let contexts: Vec<Context> = plan
            .judged
            .iter()
            .filter_map(|&i| CHECKS[i].summarized())
            .map(|check| check.context(&bundle, summaries.next().unwrap_or_default()))
            .collect();
        for &i in &plan.judged {
            for finding in by_account::organization(plan.run(i, &contexts), &bundle) {
                let assessed = plan.assess(i, finding, &mut self.covered);
                self.add(i, assessed);
            }
        }
        // The batches' findings in order, as the judges finish them in any order.
        let (done_tx, done_rx) = mpsc::sync_channel::<Done>(judges * 2);
        let mut broken = false;
        std::thread::scope(|scope| {
            for _ in 0..judges {
                let (done, contexts, head) = (done_tx.clone(), &contexts, &bundle);
                scope.spawn(move || judge_again(plan, contexts, head, next, &done));
            }
            drop(done_tx);
            let (mut next_number, mut pending) = (0, BTreeMap::new());
            for message in done_rx {
                match message {
                    Done::Batch { number, evaluated, .. } => {
                        pending.insert(number, evaluated);
                        while let Some(evaluated) = pending.remove(&next_number) {
                            self.take(evaluated);
                            next_number += 1;
                        }
                    }
                    Done::Organization(..) | Done::Broken => broken = true,
                }
            }
        });
        // What the checks judged account by account say about accounts in scope the bundle lacks.
        bundle.accounts = std::mem::take(&mut self.shells);
        if by_account::has_outsiders(&bundle) {
            for &i in plan.local.iter().chain(&plan.judged) {
                for finding in by_account::outsiders(plan.run(i, &contexts), &bundle) {
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
        (bundle, gathered, broken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exceptions::Exceptions;

    /// Which checks write every failed finding's message, under the exceptions of `toml`.
    fn every_failed(toml: &str) -> Vec<&'static str> {
        let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("{e:?}"));
        let exceptions = Exceptions::parse("exceptions.toml", toml, catalogs, &maturity_checks::ids())
            .unwrap_or_else(|e| panic!("{e}"));
        let plan = Plan::new(catalogs, exceptions.list.iter().collect(), false);
        let chosen = plan.messages.iter().zip(CHECKS).filter_map(|(messages, check)| match messages {
            Messages::Quoted { first, every_failed } => {
                assert_eq!(*first, QUOTED_MESSAGES);
                every_failed.then(|| check.meta().id)
            }
            Messages::All => panic!("every message written for {}", check.meta().id),
        });
        chosen.collect()
    }

    #[test]
    fn every_failed_message_is_written_only_for_checks_an_exception_may_cover() {
        let exception =
            |scope: &str| format!("[[exception]]\n{scope}\nreason = \"r\"\nowner = \"o\"\nexpires = 2999-01-31\n");
        assert!(every_failed("").is_empty());
        assert_eq!(
            every_failed(&exception("check = \"ec2-no-risky-ports-open\"\nregion = \"eu-west-1\"")),
            ["ec2-no-risky-ports-open"]
        );
        // A control names its checks; an exception of the whole control covers no finding.
        let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("{e:?}"));
        let control =
            catalogs.aws_smm.controls.iter().find(|c| c.checks.len() > 1).unwrap_or_else(|| panic!("no control"));
        let mut expected: Vec<&str> =
            CHECKS.iter().map(|c| c.meta().id).filter(|id| control.checks.iter().any(|c| c == id)).collect();
        expected.dedup();
        assert_eq!(
            every_failed(&exception(&format!("control = \"{}\"\naccount = \"111111111111\"", control.id))),
            expected
        );
        assert!(every_failed(&exception(&format!("control = \"{}\"", control.id))).is_empty());
        // An exception of an account or a tag may cover any check's findings.
        assert_eq!(every_failed(&exception("account = \"111111111111\"")).len(), CHECKS.len());
    }
}

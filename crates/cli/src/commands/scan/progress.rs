//! How `maturity scan` shows its progress on standard error. On a terminal: an `indicatif` bar
//! of the accounts with the regions, calls and problems so far beside it, and a lasting line for
//! each problem. Elsewhere (CI logs, tests, a file): one plain line per event, which a log keeps
//! readable and a test can search.

use std::io::{IsTerminal as _, Write as _};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use maturity_collect::{Event, Progress};

/// The bar's layout: spinner, accounts done of planned, elapsed time, then the counts.
const TEMPLATE: &str = "{spinner} accounts {pos}/{len} [{bar:30}] {elapsed} {msg}";

/// Progress on standard error, as a bar or as lines.
pub(super) struct StderrProgress {
    display: Display,
    counts: Mutex<Counts>,
}

enum Display {
    Bar(ProgressBar),
    Lines,
}

/// What the scan has done so far.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    accounts: usize,
    accounts_done: usize,
    regions_done: usize,
    problems: usize,
    calls: u64,
}

impl StderrProgress {
    /// A bar when standard error is a terminal, plain lines otherwise.
    pub(super) fn new() -> StderrProgress {
        let display = if std::io::stderr().is_terminal() { Display::Bar(bar()) } else { Display::Lines };
        StderrProgress { display, counts: Mutex::new(Counts::default()) }
    }

    /// Leaves the bar's last state on screen, so the summary line that follows starts below it.
    pub(super) fn finish(&self) {
        if let Display::Bar(bar) = &self.display {
            bar.finish();
        }
    }
}

fn bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    // TEMPLATE is a constant that parses (a test says so); the default style is only a fallback.
    let style = ProgressStyle::with_template(TEMPLATE).unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style.progress_chars("=> "));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

impl Progress for StderrProgress {
    fn event(&self, event: Event) {
        let line = describe(&event);
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.record(&event);
        match &self.display {
            // Progress output is best effort: a closed standard error must not stop the scan.
            Display::Lines => {
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }
            Display::Bar(bar) => {
                // Problems and unreachable accounts are worth a line of their own even on a terminal.
                if matches!(event, Event::Problem { .. } | Event::AccountUnreachable { .. }) {
                    bar.println(line);
                }
                bar.set_length(counts.accounts as u64);
                bar.set_position(counts.accounts_done as u64);
                bar.set_message(counts.summary());
            }
        }
    }
}

/// The event as one line of the log.
fn describe(event: &Event) -> String {
    match event {
        Event::Planned { accounts } => format!("scan: {accounts} accounts to scan"),
        Event::AccountUnreachable { account_id, reason } => format!("scan: account {account_id} unreachable: {reason}"),
        Event::Problem { account_id, region, fact, detail } => {
            let region = region.as_ref().map(|r| format!(" {r}")).unwrap_or_default();
            format!("scan: {account_id}{region} {fact}: {detail}")
        }
        Event::RegionDone { account_id, region } => format!("scan: {account_id} {region} done"),
        Event::AccountDone { account_id, calls_so_far } => {
            format!("scan: account {account_id} done ({calls_so_far} API calls so far)")
        }
    }
}

impl Counts {
    fn record(&mut self, event: &Event) {
        match event {
            Event::Planned { accounts } => self.accounts = *accounts,
            Event::AccountUnreachable { .. } => {
                self.accounts_done += 1;
                self.problems += 1;
            }
            Event::Problem { .. } => self.problems += 1,
            Event::RegionDone { .. } => self.regions_done += 1,
            Event::AccountDone { calls_so_far, .. } => {
                self.accounts_done += 1;
                self.calls = *calls_so_far;
            }
        }
    }

    /// The counts beside the bar.
    fn summary(&self) -> String {
        format!("regions done {}, API calls {}, problems {}", self.regions_done, self.calls, self.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events() -> Vec<Event> {
        vec![
            Event::Planned { accounts: 2 },
            Event::Problem {
                account_id: "111111111111".into(),
                region: Some("eu-west-1".into()),
                fact: "guardduty",
                detail: "denied: guardduty:ListDetectors".into(),
            },
            Event::RegionDone { account_id: "111111111111".into(), region: "eu-west-1".into() },
            Event::AccountDone { account_id: "111111111111".into(), calls_so_far: 42 },
            Event::AccountUnreachable { account_id: "222222222222".into(), reason: "AccessDenied".into() },
        ]
    }

    #[test]
    fn each_event_is_one_line_naming_what_happened() {
        let lines: Vec<String> = events().iter().map(describe).collect();
        assert_eq!(
            lines,
            [
                "scan: 2 accounts to scan",
                "scan: 111111111111 eu-west-1 guardduty: denied: guardduty:ListDetectors",
                "scan: 111111111111 eu-west-1 done",
                "scan: account 111111111111 done (42 API calls so far)",
                "scan: account 222222222222 unreachable: AccessDenied",
            ]
        );
        let account_wide =
            Event::Problem { account_id: "1".into(), region: None, fact: "iam.summary", detail: "failed".into() };
        assert_eq!(describe(&account_wide), "scan: 1 iam.summary: failed");
    }

    #[test]
    fn counts_follow_the_events() {
        let mut counts = Counts::default();
        for event in &events() {
            counts.record(event);
        }
        assert_eq!(counts, Counts { accounts: 2, accounts_done: 2, regions_done: 1, problems: 2, calls: 42 });
        assert_eq!(counts.summary(), "regions done 1, API calls 42, problems 2");
    }

    #[test]
    fn the_bar_template_parses() {
        assert!(ProgressStyle::with_template(TEMPLATE).is_ok());
    }
}

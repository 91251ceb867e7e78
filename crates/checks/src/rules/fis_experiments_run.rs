//! AWS FIS experiments run recently, per account with workloads.

use chrono::{DateTime, Duration, Utc};
use maturity_evidence::{Bundle, FisExperiment, FisExperimentTemplate, Missing};

use crate::shared::accounts;
use crate::shared::regions_in_use::{self, AccountUse};
use crate::shared::walk;
use crate::{Check, Findings, Location, declare_check};

/// How recent the last completed experiment must be.
const MAX_AGE_DAYS: i64 = 90;

declare_check! {
    /// ## What it checks
    /// For every account that runs workloads in a scanned region (running EC2 instances, EBS
    /// volumes, RDS instances, load balancers, Lambda functions …): AWS Fault Injection Service
    /// has at least one experiment template in a scanned region, and an experiment that ran to
    /// completion (status `completed`) was started in the 90 days before the scan. One finding
    /// per account: pass naming the latest completed experiment and its region; fail when there
    /// is no template, or no experiment completed in 90 days (naming the latest one seen and its
    /// status).
    ///
    /// Not applicable for an account with no workload in any scanned region. Inconclusive when
    /// nothing seen passes and the templates or experiments of some region, or whether the
    /// account runs workloads, could not be read; and for an account the collector could not
    /// enter. Open-source chaos tools (Chaos Monkey, Litmus …) are invisible to this check: attest
    /// them instead.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// Resilience that has never been exercised is a guess. Injecting the failures the
    /// architecture claims to survive (an instance or Availability Zone lost, a dependency
    /// slowed, a network path cut) shows whether failover, alarms and runbooks really work,
    /// and finds single points of failure before a real outage does.
    ///
    /// ## How to fix
    /// Start in a test environment: create FIS experiment templates for the failures that matter
    /// most (stop instances, fail over an Aurora cluster, disrupt an AZ's network), with
    /// CloudWatch alarms as stop conditions, run them on a schedule and fix what they reveal.
    /// Move mature experiments to production game days once they are safe.
    pub(crate) struct FisExperimentsRun {
        id: "fis-experiments-run",
        title: "Fault injection experiments completed in the last 90 days",
        scope: Account,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_volumes", "region.rds_db_instances", "region.lambda_functions", "region.elbv2_load_balancers", "region.fis_experiment_templates", "region.fis_experiments", "region.dynamodb_tables", "region.efs_file_systems"],
        alternative: "fault injection run with another chaos engineering tool",
    }
}

impl Check for FisExperimentsRun {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let now = bundle.collector.collected_at;
        let what = "whether fault injection experiments ran";
        walk::any_region(bundle, out, what, |account, _, out| {
            let label = account.label();
            let location = || Location::account(&account.account_id);
            let workloads = regions_in_use::account_use(account);
            if workloads == AccountUse::Idle {
                accounts::not_applicable_unless_unconfirmed(
                    out,
                    account,
                    location(),
                    format!(
                        "Account {label} runs no workloads in the scanned regions (no running instances, volumes, databases, load balancers or functions), so there is nothing to inject faults into."
                    ),
                );
                return;
            }
            let mut templates: Vec<(&str, &FisExperimentTemplate)> = Vec::new();
            let mut experiments: Vec<(&str, &FisExperiment)> = Vec::new();
            let mut unread: Option<(&str, Missing<'_>)> = None;
            for (region, facts) in accounts::regions(account) {
                match facts.fis_experiment_templates.get() {
                    Ok(found) => templates.extend(found.iter().map(|t| (region, t))),
                    Err(missing) => {
                        unread.get_or_insert((region, missing));
                    }
                }
                match facts.fis_experiments.get() {
                    Ok(found) => experiments.extend(found.iter().map(|e| (region, e))),
                    Err(missing) => {
                        unread.get_or_insert((region, missing));
                    }
                }
            }
            let latest_completed = experiments
                .iter()
                .filter(|(_, e)| e.is_completed())
                .filter_map(|(region, e)| Some((*region, *e, e.started_at?)))
                .filter(|(_, _, at)| *at <= now && now - *at <= Duration::days(MAX_AGE_DAYS))
                .max_by_key(|(_, _, at)| *at);
            if let (Some((region, experiment, at)), false) = (latest_completed, templates.is_empty()) {
                out.pass(
                    location(),
                    format_args!(
                        "In account {label}, FIS experiment {}{} completed in {region} (started {} days ago); the account has {} experiment template{}.",
                        experiment.id,
                        from_template(experiment),
                        (now - at).num_days(),
                        templates.len(),
                        if templates.len() == 1 { "" } else { "s" }
                    ),
                );
                return;
            }
            if let Some((region, missing)) = unread {
                out.inconclusive(
                    location(),
                    &format!(
                        "whether fault injection experiments ran in account {label}: none read passes, and the FIS templates or experiments in {region} could not be read"
                    ),
                    &missing,
                );
                return;
            }
            let runs = match &workloads {
                AccountUse::InUse(in_use) => regions_in_use::describe_account(in_use),
                AccountUse::Unknown(region, missing) => {
                    out.inconclusive(
                        location(),
                        &format!(
                            "whether account {label} needs fault injection experiments (none passes): whether {region} runs workloads"
                        ),
                        missing,
                    );
                    return;
                }
                AccountUse::Idle => return,
            };
            if templates.is_empty() {
                accounts::fail_unless_unconfirmed(
                    out,
                    account,
                    location(),
                    format!(
                        "Account {label} has no FIS experiment template in any scanned region, though it runs {runs}."
                    ),
                );
            } else {
                accounts::fail_unless_unconfirmed(
                    out,
                    account,
                    location(),
                    format!(
                        "Account {label} has {} FIS experiment template{}, but no experiment completed in the last {MAX_AGE_DAYS} days: {}.",
                        templates.len(),
                        if templates.len() == 1 { "" } else { "s" },
                        latest_seen(&experiments, now)
                    ),
                );
            }
        });
    }
}

/// ` from template EXT1a2b`, or nothing.
fn from_template(experiment: &FisExperiment) -> String {
    experiment.template_id.as_ref().map(|t| format!(" from template {t}")).unwrap_or_default()
}

/// What the latest experiment was, or that none ran.
fn latest_seen(experiments: &[(&str, &FisExperiment)], now: DateTime<Utc>) -> String {
    let latest = experiments.iter().filter_map(|(region, e)| Some((*region, *e, e.started_at?))).max_by_key(|x| x.2);
    match latest {
        None if experiments.is_empty() => "no experiment was ever run".to_owned(),
        None => format!("{} experiments with no start time", experiments.len()),
        Some((region, e, at)) => format!(
            "the latest, {}{} in {region}, started {} days ago and its status is {}",
            e.id,
            from_template(e),
            (now - at).num_days(),
            e.status
        ),
    }
}

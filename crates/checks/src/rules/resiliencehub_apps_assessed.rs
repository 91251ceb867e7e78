//! Resilience Hub applications assessed recently, per account with workloads.

use chrono::{DateTime, Duration, Utc};
use maturity_evidence::{Bundle, Missing, ResilienceHubApp};

use crate::shared::accounts;
use crate::shared::prose::and_list;
use crate::shared::regions_in_use::{self, AccountUse};
use crate::shared::walk;
use crate::{Check, Findings, Location, declare_check};

/// How recent the last assessment must be.
const MAX_AGE_DAYS: i64 = 90;

declare_check! {
    /// ## What it checks
    /// For every account that runs workloads in a scanned region (running EC2 instances, EBS
    /// volumes, RDS instances, load balancers, Lambda functions …): at least one AWS Resilience
    /// Hub application in a scanned region was assessed against its resiliency policy in the 90
    /// days before the scan (`lastAppComplianceEvaluationTime`). One finding per account: pass
    /// naming the recently assessed applications with their compliance status and resiliency
    /// score (applications whose policy is breached are named, but do not fail: the control asks
    /// that resilience is evaluated, and a breach is what the evaluation is for); fail when there
    /// is no application, or none was assessed in 90 days, naming each application never
    /// assessed or last assessed too long ago.
    ///
    /// Not applicable for an account with no workload in any scanned region. Inconclusive when
    /// no recent assessment was seen and the applications of some region, or whether the account
    /// runs workloads, could not be read; and for an account the collector could not enter.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// Recovery targets (RTO and RPO) are only promises until an application is measured against
    /// them. An assessment shows which components cannot meet the target (a single-AZ database,
    /// no backups, no cross-region copy) while there is still time to fix them or to agree with
    /// the business on a different target, instead of learning it during an outage.
    ///
    /// ## How to fix
    /// Define a resiliency policy with the business's RTO and RPO for each critical application,
    /// add the application to AWS Resilience Hub (from its CloudFormation stacks, tags, an
    /// AppRegistry application or EKS cluster), run an assessment and turn on daily scheduled
    /// assessments. Track every gap the assessment reports to a fix or a documented risk
    /// acceptance.
    pub(crate) struct ResiliencehubAppsAssessed {
        id: "resiliencehub-apps-assessed",
        title: "Resilience Hub assessed an application in the last 90 days in every account with workloads",
        scope: Account,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_volumes", "region.rds_db_instances", "region.lambda_functions", "region.elbv2_load_balancers", "region.resiliencehub_apps", "region.dynamodb_tables", "region.efs_file_systems"],
        alternative: "resilience reviews done without Resilience Hub, such as Well-Architected reliability reviews",
    }
}

impl Check for ResiliencehubAppsAssessed {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let now = bundle.collector.collected_at;
        let what = "whether Resilience Hub assessed an application";
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
                        "Account {label} runs no workloads in the scanned regions (no running instances, volumes, databases, load balancers or functions), so it has no application to assess."
                    ),
                );
                return;
            }
            let mut apps: Vec<(&str, &ResilienceHubApp)> = Vec::new();
            let mut unread: Option<(&str, Missing<'_>)> = None;
            for (region, facts) in accounts::regions(account) {
                match facts.resiliencehub_apps.get() {
                    Ok(found) => apps.extend(found.iter().map(|app| (region, app))),
                    Err(missing) => {
                        unread.get_or_insert((region, missing));
                    }
                }
            }
            let recent: Vec<&(&str, &ResilienceHubApp)> = apps.iter().filter(|(_, app)| is_recent(app, now)).collect();
            if !recent.is_empty() {
                let described: Vec<String> = recent.iter().map(|(region, app)| assessed(app, region, now)).collect();
                let breached: Vec<&str> =
                    recent.iter().filter(|(_, app)| app.policy_breached()).map(|(_, app)| app.name.as_str()).collect();
                let note = if breached.is_empty() {
                    String::new()
                } else {
                    format!(
                        " The resiliency policy of {} is breached: plan the fixes or accept the risk.",
                        and_list(&breached)
                    )
                };
                out.pass(
                    location(),
                    format_args!(
                        "In account {label}, Resilience Hub assessed {} in the last {MAX_AGE_DAYS} days.{note}",
                        and_list(&described)
                    ),
                );
                return;
            }
            if let Some((region, missing)) = unread {
                out.inconclusive(
                    location(),
                    &format!(
                        "whether Resilience Hub assessed an application in account {label}: none read was assessed in the last {MAX_AGE_DAYS} days, and the applications in {region} could not be read"
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
                            "whether account {label} needs a Resilience Hub assessment (it has no recent one): whether {region} runs workloads"
                        ),
                        missing,
                    );
                    return;
                }
                AccountUse::Idle => return,
            };
            if apps.is_empty() {
                accounts::fail_unless_unconfirmed(
                    out,
                    account,
                    location(),
                    format!(
                        "Account {label} has no Resilience Hub application in any scanned region, though it runs {runs}."
                    ),
                );
            } else {
                let described: Vec<String> = apps.iter().map(|(region, app)| stale(app, region, now)).collect();
                accounts::fail_unless_unconfirmed(
                    out,
                    account,
                    location(),
                    format!(
                        "No Resilience Hub application of account {label} was assessed in the last {MAX_AGE_DAYS} days: {}.",
                        and_list(&described)
                    ),
                );
            }
        });
    }
}

fn is_recent(app: &ResilienceHubApp, now: DateTime<Utc>) -> bool {
    app.last_assessed_at.is_some_and(|at| at <= now && now - at <= Duration::days(MAX_AGE_DAYS))
}

/// `checkout in eu-west-1 (PolicyBreached, score 62, 12 days ago)`.
fn assessed(app: &ResilienceHubApp, region: &str, now: DateTime<Utc>) -> String {
    let mut parts =
        vec![app.compliance_status.as_ref().map_or_else(|| "no compliance status".to_owned(), ToString::to_string)];
    if let Some(score) = app.resiliency_score {
        parts.push(format!("score {score:.0}"));
    }
    if let Some(at) = app.last_assessed_at {
        parts.push(format!("{} days ago", (now - at).num_days()));
    }
    format!("{} in {region} ({})", app.name, parts.join(", "))
}

/// `billing in us-east-1 was never assessed` / `… was last assessed 2026-03-01 (245 days ago)`.
fn stale(app: &ResilienceHubApp, region: &str, now: DateTime<Utc>) -> String {
    let breached = if app.policy_breached() { ", and its resiliency policy was breached" } else { "" };
    match app.last_assessed_at {
        None => format!("{} in {region} was never assessed", app.name),
        Some(at) => format!(
            "{} in {region} was last assessed on {} ({} days ago){breached}",
            app.name,
            at.format("%Y-%m-%d"),
            (now - at).num_days()
        ),
    }
}

//! A billing alarm or a budget that notifies, per account.

use maturity_evidence::{AccountEvidence, BILLING_REGION, Budget, BudgetType, Bundle};

use crate::across::{Summarize, summarized_check};
use crate::shared::{organization, walk};
use crate::{FindingStatus, Findings, Location, declare_check};

/// The CloudWatch namespace and metric of the estimated bill.
const BILLING_NAMESPACE: &str = "AWS/Billing";
const BILLING_METRIC: &str = "EstimatedCharges";

declare_check! {
    /// ## What it checks
    /// For every account: the account has a CloudWatch metric alarm in us-east-1 (where AWS
    /// publishes billing metrics) on `AWS/Billing` `EstimatedCharges` with actions enabled and
    /// at least one alarm action, or an AWS Budgets cost budget (type `COST`) with at least one
    /// notification. Usage budgets and Reserved Instance or Savings Plans utilization and
    /// coverage budgets do not count: they watch how reservations are used, not what the bill
    /// costs.
    ///
    /// In an organization, billing is consolidated on the management account, so a member
    /// account also passes when the management account passes; the message says so. The
    /// management account is known from `DescribeOrganization`, or else from the scan's scope.
    /// When neither names it, an account whose own alarms and budgets do not pass is
    /// inconclusive, not failed: its bill may be watched where it is paid.
    ///
    /// Fails when neither exists (in the account and, for a member, in the management account),
    /// naming alarms without an enabled action and budgets without a notification. Inconclusive
    /// when the alarms of us-east-1 or the budgets could not be read (or us-east-1 was not
    /// scanned) and the other source does not already pass, or when a member's own sources fail
    /// and the management account's could not be read.
    ///
    /// ## Why it matters
    /// Cryptomining and botnet instances launched with stolen credentials show up first on the
    /// bill. An alarm on the estimated charges, sent to people who act on it, turns a surprise
    /// at the end of the month into an alert within hours.
    ///
    /// ## How to fix
    /// Create a monthly cost budget with an alert to a monitored distribution list (or an SNS
    /// topic), or enable billing alerts and create a CloudWatch alarm on `EstimatedCharges` in
    /// us-east-1 with an SNS action. In an organization, do it in the management account;
    /// consider AWS Cost Anomaly Detection as well.
    pub(crate) struct BillingAlarmOrBudget {
        id: "billing-alarm-or-budget",
        title: "Every account's bill is watched by a billing alarm or a budget that notifies",
        scope: Account,
        reads: ["organization.organization", "account.budgets", "region.cloudwatch_alarms"],
        across_accounts: "billing may be consolidated on the management account, whose alarm or budget then watches a member's bill",
    }
}

summarized_check!(BillingAlarmOrBudget);

/// What every account's verdict needs of the organization: the management account's id, label
/// and watch (or why it could not be read), when the bundle has an organization whose
/// management account is known; why it is not known, otherwise.
pub(crate) struct Payer {
    management: Option<(Box<str>, String, Result<Watch, String>)>,
    unknown: Option<String>,
}

impl Summarize for BillingAlarmOrBudget {
    /// The management account's label and watch, kept of that account only.
    type Summary = Option<(String, Result<Watch, String>)>;
    type Context = Payer;

    fn summarize(&self, head: &Bundle, account: &AccountEvidence) -> Self::Summary {
        let org = head.organization.as_ref()?;
        let id = organization::management_account_id(head, org).ok()?;
        (id == account.account_id).then(|| {
            let watch = match account.access_problem() {
                Some(problem) => Err(format!("nothing could be read ({problem})")),
                None => Ok(Watch::of(account)),
            };
            (account.label().to_string(), watch)
        })
    }

    fn context(&self, head: &Bundle, summaries: Vec<Self::Summary>) -> Payer {
        // The first account of the scan with the management account's id, as `Bundle::account`.
        let found = summaries.into_iter().flatten().next();
        Payer { management: management_watch(head, found), unknown: unknown_payer(head) }
    }

    fn judge(&self, payer: &Payer, bundle: &Bundle, out: &mut Findings) {
        let Payer { management, unknown: payer_unknown } = payer;
        walk::each_account(bundle, out, |account, out| {
            let location = Location::account(&account.account_id);
            let label = account.label();
            let own = Watch::of(account);
            if let Some(found) = own.passing() {
                out.pass(location, format_args!("Account {label} has {found}."));
                return;
            }
            let payer = management.as_ref().filter(|(id, _, _)| **id != *account.account_id);
            if let Some((_, payer_label, Ok(payer))) = payer
                && let Some(found) = payer.passing()
            {
                out.pass(
                    location,
                    format_args!("Billing for account {label} is consolidated on the management account {payer_label}, which has {found}."),
                );
                return;
            }
            if !own.unknowns().is_empty() {
                out.add(
                    FindingStatus::Inconclusive,
                    location,
                    format_args!(
                        "Cannot tell whether account {label} has a billing alarm or a budget that notifies: {}.",
                        own.explain_unknown()
                    ),
                );
                return;
            }
            match payer {
                None if payer_unknown.is_some() => out.add(
                    FindingStatus::Inconclusive,
                    location,
                    format_args!(
                        "Cannot tell whether the bill of account {label} is watched: it has {}, but billing may be consolidated on the organization's management account, which could not be identified ({}).",
                        own.explain_fail(),
                        payer_unknown.as_deref().unwrap_or_default()
                    ),
                ),
                None => out.fail(location, format_args!("Account {label} has {}.", own.explain_fail())),
                Some((_, payer_label, Ok(payer))) if payer.unknowns().is_empty() => out.fail(
                    location,
                    format_args!(
                        "Account {label} has {}, and neither has the management account {payer_label}, where billing is consolidated: it has {}.",
                        own.explain_fail(),
                        payer.explain_fail()
                    ),
                ),
                Some((_, payer_label, payer)) => {
                    let why = match payer {
                        Ok(payer) => payer.explain_unknown(),
                        Err(why) => why.clone(),
                    };
                    out.add(
                        FindingStatus::Inconclusive,
                        location,
                        format_args!(
                            "Cannot tell whether the bill of account {label} is watched: it has {}, and for the management account {payer_label}, where billing is consolidated, {why}.",
                            own.explain_fail()
                        ),
                    );
                }
            }
        });
    }
}

/// What one source (alarms or budgets) shows, as a clause for messages.
enum Clause {
    /// The source passes: what was found.
    Pass(String),
    /// The source does not pass: what was found instead.
    Fail(String),
    /// The source could not be read: why.
    Unknown(String),
}

/// An account's billing alarms and budgets.
pub(crate) struct Watch {
    alarm: Clause,
    budget: Clause,
}

impl Watch {
    fn of(account: &AccountEvidence) -> Self {
        Self { alarm: alarm_clause(account), budget: budget_clause(account) }
    }

    fn clauses(&self) -> [&Clause; 2] {
        [&self.alarm, &self.budget]
    }

    fn passing(&self) -> Option<&str> {
        self.clauses().into_iter().find_map(|c| match c {
            Clause::Pass(found) => Some(found.as_str()),
            _ => None,
        })
    }

    fn unknowns(&self) -> Vec<&str> {
        self.clauses()
            .into_iter()
            .filter_map(|c| match c {
                Clause::Unknown(why) => Some(why.as_str()),
                _ => None,
            })
            .collect()
    }

    fn fails(&self) -> Vec<&str> {
        self.clauses()
            .into_iter()
            .filter_map(|c| match c {
                Clause::Fail(found) => Some(found.as_str()),
                _ => None,
            })
            .collect()
    }

    /// `no billing alarm … and no budget`.
    fn explain_fail(&self) -> String {
        self.fails().join(" and ")
    }

    /// `its budgets could not be read (…); it has no billing alarm …`.
    fn explain_unknown(&self) -> String {
        let mut text = self.unknowns().join(" and ");
        let fails = self.fails();
        if !fails.is_empty() {
            text.push_str(&format!(", and it has {}", fails.join(" and ")));
        }
        text
    }
}

/// Why the management account, where billing may be consolidated, is not known, when the bundle
/// has an organization whose `DescribeOrganization` could not be read and a scope that does not
/// name it.
fn unknown_payer(bundle: &Bundle) -> Option<String> {
    let org = bundle.organization.as_ref()?;
    organization::management_account_id(bundle, org).err().map(|missing| missing.to_string())
}

/// The management account's id, its label, and its watch (or why it could not be read), when
/// the bundle has an organization: `found` is what was kept of the management account, when the
/// scan holds it.
fn management_watch(
    head: &Bundle,
    found: Option<(String, Result<Watch, String>)>,
) -> Option<(Box<str>, String, Result<Watch, String>)> {
    let org = head.organization.as_ref()?;
    let id = organization::management_account_id(head, org).ok()?;
    Some(match found {
        Some((label, watch)) => (id.into(), label, watch),
        None => (id.into(), id.to_owned(), Err("its billing alarms and budgets were not collected".to_owned())),
    })
}

fn alarm_clause(account: &AccountEvidence) -> Clause {
    let Some(region) = account.regions.get(BILLING_REGION) else {
        return Clause::Unknown(format!("{BILLING_REGION}, where billing alarms live, was not scanned"));
    };
    let alarms = match region.cloudwatch_alarms.get() {
        Ok(alarms) => alarms,
        Err(missing) => {
            return Clause::Unknown(format!("its CloudWatch alarms in {BILLING_REGION} could not be read ({missing})"));
        }
    };
    let billing: Vec<_> = alarms
        .iter()
        .filter(|a| {
            a.namespace.as_deref() == Some(BILLING_NAMESPACE) && a.metric_name.as_deref() == Some(BILLING_METRIC)
        })
        .collect();
    if let Some(alarm) = billing.iter().find(|a| a.actions_enabled && !a.alarm_actions.is_empty()) {
        return Clause::Pass(format!(
            "billing alarm {} on {BILLING_NAMESPACE} {BILLING_METRIC} in {BILLING_REGION} with an enabled action",
            alarm.alarm_name
        ));
    }
    if billing.is_empty() {
        Clause::Fail(format!("no {BILLING_NAMESPACE} {BILLING_METRIC} alarm in {BILLING_REGION}"))
    } else {
        let names: Vec<&str> = billing.iter().map(|a| a.alarm_name.as_str()).collect();
        Clause::Fail(format!("billing alarm(s) {} in {BILLING_REGION} without an enabled action", names.join(", ")))
    }
}

fn budget_clause(account: &AccountEvidence) -> Clause {
    let budgets = match account.global.budgets.get() {
        Ok(budgets) => budgets,
        Err(missing) => return Clause::Unknown(format!("its budgets could not be read ({missing})")),
    };
    let (cost, other): (Vec<&Budget>, Vec<&Budget>) = budgets.iter().partition(|b| b.budget_type == BudgetType::Cost);
    if let Some(budget) = cost.iter().find(|b| b.notifications > 0) {
        let plural = if budget.notifications == 1 { "" } else { "s" };
        return Clause::Pass(format!("cost budget {} with {} notification{plural}", budget.name, budget.notifications));
    }
    let mut found = Vec::new();
    if !cost.is_empty() {
        let names: Vec<&str> = cost.iter().map(|b| b.name.as_str()).collect();
        found.push(format!("cost budget(s) {} without a notification", names.join(", ")));
    }
    if !other.is_empty() {
        let names: Vec<String> = other.iter().map(|b| format!("{} ({})", b.name, b.budget_type)).collect();
        found.push(format!("budget(s) {} that watch no cost", names.join(", ")));
    }
    if found.is_empty() { Clause::Fail("no budget".to_owned()) } else { Clause::Fail(found.join(" and ")) }
}

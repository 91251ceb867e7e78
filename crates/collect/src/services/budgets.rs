//! AWS Budgets (a global service): the account's budgets and how many notifications each has.

use maturity_evidence::{Budget, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::{Clients, HOME_REGION};

declare_calls! {
    DESCRIBE_BUDGETS: "budgets:DescribeBudgets" => "budgets:ViewBudget";
    DESCRIBE_NOTIFICATIONS_FOR_BUDGET: "budgets:DescribeNotificationsForBudget" => "budgets:ViewBudget";
}

/// Budgets answers NotFoundException when an account has no budgets, or a budget no
/// notifications: that is "none", a value.
const NONE_FOUND: &[&str] = &["NotFoundException"];

/// `budgets:ViewBudget` (DescribeBudgets and DescribeNotificationsForBudget).
pub(crate) async fn budgets(clients: &Clients, account_id: &str) -> Fact<Vec<Budget>> {
    fact(collect(clients, account_id).await)
}

async fn collect(clients: &Clients, account_id: &str) -> Result<Vec<Budget>, Problem> {
    let client = clients.budgets(HOME_REGION);
    let pages = client.describe_budgets().account_id(account_id).into_paginator().send();
    let mut budgets = paging::all_unless(DESCRIBE_BUDGETS, pages, NONE_FOUND, |page| {
        page.budgets()
            .iter()
            .map(|b| Budget {
                name: b.budget_name().to_owned(),
                budget_type: b.budget_type().as_str().into(),
                notifications: 0,
            })
            .collect()
    })
    .await?
    .unwrap_or_default();
    for budget in &mut budgets {
        let pages = client
            .describe_notifications_for_budget()
            .account_id(account_id)
            .budget_name(&budget.name)
            .into_paginator()
            .send();
        let notifications = paging::all_unless(DESCRIBE_NOTIFICATIONS_FOR_BUDGET, pages, NONE_FOUND, |page| {
            page.notifications().to_vec()
        })
        .await?
        .unwrap_or_default();
        budget.notifications = u32::try_from(notifications.len()).unwrap_or(u32::MAX);
    }
    Ok(budgets)
}

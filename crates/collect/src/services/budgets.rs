//! AWS Budgets (a global service): the account's budgets and how many notifications each has.

use maturity_evidence::{Budget, Fact};

use super::Call;
use crate::classify::{Problem, classify, fact, has_code};
use crate::config::{Clients, HOME_REGION};

pub(crate) const CALLS: &[Call] = &[
    Call::named("budgets:DescribeBudgets", "budgets:ViewBudget"),
    Call::named("budgets:DescribeNotificationsForBudget", "budgets:ViewBudget"),
];

/// Budgets answers NotFoundException when an account has no budgets, or a budget no
/// notifications: that is "none", a value.
const NONE_FOUND: &[&str] = &["NotFoundException"];

/// `budgets:ViewBudget` (DescribeBudgets and DescribeNotificationsForBudget).
pub(crate) async fn budgets(clients: &Clients, account_id: &str) -> Fact<Vec<Budget>> {
    fact(collect(clients, account_id).await)
}

async fn collect(clients: &Clients, account_id: &str) -> Result<Vec<Budget>, Problem> {
    let client = clients.budgets(HOME_REGION);
    let mut budgets = Vec::new();
    let mut pages = client.describe_budgets().account_id(account_id).into_paginator().send();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => budgets.extend(page.budgets().iter().map(|b| Budget {
                name: b.budget_name().to_owned(),
                budget_type: b.budget_type().as_str().to_owned(),
                notifications: 0,
            })),
            Err(error) if has_code(&error, NONE_FOUND) => break,
            Err(error) => return Err(classify("budgets:ViewBudget", &error)),
        }
    }
    for budget in &mut budgets {
        let mut pages = client
            .describe_notifications_for_budget()
            .account_id(account_id)
            .budget_name(&budget.name)
            .into_paginator()
            .send();
        let mut count = 0usize;
        while let Some(page) = pages.next().await {
            match page {
                Ok(page) => count += page.notifications().len(),
                Err(error) if has_code(&error, NONE_FOUND) => break,
                Err(error) => return Err(classify("budgets:ViewBudget", &error)),
            }
        }
        budget.notifications = u32::try_from(count).unwrap_or(u32::MAX);
    }
    Ok(budgets)
}

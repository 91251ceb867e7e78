//! IAM Access Analyzer, per region: the analyzers (external access and unused access, account or
//! organization zone of trust) and their status.

use maturity_evidence::{AccessAnalyzer, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_ANALYZERS: "accessanalyzer:ListAnalyzers" => "access-analyzer:ListAnalyzers";
}

/// `access-analyzer:ListAnalyzers`, every page. A region without analyzers answers an empty list.
pub(crate) async fn analyzers(clients: &Clients, region: &str) -> Fact<Vec<AccessAnalyzer>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<AccessAnalyzer>, Problem> {
    let analyzers =
        paging::all(LIST_ANALYZERS, clients.accessanalyzer(region).list_analyzers().into_paginator().send(), |page| {
            page.analyzers()
                .iter()
                .map(|a| AccessAnalyzer {
                    name: a.name().to_owned(),
                    arn: a.arn().to_owned(),
                    analyzer_type: a.r#type().as_str().into(),
                    status: a.status().as_str().into(),
                })
                .collect()
        })
        .await?;
    Ok(analyzers)
}

#[cfg(test)]
mod tests {
    use maturity_evidence::Fact;

    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn analyzers_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"analyzers":[{"arn":"arn:aws:access-analyzer:eu-west-1:111111111111:analyzer/org-external","name":"org-external","type":"ORGANIZATION","createdAt":"2026-01-01T00:00:00Z","status":"ACTIVE"}],"nextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"analyzers":[{"arn":"arn:aws:access-analyzer:eu-west-1:111111111111:analyzer/unused","name":"unused","type":"ACCOUNT_UNUSED_ACCESS","createdAt":"2026-01-01T00:00:00Z","status":"CREATING","configuration":{"unusedAccess":{"unusedAccessAge":90}}}]}"#,
            ),
        ]);
        let analyzers = super::analyzers(&clients, "eu-west-1").await;
        let Fact::Ok(analyzers) = analyzers else { panic!("{analyzers:?}") };
        assert_eq!(analyzers.len(), 2);
        assert_eq!(
            (analyzers[0].name.as_str(), analyzers[0].analyzer_type.as_str(), analyzers[0].status.as_str()),
            ("org-external", "ORGANIZATION", "ACTIVE")
        );
        assert!(analyzers[0].is_external_access() && analyzers[0].is_organization_wide() && analyzers[0].is_active());
        assert!(analyzers[1].is_unused_access() && !analyzers[1].is_active());
        assert_eq!(calls.snapshot().get("accessanalyzer:ListAnalyzers"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn no_analyzer_is_an_empty_list() {
        let (clients, _calls, _replay) = replaying(vec![response(200, &[JSON], r#"{"analyzers":[]}"#)]);
        assert_eq!(super::analyzers(&clients, "eu-west-1").await, Fact::Ok(Vec::new()));
    }

    #[tokio::test]
    async fn access_denied_names_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"message":"User is not authorized to perform: access-analyzer:ListAnalyzers"}"#,
        )]);
        assert_eq!(super::analyzers(&clients, "eu-west-1").await, Fact::denied("access-analyzer:ListAnalyzers"));
    }
}

//! Amazon Detective, per region: the behaviour graphs the account administers, and its
//! memberships in other accounts' graphs.
//!
//! An account with no graph answers an empty list: "not enabled" is a value, not an error.

use aws_smithy_types::date_time::Format;
use maturity_evidence::{DetectiveGraph, DetectiveMembership, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_GRAPHS: "detective:ListGraphs";
    LIST_INVITATIONS: "detective:ListInvitations";
}

/// `detective:ListGraphs`: the graphs this account administers in the region.
pub(crate) async fn graphs(clients: &Clients, region: &str) -> Fact<Vec<DetectiveGraph>> {
    fact(list_graphs(clients, region).await)
}

/// `detective:ListInvitations`: the graphs this account was invited to, with its status.
pub(crate) async fn memberships(clients: &Clients, region: &str) -> Fact<Vec<DetectiveMembership>> {
    fact(list_invitations(clients, region).await)
}

async fn list_graphs(clients: &Clients, region: &str) -> Result<Vec<DetectiveGraph>, Problem> {
    let graphs = paging::all(LIST_GRAPHS, clients.detective(region).list_graphs().into_paginator().send(), |page| {
        page.graph_list()
            .iter()
            .filter_map(|g| {
                Some(DetectiveGraph {
                    graph_arn: g.arn()?.to_owned(),
                    created_time: g.created_time().and_then(|t| t.fmt(Format::DateTime).ok()),
                })
            })
            .collect()
    })
    .await?;
    Ok(graphs)
}

async fn list_invitations(clients: &Clients, region: &str) -> Result<Vec<DetectiveMembership>, Problem> {
    let memberships =
        paging::all(LIST_INVITATIONS, clients.detective(region).list_invitations().into_paginator().send(), |page| {
            page.invitations()
                .iter()
                .filter_map(|m| {
                    Some(DetectiveMembership {
                        graph_arn: m.graph_arn()?.to_owned(),
                        administrator_id: m.administrator_id().map(str::to_owned),
                        status: m.status().map_or("UNKNOWN", |s| s.as_str()).into(),
                    })
                })
                .collect()
        })
        .await?;
    Ok(memberships)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn graphs_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"GraphList":[{"Arn":"arn:aws:detective:eu-west-1:111111111111:graph:027c7c4610ea4aacaf0b883093cab899","CreatedTime":"2025-09-14T08:21:37Z"}],"NextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"GraphList":[{"Arn":"arn:aws:detective:eu-west-1:111111111111:graph:9b1e3c2d","CreatedTime":"2026-01-02T00:00:00Z"}]}"#,
            ),
        ]);
        let Fact::Ok(graphs) = graphs(&clients, "eu-west-1").await else { panic!("graphs not read") };
        assert_eq!(graphs.len(), 2);
        assert!(graphs[0].graph_arn.ends_with("graph:027c7c4610ea4aacaf0b883093cab899"));
        assert_eq!(graphs[0].created_time.as_deref(), Some("2025-09-14T08:21:37Z"));
        assert_eq!(calls.snapshot().get("detective:ListGraphs"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn no_graph_is_an_empty_list() {
        let (clients, _calls, _replay) = replaying(vec![response(200, &[JSON], r#"{"GraphList":[]}"#)]);
        assert_eq!(graphs(&clients, "eu-west-1").await, Fact::Ok(Vec::new()));
    }

    #[tokio::test]
    async fn memberships_keep_status_and_administrator() {
        let (clients, _calls, _replay) = replaying(vec![response(
            200,
            &[JSON],
            r#"{"Invitations":[{"AccountId":"222222222222","EmailAddress":"sec@example.com","GraphArn":"arn:aws:detective:eu-west-1:111111111111:graph:027c7c4610ea4aacaf0b883093cab899","MasterId":"111111111111","AdministratorId":"111111111111","Status":"ENABLED","InvitedTime":"2025-09-14T08:21:37Z","UpdatedTime":"2025-09-14T08:30:00Z","InvitationType":"ORGANIZATION"}]}"#,
        )]);
        let Fact::Ok(memberships) = memberships(&clients, "eu-west-1").await else { panic!("not read") };
        assert_eq!(memberships.len(), 1);
        assert!(memberships[0].is_enabled());
        assert_eq!(memberships[0].administrator_id.as_deref(), Some("111111111111"));
    }

    #[tokio::test]
    async fn denied_graphs_name_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"message":"User is not authorized to perform: detective:ListGraphs"}"#,
        )]);
        assert_eq!(graphs(&clients, "eu-west-1").await, Fact::denied("detective:ListGraphs"));
    }
}

//! Amazon Inspector, per region: whether the scanned account has Inspector on, and for which
//! resource types (EC2, ECR, Lambda standard scanning, Lambda code scanning).

use maturity_evidence::{Fact, InspectorStatus};

use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    BATCH_GET_ACCOUNT_STATUS: "inspector2:BatchGetAccountStatus";
}

/// `inspector2:BatchGetAccountStatus` for the scanned account, named explicitly. An account that
/// never turned Inspector on is answered with `DISABLED` states: a value, not an error. An answer
/// that leaves the account out is a failure, never read as "disabled".
pub(crate) async fn status(clients: &Clients, region: &str, account_id: &str) -> Fact<InspectorStatus> {
    fact(collect(clients, region, account_id).await)
}

async fn collect(clients: &Clients, region: &str, account_id: &str) -> Result<InspectorStatus, Problem> {
    let out = clients
        .inspector2(region)
        .batch_get_account_status()
        .account_ids(account_id)
        .send()
        .await
        .or_problem(BATCH_GET_ACCOUNT_STATUS)?;
    if let Some(account) = out.accounts().iter().find(|a| a.account_id() == account_id) {
        let status = |state: Option<&aws_sdk_inspector2::types::State>| state.map(|s| s.status().as_str().into());
        let resources = account.resource_state();
        return Ok(InspectorStatus {
            state: account.state().map_or("UNKNOWN", |s| s.status().as_str()).into(),
            ec2: status(resources.and_then(|r| r.ec2())),
            ecr: status(resources.and_then(|r| r.ecr())),
            lambda: status(resources.and_then(|r| r.lambda())),
            lambda_code: status(resources.and_then(|r| r.lambda_code())),
        });
    }
    // The account itself could not be answered for: say why.
    match out.failed_accounts().iter().find(|a| a.account_id() == account_id) {
        Some(failed) if failed.error_code() == &aws_sdk_inspector2::types::ErrorCode::AccessDenied => {
            Err(Problem::Denied(BATCH_GET_ACCOUNT_STATUS.action.to_owned()))
        }
        Some(failed) => Err(Problem::Failed(format!(
            "{} could not report the account ({}: {})",
            BATCH_GET_ACCOUNT_STATUS.action,
            failed.error_code().as_str(),
            failed.error_message()
        ))),
        None => Err(Problem::Failed(format!("{} returned no status for the account", BATCH_GET_ACCOUNT_STATUS.action))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn resource_states_are_read() {
        let (clients, calls, _replay) = replaying(vec![response(
            200,
            &[JSON],
            r#"{"accounts":[{"accountId":"111111111111","state":{"status":"ENABLED","errorCode":"ALREADY_ENABLED","errorMessage":""},"resourceState":{"ec2":{"status":"ENABLED","errorCode":"ALREADY_ENABLED","errorMessage":""},"ecr":{"status":"DISABLED","errorCode":"ALREADY_ENABLED","errorMessage":""},"lambda":{"status":"ENABLED","errorCode":"ALREADY_ENABLED","errorMessage":""},"lambdaCode":{"status":"DISABLED","errorCode":"ALREADY_ENABLED","errorMessage":""}}}],"failedAccounts":[]}"#,
        )]);
        let status = status(&clients, "us-east-1", "111111111111").await;
        assert_eq!(
            status,
            Fact::Ok(InspectorStatus {
                state: "ENABLED".into(),
                ec2: Some("ENABLED".into()),
                ecr: Some("DISABLED".into()),
                lambda: Some("ENABLED".into()),
                lambda_code: Some("DISABLED".into()),
            })
        );
        assert_eq!(calls.snapshot().get(BATCH_GET_ACCOUNT_STATUS.operation), Some(&1));
    }

    #[tokio::test]
    async fn never_enabled_is_disabled_not_an_error() {
        let (clients, _calls, _replay) = replaying(vec![response(
            200,
            &[JSON],
            r#"{"accounts":[{"accountId":"111111111111","state":{"status":"DISABLED","errorCode":"ALREADY_ENABLED","errorMessage":""},"resourceState":{"ec2":{"status":"DISABLED","errorCode":"ALREADY_ENABLED","errorMessage":""},"ecr":{"status":"DISABLED","errorCode":"ALREADY_ENABLED","errorMessage":""}}}],"failedAccounts":[]}"#,
        )]);
        let Fact::Ok(status) = status(&clients, "us-east-1", "111111111111").await else { panic!("a value") };
        assert_eq!(status.state, "DISABLED".into());
        assert_eq!((status.lambda, status.lambda_code), (None, None), "left out: not scanned");
    }

    #[tokio::test]
    async fn a_failed_account_is_denied_or_failed() {
        let (clients, _calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"accounts":[],"failedAccounts":[{"accountId":"111111111111","errorCode":"ACCESS_DENIED","errorMessage":"not allowed"}]}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"accounts":[],"failedAccounts":[{"accountId":"111111111111","errorCode":"INTERNAL_ERROR","errorMessage":"try again"}]}"#,
            ),
        ]);
        assert_eq!(status(&clients, "us-east-1", "111111111111").await, Fact::denied(BATCH_GET_ACCOUNT_STATUS.action));
        assert!(
            matches!(status(&clients, "us-east-1", "111111111111").await, Fact::Failed { ref error } if error.contains("INTERNAL_ERROR"))
        );
    }

    #[tokio::test]
    async fn an_answer_without_the_account_is_a_failure_not_disabled() {
        let (clients, _calls, _replay) =
            replaying(vec![response(200, &[JSON], r#"{"accounts":[],"failedAccounts":[]}"#)]);
        assert!(matches!(
            status(&clients, "us-east-1", "111111111111").await,
            Fact::Failed { ref error } if error.contains("no status")
        ));
    }

    #[tokio::test]
    async fn access_denied_exception_is_denied() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"message":"User is not authorized to perform: inspector2:BatchGetAccountStatus"}"#,
        )]);
        assert_eq!(status(&clients, "us-east-1", "111111111111").await, Fact::denied(BATCH_GET_ACCOUNT_STATUS.action));
    }
}

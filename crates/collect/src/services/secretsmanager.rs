//! AWS Secrets Manager, per region: every secret's name and rotation metadata. Never the value:
//! `secretsmanager:GetSecretValue` is not called.

use aws_smithy_types_convert::date_time::DateTimeExt;
use chrono::{DateTime, Utc};
use maturity_evidence::{Fact, Secret};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_SECRETS: "secretsmanager:ListSecrets";
}

/// `secretsmanager:ListSecrets`, every page.
pub(crate) async fn secrets(clients: &Clients, region: &str) -> Fact<Vec<Secret>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<Secret>, Problem> {
    let secrets =
        paging::all(LIST_SECRETS, clients.secretsmanager(region).list_secrets().into_paginator().send(), |page| {
            page.secret_list()
                .iter()
                .filter_map(|s| {
                    Some(Secret {
                        name: s.name()?.to_owned(),
                        arn: s.arn().map(str::to_owned),
                        rotation_enabled: s.rotation_enabled().unwrap_or(false),
                        last_rotated: date(s.last_rotated_date()),
                        last_accessed: date(s.last_accessed_date()),
                        owning_service: s.owning_service().map(str::to_owned),
                    })
                })
                .collect()
        })
        .await?;
    Ok(secrets)
}

fn date(value: Option<&aws_smithy_types::DateTime>) -> Option<DateTime<Utc>> {
    value.and_then(|t| t.to_chrono_utc().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn secrets_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"SecretList":[{"ARN":"arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf","Name":"db","RotationEnabled":true,"LastRotatedDate":1767225600,"LastAccessedDate":1767657600}],"NextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"SecretList":[{"ARN":"arn:aws:secretsmanager:us-east-1:111111111111:secret:api-GhIjKl","Name":"api","OwningService":"rds"}]}"#,
            ),
        ]);
        let Fact::Ok(secrets) = secrets(&clients, "us-east-1").await else { panic!("a value") };
        assert_eq!(secrets.len(), 2);
        assert!(secrets[0].rotation_enabled);
        assert_eq!(secrets[0].last_rotated.map(|d| d.to_rfc3339()).as_deref(), Some("2026-01-01T00:00:00+00:00"));
        assert!(!secrets[1].rotation_enabled, "absent means off");
        assert_eq!(secrets[1].owning_service.as_deref(), Some("rds"));
        assert_eq!(calls.snapshot().get("secretsmanager:ListSecrets"), Some(&2), "one call per page");
    }
}

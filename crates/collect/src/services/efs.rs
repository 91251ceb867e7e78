//! Amazon EFS, per region: every file system with its automatic backup policy.

use maturity_evidence::{EfsFileSystem, Fact};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{Problem, classify, fact, has_code};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_FILE_SYSTEMS: "efs:DescribeFileSystems" => "elasticfilesystem:DescribeFileSystems";
    DESCRIBE_BACKUP_POLICY: "efs:DescribeBackupPolicy" => "elasticfilesystem:DescribeBackupPolicy";
}

/// The file system has no backup policy: automatic backups were never turned on.
const NO_POLICY: &[&str] = &["PolicyNotFound"];

/// A file system deleted between the listing and the question: it is no longer there.
const GONE: &[&str] = &["FileSystemNotFound"];

/// What the backup policy of a file system without one is recorded as.
const DISABLED: &str = "DISABLED";

/// `elasticfilesystem:DescribeFileSystems` and `elasticfilesystem:DescribeBackupPolicy` of each
/// file system. A file system whose backup policy cannot be read makes the list that problem; one
/// deleted meanwhile is left out.
pub(crate) async fn file_systems(clients: &Clients, region: &str, limit: &Limit) -> Fact<Vec<EfsFileSystem>> {
    let client = clients.efs(region);
    let listed = match list(&client).await {
        Ok(listed) => listed,
        Err(problem) => return problem.into_fact(),
    };
    let described = fan_out(limit, listed, move |fs| {
        let client = client.clone();
        async move { backup_policy(&client, fs).await }
    })
    .await;
    fact(described.into_iter().filter_map(Result::transpose).collect())
}

async fn list(client: &aws_sdk_efs::Client) -> Result<Vec<EfsFileSystem>, Problem> {
    let found = paging::all(DESCRIBE_FILE_SYSTEMS, client.describe_file_systems().into_paginator().send(), |page| {
        page.file_systems()
            .iter()
            .map(|fs| EfsFileSystem {
                file_system_id: fs.file_system_id().to_owned(),
                arn: fs.file_system_arn().map(str::to_owned),
                name: fs.name().map(str::to_owned),
                life_cycle_state: fs.life_cycle_state().as_str().into(),
                backup_policy: DISABLED.into(),
            })
            .collect()
    })
    .await?;
    Ok(found)
}

async fn backup_policy(client: &aws_sdk_efs::Client, mut fs: EfsFileSystem) -> Result<Option<EfsFileSystem>, Problem> {
    match client.describe_backup_policy().file_system_id(&fs.file_system_id).send().await {
        Ok(out) => {
            fs.backup_policy = out.backup_policy().map_or(DISABLED, |p| p.status().as_str()).into();
            Ok(Some(fs))
        }
        Err(error) if has_code(&error, NO_POLICY) => Ok(Some(fs)),
        Err(error) if has_code(&error, GONE) => Ok(None),
        Err(error) => Err(classify(DESCRIBE_BACKUP_POLICY, &error)),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tokio::sync::Semaphore;

    use crate::replay_tests::{JSON, replaying, response};

    use super::*;

    fn file_system(id: &str, name: &str) -> String {
        format!(
            r#"{{"OwnerId":"111111111111","CreationToken":"{name}","FileSystemId":"{id}","FileSystemArn":"arn:aws:elasticfilesystem:eu-west-1:111111111111:file-system/{id}","CreationTime":1767225600,"LifeCycleState":"available","Name":"{name}","NumberOfMountTargets":0,"SizeInBytes":{{"Value":6144}},"PerformanceMode":"generalPurpose","Encrypted":true,"ThroughputMode":"bursting","Tags":[{{"Key":"Name","Value":"{name}"}}]}}"#
        )
    }

    #[tokio::test]
    async fn file_systems_over_two_pages_with_each_backup_policy() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                &format!(
                    r#"{{"FileSystems":[{},{}],"NextMarker":"page-2"}}"#,
                    file_system("fs-0a1", "shared-home"),
                    file_system("fs-0b2", "uploads")
                ),
            ),
            response(
                200,
                &[JSON],
                &format!(r#"{{"Marker":"page-2","FileSystems":[{}]}}"#, file_system("fs-0c3", "scratch")),
            ),
            response(200, &[JSON], r#"{"BackupPolicy":{"Status":"ENABLED"}}"#),
            response(200, &[JSON], r#"{"BackupPolicy":{"Status":"DISABLED"}}"#),
            response(
                404,
                &[JSON, ("x-amzn-errortype", "PolicyNotFound")],
                r#"{"ErrorCode":"PolicyNotFound","Message":"None"}"#,
            ),
        ]);
        let limit = Arc::new(Semaphore::new(1));
        let Fact::Ok(found) = file_systems(&clients, "eu-west-1", &limit).await else { panic!("no file systems") };
        let seen: Vec<(&str, Option<&str>, &str, bool)> = found
            .iter()
            .map(|fs| {
                (fs.file_system_id.as_str(), fs.name.as_deref(), fs.backup_policy.as_str(), fs.automatic_backups())
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("fs-0a1", Some("shared-home"), "ENABLED", true),
                ("fs-0b2", Some("uploads"), "DISABLED", false),
                ("fs-0c3", Some("scratch"), "DISABLED", false),
            ]
        );
        assert_eq!(found[0].life_cycle_state, "available".into());
        assert_eq!(
            found[0].arn.as_deref(),
            Some("arn:aws:elasticfilesystem:eu-west-1:111111111111:file-system/fs-0a1")
        );
        assert_eq!(calls.snapshot().get("efs:DescribeFileSystems"), Some(&2), "one call per page");
        assert_eq!(calls.snapshot().get("efs:DescribeBackupPolicy"), Some(&3));
    }

    #[tokio::test]
    async fn a_file_system_deleted_meanwhile_is_left_out() {
        let (clients, _calls, _replay) = replaying(vec![
            response(200, &[JSON], &format!(r#"{{"FileSystems":[{}]}}"#, file_system("fs-0d4", "gone"))),
            response(
                404,
                &[JSON, ("x-amzn-errortype", "FileSystemNotFound")],
                r#"{"ErrorCode":"FileSystemNotFound","Message":"File system 'fs-0d4' does not exist."}"#,
            ),
        ]);
        let limit = Arc::new(Semaphore::new(1));
        assert_eq!(file_systems(&clients, "eu-west-1", &limit).await, Fact::Ok(Vec::new()));
    }

    #[tokio::test]
    async fn a_denied_backup_policy_denies_the_list() {
        let (clients, _calls, _replay) = replaying(vec![
            response(200, &[JSON], &format!(r#"{{"FileSystems":[{}]}}"#, file_system("fs-0e5", "locked"))),
            response(
                403,
                &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
                r#"{"Message":"User is not authorized to perform: elasticfilesystem:DescribeBackupPolicy"}"#,
            ),
        ]);
        let limit = Arc::new(Semaphore::new(1));
        let fact = file_systems(&clients, "eu-west-1", &limit).await;
        assert_eq!(fact.state(), maturity_evidence::FactState::Denied, "{fact:?}");
    }

    #[tokio::test]
    async fn no_file_systems_is_an_empty_list() {
        let (clients, calls, _replay) = replaying(vec![response(200, &[JSON], r#"{"FileSystems":[]}"#)]);
        let limit = Arc::new(Semaphore::new(1));
        assert_eq!(file_systems(&clients, "eu-west-1", &limit).await, Fact::Ok(Vec::new()));
        assert_eq!(calls.total(), 1);
    }
}

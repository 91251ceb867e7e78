//! RDS, per region: DB instances, with their KMS key, the logs they export to CloudWatch Logs
//! and their Database Activity Stream status.

use maturity_evidence::{DbInstance, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_DB_INSTANCES: "rds:DescribeDBInstances";
}

/// `rds:DescribeDBInstances`.
pub(crate) async fn instances(clients: &Clients, region: &str) -> Fact<Vec<DbInstance>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<DbInstance>, Problem> {
    let pages = clients.rds(region).describe_db_instances().into_paginator().send();
    let instances = paging::all(DESCRIBE_DB_INSTANCES, pages, |page| {
        page.db_instances()
            .iter()
            .filter_map(|db| {
                Some(DbInstance {
                    db_instance_identifier: db.db_instance_identifier()?.to_owned(),
                    arn: db.db_instance_arn().map(str::to_owned),
                    engine: db.engine().unwrap_or_default().to_owned(),
                    storage_encrypted: db.storage_encrypted().unwrap_or(false),
                    multi_az: db.multi_az().unwrap_or(false),
                    publicly_accessible: db.publicly_accessible().unwrap_or(false),
                    backup_retention_days: db.backup_retention_period(),
                    db_cluster_identifier: db.db_cluster_identifier().map(str::to_owned),
                    kms_key_id: db.kms_key_id().map(str::to_owned),
                    cloudwatch_logs_exports: Some(db.enabled_cloudwatch_logs_exports().to_vec()),
                    activity_stream_status: db.activity_stream_status().map(|s| s.as_str().into()),
                })
            })
            .collect()
    })
    .await?;
    Ok(instances)
}

//! KMS, per region: every key with its metadata, and the rotation status of the
//! customer-managed, enabled, symmetric keys with AWS-generated material (the only ones whose
//! rotation the customer controls).

use maturity_evidence::{Fact, KmsKey};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_KEYS: "kms:ListKeys";
    DESCRIBE_KEY: "kms:DescribeKey";
    GET_KEY_ROTATION_STATUS: "kms:GetKeyRotationStatus";
}

/// `kms:ListKeys`, `kms:DescribeKey` for each key, `kms:GetKeyRotationStatus` for rotatable
/// customer keys. A key that cannot be described makes the list that problem.
pub(crate) async fn keys(clients: &Clients, region: &str, limit: &Limit) -> Fact<Vec<KmsKey>> {
    let client = clients.kms(region);
    let ids = match key_ids(&client).await {
        Ok(ids) => ids,
        Err(problem) => return problem.into_fact(),
    };
    let keys = fan_out(limit, ids, move |id| {
        let client = client.clone();
        async move { key(&client, id).await }
    })
    .await;
    fact(keys.into_iter().collect())
}

async fn key_ids(client: &aws_sdk_kms::Client) -> Result<Vec<String>, Problem> {
    let ids = paging::all(LIST_KEYS, client.list_keys().into_paginator().send(), |page| {
        page.keys().iter().filter_map(|k| k.key_id()).map(str::to_owned).collect()
    })
    .await?;
    Ok(ids)
}

async fn key(client: &aws_sdk_kms::Client, id: String) -> Result<KmsKey, Problem> {
    let out = client.describe_key().key_id(&id).send().await.or_problem(DESCRIBE_KEY)?;
    let Some(meta) = out.key_metadata() else {
        return Err(Problem::Failed(format!("kms:DescribeKey returned no metadata for {id}")));
    };
    let mut key = KmsKey {
        key_id: meta.key_id().to_owned(),
        arn: meta.arn().map(str::to_owned),
        key_manager: meta.key_manager().map_or("UNKNOWN", |m| m.as_str()).into(),
        key_state: meta.key_state().map_or("UNKNOWN", |s| s.as_str()).into(),
        key_spec: meta.key_spec().map_or("UNKNOWN", |s| s.as_str()).into(),
        origin: meta.origin().map_or("AWS_KMS", |o| o.as_str()).into(),
        rotation_enabled: Fact::NotCollected,
    };
    // Rotation is asked exactly for the keys whose rotation the customer controls; AWS answers
    // an error for the others (imported material, pending deletion …).
    if key.is_rotatable_customer_key() {
        key.rotation_enabled = fact(
            client
                .get_key_rotation_status()
                .key_id(&id)
                .send()
                .await
                .or_problem(GET_KEY_ROTATION_STATUS)
                .map(|out| out.key_rotation_enabled()),
        );
    }
    Ok(key)
}

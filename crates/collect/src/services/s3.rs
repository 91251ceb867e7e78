//! S3: the account's public access block, and every bucket with its region, public access
//! block, policy status, policy document, replication rules, default encryption, versioning, ACL
//! grants and tags.

use maturity_evidence::{
    AclGrant, Bucket, BucketEncryption, BucketVersioning, Fact, PublicAccessBlock, ReplicationRule, Tags,
};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, classify, fact, has_code};
use crate::config::{Clients, HOME_REGION};

declare_calls! {
    GET_ACCOUNT_PUBLIC_ACCESS_BLOCK: "s3control:GetPublicAccessBlock" => "s3:GetAccountPublicAccessBlock";
    LIST_BUCKETS: "s3:ListBuckets" => "s3:ListAllMyBuckets";
    GET_BUCKET_LOCATION: "s3:GetBucketLocation";
    GET_BUCKET_PUBLIC_ACCESS_BLOCK: "s3:GetPublicAccessBlock" => "s3:GetBucketPublicAccessBlock";
    GET_BUCKET_POLICY_STATUS: "s3:GetBucketPolicyStatus";
    GET_BUCKET_POLICY: "s3:GetBucketPolicy";
    GET_BUCKET_REPLICATION: "s3:GetBucketReplication" => "s3:GetReplicationConfiguration";
    GET_BUCKET_ENCRYPTION: "s3:GetBucketEncryption" => "s3:GetEncryptionConfiguration";
    GET_BUCKET_TAGGING: "s3:GetBucketTagging";
    GET_BUCKET_VERSIONING: "s3:GetBucketVersioning";
    GET_BUCKET_ACL: "s3:GetBucketAcl";
}

/// "Not configured" answers.
const NO_PUBLIC_ACCESS_BLOCK: &[&str] = &["NoSuchPublicAccessBlockConfiguration"];
const NO_POLICY: &[&str] = &["NoSuchBucketPolicy"];
const NO_ENCRYPTION: &[&str] = &["ServerSideEncryptionConfigurationNotFoundError"];
const NO_TAGS: &[&str] = &["NoSuchTagSet"];
const NO_REPLICATION: &[&str] = &["ReplicationConfigurationNotFoundError"];

/// The four settings of an S3 or S3 Control `PublicAccessBlockConfiguration` (two SDK types of
/// the same shape); an absent setting is off.
macro_rules! settings {
    ($config:expr) => {{
        let config = $config;
        PublicAccessBlock {
            block_public_acls: config.block_public_acls().unwrap_or(false),
            ignore_public_acls: config.ignore_public_acls().unwrap_or(false),
            block_public_policy: config.block_public_policy().unwrap_or(false),
            restrict_public_buckets: config.restrict_public_buckets().unwrap_or(false),
        }
    }};
}

/// `s3:GetAccountPublicAccessBlock` (S3 Control); `None` when not configured.
pub(crate) async fn account_public_access_block(
    clients: &Clients,
    account_id: &str,
    region: &str,
) -> Fact<Option<PublicAccessBlock>> {
    let result = clients.s3control(region).get_public_access_block().account_id(account_id).send().await;
    fact(match result {
        Ok(out) => Ok(out.public_access_block_configuration().map(|c| settings!(c))),
        Err(error) if has_code(&error, NO_PUBLIC_ACCESS_BLOCK) => Ok(None),
        Err(error) => Err(classify(GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, &error)),
    })
}

/// Every bucket (`s3:ListAllMyBuckets`) with its per-bucket facts, asked in its own region.
pub(crate) async fn buckets(clients: &Clients, limit: &Limit) -> Fact<Vec<Bucket>> {
    let names = match bucket_names(clients).await {
        Ok(names) => names,
        Err(problem) => return problem.into_fact(),
    };
    let clients = clients.clone();
    let described = fan_out(limit, names, move |name| {
        let clients = clients.clone();
        async move { bucket(&clients, name).await }
    })
    .await;
    fact(described.into_iter().collect())
}

async fn bucket_names(clients: &Clients) -> Result<Vec<String>, Problem> {
    let names = paging::all(LIST_BUCKETS, clients.s3(HOME_REGION).list_buckets().into_paginator().send(), |page| {
        page.buckets().iter().filter_map(|b| b.name()).map(str::to_owned).collect()
    })
    .await?;
    Ok(names)
}

/// One bucket. Its location must be known to ask the rest in the right region; without it the
/// bucket is recorded as a failure of the whole list (an unknown bucket is not evidence).
async fn bucket(clients: &Clients, name: String) -> Result<Bucket, Problem> {
    let location =
        clients.s3(HOME_REGION).get_bucket_location().bucket(&name).send().await.or_problem(GET_BUCKET_LOCATION)?;
    let region = bucket_region(location.location_constraint().map(aws_sdk_s3::types::BucketLocationConstraint::as_str));
    let s3 = clients.s3(&region);

    let public_access_block = fact(match s3.get_public_access_block().bucket(&name).send().await {
        Ok(out) => Ok(out.public_access_block_configuration().map(|c| settings!(c))),
        Err(error) if has_code(&error, NO_PUBLIC_ACCESS_BLOCK) => Ok(None),
        Err(error) => Err(classify(GET_BUCKET_PUBLIC_ACCESS_BLOCK, &error)),
    });
    let policy_is_public = fact(match s3.get_bucket_policy_status().bucket(&name).send().await {
        Ok(out) => Ok(out.policy_status().and_then(aws_sdk_s3::types::PolicyStatus::is_public)),
        Err(error) if has_code(&error, NO_POLICY) => Ok(None),
        Err(error) => Err(classify(GET_BUCKET_POLICY_STATUS, &error)),
    });
    let policy = fact(match s3.get_bucket_policy().bucket(&name).send().await {
        Ok(out) => Ok(out.policy().map(policy_document)),
        Err(error) if has_code(&error, NO_POLICY) => Ok(None),
        Err(error) => Err(classify(GET_BUCKET_POLICY, &error)),
    });
    let replication = fact(match s3.get_bucket_replication().bucket(&name).send().await {
        Ok(out) => Ok(out.replication_configuration().map(|config| {
            config
                .rules()
                .iter()
                .map(|rule| ReplicationRule {
                    id: rule.id().map(str::to_owned),
                    status: rule.status().as_str().into(),
                    destination_bucket: rule.destination().map(|d| d.bucket().to_owned()).unwrap_or_default(),
                })
                .collect()
        })),
        Err(error) if has_code(&error, NO_REPLICATION) => Ok(None),
        Err(error) => Err(classify(GET_BUCKET_REPLICATION, &error)),
    });
    let encryption = fact(match s3.get_bucket_encryption().bucket(&name).send().await {
        Ok(out) => Ok(out
            .server_side_encryption_configuration()
            .and_then(|c| c.rules().iter().find_map(|r| r.apply_server_side_encryption_by_default()))
            .map(|rule| BucketEncryption {
                sse_algorithm: rule.sse_algorithm().as_str().to_owned(),
                kms_key_id: rule.kms_master_key_id().map(str::to_owned),
            })),
        Err(error) if has_code(&error, NO_ENCRYPTION) => Ok(None),
        Err(error) => Err(classify(GET_BUCKET_ENCRYPTION, &error)),
    });
    let versioning = versioning(&s3, &name).await;
    let acl_grants = acl_grants(&s3, &name).await;
    // Tags are not a fact of their own in the bundle: a bucket whose tags cannot be read is
    // kept with none rather than dropped (tags only scope exceptions).
    let tags: Tags = match s3.get_bucket_tagging().bucket(&name).send().await {
        Ok(out) => out.tag_set().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect(),
        Err(error) if has_code(&error, NO_TAGS) => Tags::new(),
        Err(_) => Tags::new(),
    };
    Ok(Bucket {
        name,
        region: Some(region),
        public_access_block,
        policy_is_public,
        encryption,
        policy,
        replication,
        versioning,
        acl_grants,
        tags,
    })
}

/// `s3:GetBucketAcl`: every grant of the bucket's ACL, the owner's included. A grantee is named
/// by what AWS gives for its type: the canonical id, the group URI or the e-mail address.
async fn acl_grants(s3: &aws_sdk_s3::Client, name: &str) -> Fact<Vec<AclGrant>> {
    fact(s3.get_bucket_acl().bucket(name).send().await.or_problem(GET_BUCKET_ACL).map(|out| {
        out.grants()
            .iter()
            .filter_map(|grant| {
                let grantee = grant.grantee()?;
                let who = match grantee.r#type() {
                    aws_sdk_s3::types::Type::Group => grantee.uri(),
                    aws_sdk_s3::types::Type::AmazonCustomerByEmail => grantee.email_address(),
                    _ => grantee.id(),
                };
                Some(AclGrant {
                    grantee_type: grantee.r#type().as_str().into(),
                    grantee: who.unwrap_or_default().to_owned(),
                    permission: grant.permission().map_or("unknown", |p| p.as_str()).to_owned(),
                })
            })
            .collect()
    }))
}

/// `s3:GetBucketVersioning`; `None` for a bucket whose versioning was never enabled (AWS answers
/// without a status).
async fn versioning(s3: &aws_sdk_s3::Client, name: &str) -> Fact<Option<BucketVersioning>> {
    fact(s3.get_bucket_versioning().bucket(name).send().await.or_problem(GET_BUCKET_VERSIONING).map(|out| {
        out.status().map(|status| BucketVersioning {
            status: status.as_str().to_owned(),
            mfa_delete: out.mfa_delete().map(|m| m.as_str().to_owned()),
        })
    }))
}

/// A bucket policy as JSON; a document that does not parse is kept as its text (checks read
/// both).
fn policy_document(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
}

/// The region of a location constraint: none or empty is us-east-1, and `EU` is the old name
/// of eu-west-1 (<https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html>).
fn bucket_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => HOME_REGION.to_owned(),
        Some("EU") => "eu-west-1".to_owned(),
        Some(region) => region.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_constraints_name_regions() {
        assert_eq!(bucket_region(None), "us-east-1");
        assert_eq!(bucket_region(Some("")), "us-east-1");
        assert_eq!(bucket_region(Some("EU")), "eu-west-1");
        assert_eq!(bucket_region(Some("ap-south-1")), "ap-south-1");
    }

    const S3_NS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

    #[tokio::test]
    async fn versioning_is_read_with_mfa_delete_and_never_enabled_is_none() {
        use crate::replay_tests::{XML, replaying, response};
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<VersioningConfiguration xmlns="{S3_NS}"><Status>Enabled</Status><MfaDelete>Enabled</MfaDelete></VersioningConfiguration>"#
                ),
            ),
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<VersioningConfiguration xmlns="{S3_NS}"><Status>Suspended</Status></VersioningConfiguration>"#
                ),
            ),
            response(
                200,
                &[XML],
                &format!(r#"<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration xmlns="{S3_NS}"/>"#),
            ),
            response(
                403,
                &[XML],
                r#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>r4</RequestId></Error>"#,
            ),
        ]);
        let s3 = clients.s3("eu-west-1");
        let enabled = BucketVersioning { status: "Enabled".to_owned(), mfa_delete: Some("Enabled".to_owned()) };
        assert_eq!(versioning(&s3, "records").await, Fact::Ok(Some(enabled)));
        let suspended = BucketVersioning { status: "Suspended".to_owned(), mfa_delete: None };
        assert_eq!(versioning(&s3, "paused").await, Fact::Ok(Some(suspended)));
        assert_eq!(versioning(&s3, "never-versioned").await, Fact::Ok(None));
        assert_eq!(versioning(&s3, "locked-out").await, Fact::denied("s3:GetBucketVersioning"));
        assert_eq!(calls.snapshot().get("s3:GetBucketVersioning"), Some(&4));
    }
}

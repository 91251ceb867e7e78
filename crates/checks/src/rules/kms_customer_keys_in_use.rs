//! Customer managed KMS keys encrypt the data stores (S3 buckets, EBS volumes, RDS DB instances),
//! one finding per data store.

use maturity_evidence::{AccountEvidence, Arn, Bundle, KeyManager, Missing, Tags};

use crate::shared::{accounts, resource_names, walk};
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every data store of every account the collector could enter is encrypted with a customer
    /// managed KMS key, one finding per data store:
    ///
    /// - each S3 bucket (`s3:GetBucketEncryption`): its default encryption is `aws:kms` or
    ///   `aws:kms:dsse` with a key named (a bucket set to `aws:kms` without a key uses the AWS
    ///   managed key `aws/s3`; `AES256` is SSE-S3, with keys that S3 manages);
    /// - each EBS volume (`ec2:DescribeVolumes`), attached or not;
    /// - each RDS DB instance (`rds:DescribeDBInstances`), Aurora cluster members included.
    ///
    /// The key a data store names is judged from the region's KMS keys (`kms:ListKeys`,
    /// `kms:DescribeKey`: `KeyManager` is `CUSTOMER` or `AWS`). Without looking it up: an alias
    /// under `alias/aws/` is AWS managed; any other alias is customer managed (AWS managed keys
    /// cannot get other aliases); a key of another account is customer managed (AWS managed keys
    /// cannot be used across accounts).
    ///
    /// A data store passes when a customer managed key encrypts it, and fails when it is
    /// unencrypted, uses S3 managed keys or uses an AWS managed key (`aws/s3`, `aws/ebs`,
    /// `aws/rds`). Inconclusive for a data store whose encryption or key could not be read (the
    /// region's keys were not listed, the key is not among them, or the bundle predates the
    /// collection of RDS keys), for a region whose volumes or DB instances could not be listed,
    /// for an account whose buckets could not be listed, and for an account the collector could
    /// not enter. Not applicable for an account without buckets, volumes or DB instances.
    ///
    /// Other data stores (DynamoDB, EFS, OpenSearch, Redshift …) are not judged here.
    ///
    /// ## Why it matters
    /// Encryption with an AWS managed key protects against lost disks, but anyone the service
    /// lets read the data gets it decrypted: the key policy is AWS's, and cannot be narrowed.
    /// With a customer managed key, the key policy is a second, independent lock (who may
    /// decrypt, from which accounts and services), use of the key can be revoked at once by
    /// disabling it, and every decryption is a CloudTrail record. Snapshots and backups encrypted
    /// with an AWS managed key cannot be shared with another account, such as a backup vault
    /// account.
    ///
    /// ## How to fix
    /// Create customer managed keys per data classification or workload (with rotation on and a
    /// key policy naming who may use and administer them). Set each bucket's default encryption
    /// to `aws:kms` with that key (and S3 Bucket Keys to save cost; existing objects need a copy
    /// in place, for example with S3 Batch Operations). Set the key as the account's EBS default
    /// key (`aws ec2 modify-ebs-default-kms-key-id`); existing volumes and RDS instances move to
    /// it through a snapshot copied with the new key and restored.
    pub(crate) struct KmsCustomerKeysInUse {
        id: "kms-customer-keys-in-use",
        title: "Customer managed KMS keys encrypt every S3 bucket, EBS volume and RDS DB instance",
        scope: Resource,
        reads: ["account.s3_buckets", "region.ec2_volumes", "region.rds_db_instances", "region.kms_keys"],
    }
}

impl Check for KmsCustomerKeysInUse {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account(bundle, out, |account, out| {
            let before = out.as_slice().len();
            buckets(account, out);
            for (region, _) in accounts::regions(account) {
                volumes(account, region, out);
                db_instances(account, region, out);
            }
            if out.as_slice().len() == before {
                out.not_applicable(
                    Location::account(&account.account_id),
                    format_args!(
                        "Account {} has no S3 buckets, EBS volumes or RDS DB instances in the scanned regions.",
                        account.label()
                    ),
                );
            }
        });
    }
}

/// Who manages the key a data store names.
enum Manager {
    Customer,
    Aws,
    Unknown(String),
}

/// Judges the key `reference` (id, ARN, alias or alias ARN) named by a data store of `account` in
/// `region`.
fn manager(account: &AccountEvidence, region: Option<&str>, reference: &str) -> Manager {
    let alias = reference.strip_prefix("alias/").or_else(|| reference.split_once(":alias/").map(|(_, name)| name));
    if let Some(alias) = alias {
        return if alias.starts_with("aws/") { Manager::Aws } else { Manager::Customer };
    }
    // arn:PARTITION:kms:REGION:ACCOUNT:key/ID
    let (region, key_account) = match Arn::parse(reference) {
        Ok(arn) if arn.service == "kms" => (Some(arn.region), Some(arn.account)),
        _ => (region, None),
    };
    if key_account.is_some_and(|owner| owner != account.account_id) {
        return Manager::Customer;
    }
    let Some(region) = region else {
        return Manager::Unknown(format!("the region of KMS key {reference} is not known"));
    };
    let Some(facts) = account.regions.get(region) else {
        return Manager::Unknown(format!("KMS key {reference} is in {region}, which was not scanned"));
    };
    let keys = match facts.kms_keys.get() {
        Ok(keys) => keys,
        Err(missing) => return Manager::Unknown(format!("the KMS keys of {region} could not be read: {missing}")),
    };
    match keys.iter().find(|key| key.is_named_by(reference)) {
        Some(key) if key.key_manager == KeyManager::Customer => Manager::Customer,
        Some(key) if key.key_manager == KeyManager::Aws => Manager::Aws,
        Some(key) => Manager::Unknown(format!("KMS key {reference} has key manager {}", key.key_manager)),
        None => Manager::Unknown(format!("KMS key {reference} is not among the keys listed in {region}")),
    }
}

/// Adds the finding for a data store encrypted with the key `reference`.
fn judge_key(
    account: &AccountEvidence,
    region: Option<&str>,
    location: Location,
    tags: &Tags,
    store: &str,
    reference: &str,
    out: &mut Findings,
) {
    let (status, message) = match manager(account, region, reference) {
        Manager::Customer => {
            (FindingStatus::Pass, format!("{store} is encrypted with the customer managed KMS key {reference}."))
        }
        Manager::Aws => (
            FindingStatus::Fail,
            format!("{store} is encrypted with the AWS managed KMS key {reference}, not a customer managed one."),
        ),
        Manager::Unknown(why) => (
            FindingStatus::Inconclusive,
            format!("Cannot tell whether a customer managed key encrypts {store}: {why}."),
        ),
    };
    out.add_tagged(status, location, tags, message);
}

fn buckets(account: &AccountEvidence, out: &mut Findings) {
    let label = account.label();
    let buckets = match account.global.s3_buckets.get() {
        Ok(buckets) => buckets,
        Err(missing) => {
            out.inconclusive(
                Location::account(&account.account_id),
                &format!("which keys encrypt the S3 buckets of account {label}"),
                &missing,
            );
            return;
        }
    };
    for bucket in buckets {
        let region = bucket.region.as_deref();
        let location = Location::resource(&account.account_id, region, &bucket.name);
        let store = format!("S3 bucket {} of account {label}", bucket.name);
        match bucket.encryption.get() {
            Err(missing) => out.inconclusive(location, &format!("how {store} is encrypted"), &missing),
            Ok(Some(encryption)) if encryption.sse_algorithm.starts_with("aws:kms") => {
                match encryption.kms_key_id.as_deref() {
                    Some(key) => judge_key(account, region, location, &bucket.tags, &store, key, out),
                    None => out.add_tagged(
                        FindingStatus::Fail,
                        location,
                        &bucket.tags,
                        format_args!(
                            "{store} encrypts by default with {} and no key named, that is the AWS managed key aws/s3.",
                            encryption.sse_algorithm
                        ),
                    ),
                }
            }
            Ok(Some(encryption)) => out.add_tagged(
                FindingStatus::Fail,
                location,
                &bucket.tags,
                format_args!(
                    "{store} encrypts by default with {} (keys managed by S3), not a customer managed KMS key.",
                    encryption.sse_algorithm
                ),
            ),
            Ok(None) => out.add_tagged(
                FindingStatus::Fail,
                location,
                &bucket.tags,
                format_args!("{store} has no default encryption with a customer managed KMS key."),
            ),
        }
    }
}

/// Adds one inconclusive finding for a region whose `plural` could not be listed.
fn unlisted(account: &AccountEvidence, region: &str, plural: &str, missing: &Missing<'_>, out: &mut Findings) {
    out.inconclusive(
        Location::region(&account.account_id, region),
        &format!("which keys encrypt the {plural} in {region} of account {}", account.label()),
        missing,
    );
}

fn volumes(account: &AccountEvidence, region: &str, out: &mut Findings) {
    let Some(facts) = account.regions.get(region) else { return };
    let volumes = match facts.ec2_volumes.get() {
        Ok(volumes) => volumes,
        Err(missing) => return unlisted(account, region, "EBS volumes", &missing, out),
    };
    let label = account.label();
    for volume in volumes {
        let location = Location::resource(&account.account_id, Some(region), &volume.volume_id);
        let store = format!(
            "EBS volume {} in {region} of account {label}",
            resource_names::named(&volume.volume_id, &volume.tags)
        );
        match (volume.encrypted, volume.kms_key_id.as_deref()) {
            (false, _) => out.add_tagged(
                FindingStatus::Fail,
                location,
                &volume.tags,
                format_args!("{store} is not encrypted, so no customer managed KMS key protects it."),
            ),
            (true, Some(key)) => judge_key(account, Some(region), location, &volume.tags, &store, key, out),
            (true, None) => out.add_tagged(
                FindingStatus::Inconclusive,
                location,
                &volume.tags,
                format_args!("Cannot tell whether a customer managed key encrypts {store}: its key was not recorded."),
            ),
        }
    }
}

fn db_instances(account: &AccountEvidence, region: &str, out: &mut Findings) {
    let Some(facts) = account.regions.get(region) else { return };
    let instances = match facts.rds_db_instances.get() {
        Ok(instances) => instances,
        Err(missing) => return unlisted(account, region, "RDS DB instances", &missing, out),
    };
    let label = account.label();
    let no_tags = Tags::new();
    for db in instances {
        let location = Location::resource(&account.account_id, Some(region), &db.db_instance_identifier);
        let store =
            format!("{} RDS DB instance {} in {region} of account {label}", db.engine, db.db_instance_identifier);
        match (db.storage_encrypted, db.kms_key_id.as_deref()) {
            (false, _) => out.fail(location, format_args!("{store} is not encrypted, so no customer managed KMS key protects it.")),
            (true, Some(key)) => judge_key(account, Some(region), location, &no_tags, &store, key, out),
            (true, None) => out.add(
                FindingStatus::Inconclusive,
                location,
                format_args!(
                    "Cannot tell whether a customer managed key encrypts {store}: its key was not recorded (the bundle predates its collection)."
                ),
            ),
        }
    }
}

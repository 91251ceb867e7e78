//! The registry: every check, one line each, sorted by id.
//!
//! Adding a check: write `rules/<id_with_underscores>.rs` with [`declare_check!`](crate::declare_check)
//! and an `impl Check`, add its `mod` line and its line in [`CHECKS`], add its four fixtures under
//! `tests/fixtures/<id>/` (`pass`, `fail`, `not_applicable`, `inconclusive`), and name it in the
//! `checks` list of its control in the catalog data (`crates/model/data/aws-smm-v2/`).

mod billing_alarm_or_budget;
mod cloudtrail_multi_region_logging;
mod ebs_default_encryption;
mod ebs_volumes_encrypted;
mod ec2_block_public_access;
mod ec2_imdsv2_required;
mod ec2_no_risky_ports_open;
mod guardduty_detector_enabled;
mod iam_console_users_mfa;
mod iam_root_account_protected;
mod kms_customer_key_rotation;
mod org_region_deny_policy;
mod rds_storage_encrypted;
mod s3_account_public_access_block;
mod s3_no_public_buckets;
mod securityhub_enabled_with_standard;
mod vpc_flow_logs_enabled;

use crate::Check;

/// Every registered check, sorted by id.
pub static CHECKS: &[&dyn Check] = &[
    &billing_alarm_or_budget::BillingAlarmOrBudget,
    &cloudtrail_multi_region_logging::CloudtrailMultiRegionLogging,
    &ebs_default_encryption::EbsDefaultEncryption,
    &ebs_volumes_encrypted::EbsVolumesEncrypted,
    &ec2_block_public_access::Ec2AmiBlockPublicAccess,
    &ec2_imdsv2_required::Ec2Imdsv2Required,
    &ec2_no_risky_ports_open::Ec2NoRiskyPortsOpen,
    &ec2_block_public_access::Ec2SnapshotBlockPublicAccess,
    &guardduty_detector_enabled::GuarddutyDetectorEnabled,
    &iam_console_users_mfa::IamConsoleUsersMfa,
    &iam_root_account_protected::IamRootAccountProtected,
    &kms_customer_key_rotation::KmsCustomerKeyRotation,
    &org_region_deny_policy::OrgRegionDenyPolicy,
    &rds_storage_encrypted::RdsStorageEncrypted,
    &s3_account_public_access_block::S3AccountPublicAccessBlock,
    &s3_no_public_buckets::S3NoPublicBuckets,
    &securityhub_enabled_with_standard::SecurityhubEnabledWithStandard,
    &vpc_flow_logs_enabled::VpcFlowLogsEnabled,
];

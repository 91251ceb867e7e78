//! The registry: every check, one line each, sorted by id.
//!
//! Adding a check: write `rules/<id_with_underscores>.rs` with [`declare_check!`](crate::declare_check)
//! and an `impl Check`, add its `mod` line and its line in [`CHECKS`], add its four fixtures under
//! `tests/fixtures/<id>/` (`pass`, `fail`, `not_applicable`, `inconclusive`), and name it in the
//! `checks` list of its control in the catalog data (`crates/model/data/aws-smm-v2/`).

mod account_security_contact_set;
mod billing_alarm_or_budget;
mod cloudtrail_multi_region_logging;
mod config_recorder_recording_all;
mod ebs_default_encryption;
mod ebs_volumes_encrypted;
mod ec2_block_public_access;
mod ec2_default_security_groups_closed;
mod ec2_imdsv2_required;
mod ec2_no_ports_open_to_internet;
mod ec2_no_risky_ports_open;
mod ec2_no_workloads_in_default_vpc;
mod guardduty_detector_enabled;
mod iam_access_keys_rotated;
mod iam_console_users_mfa;
mod iam_federation_in_use;
mod iam_no_console_users;
mod iam_no_user_access_keys;
mod iam_root_account_protected;
mod kms_customer_key_rotation;
mod org_custom_scps_applied;
mod org_multi_account_structure;
mod org_region_deny_policy;
mod rds_multi_az;
mod rds_storage_encrypted;
mod s3_account_public_access_block;
mod s3_no_public_buckets;
mod securityhub_enabled_with_standard;
mod vpc_flow_logs_enabled;

use crate::Check;

/// Every registered check, sorted by id.
pub static CHECKS: &[&dyn Check] = &[
    &account_security_contact_set::AccountSecurityContactSet,
    &billing_alarm_or_budget::BillingAlarmOrBudget,
    &cloudtrail_multi_region_logging::CloudtrailMultiRegionLogging,
    &config_recorder_recording_all::ConfigRecorderRecordingAll,
    &ebs_default_encryption::EbsDefaultEncryption,
    &ebs_volumes_encrypted::EbsVolumesEncrypted,
    &ec2_block_public_access::Ec2AmiBlockPublicAccess,
    &ec2_default_security_groups_closed::Ec2DefaultSecurityGroupsClosed,
    &ec2_imdsv2_required::Ec2Imdsv2Required,
    &ec2_no_ports_open_to_internet::Ec2NoPortsOpenToInternet,
    &ec2_no_risky_ports_open::Ec2NoRiskyPortsOpen,
    &ec2_no_workloads_in_default_vpc::Ec2NoWorkloadsInDefaultVpc,
    &ec2_block_public_access::Ec2SnapshotBlockPublicAccess,
    &guardduty_detector_enabled::GuarddutyDetectorEnabled,
    &iam_access_keys_rotated::IamAccessKeysRotated,
    &iam_console_users_mfa::IamConsoleUsersMfa,
    &iam_federation_in_use::IamFederationInUse,
    &iam_no_console_users::IamNoConsoleUsers,
    &iam_no_user_access_keys::IamNoUserAccessKeys,
    &iam_root_account_protected::IamRootAccountProtected,
    &kms_customer_key_rotation::KmsCustomerKeyRotation,
    &org_custom_scps_applied::OrgCustomScpsApplied,
    &org_multi_account_structure::OrgMultiAccountStructure,
    &org_region_deny_policy::OrgRegionDenyPolicy,
    &rds_multi_az::RdsMultiAz,
    &rds_storage_encrypted::RdsStorageEncrypted,
    &s3_account_public_access_block::S3AccountPublicAccessBlock,
    &s3_no_public_buckets::S3NoPublicBuckets,
    &securityhub_enabled_with_standard::SecurityhubEnabledWithStandard,
    &vpc_flow_logs_enabled::VpcFlowLogsEnabled,
];

//! AWS Config, per region: the configuration recorders, conformance packs, rules and their
//! remediation configurations.

use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;

/// A configuration recorder (`config:DescribeConfigurationRecorders` and
/// `config:DescribeConfigurationRecorderStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigRecorder {
    /// The recorder's name.
    pub name: String,
    /// It is recording now.
    pub recording: bool,
    /// It records every supported resource type.
    pub all_supported: bool,
    /// It records global resources (IAM) too.
    pub include_global_resource_types: bool,
    /// The last delivery status: `Pending`, `Success` or `Failure`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_status: Option<String>,
}

/// A conformance pack (`config:DescribeConformancePacks`) with its compliance
/// (`config:GetConformancePackComplianceSummary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConformancePack {
    /// The pack's name.
    pub name: String,
    /// The pack's ARN.
    pub arn: String,
    /// `COMPLIANT`, `NON_COMPLIANT` or `INSUFFICIENT_DATA`; `None` when AWS Config gave no
    /// summary for the pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance: Option<ComplianceType>,
}

impl ConformancePack {
    /// Whether its rules have evaluated resources: compliant or not, it has a result.
    #[must_use]
    pub fn has_compliance_result(&self) -> bool {
        matches!(self.compliance, Some(ComplianceType::Compliant | ComplianceType::NonCompliant))
    }
}

/// An AWS Config rule (`config:DescribeConfigRules`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigRule {
    /// The rule's name.
    pub name: String,
    /// `Source.Owner`: `AWS` (a managed rule), `CUSTOM_LAMBDA` or `CUSTOM_POLICY`.
    pub source_owner: String,
    /// `Source.SourceIdentifier`: the managed rule's identifier (`S3_BUCKET_PUBLIC_READ_PROHIBITED`)
    /// or the Lambda function's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_identifier: Option<String>,
    /// `CreatedBy`: the service that manages a service-linked rule (`securityhub.amazonaws.com`,
    /// `config-conforms.amazonaws.com` …); `None` for a rule the account manages itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
}

impl ConfigRule {
    /// Whether a service created and manages the rule (a Security Hub control, a conformance
    /// pack, an organization rule) rather than the account itself.
    #[must_use]
    pub fn is_service_managed(&self) -> bool {
        self.created_by.is_some()
    }
}

/// A remediation configuration of a Config rule (`config:DescribeRemediationConfigurations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemediationConfiguration {
    /// The rule it remediates.
    pub config_rule_name: String,
    /// The Systems Manager Automation document it runs (`TargetId`).
    pub target_id: String,
    /// It runs by itself on non-compliant resources (`Automatic`), rather than on request.
    pub automatic: bool,
}

/// A configuration aggregator (`config:DescribeConfigurationAggregators`): AWS Config data of
/// many accounts and regions gathered into one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigAggregator {
    /// The aggregator's name.
    pub name: String,
    /// The aggregator's ARN.
    pub arn: String,
    /// It aggregates the whole organization (`OrganizationAggregationSource`), rather than a list
    /// of accounts.
    pub organization_wide: bool,
    /// It aggregates every region (`AllAwsRegions`), now and future.
    pub all_regions: bool,
    /// The accounts it names, when it aggregates a list of accounts (`AccountAggregationSources`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub account_ids: Vec<String>,
}

aws_enum! {
    /// An AWS Config compliance result (`ComplianceType`).
    pub enum ComplianceType {
        /// Every evaluated resource complies.
        Compliant => "COMPLIANT",
        /// Some resource does not comply.
        NonCompliant => "NON_COMPLIANT",
        /// Nothing evaluated yet.
        InsufficientData => "INSUFFICIENT_DATA",
    }
}

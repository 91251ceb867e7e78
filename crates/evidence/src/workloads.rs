//! Workloads and their vulnerability management, per region: Amazon Inspector, ECR image
//! scanning, Lambda functions and Secrets Manager secrets.
//!
//! Nothing secret is ever stored: Lambda environment variables are kept by name only, with the
//! names the collector judged to hold a literal secret; secrets are kept by name and rotation
//! metadata, never their values.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;

/// Amazon Inspector's status for the scanned account in one region
/// (`inspector2:BatchGetAccountStatus` for the caller's own account).
///
/// Each status is `ENABLED`, `ENABLING`, `DISABLED`, `DISABLING`, `SUSPENDED` or `SUSPENDING`;
/// a resource type the answer leaves out is `None` (not scanned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectorStatus {
    /// The account's overall Inspector state.
    pub state: InspectorState,
    /// EC2 instance scanning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec2: Option<InspectorState>,
    /// ECR container image scanning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecr: Option<InspectorState>,
    /// Lambda standard scanning (package dependencies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda: Option<InspectorState>,
    /// Lambda code scanning (the function's own code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda_code: Option<InspectorState>,
}

/// Whether an Inspector status is `ENABLED`.
#[must_use]
pub fn inspector_enabled(status: Option<&InspectorState>) -> bool {
    status == Some(&InspectorState::Enabled)
}

/// The ECR registry's scanning configuration (`ecr:GetRegistryScanningConfiguration`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcrRegistryScanning {
    /// `BASIC` (ECR's own scanner) or `ENHANCED` (Amazon Inspector).
    pub scan_type: EcrScanType,
    /// The registry's scanning rules.
    #[serde(default)]
    pub rules: Vec<EcrScanningRule>,
}

/// One registry scanning rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcrScanningRule {
    /// `SCAN_ON_PUSH`, `CONTINUOUS_SCAN` or `MANUAL`.
    pub scan_frequency: ScanFrequency,
    /// Wildcard filters (`*`, `prod-*`) naming the repositories the rule applies to.
    #[serde(default)]
    pub repository_filters: Vec<String>,
}

impl EcrScanningRule {
    /// Whether the rule scans images by itself (on push or continuously, not only on demand).
    #[must_use]
    pub fn scans_automatically(&self) -> bool {
        matches!(self.scan_frequency, ScanFrequency::ScanOnPush | ScanFrequency::ContinuousScan)
    }

    /// Whether one of the rule's filters matches the repository name.
    #[must_use]
    pub fn applies_to(&self, repository: &str) -> bool {
        self.repository_filters.iter().any(|filter| wildcard_match(filter, repository))
    }
}

impl EcrRegistryScanning {
    /// Whether the registry uses enhanced scanning (Amazon Inspector).
    #[must_use]
    pub fn is_enhanced(&self) -> bool {
        self.scan_type == EcrScanType::Enhanced
    }

    /// The first rule that scans this repository automatically.
    #[must_use]
    pub fn rule_for(&self, repository: &str) -> Option<&EcrScanningRule> {
        self.rules.iter().find(|rule| rule.scans_automatically() && rule.applies_to(repository))
    }
}

/// ECR's wildcard filters: `*` matches any run of characters, everything else itself.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else { return false };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// An ECR repository (`ecr:DescribeRepositories`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcrRepository {
    /// The repository's name.
    pub name: String,
    /// The repository's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The repository's own (older) scan-on-push setting.
    #[serde(default)]
    pub scan_on_push: bool,
}

/// A Lambda function (`lambda:ListFunctions`). Environment variables are kept by name only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LambdaFunction {
    /// The function's name.
    pub name: String,
    /// The function's ARN.
    pub arn: String,
    /// The runtime (`python3.12`, `nodejs20.x` …); none for container images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// `Zip` or `Image`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_type: Option<String>,
    /// The names of the function's environment variables (never their values).
    #[serde(default)]
    pub env_var_names: Vec<String>,
    /// The environment variables whose name says "secret" (password, token, API key …) and whose
    /// value is a literal rather than a reference to Secrets Manager or Parameter Store; decided
    /// by the collector, which keeps only the names.
    #[serde(default)]
    pub secret_like_env_vars: Vec<String>,
}

/// A Secrets Manager secret (`secretsmanager:ListSecrets`): metadata only, never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Secret {
    /// The secret's name.
    pub name: String,
    /// The secret's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Whether automatic rotation is turned on.
    #[serde(default)]
    pub rotation_enabled: bool,
    /// When the secret was last rotated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotated: Option<DateTime<Utc>>,
    /// When the secret was last read (day precision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_accessed: Option<DateTime<Utc>>,
    /// The AWS service that manages the secret (`rds`, …), when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owning_service: Option<String>,
}

aws_enum! {
    /// The status of Amazon Inspector, or of one of its scan types.
    pub enum InspectorState {
        /// Scanning.
        Enabled => "ENABLED",
        /// Being turned on.
        Enabling => "ENABLING",
        /// Off.
        Disabled => "DISABLED",
        /// Being turned off.
        Disabling => "DISABLING",
        /// Suspended (e.g. the account is).
        Suspended => "SUSPENDED",
        /// Being suspended.
        Suspending => "SUSPENDING",
    }
}

aws_enum! {
    /// An ECR registry's `scanType`.
    pub enum EcrScanType {
        /// ECR's own scanner.
        Basic => "BASIC",
        /// Amazon Inspector.
        Enhanced => "ENHANCED",
    }
}

aws_enum! {
    /// An ECR registry scanning rule's `scanFrequency`.
    pub enum ScanFrequency {
        /// Each pushed image.
        ScanOnPush => "SCAN_ON_PUSH",
        /// Continuously (enhanced scanning).
        ContinuousScan => "CONTINUOUS_SCAN",
        /// Only on demand.
        Manual => "MANUAL",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(frequency: &str, filters: &[&str]) -> EcrScanningRule {
        EcrScanningRule {
            scan_frequency: frequency.into(),
            repository_filters: filters.iter().map(|f| (*f).to_owned()).collect(),
        }
    }

    #[test]
    fn wildcards_match_like_ecr_filters() {
        assert!(wildcard_match("*", "anything"));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("prod-*", "prod-api"));
        assert!(!wildcard_match("prod-*", "staging-api"));
        assert!(wildcard_match("*-api", "prod-api"));
        assert!(wildcard_match("a*b*c", "axxbyyc"));
        assert!(!wildcard_match("a*b*c", "axxcyyb"));
        assert!(!wildcard_match("ab*ba", "aba"), "prefix and suffix must not overlap");
        assert!(wildcard_match("exact", "exact"));
        assert!(!wildcard_match("exact", "exactly"));
    }

    #[test]
    fn only_automatic_rules_that_match_count() {
        let scanning = EcrRegistryScanning {
            scan_type: "ENHANCED".into(),
            rules: vec![rule("MANUAL", &["*"]), rule("CONTINUOUS_SCAN", &["prod-*"])],
        };
        assert!(scanning.rule_for("prod-api").is_some());
        assert!(scanning.rule_for("dev-api").is_none(), "a manual rule does not scan");
    }

    #[test]
    fn inspector_enabled_needs_enabled() {
        assert!(inspector_enabled(Some(&InspectorState::Enabled)));
        assert!(!inspector_enabled(Some(&InspectorState::Enabling)));
        assert!(!inspector_enabled(None));
    }
}

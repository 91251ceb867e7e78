//! AWS Config, per region: the configuration recorders.

use serde::{Deserialize, Serialize};

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

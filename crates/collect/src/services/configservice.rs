//! AWS Config, per region: the configuration recorders and whether they record.

use maturity_evidence::{ConfigRecorder, Fact};

use super::Call;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

pub(crate) const CALLS: &[Call] = &[
    Call::named("configservice:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorders"),
    Call::named("configservice:DescribeConfigurationRecorderStatus", "config:DescribeConfigurationRecorderStatus"),
];

/// `config:DescribeConfigurationRecorders` and `config:DescribeConfigurationRecorderStatus`
/// (neither is paginated).
pub(crate) async fn recorders(clients: &Clients, region: &str) -> Fact<Vec<ConfigRecorder>> {
    let client = clients.config(region);
    let collect = async {
        let recorders = client
            .describe_configuration_recorders()
            .send()
            .await
            .or_problem("config:DescribeConfigurationRecorders")?;
        if recorders.configuration_recorders().is_empty() {
            return Ok(Vec::new());
        }
        let statuses = client
            .describe_configuration_recorder_status()
            .send()
            .await
            .or_problem("config:DescribeConfigurationRecorderStatus")?;
        let status = |name: &str| statuses.configuration_recorders_status().iter().find(|s| s.name() == Some(name));
        Ok::<_, Problem>(
            recorders
                .configuration_recorders()
                .iter()
                .filter_map(|r| {
                    let name = r.name()?;
                    let group = r.recording_group();
                    Some(ConfigRecorder {
                        name: name.to_owned(),
                        recording: status(name)
                            .is_some_and(aws_sdk_config::types::ConfigurationRecorderStatus::recording),
                        all_supported: group.is_some_and(aws_sdk_config::types::RecordingGroup::all_supported),
                        include_global_resource_types: group
                            .is_some_and(aws_sdk_config::types::RecordingGroup::include_global_resource_types),
                        last_status: status(name).and_then(|s| s.last_status()).map(|s| s.as_str().to_owned()),
                    })
                })
                .collect(),
        )
    };
    fact(collect.await)
}

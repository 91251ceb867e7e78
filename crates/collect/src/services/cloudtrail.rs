//! CloudTrail: the trails an account can see from every scanned region, each once (by ARN), with
//! their status and event selectors asked in the trail's home region (the only region that
//! answers for them).

use std::collections::BTreeMap;

use aws_sdk_cloudtrail::types::{AdvancedEventSelector, EventSelector, ReadWriteType};
use maturity_evidence::{DataEventSelector, Fact, ManagementEvents, Trail};

use super::{Limit, fan_out};
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_TRAILS: "cloudtrail:DescribeTrails";
    GET_TRAIL_STATUS: "cloudtrail:GetTrailStatus";
    GET_EVENT_SELECTORS: "cloudtrail:GetEventSelectors";
}

/// Every trail seen from `regions`. A region whose trails cannot be listed makes the whole list
/// that problem: a partial list could hide the one trail that matters.
pub(crate) async fn trails(clients: &Clients, regions: &[String], limit: &Limit) -> Fact<Vec<Trail>> {
    let mut seen: BTreeMap<String, Trail> = BTreeMap::new();
    for region in regions {
        match region_trails(clients, region).await {
            Ok(trails) => {
                for trail in trails {
                    seen.entry(trail.arn.clone()).or_insert(trail);
                }
            }
            Err(problem) => return problem.into_fact(),
        }
    }
    let clients = clients.clone();
    let trails = fan_out(limit, seen.into_values().collect(), move |mut trail: Trail| {
        let client = clients.cloudtrail(&trail.home_region);
        async move {
            trail.is_logging = fact(
                client
                    .get_trail_status()
                    .name(&trail.arn)
                    .send()
                    .await
                    .or_problem(GET_TRAIL_STATUS)
                    .map(|out| out.is_logging().unwrap_or(false)),
            );
            let selectors =
                client.get_event_selectors().trail_name(&trail.arn).send().await.or_problem(GET_EVENT_SELECTORS);
            trail.data_events = fact(
                selectors
                    .as_ref()
                    .map(|out| data_events(out.event_selectors(), out.advanced_event_selectors()))
                    .map_err(Clone::clone),
            );
            trail.management_events =
                fact(selectors.map(|out| management_events(out.event_selectors(), out.advanced_event_selectors())));
            trail
        }
    })
    .await;
    Fact::Ok(trails)
}

async fn region_trails(clients: &Clients, region: &str) -> Result<Vec<Trail>, Problem> {
    let out = clients
        .cloudtrail(region)
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await
        .or_problem(DESCRIBE_TRAILS)?;
    Ok(out
        .trail_list()
        .iter()
        .filter_map(|t| {
            let arn = t.trail_arn()?.to_owned();
            Some(Trail {
                name: t.name().unwrap_or(&arn).to_owned(),
                home_region: t.home_region().unwrap_or(region).to_owned(),
                is_multi_region: t.is_multi_region_trail().unwrap_or(false),
                is_organization_trail: t.is_organization_trail().unwrap_or(false),
                log_file_validation_enabled: t.log_file_validation_enabled().unwrap_or(false),
                s3_bucket_name: t.s3_bucket_name().map(str::to_owned),
                kms_key_id: t.kms_key_id().map(str::to_owned),
                is_logging: Fact::NotCollected,
                management_events: Fact::NotCollected,
                data_events: Fact::NotCollected,
                arn,
            })
        })
        .collect())
}

/// Which management events the selectors record, read and write combined over all selectors.
fn management_events(basic: &[EventSelector], advanced: &[AdvancedEventSelector]) -> ManagementEvents {
    let (mut read, mut write) = (false, false);
    for selector in basic {
        // IncludeManagementEvents defaults to true.
        if selector.include_management_events() == Some(false) {
            continue;
        }
        match selector.read_write_type() {
            Some(ReadWriteType::ReadOnly) => read = true,
            Some(ReadWriteType::WriteOnly) => write = true,
            _ => (read, write) = (true, true),
        }
    }
    for selector in advanced {
        let equals = |field: &str| {
            selector
                .field_selectors()
                .iter()
                .find(|f| f.field() == field)
                .map(aws_sdk_cloudtrail::types::AdvancedFieldSelector::equals)
        };
        let management = equals("eventCategory").is_some_and(|values| values.iter().any(|v| v == "Management"));
        if !management {
            continue;
        }
        match equals("readOnly") {
            Some(values) if values.iter().all(|v| v == "true") => read = true,
            Some(values) if values.iter().all(|v| v == "false") => write = true,
            _ => (read, write) = (true, true),
        }
    }
    match (read, write) {
        (true, true) => ManagementEvents::All,
        (true, false) => ManagementEvents::ReadOnly,
        (false, true) => ManagementEvents::WriteOnly,
        (false, false) => ManagementEvents::None,
    }
}

/// The data events the selectors record: one entry per basic selector's resource type and per
/// advanced selector of the `Data` category.
fn data_events(basic: &[EventSelector], advanced: &[AdvancedEventSelector]) -> Vec<DataEventSelector> {
    let mut found = Vec::new();
    for selector in basic {
        let (read, write) = match selector.read_write_type() {
            Some(ReadWriteType::ReadOnly) => (true, false),
            Some(ReadWriteType::WriteOnly) => (false, true),
            _ => (true, true),
        };
        for resource in selector.data_resources() {
            let Some(resource_type) = resource.r#type() else { continue };
            found.push(DataEventSelector {
                resource_type: resource_type.to_owned(),
                read,
                write,
                arn_prefixes: resource.values().to_vec(),
                excluded_arn_prefixes: Vec::new(),
                narrowed: false,
            });
        }
    }
    for selector in advanced {
        let fields = selector.field_selectors();
        let is_data = fields.iter().any(|f| f.field() == "eventCategory" && f.equals().iter().any(|v| v == "Data"));
        if !is_data {
            continue;
        }
        let mut entry = DataEventSelector {
            resource_type: String::new(),
            read: true,
            write: true,
            arn_prefixes: Vec::new(),
            excluded_arn_prefixes: Vec::new(),
            narrowed: false,
        };
        for field in fields {
            let conditions_other_than = |allowed: &[&str]| {
                let used = [
                    ("equals", !field.equals().is_empty()),
                    ("starts_with", !field.starts_with().is_empty()),
                    ("ends_with", !field.ends_with().is_empty()),
                    ("not_equals", !field.not_equals().is_empty()),
                    ("not_starts_with", !field.not_starts_with().is_empty()),
                    ("not_ends_with", !field.not_ends_with().is_empty()),
                ];
                used.iter().any(|(name, set)| *set && !allowed.contains(name))
            };
            match field.field() {
                "eventCategory" => {}
                "resources.type" => {
                    entry.resource_type = field.equals().first().cloned().unwrap_or_default();
                    entry.narrowed |= field.equals().len() != 1 || conditions_other_than(&["equals"]);
                }
                "readOnly" => {
                    let values = field.equals();
                    if !values.is_empty() && values.iter().all(|v| v == "true") {
                        entry.write = false;
                    } else if !values.is_empty() && values.iter().all(|v| v == "false") {
                        entry.read = false;
                    }
                    entry.narrowed |= conditions_other_than(&["equals"]);
                }
                "resources.ARN" => {
                    entry.arn_prefixes.extend(field.starts_with().iter().cloned());
                    entry.excluded_arn_prefixes.extend(field.not_starts_with().iter().cloned());
                    entry.narrowed |= conditions_other_than(&["starts_with", "not_starts_with"]);
                }
                _ => entry.narrowed = true,
            }
        }
        if entry.resource_type.is_empty() {
            // Data events of every type, or of a type this selector names in a way not modelled.
            entry.resource_type = "*".to_owned();
            entry.narrowed = true;
        }
        found.push(entry);
    }
    found
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudtrail::types::AdvancedFieldSelector;

    use super::*;

    fn field(name: &str, values: &[&str]) -> AdvancedFieldSelector {
        let mut builder = AdvancedFieldSelector::builder().field(name);
        for v in values {
            builder = builder.equals(*v);
        }
        builder.build().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn basic_selectors_default_to_all_management_events() {
        assert_eq!(management_events(&[EventSelector::builder().build()], &[]), ManagementEvents::All);
        let read = EventSelector::builder().read_write_type(ReadWriteType::ReadOnly).build();
        assert_eq!(management_events(&[read], &[]), ManagementEvents::ReadOnly);
        let off = EventSelector::builder().include_management_events(false).build();
        assert_eq!(management_events(&[off], &[]), ManagementEvents::None);
    }

    #[test]
    fn advanced_selectors_combine_read_and_write() {
        let write = AdvancedEventSelector::builder()
            .field_selectors(field("eventCategory", &["Management"]))
            .field_selectors(field("readOnly", &["false"]))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let read = AdvancedEventSelector::builder()
            .field_selectors(field("eventCategory", &["Management"]))
            .field_selectors(field("readOnly", &["true"]))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let data = AdvancedEventSelector::builder()
            .field_selectors(field("eventCategory", &["Data"]))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(management_events(&[], std::slice::from_ref(&write)), ManagementEvents::WriteOnly);
        assert_eq!(management_events(&[], &[write, read]), ManagementEvents::All);
        assert_eq!(management_events(&[], &[data]), ManagementEvents::None);
    }

    #[test]
    fn data_events_keep_their_type_direction_and_prefixes() {
        let basic = EventSelector::builder()
            .read_write_type(ReadWriteType::WriteOnly)
            .data_resources(
                aws_sdk_cloudtrail::types::DataResource::builder()
                    .r#type("AWS::S3::Object")
                    .values("arn:aws:s3")
                    .build(),
            )
            .build();
        let found = data_events(&[basic], &[]);
        assert_eq!(found.len(), 1);
        assert!(!found[0].read && found[0].write && !found[0].narrowed);
        assert_eq!(found[0].arn_prefixes, vec!["arn:aws:s3".to_owned()]);

        let reads_by_name = AdvancedEventSelector::builder()
            .field_selectors(field("eventCategory", &["Data"]))
            .field_selectors(field("resources.type", &["AWS::S3::Object"]))
            .field_selectors(field("readOnly", &["true"]))
            .field_selectors(field("eventName", &["GetObject"]))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let management = AdvancedEventSelector::builder()
            .field_selectors(field("eventCategory", &["Management"]))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let found = data_events(&[], &[reads_by_name, management]);
        assert_eq!(found.len(), 1, "management selectors are not data events");
        assert!(found[0].read && !found[0].write);
        assert!(found[0].narrowed, "an eventName condition narrows the selection");
        assert!(!found[0].reads_all_of("AWS::S3::Object", "arn:aws:s3:::any/"));
    }
}

//! Scenarios: collection faults.

#[allow(unused_imports)]
use crate::support::*;

/// A region whose GuardDuty detector is enabled and whose Config recorder records everything.
fn healthy_region() -> Value {
    json!({
        "guardduty_detectors": {"ok": [{"detector_id": "d1", "status": "ENABLED"}]},
        "config_recorders": {"ok": [{
            "name": "default", "recording": true, "all_supported": true,
            "include_global_resource_types": true, "last_status": "Success"
        }]}
    })
}

/// Defect 1: `ec2:DescribeRegions` denied, so only the home region was scanned. Nobody confirmed
/// the account uses no other region, so "in every region" controls are unknown, not met.
#[test]
fn regions_that_could_not_be_listed_leave_every_region_controls_unknown() {
    let bundle = bundle(
        json!({"accounts": ["111111111111"], "regions": ["us-east-1"]}),
        Value::Null,
        json!([account(
            "111111111111",
            json!({"enabled_regions": {"denied": {"action": "ec2:DescribeRegions"}}}),
            json!({"us-east-1": healthy_region()})
        )]),
    );
    let assessment = assess_bundle(&bundle);
    assert_control(&assessment, "guardduty", Status::Unknown);
    assert_control(&assessment, "configurations-monitoring-config", Status::Unknown);
    let findings = findings_of(&assessment, "guardduty-detector-enabled").join("\n");
    assert!(findings.contains("ec2:DescribeRegions"), "{findings}");
}

/// Defect 1, the same scan with the regions listed: the one region scanned is all there is.
#[test]
fn regions_listed_and_scanned_meet_every_region_controls() {
    let bundle = bundle(
        json!({"accounts": ["111111111111"], "regions": ["us-east-1"]}),
        Value::Null,
        json!([account(
            "111111111111",
            json!({"enabled_regions": {"ok": ["us-east-1"]}}),
            json!({"us-east-1": healthy_region()})
        )]),
    );
    let assessment = assess_bundle(&bundle);
    assert_control(&assessment, "guardduty", Status::Met);
}

/// Defect 2: an account of the scan's scope that the bundle holds nothing for (its collector task
/// panicked) makes every control unknown for it, never silently absent.
#[test]
fn an_account_in_scope_without_evidence_makes_its_controls_unknown() {
    let bundle = bundle(
        json!({"accounts": ["111111111111", "222222222222"], "regions": ["us-east-1"]}),
        Value::Null,
        json!([account(
            "111111111111",
            json!({"enabled_regions": {"ok": ["us-east-1"]}}),
            json!({"us-east-1": healthy_region()})
        )]),
    );
    let assessment = assess_bundle(&bundle);
    assert_control(&assessment, "guardduty", Status::Unknown);
    assert_control(&assessment, "configurations-monitoring-config", Status::Unknown);
    let findings = findings_of(&assessment, "guardduty-detector-enabled").join("\n");
    assert!(findings.contains("222222222222"), "{findings}");
}

/// Defect 4: a region the account has not enabled (the collector marks all its facts
/// unavailable) is not applicable there: nothing can run in it.
#[test]
fn regions_not_enabled_are_not_applicable() {
    let bundle = bundle(
        json!({"accounts": ["111111111111"], "regions": ["ap-east-1", "us-east-1"]}),
        Value::Null,
        json!([account(
            "111111111111",
            json!({"enabled_regions": {"ok": ["us-east-1"]}}),
            json!({"ap-east-1": region_not_enabled(), "us-east-1": healthy_region()})
        )]),
    );
    let assessment = assess_bundle(&bundle);
    assert_control(&assessment, "guardduty", Status::Met);
    assert_control(&assessment, "configurations-monitoring-config", Status::Met);
}

//! `findings.ocsf.jsonl`: the findings as OCSF Compliance Finding events, one JSON object a line,
//! for Amazon Security Lake or any pipeline that speaks the Open Cybersecurity Schema Framework.
//!
//! Each event is of class Compliance Finding (`class_uid` 2003, category Findings, 2) of OCSF
//! [`OCSF_VERSION`], with the `cloud` profile, as declared in its `metadata`
//! (<https://schema.ocsf.io/1.8.0/classes/compliance_finding>). There is one event per finding
//! and AWS SMM control its check evidences (`compliance.control`), so that a pipeline grouping by
//! control counts each resource once per control; a finding of a check that evidences only CSMM
//! objectives gives one event without a control. `compliance.requirements` names the control
//! and the CSMM objectives it bears on (`aws-smm-v2:imdsv2`, `csmm-v2:…`).
//!
//! Which findings are sent, their keys and severities are those of [`crate::exported`]: a
//! passing finding has compliance status Pass and finding status Resolved; a failing one Fail
//! and New, or Suppressed when an exception accepts it; an inconclusive one (evidence denied or
//! unavailable) Warning, which OCSF defines as no result for want of information. An event's
//! `finding_info.uid` is `maturity/aws-smm/<control>/<key>` (or `maturity/csmm/<key>`), and
//! `time` is when the evidence was collected: the same assessment gives the same lines.

use std::io::Write;

use maturity_assess::Assessment;
use maturity_checks::FindingStatus;
use maturity_model::Catalogs;
use maturity_model::aws_smm::Control;
use serde_json::{Value, json};

use crate::ReportError;
use crate::exported::{self, AWS_SMM, CSMM, Exported, Severity};
use crate::sorted_json::Sorted;

/// The OCSF version the events declare and follow.
pub const OCSF_VERSION: &str = "1.8.0";

/// Compliance Finding.
const CLASS_UID: u32 = 2003;
/// Findings.
const CATEGORY_UID: u32 = 2;
/// Create: each event reports a finding as of one scan.
const ACTIVITY_ID: u32 = 1;

/// Every event, in the assessment's order of findings, then the catalog's order of controls.
#[must_use]
pub fn events(assessment: &Assessment, catalogs: &Catalogs) -> Vec<Value> {
    let mut events = Vec::new();
    each_event(assessment, catalogs, |event| {
        events.push(event);
        Ok(())
    })
    .unwrap_or_default();
    events
}

/// Makes each event in turn and hands it to `take`, stopping at its first error.
fn each_event(
    assessment: &Assessment,
    catalogs: &Catalogs,
    mut take: impl FnMut(Value) -> Result<(), ReportError>,
) -> Result<(), ReportError> {
    for finding in exported::findings(assessment, catalogs) {
        if finding.controls.is_empty() {
            take(event(assessment, &finding, None))?;
        }
        for control in &finding.controls {
            take(event(assessment, &finding, Some(control)))?;
        }
    }
    Ok(())
}

/// The events as JSON lines.
///
/// # Errors
/// Only if serialization fails, which JSON values do not cause.
pub fn render(assessment: &Assessment, catalogs: &Catalogs) -> Result<Vec<u8>, ReportError> {
    let mut out = Vec::new();
    write(assessment, catalogs, &mut out)?;
    Ok(out)
}

/// Writes the events as JSON lines to `out`, each made and written in turn: an organization's
/// events (several per finding) are never all held at once.
///
/// # Errors
/// `out` fails.
pub fn write(assessment: &Assessment, catalogs: &Catalogs, out: &mut dyn Write) -> Result<(), ReportError> {
    each_event(assessment, catalogs, |event| {
        serde_json::to_writer(&mut *out, &Sorted(&event))?;
        Ok(out.write_all(b"\n")?)
    })
}

fn event(assessment: &Assessment, finding: &Exported<'_>, control: Option<&Control>) -> Value {
    let assessed = finding.assessed;
    let message = assessed.finding.message.as_str();
    let (severity_id, severity) = severity(finding.severity);
    let (compliance_id, compliance) = compliance_status(finding.status());
    let (status_id, status) = match (finding.status(), assessed.excepted_by) {
        (FindingStatus::Pass, _) => (4, "Resolved"),
        (_, Some(_)) => (3, "Suppressed"),
        _ => (1, "New"),
    };
    let uid = match control {
        Some(control) => format!("maturity/aws-smm/{}/{}", control.id, finding.key),
        None => format!("maturity/csmm/{}", finding.key),
    };
    let mut standards = Vec::new();
    if control.is_some() {
        standards.push(AWS_SMM);
    }
    if !finding.objectives.is_empty() {
        standards.push(CSMM);
    }
    let requirements: Vec<String> = match control {
        // The other controls of the check have their own events.
        Some(control) => std::iter::once(format!("aws-smm-v2:{}", control.id))
            .chain(finding.objectives.iter().map(|o| format!("csmm-v2:{o}")))
            .collect(),
        None => finding.requirements(),
    };
    let check_id = &*assessed.finding.check;
    let mut compliance_object = json!({
        "standards": standards,
        "requirements": requirements,
        "status_id": compliance_id,
        "status": compliance,
        "checks": [{
            "uid": check_id,
            "name": finding.title,
            "status_id": compliance_id,
            "status": compliance,
            "severity_id": severity_id,
            "severity": severity,
        }],
    });
    let mut event = json!({
        "activity_id": ACTIVITY_ID,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "type_uid": CLASS_UID * 100 + ACTIVITY_ID,
        "type_name": "Compliance Finding: Create",
        "time": assessment.evidence.collected_at.timestamp_millis(),
        "severity_id": severity_id,
        "severity": severity,
        "status_id": status_id,
        "status": status,
        "message": message,
        "metadata": {
            "version": OCSF_VERSION,
            "profiles": ["cloud"],
            "product": {
                "name": assessment.tool.name,
                "vendor_name": assessment.tool.name,
                "version": assessment.tool.version,
            },
        },
        "finding_info": {
            "uid": uid,
            "title": finding.title,
            "desc": message,
            "types": [match control {
                Some(control) => format!("{AWS_SMM}/{}", control.capability.name()),
                None => CSMM.to_owned(),
            }],
        },
        "cloud": cloud(assessment, finding),
        "resources": [resource(assessment, finding)],
    });
    if let Some(number) = assessed.excepted_by {
        let accepted = format!("Accepted risk: exception {number} of the exceptions file covers this failure.");
        event["status_detail"] = json!(accepted);
        compliance_object["status_details"] = json!([accepted]);
    }
    if let Some(control) = control {
        compliance_object["control"] = json!(control.id);
        compliance_object["desc"] = json!(control.name);
        compliance_object["category"] = json!(control.capability.name());
        event["finding_info"]["src_url"] = json!(control.url);
        event["remediation"] = json!({ "desc": control.summary, "references": [control.url] });
    }
    event["compliance"] = compliance_object;
    event
}

fn severity(severity: Severity) -> (u32, &'static str) {
    match severity {
        Severity::Informational => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
    }
}

fn compliance_status(status: FindingStatus) -> (u32, &'static str) {
    match status {
        FindingStatus::Pass => (1, "Pass"),
        FindingStatus::Fail => (3, "Fail"),
        FindingStatus::Inconclusive => (2, "Warning"),
        // Not sent (see `exported`); mapped for completeness.
        FindingStatus::NotApplicable => (0, "Unknown"),
    }
}

fn cloud(assessment: &Assessment, finding: &Exported<'_>) -> Value {
    let location = &finding.assessed.finding.location;
    let mut cloud = json!({ "provider": "AWS" });
    if let Some(account) = &location.account_id {
        cloud["account"] = json!({ "uid": account, "type_id": 10, "type": "AWS Account" });
    }
    if let Some(region) = &location.region {
        cloud["region"] = json!(region);
    }
    if let Some(organization) = &assessment.evidence.organization_id {
        cloud["org"] = json!({ "uid": organization });
    }
    cloud
}

/// The resource the finding is about: the resource itself, else the account, else the
/// organization.
fn resource(assessment: &Assessment, finding: &Exported<'_>) -> Value {
    let location = &finding.assessed.finding.location;
    let mut resource = match (&location.resource, &location.account_id) {
        (Some(resource), _) => json!({ "uid": resource }),
        (None, Some(account)) => json!({ "uid": account, "type": "AWS Account" }),
        (None, None) => json!({
            "uid": assessment.evidence.organization_id.as_deref().unwrap_or("organization"),
            "type": "AWS Organization",
        }),
    };
    if let Some(region) = &location.region {
        resource["region"] = json!(region);
    }
    resource
}

//! ASFF (the AWS Security Finding Format, as JSON) read into the SDK's finding type, member by
//! member. The SDK's types cannot be deserialized, and a generic conversion would drop what it
//! does not know without a word; this one knows the members `maturity` writes and the common
//! ones around them, and refuses a finding with any other, or without one Security Hub requires.

use std::collections::HashMap;

use aws_sdk_securityhub::types::{
    AssociatedStandard, AwsSecurityFinding, Compliance, ComplianceStatus, Note, Recommendation, RecordState,
    Remediation, Resource, Severity, SeverityLabel, StatusReason, Workflow, WorkflowStatus,
};
use serde_json::{Map, Value};

/// Why a file of findings cannot be published.
#[derive(Debug, thiserror::Error)]
pub enum AsffError {
    /// Not JSON at all (`file` ends with the line, for one request a line).
    #[error("{file}: not JSON: {source}")]
    Json {
        /// The file.
        file: String,
        /// The parser's words (with line and column).
        #[source]
        source: serde_json::Error,
    },
    /// JSON, but neither an array of findings nor `{"Findings": [...]}` (whole, or one a line).
    #[error(
        "{file}: expected a JSON array of ASFF findings, or an object whose `Findings` is one (whole, or one such \
         object a line)"
    )]
    Shape {
        /// The file.
        file: String,
    },
    /// One finding cannot be sent as it is.
    #[error("{file}: finding {index} ({id}): {problem}")]
    Finding {
        /// The file (and line, for one request a line).
        file: String,
        /// Its position in the list, from 1.
        index: usize,
        /// Its `Id`, or `no Id`.
        id: String,
        /// What is wrong, naming the member.
        problem: String,
    },
}

/// The members Security Hub refuses a finding without.
const REQUIRED: &[&str] = &[
    "SchemaVersion",
    "Id",
    "ProductArn",
    "GeneratorId",
    "AwsAccountId",
    "Types",
    "CreatedAt",
    "UpdatedAt",
    "Severity",
    "Title",
    "Description",
    "Resources",
];

pub(super) fn read(file: &str, text: &str) -> Result<Vec<AwsSecurityFinding>, AsffError> {
    // One JSON document, or one `BatchImportFindings` request a line: a document that does not
    // parse whole is read line by line when its first line is a whole object.
    let (documents, by_line): (Vec<(usize, Value)>, bool) = match serde_json::from_str::<Value>(text) {
        Ok(value) => (vec![(1, value)], false),
        Err(whole) => {
            let first = text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default();
            if serde_json::from_str::<Value>(first).is_err() {
                return Err(AsffError::Json { file: file.to_owned(), source: whole });
            }
            let mut documents = Vec::new();
            for (at, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
                let value = serde_json::from_str(line)
                    .map_err(|source| AsffError::Json { file: format!("{file}:{}", at + 1), source })?;
                documents.push((at + 1, value));
            }
            (documents, true)
        }
    };
    let mut findings = Vec::new();
    for (line, document) in documents {
        let place = if by_line { format!("{file}:{line}") } else { file.to_owned() };
        let list = match document {
            Value::Array(list) if !by_line => list,
            Value::Object(mut object) => match object.remove("Findings") {
                Some(Value::Array(list)) if object.is_empty() => list,
                _ => return Err(AsffError::Shape { file: place }),
            },
            _ => return Err(AsffError::Shape { file: place }),
        };
        for (at, finding) in list.iter().enumerate() {
            let id = finding.get("Id").and_then(Value::as_str).unwrap_or("no Id").to_owned();
            let read = finding_of(finding).map_err(|problem| AsffError::Finding {
                file: place.clone(),
                index: at + 1,
                id,
                problem,
            })?;
            findings.push(read);
        }
    }
    Ok(findings)
}

/// One JSON object, read member by member; `path` names it in messages (`Severity`,
/// `Resources[2]`). Every member read is ticked off, so that [`Members::done`] can refuse the rest.
struct Members<'a> {
    path: String,
    object: &'a Map<String, Value>,
    read: Vec<&'static str>,
}

type Read<T> = Result<T, String>;

impl<'a> Members<'a> {
    fn of(path: String, value: &'a Value) -> Read<Members<'a>> {
        let Some(object) = value.as_object() else {
            return Err(if path.is_empty() {
                "not a JSON object".to_owned()
            } else {
                format!("`{path}` is not an object")
            });
        };
        Ok(Members { path, object, read: Vec::new() })
    }

    fn name(&self, key: &str) -> String {
        if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) }
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.read.push(key);
        self.object.get(key).filter(|value| !value.is_null())
    }

    fn string(&mut self, key: &'static str) -> Read<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(format!("`{}` is not a string", self.name(key))),
        }
    }

    fn integer(&mut self, key: &'static str) -> Read<Option<i32>> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => value
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| format!("`{}` is not a whole number", self.name(key))),
        }
    }

    fn strings(&mut self, key: &'static str) -> Read<Option<Vec<String>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Some)
                .ok_or_else(|| format!("`{}` is not a list of strings", self.name(key))),
            Some(_) => Err(format!("`{}` is not a list", self.name(key))),
        }
    }

    fn map(&mut self, key: &'static str) -> Read<Option<HashMap<String, String>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Object(entries)) => entries
                .iter()
                .map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                .collect::<Option<HashMap<_, _>>>()
                .map(Some)
                .ok_or_else(|| format!("`{}` has a value that is not a string", self.name(key))),
            Some(_) => Err(format!("`{}` is not an object", self.name(key))),
        }
    }

    fn object(&mut self, key: &'static str) -> Read<Option<Members<'a>>> {
        let path = self.name(key);
        self.get(key).map(|value| Members::of(path, value)).transpose()
    }

    fn list(&mut self, key: &'static str) -> Read<Vec<Members<'a>>> {
        let path = self.name(key);
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => {
                items.iter().enumerate().map(|(at, item)| Members::of(format!("{path}[{at}]"), item)).collect()
            }
            Some(_) => Err(format!("`{path}` is not a list")),
        }
    }

    /// Refuses any member that was not read.
    fn done(self) -> Read<()> {
        match self.object.keys().find(|key| !self.read.contains(&key.as_str())) {
            Some(key) => Err(format!("`{}` is not a member `maturity publish` can send", self.name(key))),
            None => Ok(()),
        }
    }
}

/// A value of one of the SDK's enums, refused when the SDK does not know it (it would send it).
fn known<T: From<&'static str> + PartialEq>(value: &str, known: &[&'static str], what: &str) -> Read<T> {
    known
        .iter()
        .find(|k| **k == value)
        .map(|k| T::from(k))
        .ok_or_else(|| format!("`{what}` is {value:?}, not one of {known:?}"))
}

fn finding_of(value: &Value) -> Read<AwsSecurityFinding> {
    let mut top = Members::of(String::new(), value)?;
    if let Some(missing) = REQUIRED.iter().find(|key| top.object.get(**key).is_none_or(Value::is_null)) {
        return Err(format!("the required member `{missing}` is missing"));
    }
    let severity = top.object("Severity")?.map(severity).transpose()?;
    let remediation = top.object("Remediation")?.map(remediation).transpose()?;
    let compliance = top.object("Compliance")?.map(compliance).transpose()?;
    let workflow = top.object("Workflow")?.map(workflow).transpose()?;
    let note = top.object("Note")?.map(note).transpose()?;
    let resources = top.list("Resources")?.into_iter().map(resource).collect::<Read<Vec<_>>>()?;
    if resources.is_empty() {
        return Err("`Resources` is empty (Security Hub needs at least one)".to_owned());
    }
    let record_state = match top.string("RecordState")? {
        Some(state) => Some(known::<RecordState>(&state, &["ACTIVE", "ARCHIVED"], "RecordState")?),
        None => None,
    };
    let finding = AwsSecurityFinding::builder()
        .set_schema_version(top.string("SchemaVersion")?)
        .set_id(top.string("Id")?)
        .set_product_arn(top.string("ProductArn")?)
        .set_product_name(top.string("ProductName")?)
        .set_company_name(top.string("CompanyName")?)
        .set_region(top.string("Region")?)
        .set_generator_id(top.string("GeneratorId")?)
        .set_aws_account_id(top.string("AwsAccountId")?)
        .set_aws_account_name(top.string("AwsAccountName")?)
        .set_types(top.strings("Types")?)
        .set_first_observed_at(top.string("FirstObservedAt")?)
        .set_last_observed_at(top.string("LastObservedAt")?)
        .set_created_at(top.string("CreatedAt")?)
        .set_updated_at(top.string("UpdatedAt")?)
        .set_confidence(top.integer("Confidence")?)
        .set_criticality(top.integer("Criticality")?)
        .set_title(top.string("Title")?)
        .set_description(top.string("Description")?)
        .set_source_url(top.string("SourceUrl")?)
        .set_product_fields(top.map("ProductFields")?)
        .set_user_defined_fields(top.map("UserDefinedFields")?)
        .set_severity(severity)
        .set_remediation(remediation)
        .set_compliance(compliance)
        .set_workflow(workflow)
        .set_note(note)
        .set_record_state(record_state)
        .set_resources(Some(resources))
        .build();
    top.done()?;
    Ok(finding)
}

fn severity(mut members: Members<'_>) -> Read<Severity> {
    let label = match members.string("Label")? {
        Some(label) => Some(known::<SeverityLabel>(
            &label,
            &["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"],
            "Severity.Label",
        )?),
        None => None,
    };
    let severity = Severity::builder()
        .set_label(label)
        .set_original(members.string("Original")?)
        .set_normalized(members.integer("Normalized")?)
        .build();
    members.done()?;
    Ok(severity)
}

fn remediation(mut members: Members<'_>) -> Read<Remediation> {
    let recommendation = match members.object("Recommendation")? {
        Some(mut inner) => {
            let recommendation =
                Recommendation::builder().set_text(inner.string("Text")?).set_url(inner.string("Url")?).build();
            inner.done()?;
            Some(recommendation)
        }
        None => None,
    };
    members.done()?;
    Ok(Remediation::builder().set_recommendation(recommendation).build())
}

fn compliance(mut members: Members<'_>) -> Read<Compliance> {
    let status = match members.string("Status")? {
        Some(status) => Some(known::<ComplianceStatus>(
            &status,
            &["PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"],
            "Compliance.Status",
        )?),
        None => None,
    };
    let mut reasons = Vec::new();
    for mut reason in members.list("StatusReasons")? {
        reasons.push(
            StatusReason::builder()
                .set_reason_code(reason.string("ReasonCode")?)
                .set_description(reason.string("Description")?)
                .build(),
        );
        reason.done()?;
    }
    let mut standards = Vec::new();
    for mut standard in members.list("AssociatedStandards")? {
        standards.push(AssociatedStandard::builder().set_standards_id(standard.string("StandardsId")?).build());
        standard.done()?;
    }
    let compliance = Compliance::builder()
        .set_status(status)
        .set_related_requirements(members.strings("RelatedRequirements")?)
        .set_security_control_id(members.string("SecurityControlId")?)
        .set_status_reasons((!reasons.is_empty()).then_some(reasons))
        .set_associated_standards((!standards.is_empty()).then_some(standards))
        .build();
    members.done()?;
    Ok(compliance)
}

fn workflow(mut members: Members<'_>) -> Read<Workflow> {
    let status = match members.string("Status")? {
        Some(status) => {
            Some(known::<WorkflowStatus>(&status, &["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"], "Workflow.Status")?)
        }
        None => None,
    };
    members.done()?;
    Ok(Workflow::builder().set_status(status).build())
}

fn note(mut members: Members<'_>) -> Read<Note> {
    let note = Note::builder()
        .set_text(members.string("Text")?)
        .set_updated_by(members.string("UpdatedBy")?)
        .set_updated_at(members.string("UpdatedAt")?)
        .build();
    members.done()?;
    Ok(note)
}

fn resource(mut members: Members<'_>) -> Read<Resource> {
    let resource = Resource::builder()
        .set_type(members.string("Type")?)
        .set_id(members.string("Id")?)
        .set_partition(members.string("Partition")?.map(|p| p.as_str().into()))
        .set_region(members.string("Region")?)
        .set_resource_role(members.string("ResourceRole")?)
        .set_tags(members.map("Tags")?)
        .build();
    let path = members.path.clone();
    members.done()?;
    if resource.r#type().is_none() || resource.id().is_none() {
        return Err(format!("`{path}` needs both `Type` and `Id`"));
    }
    Ok(resource)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding() -> Value {
        serde_json::json!({
            "SchemaVersion": "2018-10-08",
            "Id": "maturity/root-protection/111122223333",
            "ProductArn": "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default",
            "GeneratorId": "maturity/root-mfa",
            "AwsAccountId": "111122223333",
            "Types": ["Software and Configuration Checks/AWS Security Best Practices"],
            "CreatedAt": "2026-11-20T00:00:00Z",
            "UpdatedAt": "2026-11-20T00:00:00Z",
            "Severity": {"Label": "HIGH"},
            "Title": "Root user without MFA",
            "Description": "The root user can sign in without a second factor.",
            "Resources": [{"Type": "AwsAccount", "Id": "AWS::::Account:111122223333", "Region": "us-east-1"}],
            "Compliance": {"Status": "FAILED", "RelatedRequirements": ["AWS SMM v2 root-protection"]},
            "RecordState": "ACTIVE"
        })
    }

    #[test]
    fn a_finding_reads_with_every_member() {
        let text = serde_json::to_string(&serde_json::json!({ "Findings": [finding()] })).unwrap();
        let read = read("f.json", &text).unwrap();
        assert_eq!(read.len(), 1);
        let one = &read[0];
        assert_eq!(one.id(), Some("maturity/root-protection/111122223333"));
        assert_eq!(one.severity().and_then(Severity::label), Some(&SeverityLabel::High));
        assert_eq!(one.compliance().and_then(Compliance::status), Some(&ComplianceStatus::Failed));
        assert_eq!(one.resources()[0].id(), Some("AWS::::Account:111122223333"));
        assert_eq!(one.record_state(), Some(&RecordState::Active));
    }

    /// The error of a file whose second finding is `bad`.
    fn refused(bad: Value) -> String {
        let text = serde_json::to_string(&vec![finding(), bad]).unwrap();
        read("f.json", &text).unwrap_err().to_string()
    }

    #[test]
    fn an_unknown_member_refuses_the_file_naming_finding_and_member() {
        let mut bad = finding();
        bad["Compliance"]["Statuss"] = "PASSED".into();
        assert_eq!(
            refused(bad),
            "f.json: finding 2 (maturity/root-protection/111122223333): `Compliance.Statuss` is not a member `maturity publish` can send"
        );
        let mut bad = finding();
        bad["Resources"][0]["Details"] = serde_json::json!({});
        assert!(refused(bad).ends_with("`Resources[0].Details` is not a member `maturity publish` can send"));
    }

    #[test]
    fn missing_required_members_and_wrong_values_are_named() {
        let mut bad = finding();
        bad.as_object_mut().unwrap().remove("Title");
        assert!(refused(bad).ends_with("the required member `Title` is missing"));
        let mut bad = finding();
        bad["Severity"]["Label"] = "SEVERE".into();
        assert!(refused(bad).contains("`Severity.Label` is \"SEVERE\""));
        let mut bad = finding();
        bad["Resources"] = serde_json::json!([]);
        assert!(refused(bad).ends_with("`Resources` is empty (Security Hub needs at least one)"));
        let mut bad = finding();
        bad["Types"] = serde_json::json!("one");
        assert!(refused(bad).ends_with("`Types` is not a list"));
    }

    #[test]
    fn one_request_a_line_is_read_and_errors_name_the_line() {
        let request = serde_json::to_string(&serde_json::json!({ "Findings": [finding(), finding()] })).unwrap();
        let text = format!("{request}\n\n{request}\n");
        assert_eq!(read("f.jsonl", &text).unwrap().len(), 4);
        let mut bad = finding();
        bad["Severity"]["Label"] = "SEVERE".into();
        let bad = serde_json::to_string(&serde_json::json!({ "Findings": [bad] })).unwrap();
        let error = read("f.jsonl", &format!("{request}\n{bad}\n")).unwrap_err().to_string();
        assert!(
            error.starts_with("f.jsonl:2: finding 1 (maturity/root-protection/111122223333): `Severity.Label`"),
            "{error}"
        );
        let error = read("f.jsonl", &format!("{request}\n{{\n")).unwrap_err().to_string();
        assert!(error.starts_with("f.jsonl:2: not JSON: "), "{error}");
        let error = read("f.jsonl", &format!("{request}\n[]\n")).unwrap_err().to_string();
        assert!(error.starts_with("f.jsonl:2: expected a JSON array"), "{error}");
    }

    #[test]
    fn other_shapes_are_refused() {
        for text in ["{}", "3", r#"{"Findings": [], "Other": 1}"#] {
            let error = read("f.json", text).unwrap_err().to_string();
            assert!(error.starts_with("f.json: expected a JSON array of ASFF findings"), "{error}");
        }
        assert!(read("f.json", "[").unwrap_err().to_string().starts_with("f.json: not JSON: "));
        assert_eq!(read("f.json", "[null]").unwrap_err().to_string(), "f.json: finding 1 (no Id): not a JSON object");
    }
}

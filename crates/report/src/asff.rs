//! The findings in the AWS Security Finding Format (ASFF), as AWS Security Hub's
//! `BatchImportFindings` takes them
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html>).
//!
//! [`findings`] gives one [`Finding`] per passing, failing or inconclusive finding of the
//! assessment (which are sent, their keys and severities: [`crate::exported`]), with
//! `Compliance.Status` `PASSED`, `FAILED` or `WARNING`, and `RelatedRequirements` naming the
//! AWS SMM controls and CSMM objectives its check evidences. Passing findings are sent so that
//! Security Hub resolves a failure that was fixed since the last import; not-applicable ones are
//! not (nothing is there). A failure an exception accepts stays `FAILED`: the exception is in
//! its description and in `ProductFields`, and nobody's review in Security Hub is overwritten.
//!
//! **Where each finding goes.** With the default product (no [`Options::product_arn`]), a
//! finding is imported by its own account, into its own region (the [`Options::home_region`]
//! for global resources, accounts and the organization), as that account's default product:
//! `arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`. Security Hub accepts a finding
//! under the default product only from the account the finding is about, so a publisher calls
//! `BatchImportFindings` once per account and region, at most [`BATCH_LIMIT`] findings a call:
//! [`batches`] groups them so. Findings about the organization as a whole name no account, and
//! are sent only when [`Options::organization_account`] says which (the management or delegated
//! administrator account); otherwise they are left out.
//!
//! **Limits.** Security Hub refuses a finding whose `Title` is longer than 256 characters or
//! `Description` than 1024, and an `Id`, `GeneratorId` or resource `Id` longer than 512: longer
//! texts are cut (ending with `…`), longer ids shortened with a digest
//! ([`crate::exported::bounded`]), and at most 32 `RelatedRequirements` are sent.
//!
//! `--format asff` writes the import requests themselves, one JSON object a line, each a whole
//! `BatchImportFindings` input (`{"Findings": [...]}`) for one account and region, so each line
//! can be sent as it is (`aws securityhub batch-import-findings --cli-input-json "$line"`).

use std::collections::BTreeMap;

use maturity_assess::Assessment;
use maturity_checks::FindingStatus;
use maturity_model::Catalogs;
use serde::Serialize;

use crate::ReportError;
use crate::exported::{self, Exported, Severity};

/// The ASFF version written.
pub const SCHEMA_VERSION: &str = "2018-10-08";

/// The most findings one `BatchImportFindings` call accepts.
pub const BATCH_LIMIT: usize = 100;

/// The type every finding has: ASFF's `namespace/category` for checks of configuration against
/// AWS security best practice, which is what both models' automated checks are.
pub const FINDING_TYPE: &str = "Software and Configuration Checks/AWS Security Best Practices";

const MAX_TITLE: usize = 256;
const MAX_DESCRIPTION: usize = 1024;
const MAX_ID: usize = 512;
const MAX_RECOMMENDATION: usize = 512;
const MAX_REQUIREMENTS: usize = 32;

/// Where the findings go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The product every finding is imported as (a custom integration's or a partner's ARN).
    /// By default, each finding's own account's default product in its region.
    pub product_arn: Option<String>,
    /// The region of findings that have none (global resources, accounts, the organization). By
    /// default the first region of the assessment's scope, `us-east-1` when it has none.
    pub home_region: Option<String>,
    /// The account that organization-wide findings are reported for; without it they are left
    /// out, as ASFF needs an account.
    pub organization_account: Option<String>,
}

/// One ASFF finding: the members of Security Hub's `AwsSecurityFinding` that we fill.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Finding {
    /// [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// Stable: `maturity/` and the finding's key.
    pub id: String,
    /// The product it is imported as.
    pub product_arn: String,
    /// `maturity`.
    pub product_name: String,
    /// `maturity`.
    pub company_name: String,
    /// The region it is imported into.
    pub region: String,
    /// `maturity/` and the check's id.
    pub generator_id: String,
    /// The account it is about.
    pub aws_account_id: String,
    /// [`FINDING_TYPE`].
    pub types: Vec<String>,
    /// When the evidence was collected (ISO 8601, UTC).
    pub created_at: String,
    /// When the evidence was collected (ISO 8601, UTC).
    pub updated_at: String,
    /// How urgent it is.
    pub severity: FindingSeverity,
    /// The state the check wants.
    pub title: String,
    /// What the check found here.
    pub description: String,
    /// What the control asks for, and its official page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Remediation>,
    /// The control's official page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// The check, its verdict, its controls and the exception that accepts it.
    pub product_fields: BTreeMap<String, String>,
    /// The resource, account or organization it is about.
    pub resources: Vec<Resource>,
    /// The verdict and the requirements it bears on.
    pub compliance: Compliance,
    /// `ACTIVE`.
    pub record_state: String,
}

/// ASFF `Severity`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FindingSeverity {
    /// `INFORMATIONAL`, `LOW`, `MEDIUM` or `HIGH`.
    pub label: String,
}

/// ASFF `Remediation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Remediation {
    /// What to do.
    pub recommendation: Recommendation,
}

/// ASFF `Recommendation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Recommendation {
    /// What the control asks for (at most 512 characters).
    pub text: String,
    /// The control's official page.
    pub url: String,
}

/// ASFF `Resource`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Resource {
    /// `AwsAccount` for an account, `Other` otherwise (the checks do not type their resources).
    #[serde(rename = "Type")]
    pub kind: String,
    /// The resource's id or ARN; `AWS::::Account:ID` for an account; the organization's id.
    pub id: String,
    /// `aws`, `aws-cn` or `aws-us-gov`.
    pub partition: String,
    /// The resource's region, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// ASFF `Compliance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Compliance {
    /// `PASSED`, `FAILED` or `WARNING`.
    pub status: String,
    /// `aws-smm-v2:<control>` and `csmm-v2:<objective>`, at most 32.
    pub related_requirements: Vec<String>,
}

/// The findings, in the assessment's order.
#[must_use]
pub fn findings(assessment: &Assessment, catalogs: &Catalogs, options: &Options) -> Vec<Finding> {
    let home = home_region(assessment, options);
    exported::findings(assessment, catalogs)
        .filter_map(|finding| convert(assessment, &finding, options, &home))
        .collect()
}

/// The findings grouped for `BatchImportFindings`: one group per account and region (ordered by
/// them), at most [`BATCH_LIMIT`] findings each, in the findings' order within a group.
#[must_use]
pub fn batches(findings: &[Finding]) -> Vec<Vec<&Finding>> {
    let mut groups: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        groups.entry((finding.aws_account_id.as_str(), finding.region.as_str())).or_default().push(finding);
    }
    groups.into_values().flat_map(|group| group.chunks(BATCH_LIMIT).map(<[_]>::to_vec).collect::<Vec<_>>()).collect()
}

/// The import requests as JSON lines, one `BatchImportFindings` input a line ([`batches`]).
///
/// # Errors
/// Only if serialization fails, which these types do not cause.
pub fn render(assessment: &Assessment, catalogs: &Catalogs, options: &Options) -> Result<Vec<u8>, ReportError> {
    let mut out = Vec::new();
    write(assessment, catalogs, options, &mut out)?;
    Ok(out)
}

/// Writes the import requests as JSON lines to `out`, a request at a time.
///
/// # Errors
/// `out` fails.
pub fn write(
    assessment: &Assessment,
    catalogs: &Catalogs,
    options: &Options,
    out: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Request<'a> {
        findings: Vec<&'a Finding>,
    }
    // The same requests as `batches(&findings(…))`, but each finding is made when its request is
    // written: an organization's findings are gigabytes, never all in memory.
    let home = home_region(assessment, options);
    let exported: Vec<Exported<'_>> = exported::findings(assessment, catalogs).collect();
    let mut groups: BTreeMap<(&str, &str), Vec<&Exported<'_>>> = BTreeMap::new();
    for finding in &exported {
        if let Some(place) = placement(finding, options, &home) {
            groups.entry(place).or_default().push(finding);
        }
    }
    for group in groups.values() {
        for chunk in group.chunks(BATCH_LIMIT) {
            let batch: Vec<Finding> =
                chunk.iter().filter_map(|finding| convert(assessment, finding, options, &home)).collect();
            serde_json::to_writer(&mut *out, &Request { findings: batch.iter().collect() })?;
            out.write_all(b"\n").map_err(ReportError::Output)?;
        }
    }
    Ok(())
}

/// The region of findings that have none (organization-wide and account-wide ones).
fn home_region(assessment: &Assessment, options: &Options) -> String {
    options
        .home_region
        .clone()
        .or_else(|| assessment.evidence.regions.first().cloned())
        .unwrap_or_else(|| "us-east-1".to_owned())
}

/// The account and region a finding is imported into; `None` for an organization-wide finding
/// without `--asff-organization-account`, which has no account to go to.
fn placement<'a>(finding: &'a Exported<'_>, options: &'a Options, home: &'a str) -> Option<(&'a str, &'a str)> {
    let location = &finding.assessed.finding.location;
    let account = location.account_id.as_deref().or(options.organization_account.as_deref())?;
    Some((account, location.region.as_deref().unwrap_or(home)))
}

fn convert(assessment: &Assessment, finding: &Exported<'_>, options: &Options, home: &str) -> Option<Finding> {
    let assessed = finding.assessed;
    let location = &assessed.finding.location;
    let (account, region) = placement(finding, options, home)?;
    let partition = partition(location.resource.as_deref(), region);
    let product_arn = options
        .product_arn
        .clone()
        .unwrap_or_else(|| format!("arn:{partition}:securityhub:{region}:{account}:product/{account}/default"));
    let resource = match (&location.resource, &location.account_id) {
        (Some(resource), _) => Resource {
            kind: "Other".to_owned(),
            id: exported::bounded(resource, MAX_ID),
            partition: partition.to_owned(),
            region: location.region.clone(),
        },
        (None, Some(account)) => Resource {
            kind: "AwsAccount".to_owned(),
            id: format!("AWS::::Account:{account}"),
            partition: partition.to_owned(),
            region: location.region.clone(),
        },
        (None, None) => Resource {
            kind: "Other".to_owned(),
            id: assessment.evidence.organization_id.clone().unwrap_or_else(|| "organization".to_owned()),
            partition: partition.to_owned(),
            region: None,
        },
    };
    let mut description = assessed.finding.message.clone();
    let mut fields = BTreeMap::from([
        ("maturity/check".to_owned(), assessed.finding.check.to_string()),
        ("maturity/status".to_owned(), assessed.finding.status.id().to_owned()),
    ]);
    if !finding.controls.is_empty() {
        let controls: Vec<&str> = finding.controls.iter().map(|c| c.id.as_str()).collect();
        fields.insert("maturity/aws-smm-controls".to_owned(), controls.join(";"));
    }
    if let Some(number) = assessed.excepted_by {
        fields.insert("maturity/excepted-by".to_owned(), number.to_string());
        description = format!("Accepted risk (exception {number} of the exceptions file). {description}");
    }
    let control = finding.controls.first();
    let collected_at = assessment.evidence.collected_at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let mut requirements = finding.requirements();
    requirements.truncate(MAX_REQUIREMENTS);
    Some(Finding {
        schema_version: SCHEMA_VERSION.to_owned(),
        id: exported::bounded(&format!("maturity/{}", finding.key), MAX_ID),
        product_arn,
        product_name: assessment.tool.name.clone(),
        company_name: assessment.tool.name.clone(),
        region: region.to_owned(),
        generator_id: exported::bounded(&format!("maturity/{}", assessed.finding.check), MAX_ID),
        aws_account_id: account.to_owned(),
        types: vec![FINDING_TYPE.to_owned()],
        created_at: collected_at.clone(),
        updated_at: collected_at,
        severity: FindingSeverity { label: label(finding.severity).to_owned() },
        title: cut(finding.title, MAX_TITLE),
        description: cut(&description, MAX_DESCRIPTION),
        remediation: control.map(|c| Remediation {
            recommendation: Recommendation { text: cut(&c.summary, MAX_RECOMMENDATION), url: c.url.clone() },
        }),
        source_url: control.map(|c| c.url.clone()),
        product_fields: fields,
        resources: vec![resource],
        compliance: Compliance {
            status: compliance(assessed.finding.status).to_owned(),
            related_requirements: requirements,
        },
        record_state: "ACTIVE".to_owned(),
    })
}

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Informational => "INFORMATIONAL",
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
    }
}

fn compliance(status: FindingStatus) -> &'static str {
    match status {
        FindingStatus::Pass => "PASSED",
        FindingStatus::Fail => "FAILED",
        FindingStatus::Inconclusive => "WARNING",
        // Not sent (see `exported`); mapped for completeness.
        FindingStatus::NotApplicable => "NOT_AVAILABLE",
    }
}

/// The partition of an ARN, else of a region (`cn-…`, `us-gov-…`), else `aws`.
fn partition<'a>(resource: Option<&'a str>, region: &str) -> &'a str {
    if let Some(arn) = resource.and_then(|r| r.strip_prefix("arn:")) {
        match arn.split(':').next() {
            Some("aws-cn") => return "aws-cn",
            Some("aws-us-gov") => return "aws-us-gov",
            _ => {}
        }
    }
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// `text` with at most `max` characters, ending with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_to_the_limit() {
        assert_eq!(cut("short", 10), "short");
        let long = "x".repeat(300);
        let title = cut(&long, MAX_TITLE);
        assert_eq!(title.chars().count(), MAX_TITLE);
        assert!(title.ends_with('…'));
    }

    #[test]
    fn partitions_come_from_arns_then_regions() {
        assert_eq!(partition(Some("arn:aws-cn:s3:::b"), "eu-west-1"), "aws-cn");
        assert_eq!(partition(Some("i-0abc"), "us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition(None, "eu-west-1"), "aws");
    }
}

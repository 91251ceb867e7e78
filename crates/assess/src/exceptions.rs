//! The exceptions file: accepted risks, each scoped, justified, owned and temporary.
//!
//! ```toml
//! [[exception]]
//! check = "ec2-no-risky-ports-open"   # selectors: check, control, account, region, resource, tag
//! account = "222222222222"            # (at least one; all given must match)
//! resource = "sg-0123456789abcdef0"
//! tag = "Environment=sandbox"          # KEY=VALUE on the resource
//! reason = "Bastion reachable only through the corporate VPN; reviewed quarterly."
//! owner = "platform-team@example.com"
//! expires = 2027-01-31
//! ```
//!
//! The reason and the owner must not be blank: an accepted risk nobody explains or answers for
//! is refused like any malformed field. An exception has no date of its own, only its expiry.
//!
//! An exception turns matching failed findings into excepted ones. An exception that names only
//! a `control` covers the control as a whole (for attested controls). Scores are computed with
//! and without exceptions; expired exceptions apply to nothing and are listed, as are exceptions
//! that matched nothing.

use chrono::NaiveDate;
use maturity_checks::Finding;
use maturity_input::{InputError, from_toml_str};
use maturity_model::Catalogs;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::value::Datetime;

use crate::dates::{to_date, to_toml_date};

/// One accepted risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Exception {
    /// Position in the file, from 1, to name it in reports.
    pub number: usize,
    /// The check it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// The control it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// The account it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The region it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The resource id or ARN it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// A tag the resource must carry, as (key, value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<(String, String)>,
    /// Why the risk is accepted.
    pub reason: String,
    /// Who accepted it.
    pub owner: String,
    /// After this day it no longer applies.
    pub expires: NaiveDate,
}

impl Exception {
    /// Whether it has expired on `as_of` (it applies through its expiry day).
    #[must_use]
    pub fn is_expired(&self, as_of: NaiveDate) -> bool {
        as_of > self.expires
    }

    /// Whether it covers a whole control rather than findings.
    #[must_use]
    pub fn is_control_wide(&self) -> bool {
        self.control.is_some()
            && self.check.is_none()
            && self.account.is_none()
            && self.region.is_none()
            && self.resource.is_none()
            && self.tag.is_none()
    }

    /// Whether it matches a finding of a check that evidences `controls`.
    #[must_use]
    pub fn matches(&self, finding: &Finding, controls: &[&str]) -> bool {
        let location = &finding.location;
        self.check.as_ref().is_none_or(|c| *c == finding.check)
            && self.control.as_ref().is_none_or(|c| controls.contains(&c.as_str()))
            && self.account.as_ref().is_none_or(|a| location.account_id.as_ref() == Some(a))
            && self.region.as_ref().is_none_or(|r| location.region.as_ref() == Some(r))
            && self.resource.as_ref().is_none_or(|r| location.resource.as_ref() == Some(r))
            && self.tag.as_ref().is_none_or(|(k, v)| finding.tags.get(k) == Some(v))
    }

    /// Whether it may cover some finding of the check `check`, whose catalog entries are
    /// `controls`: what [`Self::matches`] asks of a finding's check, before any finding is made.
    #[must_use]
    pub fn may_cover(&self, check: &str, controls: &[&str]) -> bool {
        !self.is_control_wide()
            && self.check.as_ref().is_none_or(|c| c == check)
            && self.control.as_ref().is_none_or(|c| controls.contains(&c.as_str()))
    }

    /// A short description of what it covers: `check=…, account=…`.
    #[must_use]
    pub fn scope(&self) -> String {
        let mut parts = Vec::new();
        let fields = [
            ("check", &self.check),
            ("control", &self.control),
            ("account", &self.account),
            ("region", &self.region),
            ("resource", &self.resource),
        ];
        for (name, value) in fields {
            if let Some(value) = value {
                parts.push(format!("{name}={value}"));
            }
        }
        if let Some((k, v)) = &self.tag {
            parts.push(format!("tag {k}={v}"));
        }
        parts.join(", ")
    }
}

/// All exceptions, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exceptions {
    /// The exceptions.
    pub list: Vec<Exception>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, rename = "exception")]
    exceptions: Vec<RawException>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    #[serde(default)]
    check: Option<Spanned<String>>,
    #[serde(default)]
    control: Option<Spanned<String>>,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    resource: Option<String>,
    #[serde(default)]
    tag: Option<Spanned<String>>,
    reason: Spanned<String>,
    owner: Spanned<String>,
    expires: Spanned<Datetime>,
}

impl Exceptions {
    /// Parses an exceptions file; `known_checks` are the registered check ids.
    ///
    /// # Errors
    /// The first problem, with file, line and field.
    pub fn parse(file: &str, text: &str, catalogs: &Catalogs, known_checks: &[&str]) -> Result<Exceptions, InputError> {
        let raw: RawFile = from_toml_str(file, text)?;
        let mut list = Vec::new();
        for (index, raw) in raw.exceptions.into_iter().enumerate() {
            let field = |name: &str| format!("exception[{index}].{name}");
            let at = |span, name: &str, message: String| InputError::at_span(file, text, span, field(name), message);
            if let Some(check) = &raw.check
                && !known_checks.contains(&check.get_ref().as_str())
            {
                return Err(at(
                    check.span(),
                    "check",
                    format!("no check `{}` (see `maturity catalog checks`)", check.get_ref()),
                ));
            }
            if let Some(control) = &raw.control
                && catalogs.aws_smm.control(control.get_ref()).is_none()
            {
                return Err(at(control.span(), "control", format!("no AWS SMM control `{}`", control.get_ref())));
            }
            let tag = match &raw.tag {
                None => None,
                Some(tag) => match tag.get_ref().split_once('=') {
                    Some((k, v)) if !k.trim().is_empty() => Some((k.trim().to_owned(), v.trim().to_owned())),
                    _ => return Err(at(tag.span(), "tag", format!("`{}` is not KEY=VALUE", tag.get_ref()))),
                },
            };
            if raw.reason.get_ref().trim().is_empty() {
                return Err(at(raw.reason.span(), "reason", "say why the risk is accepted".into()));
            }
            if raw.owner.get_ref().trim().is_empty() {
                return Err(at(raw.owner.span(), "owner", "empty: say who accepts the risk".into()));
            }
            let expires = to_date(file, text, &raw.expires, &field("expires"))?;
            let exception = Exception {
                number: index + 1,
                check: raw.check.map(Spanned::into_inner),
                control: raw.control.map(Spanned::into_inner),
                account: raw.account,
                region: raw.region,
                resource: raw.resource,
                tag,
                reason: raw.reason.into_inner(),
                owner: raw.owner.into_inner(),
                expires,
            };
            if exception.scope().is_empty() {
                return Err(at(
                    raw.expires.span(),
                    "check",
                    "name at least one of check, control, account, region, resource or tag".into(),
                ));
            }
            list.push(exception);
        }
        Ok(Exceptions { list })
    }

    /// The exceptions as an exceptions file that [`Exceptions::parse`] reads back to the same
    /// exceptions, in the same order (so their numbers stay the same).
    #[must_use]
    pub fn to_toml(&self) -> String {
        #[derive(Serialize)]
        struct File<'a> {
            exception: Vec<Entry<'a>>,
        }
        #[derive(Serialize)]
        struct Entry<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            check: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            control: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            account: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            region: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            resource: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            tag: Option<String>,
            reason: &'a str,
            owner: &'a str,
            expires: Datetime,
        }
        let exception = self
            .list
            .iter()
            .map(|e| Entry {
                check: e.check.as_deref(),
                control: e.control.as_deref(),
                account: e.account.as_deref(),
                region: e.region.as_deref(),
                resource: e.resource.as_deref(),
                tag: e.tag.as_ref().map(|(k, v)| format!("{k}={v}")),
                reason: &e.reason,
                owner: &e.owner,
                expires: to_toml_date(e.expires),
            })
            .collect();
        // Plain structs of strings and dates: nothing here can fail to serialize.
        toml::to_string(&File { exception }).unwrap_or_default()
    }
}

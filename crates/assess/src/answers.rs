//! The answers file: what people attest for the controls and objectives no API can see.
//!
//! ```toml
//! [[answer]]
//! id = "training-plan"        # an AWS SMM control id or a CSMM objective id
//! answer = "yes"              # yes | partial | no | n-a
//! evidence = "https://wiki.example.com/security/training-2026"
//! owner = "alice@example.com"
//! date = 2026-03-01
//! expires = 2027-03-01        # optional: one year after `date` by default
//! ```
//!
//! An expired answer counts as no answer (the control or objective is unknown), so that
//! attestations are revisited instead of drifting.
//!
//! An answer is what someone attested on its date, so a date after today (a typo of the year, an
//! answer written ahead so that it stays valid longer) is refused like any malformed field, as is
//! an `owner` given but blank: the file must say who answers for it, or leave `owner` out.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, Utc};
use maturity_input::{InputError, from_toml_str};
use maturity_model::Catalogs;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::value::Datetime;

use crate::dates::{LAST_TOML_DATE, to_date, to_toml_date};

/// What a person attests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum AnswerValue {
    /// In place.
    #[serde(rename = "yes")]
    Yes,
    /// Partly in place.
    #[serde(rename = "partial")]
    Partial,
    /// Not in place.
    #[serde(rename = "no")]
    No,
    /// Does not apply to this organization.
    #[serde(rename = "n-a")]
    NotApplicable,
}

impl AnswerValue {
    /// The value as written in the file.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            AnswerValue::Yes => "yes",
            AnswerValue::Partial => "partial",
            AnswerValue::No => "no",
            AnswerValue::NotApplicable => "n-a",
        }
    }
}

/// One attested answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Answer {
    /// The control or objective it answers.
    pub id: String,
    /// The answer.
    pub answer: AnswerValue,
    /// A note or link that supports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Who gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it was given.
    pub date: NaiveDate,
    /// After this day it no longer counts.
    pub expires: NaiveDate,
}

impl Answer {
    /// Whether the answer has expired on `as_of` (it is valid through its expiry day).
    #[must_use]
    pub fn is_expired(&self, as_of: NaiveDate) -> bool {
        as_of > self.expires
    }
}

/// All answers, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    /// Answers keyed by control or objective id.
    pub by_id: BTreeMap<String, Answer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, rename = "answer")]
    answers: Vec<RawAnswer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    id: Spanned<String>,
    answer: AnswerValue,
    #[serde(default)]
    evidence: Option<String>,
    #[serde(default)]
    owner: Option<Spanned<String>>,
    date: Spanned<Datetime>,
    #[serde(default)]
    expires: Option<Spanned<Datetime>>,
}

/// How long an answer counts when it gives no expiry (its expiry is then its date plus this many
/// days, and 9999-12-31 at the latest).
pub const DEFAULT_VALIDITY_DAYS: u64 = 365;

/// The latest calendar day anywhere on Earth at `now`: the day in UTC+14, the easternmost time
/// zone. An answer dated today where its author is is never after it, whatever the time zone of
/// the machine that reads the file; this is the `today` [`Answers::parse`] is given.
#[must_use]
pub fn today_anywhere(now: DateTime<Utc>) -> NaiveDate {
    FixedOffset::east_opt(14 * 3600).map_or_else(|| now.date_naive(), |zone| now.with_timezone(&zone).date_naive())
}

impl Answers {
    /// Parses an answers file; ids must exist in the catalogs, no answer may be dated after
    /// `today` (see [`today_anywhere`]), and an `owner` given must not be blank.
    ///
    /// # Errors
    /// The first problem, with file, line and field.
    pub fn parse(
        file: &str,
        text: &str,
        catalogs: &Catalogs,
        validity_days: u64,
        today: NaiveDate,
    ) -> Result<Answers, InputError> {
        let raw: RawFile = from_toml_str(file, text)?;
        let mut by_id = BTreeMap::new();
        for (index, raw) in raw.answers.into_iter().enumerate() {
            let field = |name: &str| format!("answer[{index}].{name}");
            let id = raw.id.get_ref().clone();
            if catalogs.aws_smm.control(&id).is_none() && catalogs.csmm.objective(&id).is_none() {
                return Err(InputError::at_span(
                    file,
                    text,
                    raw.id.span(),
                    field("id"),
                    format!("`{id}` is neither an AWS SMM control nor a CSMM objective (see `maturity catalog`)"),
                ));
            }
            if by_id.contains_key(&id) {
                return Err(InputError::at_span(
                    file,
                    text,
                    raw.id.span(),
                    field("id"),
                    format!("`{id}` is answered twice"),
                ));
            }
            let date = to_date(file, text, &raw.date, &field("date"))?;
            if date > today {
                return Err(InputError::at_span(
                    file,
                    text,
                    raw.date.span(),
                    field("date"),
                    format!("{date} is after today ({today}): date an answer on the day it is given"),
                ));
            }
            if let Some(owner) = &raw.owner
                && owner.get_ref().trim().is_empty()
            {
                return Err(InputError::at_span(
                    file,
                    text,
                    owner.span(),
                    field("owner"),
                    "empty: say who answers for it, or leave `owner` out",
                ));
            }
            let expires = match &raw.expires {
                Some(expires) => {
                    let expires_on = to_date(file, text, expires, &field("expires"))?;
                    if expires_on < date {
                        return Err(InputError::at_span(
                            file,
                            text,
                            expires.span(),
                            field("expires"),
                            format!("expires on {expires_on}, before the answer's date {date}"),
                        ));
                    }
                    expires_on
                }
                // Past 9999-12-31 the answer would be written back as a file that does not read.
                None => {
                    date.checked_add_days(Days::new(validity_days)).map_or(LAST_TOML_DATE, |d| d.min(LAST_TOML_DATE))
                }
            };
            by_id.insert(
                id.clone(),
                Answer {
                    id,
                    answer: raw.answer,
                    evidence: raw.evidence,
                    owner: raw.owner.map(Spanned::into_inner),
                    date,
                    expires,
                },
            );
        }
        Ok(Answers { by_id })
    }

    /// The answers as an answers file that [`Answers::parse`] reads back to the same answers
    /// (every expiry written out, so the file means the same whatever the validity setting).
    #[must_use]
    pub fn to_toml(&self) -> String {
        #[derive(Serialize)]
        struct File<'a> {
            answer: Vec<Entry<'a>>,
        }
        #[derive(Serialize)]
        struct Entry<'a> {
            id: &'a str,
            answer: AnswerValue,
            #[serde(skip_serializing_if = "Option::is_none")]
            evidence: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            owner: Option<&'a str>,
            date: Datetime,
            expires: Datetime,
        }
        let answer = self
            .by_id
            .values()
            .map(|a| Entry {
                id: &a.id,
                answer: a.answer,
                evidence: a.evidence.as_deref(),
                owner: a.owner.as_deref(),
                date: to_toml_date(a.date),
                expires: to_toml_date(a.expires),
            })
            .collect();
        // Plain structs of strings and dates: nothing here can fail to serialize.
        toml::to_string(&File { answer }).unwrap_or_default()
    }

    /// The answer for an id, if it has not expired on `as_of`.
    #[must_use]
    pub fn valid(&self, id: &str, as_of: NaiveDate) -> Option<&Answer> {
        self.by_id.get(id).filter(|a| !a.is_expired(as_of))
    }
}

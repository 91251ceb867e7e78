//! A collected fact: the value, or exactly why there is none.
//!
//! Checks must match on [`Fact`] (usually through [`Fact::get`]), so the compiler makes every
//! check decide what missing evidence means. "Not configured" answers from AWS (no bucket
//! policy, no public access block) are values (`Ok(None)` in the collector), never errors.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One fact of the evidence bundle.
///
/// In JSON a fact is `{"ok": VALUE}`, `{"denied": {"action": "iam:GetCredentialReport"}}`,
/// `{"unavailable": {"why": "region not enabled"}}` or `{"failed": {"error": "…"}}`; a fact the
/// collector did not gather is left out of the file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact<T> {
    /// The value as AWS returned it (possibly "not configured").
    Ok(T),
    /// The credentials were not allowed to make the call.
    Denied {
        /// The IAM action that was denied, e.g. `guardduty:ListDetectors`.
        action: String,
    },
    /// The service or the region cannot answer here (region not enabled, service not offered).
    Unavailable {
        /// Why, in words.
        why: String,
    },
    /// The call failed for another reason, after the SDK's retries.
    Failed {
        /// The error as the SDK reported it.
        error: String,
    },
    /// The collector did not gather this fact (an older collector, or a partial scan).
    #[default]
    NotCollected,
}

/// How a fact stands, without its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactState {
    /// A value is present.
    Ok,
    /// The call was denied.
    Denied,
    /// The service or region could not answer.
    Unavailable,
    /// The call failed.
    Failed,
    /// Not gathered.
    NotCollected,
}

/// One kind of fact, as [`facts!`] declares it: its field's name and the IAM actions of the
/// calls that gather it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactInfo {
    /// The field's name (`guardduty_detectors`).
    pub name: &'static str,
    /// The IAM actions of the calls that gather it (`guardduty:ListDetectors`, …).
    pub actions: &'static [&'static str],
}

/// Why a fact has no value: what a check reports when it cannot decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing<'a> {
    /// The IAM action was denied.
    Denied(&'a str),
    /// The service or region could not answer.
    Unavailable(&'a str),
    /// The call failed with this error.
    Failed(&'a str),
    /// The fact was not collected.
    NotCollected,
}

impl fmt::Display for Missing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Denied(action) => write!(f, "access denied to {action}"),
            Missing::Unavailable(why) => write!(f, "unavailable ({why})"),
            Missing::Failed(error) => write!(f, "the call failed ({error})"),
            Missing::NotCollected => f.write_str("the fact was not collected"),
        }
    }
}

/// A [`Missing`] that owns its words: what a summary of an account keeps of why a fact has no
/// value, once the account itself is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MissingBuf {
    /// The IAM action was denied.
    Denied(Box<str>),
    /// The service or region could not answer.
    Unavailable(Box<str>),
    /// The call failed with this error.
    Failed(Box<str>),
    /// The fact was not collected.
    NotCollected,
}

impl MissingBuf {
    /// The reason, as checks report it.
    #[must_use]
    pub fn as_missing(&self) -> Missing<'_> {
        match self {
            MissingBuf::Denied(action) => Missing::Denied(action),
            MissingBuf::Unavailable(why) => Missing::Unavailable(why),
            MissingBuf::Failed(error) => Missing::Failed(error),
            MissingBuf::NotCollected => Missing::NotCollected,
        }
    }
}

impl Missing<'_> {
    /// The reason with its own copy of the words.
    #[must_use]
    pub fn to_buf(&self) -> MissingBuf {
        match *self {
            Missing::Denied(action) => MissingBuf::Denied(action.into()),
            Missing::Unavailable(why) => MissingBuf::Unavailable(why.into()),
            Missing::Failed(error) => MissingBuf::Failed(error.into()),
            Missing::NotCollected => MissingBuf::NotCollected,
        }
    }
}

impl<T> Fact<T> {
    /// The value, or why there is none.
    ///
    /// # Errors
    /// Returns the reason the value is missing.
    pub fn get(&self) -> Result<&T, Missing<'_>> {
        match self {
            Fact::Ok(value) => Ok(value),
            Fact::Denied { action } => Err(Missing::Denied(action)),
            Fact::Unavailable { why } => Err(Missing::Unavailable(why)),
            Fact::Failed { error } => Err(Missing::Failed(error)),
            Fact::NotCollected => Err(Missing::NotCollected),
        }
    }

    /// How the fact stands.
    #[must_use]
    pub fn state(&self) -> FactState {
        match self {
            Fact::Ok(_) => FactState::Ok,
            Fact::Denied { .. } => FactState::Denied,
            Fact::Unavailable { .. } => FactState::Unavailable,
            Fact::Failed { .. } => FactState::Failed,
            Fact::NotCollected => FactState::NotCollected,
        }
    }

    /// Whether the collector left this fact out (used to keep it out of the JSON).
    #[must_use]
    pub fn is_not_collected(&self) -> bool {
        matches!(self, Fact::NotCollected)
    }

    /// A denied fact.
    #[must_use]
    pub fn denied(action: impl Into<String>) -> Self {
        Fact::Denied { action: action.into() }
    }

    /// A failed fact.
    #[must_use]
    pub fn failed(error: impl Into<String>) -> Self {
        Fact::Failed { error: error.into() }
    }

    /// An unavailable fact.
    #[must_use]
    pub fn unavailable(why: impl Into<String>) -> Self {
        Fact::Unavailable { why: why.into() }
    }
}

/// Declares a struct whose fields are all [`Fact`]s, with the serde attributes that leave
/// uncollected facts out of the JSON, a [`fact_states`](#method.fact_states) listing so that
/// coverage can be counted without forgetting a field, and the table [`FACTS`](#associatedconstant.FACTS)
/// of each fact's IAM actions: a field is `name: Type => ["service:Action", …]`, the actions of
/// every call the collector makes to gather it (the collector's tests hold the tables to the
/// calls it declares).
macro_rules! facts {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* $field:ident : $ty:ty => [$($action:literal),+ $(,)?] ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[serde(default, skip_serializing_if = "crate::Fact::is_not_collected")]
                pub $field: crate::Fact<$ty>,
            )*
        }

        impl $name {
            /// Each fact's name and the IAM actions of the calls that gather it, in declaration
            /// order.
            pub const FACTS: &'static [crate::FactInfo] =
                &[$(crate::FactInfo { name: stringify!($field), actions: &[$($action),+] }),*];

            /// Makes the named fact denied, if it holds a value (`false` when no fact has that
            /// name): how a test finds which facts a check reads.
            pub fn deny_value(&mut self, name: &str, action: &str) -> bool {
                match name {
                    $(stringify!($field) => {
                        if matches!(self.$field, crate::Fact::Ok(_)) {
                            self.$field = crate::Fact::denied(action);
                        }
                        true
                    })*
                    _ => false,
                }
            }

            /// Forgets every fact whose entry in `keep` (in the order of
            /// [`FACTS`](Self::FACTS)) is `false` or missing (it becomes not collected): what
            /// is left of an account once only the facts some checks read are still needed.
            pub fn retain_facts(&mut self, keep: &[bool]) {
                let mut keep = keep.iter().copied();
                $(
                    if !keep.next().unwrap_or(false) {
                        self.$field = crate::Fact::NotCollected;
                    }
                )*
            }

            /// Each fact's name and state, in declaration order.
            #[must_use]
            pub fn fact_states(&self) -> Vec<(&'static str, crate::FactState)> {
                vec![$((stringify!($field), self.$field.state())),*]
            }

            /// Whether every fact is in `state` (without making [`Self::fact_states`]).
            #[must_use]
            pub fn every_fact_is(&self, state: crate::FactState) -> bool {
                true $(&& self.$field.state() == state)*
            }

            /// Every fact unavailable for the same reason (a region the account has not enabled).
            #[must_use]
            pub fn all_unavailable(why: &str) -> Self {
                Self { $($field: crate::Fact::unavailable(why)),* }
            }

            /// Every fact nobody gathered becomes failed for the same reason (a collector that
            /// stopped before it could record what it was reading).
            pub fn fail_not_collected(&mut self, error: &str) {
                $(
                    if self.$field.is_not_collected() {
                        self.$field = crate::Fact::failed(error);
                    }
                )*
            }
        }
    };
}

pub(crate) use facts;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_serialize_externally_tagged() {
        let ok: Fact<u32> = Fact::Ok(3);
        assert_eq!(serde_json::to_string(&ok).unwrap_or_default(), r#"{"ok":3}"#);
        let denied: Fact<u32> = Fact::denied("s3:GetBucketPolicy");
        assert_eq!(serde_json::to_string(&denied).unwrap_or_default(), r#"{"denied":{"action":"s3:GetBucketPolicy"}}"#);
    }

    #[test]
    fn missing_values_explain_themselves() {
        let denied: Fact<u32> = Fact::denied("iam:ListUsers");
        assert_eq!(denied.get().map_err(|m| m.to_string()), Err("access denied to iam:ListUsers".into()));
        assert_eq!(Fact::<u32>::NotCollected.state(), FactState::NotCollected);
    }
}

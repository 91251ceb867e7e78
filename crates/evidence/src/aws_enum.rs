//! AWS states, statuses and modes as enums, so that a check compares `status ==
//! AccountStatus::Active` and a typo does not compile.
//!
//! AWS adds values to these lists without notice, and old bundles must keep loading, so parsing
//! never fails: a value this build does not know becomes `Other`, kept exactly as AWS wrote it.
//! AWS is not consistent about case (`ENABLED` here, `Enabled` there, `enabled` in the console),
//! so parsing ignores case; serializing writes the spelling AWS documents, and an unknown value
//! as it came.

use std::fmt;

/// A value AWS returned that this build has no variant for, as AWS wrote it.
///
/// Only parsing makes one, so an `Other` never holds a value that has a variant of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct UnknownState(String);

impl UnknownState {
    /// Wraps a value that matched none of an enum's variants.
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value as AWS wrote it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Declares an enum of AWS values: each variant with the spelling AWS documents, plus
/// `Other(UnknownState)`. It gets case-insensitive `From<&str>` / `From<String>` for the
/// collector, `as_str` and `Display` in AWS's spelling, serde as that string, and a JSON schema
/// of a string whose examples are the known values. `Default` is the empty string (`Other("")`),
/// what the field held when it was a `String`.
macro_rules! aws_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => $spelling:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )+
            /// A value this build does not know, kept as AWS wrote it.
            Other($crate::aws_enum::UnknownState),
        }

        impl $name {
            /// Reads AWS's value, ignoring case; an unknown value becomes `Other`.
            #[must_use]
            pub fn parse(value: &str) -> Self {
                $( if value.eq_ignore_ascii_case($spelling) { return Self::$variant; } )+
                Self::Other($crate::aws_enum::UnknownState::new(value))
            }

            /// The value in AWS's spelling (an unknown value as AWS wrote it).
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $spelling, )+
                    Self::Other(other) => other.as_str(),
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::Other($crate::aws_enum::UnknownState::default())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::parse(value)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::parse(&value) {
                    Self::Other(_) => Self::Other($crate::aws_enum::UnknownState::new(value)),
                    known => known,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "examples": [$($spelling),+] })
            }
        }
    };
}

pub(crate) use aws_enum;

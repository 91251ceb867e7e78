//! Amazon Resource Names, read once: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
//!
//! Checks read accounts, regions and resource names out of ARNs found in the evidence (trails,
//! key references, event targets, trust policies). Splitting on `:` by hand in each place gets the
//! field index or the colons inside the resource (`function:name:alias`) wrong sooner or later,
//! so every such read goes through [`Arn::parse`].

use std::fmt;

/// Why a text is not an ARN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    /// The text does not start with `arn:`.
    #[error("`{0}` is not an ARN: it does not start with `arn:`")]
    NoPrefix(String),
    /// The text has fewer than the six `:`-separated fields of an ARN.
    #[error("`{0}` is not an ARN: it has fewer than six `:`-separated fields")]
    TooFewFields(String),
    /// The partition, the service or the resource is empty.
    #[error("`{text}` is not an ARN: its {field} is empty")]
    EmptyField {
        /// The text read.
        text: String,
        /// `partition`, `service` or `resource`.
        field: &'static str,
    },
}

/// An ARN, borrowing the text it was read from. The region and the account may be empty (global
/// services such as IAM have no region; S3 bucket ARNs have neither); the resource keeps every
/// `:` after the fifth (`function:name:alias`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov` …
    pub partition: &'a str,
    /// `iam`, `s3`, `kms` …
    pub service: &'a str,
    /// The region, empty for global resources.
    pub region: &'a str,
    /// The twelve-digit account id, empty for resources that carry none.
    pub account: &'a str,
    /// Everything after the fifth `:` (`role/Admin`, `key/1234…`, `function:name:alias`).
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Reads an ARN.
    ///
    /// # Errors
    /// When `text` does not start with `arn:`, has fewer than six fields, or has an empty
    /// partition, service or resource.
    pub fn parse(text: &'a str) -> Result<Self, ArnError> {
        let mut fields = text.splitn(6, ':');
        if fields.next() != Some("arn") {
            return Err(ArnError::NoPrefix(text.to_owned()));
        }
        let (Some(partition), Some(service), Some(region), Some(account), Some(resource)) =
            (fields.next(), fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(ArnError::TooFewFields(text.to_owned()));
        };
        for (field, value) in [("partition", partition), ("service", service), ("resource", resource)] {
            if value.is_empty() {
                return Err(ArnError::EmptyField { text: text.to_owned(), field });
            }
        }
        Ok(Self { partition, service, region, account, resource })
    }

    /// The region, when the ARN names one.
    #[must_use]
    pub fn region(&self) -> Option<&'a str> {
        Some(self.region).filter(|r| !r.is_empty())
    }

    /// The account, when the ARN names one.
    #[must_use]
    pub fn account(&self) -> Option<&'a str> {
        Some(self.account).filter(|a| !a.is_empty())
    }
}

impl fmt::Display for Arn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { partition, service, region, account, resource } = self;
        write!(f, "arn:{partition}:{service}:{region}:{account}:{resource}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_a_regional_arn() {
        let arn = Arn::parse("arn:aws:lambda:eu-west-1:111111111111:function:isolate:prod").unwrap();
        assert_eq!(arn.partition, "aws");
        assert_eq!(arn.service, "lambda");
        assert_eq!(arn.region(), Some("eu-west-1"));
        assert_eq!(arn.account(), Some("111111111111"));
        assert_eq!(arn.resource, "function:isolate:prod");
        assert_eq!(arn.to_string(), "arn:aws:lambda:eu-west-1:111111111111:function:isolate:prod");
    }

    #[test]
    fn global_and_accountless_arns() {
        let role = Arn::parse("arn:aws-us-gov:iam::222222222222:role/Admin").unwrap();
        assert_eq!((role.partition, role.region(), role.account()), ("aws-us-gov", None, Some("222222222222")));
        let bucket = Arn::parse("arn:aws:s3:::logs").unwrap();
        assert_eq!((bucket.region(), bucket.account(), bucket.resource), (None, None, "logs"));
    }

    #[test]
    fn what_is_not_an_arn() {
        assert_eq!(Arn::parse("111111111111"), Err(ArnError::NoPrefix("111111111111".into())));
        assert_eq!(Arn::parse("arn:aws:iam::1"), Err(ArnError::TooFewFields("arn:aws:iam::1".into())));
        assert!(matches!(Arn::parse("arn::iam::1:role/x"), Err(ArnError::EmptyField { field: "partition", .. })));
        assert!(matches!(Arn::parse("arn:aws:s3:::"), Err(ArnError::EmptyField { field: "resource", .. })));
        assert!(Arn::parse("ARN:aws:s3:::b").is_err());
    }
}

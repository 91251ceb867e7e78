//! The IAM credential report's CSV, read by column name.
//!
//! Values the report gives as `N/A`, `no_information` or `not_supported` become `None`. The row
//! of the root user is `<root_account>`.

use chrono::{DateTime, Utc};
use maturity_evidence::{AccessKey, CredentialReport, CredentialUser};

const ROOT: &str = "<root_account>";

/// Parses the report.
///
/// # Errors
/// Malformed CSV, or a column the report always has is missing.
pub(crate) fn parse(csv_bytes: &[u8], generated_at: DateTime<Utc>) -> Result<CredentialReport, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv_bytes);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).ok_or_else(|| format!("no `{name}` column"));
    let user_col = column("user")?;
    let arn_col = column("arn")?;
    let password_enabled_col = column("password_enabled")?;
    let password_last_used_col = column("password_last_used")?;
    let mfa_col = column("mfa_active")?;
    let keys = [1, 2].map(|n| {
        (
            column(&format!("access_key_{n}_active")),
            column(&format!("access_key_{n}_last_rotated")),
            column(&format!("access_key_{n}_last_used_date")),
        )
    });
    let mut report = CredentialReport { generated_at, root: None, users: Vec::new() };
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let field = |i: usize| record.get(i).unwrap_or_default();
        let mut access_keys = Vec::new();
        for (active, rotated, used) in &keys {
            let (Ok(active), Ok(rotated), Ok(used)) = (active, rotated, used) else {
                return Err("no access key columns".to_owned());
            };
            let last_rotated = date(field(*rotated));
            let is_active = field(*active) == "true";
            if is_active || last_rotated.is_some() {
                access_keys.push(AccessKey { active: is_active, last_rotated, last_used: date(field(*used)) });
            }
        }
        let user = CredentialUser {
            user: field(user_col).to_owned(),
            arn: field(arn_col).to_owned(),
            password_enabled: field(password_enabled_col) == "true",
            password_last_used: date(field(password_last_used_col)),
            mfa_active: field(mfa_col) == "true",
            access_keys,
        };
        if user.user == ROOT {
            report.root = Some(user);
        } else {
            report.users.push(user);
        }
    }
    Ok(report)
}

/// A timestamp, or `None` for `N/A`, `no_information`, `not_supported` and anything unparsable.
fn date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,2026-10-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
\"alice,admin\",arn:aws:iam::111111111111:user/alice,2021-01-01T00:00:00+00:00,true,no_information,2021-01-01T00:00:00+00:00,N/A,false,true,2021-02-01T00:00:00+00:00,2026-11-01T00:00:00+00:00,us-east-1,s3,false,2021-03-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A
bob,arn:aws:iam::111111111111:user/bob,2021-01-01T00:00:00+00:00,false,N/A,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
";

    fn parsed() -> CredentialReport {
        parse(REPORT.as_bytes(), Utc::now()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn root_row_is_kept_apart() {
        let report = parsed();
        let root = report.root.unwrap_or_else(|| panic!("no root"));
        assert!(root.mfa_active);
        assert!(!root.password_enabled, "not_supported is not true");
        assert!(root.access_keys.is_empty());
        assert_eq!(report.users.len(), 2);
    }

    #[test]
    fn quoted_user_names_and_keys_are_read() {
        let report = parsed();
        let alice = &report.users[0];
        assert_eq!(alice.user, "alice,admin");
        assert!(alice.password_enabled && !alice.mfa_active);
        assert_eq!(alice.password_last_used, None, "no_information");
        assert_eq!(alice.access_keys.len(), 2, "an inactive key that exists is listed");
        assert!(alice.access_keys[0].active && alice.access_keys[0].last_used.is_some());
        assert!(!alice.access_keys[1].active && alice.access_keys[1].last_used.is_none());
        assert!(report.users[1].access_keys.is_empty());
    }

    #[test]
    fn a_report_without_the_user_column_is_an_error() {
        let err = parse(b"name,arn\nx,y\n", Utc::now()).unwrap_err();
        assert!(err.contains("`user`"), "{err}");
    }
}

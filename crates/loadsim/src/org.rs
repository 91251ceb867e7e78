//! The synthetic organization: its accounts, and the answers that depend on how many there are
//! (STS identities and role sessions, Organizations' account lists), made rather than recorded.
//!
//! An account is known by its access key: `AssumeRole` hands out `ASIA` + the 12-digit account id
//! + `SIMX`; any other key is the management account's (the caller's own credentials).

use chrono::{Duration, Utc};

use crate::recording::Reply;

/// The first member account id; members count up from it.
const FIRST_MEMBER: u64 = 200_000_000_001;
/// Organizations answers at most this many accounts per page, as AWS does.
const PAGE: usize = 20;
const STS_XMLNS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// The organization the simulator pretends to be.
#[derive(Debug, Clone)]
pub struct Organization {
    /// The management account: the caller's, and the recording's.
    pub management: String,
    /// How many accounts in all, the management account included.
    pub accounts: usize,
}

impl Organization {
    /// Every account id, the management account first.
    pub fn account_ids(&self) -> Vec<String> {
        let members = (FIRST_MEMBER..).take(self.accounts.saturating_sub(1)).map(|id| format!("{id:012}"));
        std::iter::once(self.management.clone()).chain(members).collect()
    }

    /// Whether `id` is one of the organization's accounts.
    pub fn contains(&self, id: &str) -> bool {
        if id == self.management {
            return true;
        }
        let Ok(number) = id.parse::<u64>() else { return false };
        let members = u64::try_from(self.accounts.saturating_sub(1)).unwrap_or(u64::MAX);
        id.len() == 12 && number >= FIRST_MEMBER && number - FIRST_MEMBER < members
    }

    /// The account an access key belongs to.
    pub fn account_of(&self, access_key_id: &str) -> String {
        session_account(access_key_id).unwrap_or_else(|| self.management.clone())
    }

    /// The answer to `sts:GetCallerIdentity` for `account`.
    pub fn caller_identity(&self, account: &str, access_key_id: &str) -> Reply {
        let arn = if session_account(access_key_id).is_some() {
            format!("arn:aws:sts::{account}:assumed-role/OrganizationAccountAccessRole/maturity")
        } else {
            format!("arn:aws:iam::{account}:user/loadsim")
        };
        xml(format!(
            "<GetCallerIdentityResponse xmlns=\"{STS_XMLNS}\"><GetCallerIdentityResult><Arn>{arn}</Arn>\
             <UserId>AIDALOADSIM{account}</UserId><Account>{account}</Account></GetCallerIdentityResult>\
             <ResponseMetadata><RequestId>loadsim</RequestId></ResponseMetadata></GetCallerIdentityResponse>"
        ))
    }

    /// The answer to `sts:AssumeRole` for a role ARN (form-decoded): credentials that name the
    /// account, or `AccessDenied` for an account outside the organization.
    pub fn assume_role(&self, role_arn: &str) -> Reply {
        let account = role_arn.split(':').nth(4).unwrap_or_default();
        let role = role_arn.rsplit('/').next().unwrap_or_default();
        if !self.contains(account) {
            return Reply {
                status: 403,
                headers: vec![("content-type".to_owned(), "text/xml".to_owned())],
                body: format!(
                    "<ErrorResponse xmlns=\"{STS_XMLNS}\"><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                     <Message>User is not authorized to perform: sts:AssumeRole on resource: {role_arn}</Message>\
                     </Error><RequestId>loadsim</RequestId></ErrorResponse>"
                ),
            };
        }
        let expires = (Utc::now() + Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ");
        xml(format!(
            "<AssumeRoleResponse xmlns=\"{STS_XMLNS}\"><AssumeRoleResult><Credentials>\
             <AccessKeyId>ASIA{account}SIMX</AccessKeyId><SecretAccessKey>loadsim</SecretAccessKey>\
             <SessionToken>loadsim-{account}</SessionToken><Expiration>{expires}</Expiration></Credentials>\
             <AssumedRoleUser><AssumedRoleId>AROALOADSIM:maturity</AssumedRoleId>\
             <Arn>arn:aws:sts::{account}:assumed-role/{role}/maturity</Arn></AssumedRoleUser></AssumeRoleResult>\
             <ResponseMetadata><RequestId>loadsim</RequestId></ResponseMetadata></AssumeRoleResponse>"
        ))
    }

    /// `organizations:ListAccounts`, or `ListAccountsForParent` of the root (`of_root`: every
    /// account is directly under the root; any other parent has none), a page from `token`.
    pub fn list_accounts(&self, token: Option<&str>, of_root: bool) -> Reply {
        let ids = if of_root { self.account_ids() } else { Vec::new() };
        let start = token.and_then(|t| t.strip_prefix("loadsim-")).and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        let accounts: Vec<serde_json::Value> = ids
            .iter()
            .skip(start)
            .take(PAGE)
            .map(|id| {
                serde_json::json!({
                    "Id": id,
                    "Arn": format!("arn:aws:organizations::{}:account/o-loadsim/{id}", self.management),
                    "Email": format!("aws+{id}@example.com"),
                    "Name": format!("account-{id}"),
                    "Status": "ACTIVE",
                    "JoinedMethod": "CREATED",
                    "JoinedTimestamp": 1_700_000_000.0,
                })
            })
            .collect();
        let mut page = serde_json::json!({ "Accounts": accounts });
        if start + PAGE < ids.len() {
            page["NextToken"] = serde_json::Value::String(format!("loadsim-{}", start + PAGE));
        }
        Reply {
            status: 200,
            headers: vec![("content-type".to_owned(), "application/x-amz-json-1.1".to_owned())],
            body: page.to_string(),
        }
    }
}

/// The account of a key handed out by `assume_role`.
fn session_account(access_key_id: &str) -> Option<String> {
    let id = access_key_id.strip_prefix("ASIA")?.strip_suffix("SIMX")?;
    (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_owned())
}

fn xml(body: String) -> Reply {
    Reply { status: 200, headers: vec![("content-type".to_owned(), "text/xml".to_owned())], body }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(accounts: usize) -> Organization {
        Organization { management: "123456789012".to_owned(), accounts }
    }

    #[test]
    fn accounts_are_the_management_account_and_numbered_members() {
        let o = org(3);
        assert_eq!(o.account_ids(), ["123456789012", "200000000001", "200000000002"]);
        assert!(o.contains("200000000002") && !o.contains("200000000003") && !o.contains("20000000001"));
    }

    #[test]
    fn a_role_session_is_known_by_its_key() {
        let o = org(3);
        let reply = o.assume_role("arn:aws:iam::200000000002:role/Audit");
        assert!(reply.body.contains("<AccessKeyId>ASIA200000000002SIMX</AccessKeyId>"), "{}", reply.body);
        assert_eq!(o.account_of("ASIA200000000002SIMX"), "200000000002");
        assert_eq!(o.account_of("AKIAIOSFODNN7EXAMPLE"), "123456789012");
        assert_eq!(o.assume_role("arn:aws:iam::999999999999:role/Audit").status, 403);
    }

    #[test]
    fn accounts_are_listed_twenty_to_a_page() {
        let o = org(45);
        let first: serde_json::Value = serde_json::from_str(&o.list_accounts(None, true).body).unwrap_or_default();
        assert_eq!(first["Accounts"].as_array().map(Vec::len), Some(20));
        assert_eq!(first["NextToken"], "loadsim-20");
        let last: serde_json::Value =
            serde_json::from_str(&o.list_accounts(Some("loadsim-40"), true).body).unwrap_or_default();
        assert_eq!(last["Accounts"].as_array().map(Vec::len), Some(5));
        assert!(last.get("NextToken").is_none());
        let other: serde_json::Value = serde_json::from_str(&o.list_accounts(None, false).body).unwrap_or_default();
        assert_eq!(other["Accounts"].as_array().map(Vec::len), Some(0));
    }
}

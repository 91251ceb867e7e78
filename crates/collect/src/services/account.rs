//! AWS Account Management: the account's security contact.

use aws_sdk_account::types::AlternateContactType;
use maturity_evidence::{AlternateContact, Fact};

use crate::calls::declare_calls;
use crate::classify::{classify, fact, has_code};
use crate::config::{Clients, HOME_REGION};

declare_calls! {
    GET_ALTERNATE_CONTACT: "account:GetAlternateContact";
}

/// No contact of that type is set: a value.
const NOT_SET: &[&str] = &["ResourceNotFoundException"];

/// `account:GetAlternateContact` with type `SECURITY`, for the account of the credentials;
/// `None` when none is set.
pub(crate) async fn security_contact(clients: &Clients) -> Fact<Option<AlternateContact>> {
    let result = clients
        .account(HOME_REGION)
        .get_alternate_contact()
        .alternate_contact_type(AlternateContactType::Security)
        .send()
        .await;
    fact(match result {
        Ok(out) => Ok(out.alternate_contact().map(|c| AlternateContact {
            name: c.name().unwrap_or_default().to_owned(),
            email: c.email_address().unwrap_or_default().to_owned(),
            title: c.title().map(str::to_owned),
        })),
        Err(error) if has_code(&error, NOT_SET) => Ok(None),
        Err(error) => Err(classify(GET_ALTERNATE_CONTACT, &error)),
    })
}

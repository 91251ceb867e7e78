//! The security alternate contact, per account.

use maturity_evidence::{AccountEvidence, AlternateContact, Bundle};

use crate::shared::walk;
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account: the account has a `SECURITY` alternate contact
    /// (`account:GetAlternateContact`) whose email address is not empty. One finding per
    /// account: pass with such a contact, fail when no security contact is set or its email is
    /// blank.
    ///
    /// Inconclusive when the contact could not be read, and for every account the collector could
    /// not enter. A bundle with no account is not applicable.
    ///
    /// ## Why it matters
    /// AWS writes to the security contact about abuse reports, suspected compromise and access
    /// keys found in public code. Without one, those warnings go to the root email address, which
    /// is often an unread mailbox or a person who has left, and an incident runs on unnoticed.
    ///
    /// ## How to fix
    /// Set the security alternate contact of every account to a monitored team mailbox or
    /// distribution list (not one person). In an organization, enable trusted access for the
    /// Account Management service and set it for all member accounts from the management or a
    /// delegated administrator account (`aws account put-alternate-contact --account-id …
    /// --alternate-contact-type SECURITY`), and check it whenever a new account is created.
    pub(crate) struct AccountSecurityContactSet {
        id: "account-security-contact-set",
        title: "Every account has a security alternate contact with an email address",
        scope: Account,
        reads: ["account.security_contact"],
    }
}

impl Check for AccountSecurityContactSet {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account_fact(
            bundle,
            out,
            |facts| &facts.security_contact,
            |account| format!("whether account {} has a security contact", account.label()),
            evaluate_account,
        );
    }
}

fn evaluate_account(account: &AccountEvidence, contact: &Option<AlternateContact>, out: &mut Findings) {
    let location = Location::account(&account.account_id);
    let label = account.label();
    match contact {
        None => out.fail(location, format_args!("Account {label} has no security alternate contact.")),
        Some(contact) if contact.email.trim().is_empty() => out.fail(
            location,
            format_args!(
                "The security alternate contact of account {label}, {}, has no email address.",
                name_or_unnamed(&contact.name)
            ),
        ),
        Some(contact) => out.pass(
            location,
            format_args!(
                "Account {label} has a security alternate contact: {} <{}>.",
                name_or_unnamed(&contact.name),
                contact.email.trim()
            ),
        ),
    }
}

/// The contact's name, or `unnamed`.
fn name_or_unnamed(name: &str) -> &str {
    match name.trim() {
        "" => "unnamed",
        name => name,
    }
}

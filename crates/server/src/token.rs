//! Access tokens: 32 random bytes from the operating system, shown once as 64 hexadecimal
//! characters, and kept only as their SHA-256 hash ([`maturity_store::TokenHash`]).
//!
//! A presented token is hashed and compared with every stored hash in constant time, and all of
//! them are compared, so the time a check takes says nothing about how close a guess was.

use chrono::Utc;
use maturity_store::{AuditEntry, Store, TokenHash};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use crate::ServeError;

/// The SHA-256 hash of `token` as presented (its text).
#[must_use]
pub fn hash(token: &str) -> TokenHash {
    Sha256::digest(token.as_bytes()).into()
}

/// How the audit trail and `--new-token` name a token: the first 12 hex digits of its hash.
#[must_use]
pub fn fingerprint(token: &str) -> String {
    hash(token).iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Whether `token` hashes to one of `known`, compared in constant time.
#[must_use]
pub fn matches(token: &str, known: &[TokenHash]) -> bool {
    let presented = hash(token);
    let mut found = subtle::Choice::from(0);
    for stored in known {
        found |= stored.ct_eq(&presented);
    }
    found.into()
}

/// A new random token, as text.
///
/// # Errors
/// The operating system gives no randomness.
pub fn generate() -> Result<String, ServeError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ServeError::Random(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Makes a token, keeps its hash in `store`, and returns the token: the only time it is seen.
///
/// # Errors
/// No randomness, or the database cannot be written.
pub async fn issue(store: &Store) -> Result<String, ServeError> {
    let token = generate()?;
    let now = Utc::now();
    store.add_token(&hash(&token), now).await?;
    let entry = AuditEntry {
        actor: crate::actor::Actor::local().0,
        action: "token.create".to_owned(),
        subject: format!("token {}", fingerprint(&token)),
        before: None,
        after: None,
    };
    store.record(&entry, now).await?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_characters_and_differ() -> Result<(), ServeError> {
        let (a, b) = (generate()?, generate()?);
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        Ok(())
    }

    #[test]
    fn only_the_token_itself_matches() {
        let known = [hash("one"), hash("two")];
        assert!(matches("two", &known));
        assert!(!matches("three", &known));
        assert!(!matches("", &known));
        assert!(!matches("two", &[]));
    }
}

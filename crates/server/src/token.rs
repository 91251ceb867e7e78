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
    fingerprint_of(&hash(token))
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

/// The fingerprint of a stored hash (as [`fingerprint`] gives for the token itself).
#[must_use]
pub fn fingerprint_of(hash: &TokenHash) -> String {
    hash.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Revokes the tokens whose fingerprint starts with `prefix` (at least 6 hex digits, so that a
/// slip does not revoke several); returns the fingerprints revoked.
///
/// # Errors
/// The prefix is too short or matches no token or more than one, or the database fails.
pub async fn revoke(store: &Store, prefix: &str) -> Result<String, ServeError> {
    let prefix = prefix.trim().to_ascii_lowercase();
    if prefix.len() < 6 || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ServeError::Token(format!(
            "`{prefix}` is not a token's fingerprint: give at least its first 6 hex digits (see --list-tokens)"
        )));
    }
    let matching: Vec<_> =
        store.tokens().await?.into_iter().filter(|t| fingerprint_of(&t.sha256).starts_with(&prefix)).collect();
    let [token] = matching.as_slice() else {
        return Err(ServeError::Token(format!(
            "{} tokens have a fingerprint starting with `{prefix}`: name exactly one",
            matching.len()
        )));
    };
    store.remove_token(token.id).await?;
    let subject = format!("token {}", fingerprint_of(&token.sha256));
    let entry = AuditEntry {
        actor: crate::actor::Actor::local().0,
        action: "token.revoke".to_owned(),
        subject: subject.clone(),
        before: Some(format!("made {}", token.created_at)),
        after: None,
    };
    store.record(&entry, Utc::now()).await?;
    Ok(subject)
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

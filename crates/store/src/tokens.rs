//! The dashboard's access tokens, kept as SHA-256 hashes: whoever reads the database (a backup, a
//! shared PostgreSQL) learns no token. Making, hashing and comparing tokens is the server's job;
//! the store only keeps and returns the hashes.

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::Row as _;

use crate::{Store, StoreError};

/// The SHA-256 hash of an access token.
pub type TokenHash = [u8; 32];

/// An access token as the database keeps it: its hash and when it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// Its id in the database.
    pub id: i64,
    /// The token's SHA-256 hash.
    pub sha256: TokenHash,
    /// When it was made.
    pub created_at: String,
}

impl Store {
    /// Keeps the hash of a new access token; returns its id.
    ///
    /// # Errors
    /// The database cannot be written (or already holds this hash).
    pub async fn add_token(&self, sha256: &TokenHash, created_at: DateTime<Utc>) -> Result<i64, StoreError> {
        sqlx::query_scalar("INSERT INTO tokens (sha256, created_at) VALUES ($1, $2) RETURNING id")
            .bind(sha256.to_vec())
            .bind(created_at.to_rfc3339_opts(SecondsFormat::Secs, true))
            .fetch_one(&self.pool)
            .await
            .map_err(self.query_error("saving an access token"))
    }

    /// The hashes of every access token. A stored value that is not 32 bytes long is no hash this
    /// build wrote and matches no token, so it is left out.
    ///
    /// # Errors
    /// The database cannot be read.
    pub async fn token_hashes(&self) -> Result<Vec<TokenHash>, StoreError> {
        let rows: Vec<Vec<u8>> = sqlx::query_scalar("SELECT sha256 FROM tokens ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(self.query_error("reading the access tokens"))?;
        Ok(rows.into_iter().filter_map(|bytes| TokenHash::try_from(bytes.as_slice()).ok()).collect())
    }

    /// Every access token's record, oldest first (values that are no hash left out, as in
    /// [`Store::token_hashes`]).
    ///
    /// # Errors
    /// The database cannot be read.
    pub async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        let rows = sqlx::query("SELECT id, sha256, created_at FROM tokens ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(self.query_error("reading the access tokens"))?;
        Ok(rows
            .iter()
            .filter_map(|row| {
                let bytes: Vec<u8> = row.try_get("sha256").ok()?;
                Some(TokenRecord {
                    id: row.try_get("id").ok()?,
                    sha256: TokenHash::try_from(bytes.as_slice()).ok()?,
                    created_at: row.try_get("created_at").ok()?,
                })
            })
            .collect())
    }

    /// Removes the access token `id`; returns whether there was one. Whoever held it is refused
    /// from the next request on.
    ///
    /// # Errors
    /// The database cannot be written.
    pub async fn remove_token(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM tokens WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(self.query_error("removing an access token"))?;
        Ok(done.rows_affected() > 0)
    }
}

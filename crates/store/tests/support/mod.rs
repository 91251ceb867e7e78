//! What the store's tests share: a fresh database of each backend, a raw pool to tamper with it,
//! and `both!`, which runs one test function on SQLite and on PostgreSQL.
//!
//! PostgreSQL comes from `MATURITY_TEST_POSTGRES`, the URL of a server without a database name
//! (`postgres://user@127.0.0.1:PORT`); `scripts/test.sh` starts one on a loopback port in a
//! temporary data directory and sets it. Each test gets a database of its own on it. A test that
//! has no server fails: it never skips.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use maturity_store::Location;
use sqlx::{AnyConnection, AnyPool, Connection as _, Executor as _};

pub(crate) type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Runs the async test function `$name(db: Location) -> TestResult` as two tests,
/// `$name::sqlite` on a new file and `$name::postgres` on a new database of the test server.
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() -> $crate::support::TestResult {
                let dir = tempfile::tempdir()?;
                super::$name(maturity_store::Location::file(&dir.path().join("maturity.db"))).await
            }

            #[tokio::test]
            async fn postgres() -> $crate::support::TestResult {
                super::$name($crate::support::fresh_postgres().await?).await
            }
        }
    };
}
pub(crate) use both;

/// The test server, from `MATURITY_TEST_POSTGRES`.
pub(crate) fn postgres_server() -> String {
    match std::env::var("MATURITY_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => url.trim_end_matches('/').to_owned(),
        _ => panic!(
            "MATURITY_TEST_POSTGRES is not set: run ./scripts/test.sh (it starts a PostgreSQL server on a \
             loopback port), or set it to a server's URL without a database, e.g. postgres://me@127.0.0.1:5432"
        ),
    }
}

/// A new, empty database on the test server.
pub(crate) async fn fresh_postgres() -> Result<Location, sqlx::Error> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let server = postgres_server();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let name = format!("maturity_test_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let mut admin = AnyConnection::connect(&format!("{server}/postgres")).await?;
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await?;
    admin.close().await?;
    Ok(Location::parse(&format!("{server}/{name}")))
}

/// A pool on `db` that bypasses the store, to read or damage what it wrote.
pub(crate) async fn raw(db: &Location) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let url = match db {
        Location::Postgres(url) => url.clone(),
        Location::Sqlite(path) => format!("sqlite://{}", path.display()),
    };
    AnyPool::connect(&url).await
}

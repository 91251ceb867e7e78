//! The database of saved assessments as the commands see it: where it is (`--db`, `MATURITY_DB`,
//! or the platform's data directory) and blocking calls into it.
//!
//! The store is async (the dashboard serves from it); the commands are not, so each call here
//! runs on a small runtime of its own.

use std::future::Future;

use anyhow::{Context as _, Result, anyhow};
use maturity_assess::Assessment;
use maturity_store::{Location, SaveRequest, Store, StoreError};

use crate::args::DbArgs;

/// The database: `--db` / `MATURITY_DB`, or `maturity/maturity.db` in the data directory.
pub(crate) fn location(db: &DbArgs) -> Result<Location> {
    match &db.db {
        Some(text) if text.trim().is_empty() => {
            Err(anyhow!("--db / MATURITY_DB is empty: name a file or a postgres:// URL"))
        }
        Some(text) => Ok(Location::parse(text)),
        None => dirs::data_dir()
            .map(|dir| Location::file(&dir.join("maturity").join("maturity.db")))
            .ok_or_else(|| anyhow!("no data directory is known for this user: pass --db PATH or set MATURITY_DB")),
    }
}

/// Whether there may be saved assessments at `db`: an SQLite file that does not exist holds
/// none, and reading must not create it.
pub(crate) fn may_exist(db: &Location) -> bool {
    match db {
        Location::Sqlite(path) => path.exists(),
        Location::Postgres(_) => true,
    }
}

/// Runs `work` on the store at `db`, on a runtime of its own, and closes the store after.
pub(crate) fn with_store<T, F>(db: &Location, work: impl FnOnce(Store) -> F) -> Result<T>
where
    F: Future<Output = (Store, Result<T, StoreError>)>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime of the database")?;
    let result = runtime.block_on(async {
        let store = Store::connect(db).await?;
        let (store, result) = work(store).await;
        store.close().await;
        result
    })?;
    Ok(result)
}

/// Saves `request` in the database and tells the user where.
pub(crate) fn save(db: &DbArgs, request: &SaveRequest<'_>) -> Result<i64> {
    let location = location(db)?;
    let id = with_store(&location, |store| async move {
        let id = store.save(request).await;
        (store, id)
    })?;
    eprintln!("saved assessment {id} in {location}");
    Ok(id)
}

/// The saved assessment `id`.
pub(crate) fn load(db: &Location, id: i64) -> Result<Assessment> {
    with_store(db, |store| async move {
        let assessment = store.load(id).await;
        (store, assessment)
    })
}

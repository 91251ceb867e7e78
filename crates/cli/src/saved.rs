//! The database of saved assessments as the commands see it: where it is (`--db`,
//! `MATURITY_DB`, or the platform's data directory) and a blocking call to save into it.
//!
//! The store is async (a future dashboard serves from it); the commands are not, so each call
//! here runs on a small runtime of its own.

use std::future::Future;
use std::path::PathBuf;

use anyhow::{Context as _, Result, anyhow};
use maturity_store::{SaveRequest, Store};

use crate::args::DbArgs;

/// The database file: `--db` / `MATURITY_DB`, or `maturity/maturity.db` in the data directory.
pub(crate) fn path(db: &DbArgs) -> Result<PathBuf> {
    match &db.db {
        Some(path) => Ok(path.clone()),
        None => dirs::data_dir()
            .map(|dir| dir.join("maturity").join("maturity.db"))
            .ok_or_else(|| anyhow!("no data directory is known for this user: pass --db PATH or set MATURITY_DB")),
    }
}

/// Runs `future` to completion on a runtime of its own.
pub(crate) fn block_on<T>(future: impl Future<Output = T>) -> Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime of the database")?;
    Ok(runtime.block_on(future))
}

/// Saves `request` in the database and tells the user where.
pub(crate) fn save(db: &DbArgs, request: &SaveRequest<'_>) -> Result<()> {
    let path = path(db)?;
    let id = block_on(async {
        let store = Store::open(&path).await?;
        let id = store.save(request).await;
        store.close().await;
        id
    })??;
    eprintln!("saved assessment {id} in {}", path.display());
    Ok(())
}

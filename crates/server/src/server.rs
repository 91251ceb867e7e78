//! Starting the server: decide the [`Access`] rule from the address, refuse a reachable address
//! without a token, bind, then serve until told to stop.

use std::future::Future;
use std::net::SocketAddr;

use chrono::NaiveDate;
use maturity_model::Catalogs;
use maturity_store::Store;
use tokio::net::TcpListener;

use crate::state::AppState;
use crate::{Access, ServeError, csrf, routes};

/// How to serve.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Where to listen; port 0 takes a free one ([`Server::local_addr`] says which).
    pub bind: SocketAddr,
    /// Ask for a token on a loopback address too (behind a reverse proxy on the same machine).
    pub require_token: bool,
    /// The day re-assessments judge answers and exceptions against; `None` for today (tests fix
    /// it, so that what expires does not depend on when they run).
    pub as_of: Option<NaiveDate>,
}

/// A server bound to its address, not yet serving.
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    access: Access,
    state: AppState,
}

impl Server {
    /// Checks the access rule and binds. A non-loopback address (or `require_token`) with no
    /// token in the database is refused before anything listens.
    ///
    /// # Errors
    /// [`ServeError::NoToken`], the address cannot be bound, or the database cannot be read.
    pub async fn bind(store: Store, options: Options) -> Result<Server, ServeError> {
        let catalogs = Catalogs::builtin().map_err(|_| ServeError::Catalogs)?;
        let access = Access::for_address(options.bind, options.require_token);
        if access == Access::Token && store.token_hashes().await?.is_empty() {
            return Err(ServeError::NoToken { addr: options.bind, db: store.location().to_string() });
        }
        let listener =
            TcpListener::bind(options.bind).await.map_err(|source| ServeError::Bind { addr: options.bind, source })?;
        let addr = listener.local_addr().map_err(|source| ServeError::Bind { addr: options.bind, source })?;
        let csrf = csrf::Key::random().map_err(|e| ServeError::Random(e.to_string()))?;
        Ok(Server { listener, addr, access, state: AppState::new(store, catalogs, access, csrf, options.as_of) })
    }

    /// The address listened on (with the port the system chose for port 0).
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// What requests must show.
    #[must_use]
    pub fn access(&self) -> Access {
        self.access
    }

    /// Serves until `shutdown` completes, then finishes the requests under way.
    ///
    /// # Errors
    /// The listening socket fails.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<(), ServeError> {
        let addr = self.addr;
        // The newest assessment is the one people open first: load its head (milliseconds) while
        // nobody waits. Not the whole: for a large organization that is seconds of parsing and
        // gigabytes allocated, and on a small virtual machine the first requests of the overview
        // and the grid stalled for half a second beside it (the pages bench). The first control
        // page or diff loads it.
        let warm = self.state.clone();
        tokio::spawn(async move {
            if let Ok(Some(newest)) = warm.store.newest(1).await.map(|list| list.first().map(|s| s.id)) {
                let _ = warm.assessments.head(newest).await;
            }
        });
        axum::serve(self.listener, routes::router(self.state))
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|source| ServeError::Serve { addr, source })
    }
}

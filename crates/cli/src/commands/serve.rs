//! `maturity serve`: the dashboard on the saved assessments, until Ctrl-C; and
//! `maturity serve --new-token`, which makes an access token for a dashboard other machines reach.

use anyhow::{Context as _, Result};
use maturity_server::{Access, Options, Server, token};
use maturity_store::Store;

use super::Outcome;
use crate::args::ServeArgs;
use crate::saved;

pub(super) fn run(args: &ServeArgs) -> Result<Outcome> {
    let location = saved::location(&args.db)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime of the server")?;
    runtime.block_on(async {
        let store = Store::connect(&location).await?;
        if args.new_token {
            let token = token::issue(&store).await?;
            store.close().await;
            println!("{token}");
            eprintln!(
                "This is the only time this token is shown: {location} keeps only its SHA-256 hash. Programs send it as \
                 `Authorization: Bearer <token>`; people sign in with it on the dashboard's login page. The audit trail \
                 names what is changed with it as `token {}`.",
                token::fingerprint(&token)
            );
            return Ok(Outcome::Done);
        }
        if args.list_tokens {
            let tokens = store.tokens().await;
            store.close().await;
            let tokens = tokens?;
            if tokens.is_empty() {
                println!("No access token in {location}: make one with `maturity serve --new-token`.");
            }
            for record in tokens {
                println!("token {}  made {}", token::fingerprint_of(&record.sha256), record.created_at);
            }
            return Ok(Outcome::Done);
        }
        if let Some(prefix) = &args.revoke_token {
            let revoked = token::revoke(&store, prefix).await;
            store.close().await;
            eprintln!("revoked {}: it no longer opens the dashboard", revoked?);
            return Ok(Outcome::Done);
        }
        let server = Server::bind(store, Options { bind: args.bind, require_token: args.require_token, as_of: None }).await?;
        let rule = match server.access() {
            Access::Loopback => "this machine only, no token",
            Access::Token => "an access token is required",
        };
        // Tests and scripts read the address from this line (port 0 picks a free port).
        eprintln!("maturity: serving {location} on http://{}/ ({rule}); Ctrl-C stops", server.local_addr());
        server
            .run(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(Outcome::Done)
    })
}

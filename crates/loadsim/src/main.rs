//! `maturity-loadsim`: serve a recording as a synthetic organization (`serve`), or make a
//! recording by proxying a scan to the emulator (`record`).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand};
use maturity_loadsim::org::Organization;
use maturity_loadsim::recording::Recording;
use maturity_loadsim::{record, serve};
use tokio::net::TcpListener;

#[derive(Parser)]
#[command(version, about = "A stand-in for AWS at organization scale, for benchmarks of `maturity scan`")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Answer every call from the recording, for a synthetic organization.
    Serve {
        /// The recording (crates/loadsim/recording.json).
        #[arg(long)]
        recording: PathBuf,
        /// Accounts in the organization, the management account included.
        #[arg(long, default_value_t = 100)]
        accounts: usize,
        /// The management account (the caller's, and the recording's).
        #[arg(long, default_value = "123456789012")]
        management: String,
        /// Milliseconds added to every answer.
        #[arg(long, default_value_t = 80)]
        latency_ms: u64,
        /// Calls per second each account may make to each API (0: no throttling).
        #[arg(long, default_value_t = 10.0)]
        rate: f64,
        /// Calls each account may make to each API at once before the rate applies.
        #[arg(long, default_value_t = 20.0)]
        burst: f64,
        /// Where to listen (port 0: any free port).
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: String,
    },
    /// Pass requests on to UPSTREAM and record the answers.
    Record {
        /// The endpoint to record (the emulator).
        #[arg(long)]
        upstream: String,
        /// Where to write the recording when stopped (Ctrl-C or SIGTERM).
        #[arg(long)]
        out: PathBuf,
        /// The account of the caller's own credentials.
        #[arg(long, default_value = "123456789012")]
        caller_account: String,
        /// What the recording is of, kept in the file.
        #[arg(long, default_value = "")]
        source: String,
        /// Answers (a recording) that replace what the upstream answered to the same requests.
        #[arg(long)]
        replace: Option<PathBuf>,
        /// Where to listen (port 0: any free port).
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: String,
    },
}

#[tokio::main]
async fn main() -> Result<()> {
    match Args::parse().command {
        Command::Serve { recording, accounts, management, latency_ms, rate, burst, listen } => {
            let recording = Recording::load(&recording)?;
            let listener = bind(&listen).await?;
            let settings = serve::Settings {
                recording,
                organization: Organization { management, accounts },
                latency: Duration::from_millis(latency_ms),
                rate,
                burst,
            };
            let counts = serve::serve(listener, settings, stopped()).await.context("serving")?;
            println!("{}", serde_json::to_string(&counts)?);
        }
        Command::Record { upstream, out, caller_account, source, replace, listen } => {
            let replacements = replace.as_deref().map(Recording::load).transpose()?;
            let listener = bind(&listen).await?;
            let answers = record::record(listener, upstream, caller_account, stopped()).await.context("recording")?;
            let count = answers.len();
            let mut recording = record::recording(source, answers);
            if let Some(replacements) = replacements {
                recording.replace(replacements).map_err(anyhow::Error::msg)?;
            }
            recording.save(&out)?;
            eprintln!("recorded {count} requests in {}", out.display());
        }
    }
    Ok(())
}

/// Binds and says where, on standard output, for the script that started it.
async fn bind(listen: &str) -> Result<TcpListener> {
    let listener = TcpListener::bind(listen).await.with_context(|| format!("listening on {listen}"))?;
    println!("listening on http://{}", listener.local_addr()?);
    Ok(listener)
}

/// Completes on Ctrl-C or SIGTERM.
async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(signal) => signal,
        Err(_) => {
            let _ = interrupt.await;
            return;
        }
    };
    tokio::select! {
        _ = interrupt => {}
        _ = terminate.recv() => {}
    }
}

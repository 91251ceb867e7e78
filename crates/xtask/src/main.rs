//! `cargo xtask`: the project's chores that are code rather than shell (the alias is in
//! `.cargo/config.toml`). Text that restates the code, such as the README's table of automated
//! controls, is generated here so that it cannot drift; CI runs `cargo xtask check`.

mod automation;
mod readme;

use std::process::ExitCode;

use clap::Parser;
use maturity_model::Catalogs;

/// The project's chores.
#[derive(Parser)]
#[command(name = "cargo xtask")]
enum Task {
    /// Rewrite the README's generated sections from the code.
    Readme,
    /// Fail when a generated section of the README differs from what the code generates.
    Check,
}

fn main() -> ExitCode {
    match run(&Task::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(task: &Task) -> Result<(), String> {
    let catalogs = Catalogs::builtin().map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        format!("the built-in catalogs are invalid:\n{}", lines.join("\n"))
    })?;
    let path = readme::path();
    let current = std::fs::read_to_string(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    match task {
        Task::Readme => {
            let generated = readme::regenerate(&current, catalogs).map_err(|error| error.to_string())?;
            if generated == current {
                eprintln!("xtask: README.md is up to date");
            } else {
                std::fs::write(&path, generated)
                    .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
                eprintln!("xtask: regenerated README.md");
            }
        }
        Task::Check => {
            let stale = readme::stale(&current, catalogs).map_err(|error| error.to_string())?;
            if !stale.is_empty() {
                return Err(format!(
                    "README.md is stale in {}: run `cargo xtask readme` and commit the result",
                    stale.join(", ")
                ));
            }
            eprintln!("xtask: README.md is up to date");
        }
    }
    Ok(())
}

//! Writes the seed corpus of every fuzz target from the repository's own files, made with this
//! build's code so that the seeds always match the current formats:
//!
//! - `bundle/`: every check fixture (`crates/checks/tests/fixtures`) completed into a whole bundle
//!   (compact JSON), and the demo's evidence and its previous quarter cut down to a few entries per
//!   list (pretty, as the tool writes it);
//! - `answers/`, `exceptions/`: the demo's files, and the files the dashboard writes for them;
//! - `config/`: the default settings as the dashboard writes them;
//! - `assessment/`: the demo's assessments and those of a few fixtures, cut down the same way.
//!
//! `scripts/fuzz.sh` runs it before fuzzing; the hand-written seeds and the inputs of past
//! findings are committed in `fuzz/corpus/` instead. Usage: `seeds REPOSITORY_ROOT OUT_DIR`.
//!
//! It is built with the fuzz targets, so with their coverage instrumentation, whose hooks only
//! libFuzzer defines: it is a libFuzzer binary too, that does its work in libFuzzer's
//! initialization (which runs before libFuzzer reads its arguments) and exits there.

#![no_main]

use std::path::{Path, PathBuf};

use maturity_assess::{Answers, Assessment, Config, Exceptions};
use maturity_evidence::Bundle;
use maturity_fuzz::{catalogs, known_checks};
use serde::Serialize;
use serde_json::Value;

/// Seeds larger than this are left out: `scripts/fuzz.sh` runs with `-max_len` of this size, and
/// libFuzzer would cut longer ones short.
const MAX_LEN: usize = 64 * 1024;

/// How many entries of each list a cut-down seed keeps.
const KEEP: usize = 2;

libfuzzer_sys::fuzz_target!(init: run(), |_bytes: &[u8]| {});

/// Writes the seeds and ends the process, before libFuzzer starts.
fn run() {
    std::process::exit(write_seeds());
}

/// Writes the seeds; the process's exit status.
fn write_seeds() -> i32 {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [root, out] = args.as_slice() else {
        eprintln!("usage: seeds REPOSITORY_ROOT OUT_DIR");
        return 2;
    };
    match write_all(root, out) {
        Ok(counts) => {
            let shown: Vec<String> = counts.iter().map(|(target, n)| format!("{target} {n}")).collect();
            eprintln!("seeds: wrote {} in {}", shown.join(", "), out.display());
            0
        }
        Err(message) => {
            eprintln!("seeds: {message}");
            1
        }
    }
}

/// A seed corpus being written: one folder per target.
struct Seeds {
    out: PathBuf,
    counts: Vec<(&'static str, usize)>,
}

impl Seeds {
    /// Writes one seed of `target`, unless it is too long to fuzz whole.
    fn add(&mut self, target: &'static str, name: &str, text: &str) -> Result<(), String> {
        if text.len() > MAX_LEN {
            return Ok(());
        }
        let dir = self.out.join(target);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        match self.counts.iter_mut().find(|(t, _)| *t == target) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((target, 1)),
        }
        Ok(())
    }
}

fn write_all(root: &Path, out: &Path) -> Result<Vec<(&'static str, usize)>, String> {
    let mut seeds = Seeds { out: out.to_owned(), counts: Vec::new() };
    let fixtures = fixture_files(&root.join("crates/checks/tests/fixtures"))?;
    for path in &fixtures {
        let bundle = maturity_evidence::testing::bundle_from_fixture(path).map_err(|e| e.to_string())?;
        // Compact: half the bytes of pretty JSON to parse in each execution.
        seeds.add("bundle", &seed_name(path), &serde_json::to_string(&bundle).map_err(|e| e.to_string())?)?;
    }

    let demo = Bundle::from_json("demo/evidence.json", maturity_demo::EVIDENCE_JSON).map_err(|e| e.to_string())?;
    let previous = maturity_demo::previous_bundle().map_err(|e| e.to_string())?;
    for (name, bundle) in [("demo", &demo), ("demo-previous", &previous)] {
        let text = cut_down(bundle, |text| Bundle::from_json(name, text).is_ok())?;
        seeds.add("bundle", name, &text)?;
    }

    let demo_answers = [("demo", maturity_demo::ANSWERS_TOML), ("demo-previous", maturity_demo::PREVIOUS_ANSWERS_TOML)];
    for (name, text) in demo_answers {
        seeds.add("answers", name, text)?;
        let answers = Answers::parse(name, text, catalogs(), 365, chrono::NaiveDate::MAX).map_err(|e| e.to_string())?;
        seeds.add("answers", &format!("{name}-written"), &answers.to_toml())?;
    }
    seeds.add("exceptions", "demo", maturity_demo::EXCEPTIONS_TOML)?;
    let exceptions = Exceptions::parse("demo", maturity_demo::EXCEPTIONS_TOML, catalogs(), known_checks())
        .map_err(|e| e.to_string())?;
    seeds.add("exceptions", "demo-written", &exceptions.to_toml())?;
    seeds.add("config", "default-written", &Config::default().to_toml())?;

    let mut assessments = vec![
        ("demo".to_owned(), maturity_demo::assessment().map_err(|e| e.to_string())?),
        ("demo-previous".to_owned(), maturity_demo::previous_quarter().map_err(|e| e.to_string())?),
    ];
    // A few fixtures, for assessments of one account with few findings.
    for path in fixtures.iter().step_by(40) {
        let bundle = maturity_evidence::testing::bundle_from_fixture(path).map_err(|e| e.to_string())?;
        let assessment = maturity_demo::assess_with_demo_inputs(&bundle).map_err(|e| e.to_string())?;
        assessments.push((seed_name(path), assessment));
    }
    for (name, assessment) in &assessments {
        let text = cut_down(assessment, |text| Assessment::from_json(name, text).is_ok())?;
        seeds.add("assessment", name, &text)?;
    }
    Ok(seeds.counts)
}

/// The check fixtures, in a fixed order.
fn fixture_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let check = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?.path();
        if !check.is_dir() {
            continue;
        }
        let inner = std::fs::read_dir(&check).map_err(|e| format!("cannot list {}: {e}", check.display()))?;
        for file in inner {
            let file = file.map_err(|e| format!("cannot list {}: {e}", check.display()))?.path();
            if file.extension().is_some_and(|ext| ext == "json") {
                files.push(file);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// `<check>-<verdict>` for `.../<check>/<verdict>.json`.
fn seed_name(path: &Path) -> String {
    let part = |p: Option<&Path>| p.and_then(Path::file_stem).map(|s| s.to_string_lossy().into_owned());
    format!("{}-{}", part(path.parent()).unwrap_or_default(), part(Some(path)).unwrap_or_default())
}

fn pretty(value: &impl Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}

/// The value as pretty JSON with every list cut to its first [`KEEP`] entries, when the parser
/// (`parses`) still reads that; otherwise the whole value.
fn cut_down(value: &impl Serialize, parses: impl Fn(&str) -> bool) -> Result<String, String> {
    let mut json = serde_json::to_value(value).map_err(|e| e.to_string())?;
    truncate_lists(&mut json);
    let text = pretty(&json)?;
    if parses(&text) { Ok(text) } else { pretty(value) }
}

fn truncate_lists(value: &mut Value) {
    match value {
        Value::Array(items) => {
            items.truncate(KEEP);
            items.iter_mut().for_each(truncate_lists);
        }
        Value::Object(members) => members.values_mut().for_each(truncate_lists),
        _ => {}
    }
}

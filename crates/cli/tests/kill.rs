//! A `maturity assess` killed at any moment leaves each of its output files as it was or whole
//! and new, never cut short (issue 14): every file is written beside its target and renamed over
//! it (`maturity_input::write_atomically`).
//!
//! One complete run writes the "old" files (the demo organization). Then a larger organization is
//! assessed over them again and again, each run killed with SIGKILL at a different moment. An
//! uninterrupted run is timed first: when its first output file appears, and when it ends. Some
//! runs are killed after delays spread over the time before the first output; more once the
//! first output file has been replaced (watched for, so that a slow moment of a shared machine
//! does not move every kill before the writing), after delays spread over the time the rest of
//! the writing took; a few as soon as an output's temporary file appears, in the middle of
//! writing it. After each kill every output file must be byte for byte the old one or the new one
//! (both checked whole once: the JSON parses, the HTML ends with `</html>`, every CSV record has
//! the header's fields). The test also requires that some kills landed while the outputs were
//! being written (some files new and others old, or a temporary file left behind): a test whose
//! every kill came before or after the writing would prove nothing.

#![cfg(unix)]

use std::fs;
use std::io::{BufWriter, Write as _};
use std::os::unix::fs::MetadataExt as _;
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use maturity_demo::synthetic::{Shape, write_bundle};

/// The larger organization: about 3.5 MB of evidence and 106 MB of outputs (most of it the
/// OSCAL, OCSF and ASFF files); an uninterrupted run takes about 3.6 s in a debug build, most of
/// it rendering and writing.
const NEW_SHAPE: Shape = Shape { accounts: 100, regions: 3 };
/// Runs killed after delays spread over the time before the first output file appears.
const EARLY_KILLS: usize = 5;
/// Runs killed after delays spread over the writing, once the first output file was replaced.
const LATE_KILLS: usize = 10;
/// Runs killed as soon as the temporary file of one of these outputs appears.
const WRITING_KILLS: [&str; 3] = ["saved.json", "report/report.html", "report/findings.csv"];
/// Every file `assess --out saved.json --report-dir report` writes.
const OUTPUTS: [&str; 10] = [
    "saved.json",
    "report/report.html",
    "report/report.md",
    "report/controls.csv",
    "report/findings.csv",
    "report/assessment.json",
    "report/assessment-results.oscal.json",
    "report/junit.xml",
    "report/findings.ocsf.jsonl",
    "report/findings.asff.jsonl",
];

fn start(bundle: &Path, dir: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_maturity"))
        .arg("assess")
        .arg("--evidence")
        .arg(bundle)
        .args(["--as-of", "2026-11-20", "--out"])
        .arg(dir.join("saved.json"))
        .arg("--report-dir")
        .arg(dir.join("report"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run maturity: {e}"))
}

fn read_outputs(dir: &Path) -> Vec<Vec<u8>> {
    OUTPUTS.iter().map(|name| fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))).collect()
}

/// Panics unless `bytes` is a whole file of its kind.
fn assert_whole(name: &str, bytes: &[u8]) {
    if name.ends_with(".json") {
        serde_json::from_slice::<serde_json::Value>(bytes).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    } else if name.ends_with(".html") {
        assert!(bytes.ends_with(b"</html>\n"), "{name} does not end with </html>");
    } else if name.ends_with(".csv") {
        let mut reader = csv::Reader::from_reader(bytes);
        let fields = reader.headers().unwrap_or_else(|e| panic!("{name}: {e}")).len();
        let mut records = 0;
        for record in reader.records() {
            let record = record.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(record.len(), fields, "{name}: record {records}");
            records += 1;
        }
        assert!(records > 0 && bytes.ends_with(b"\n"), "{name}: {records} records");
    } else {
        assert!(bytes.ends_with(b"\n") && bytes.len() > 1000, "{name} is short");
    }
}

/// The hidden temporary files in the output folders: (folder-relative name, path).
fn temporary_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    for sub in [dir.to_owned(), dir.join("report")] {
        for entry in fs::read_dir(&sub).unwrap_or_else(|e| panic!("{}: {e}", sub.display())) {
            let entry = entry.unwrap_or_else(|e| panic!("{e}"));
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.ends_with(".tmp") {
                found.push((name, entry.path()));
            }
        }
    }
    found
}

/// When a run is killed.
#[derive(Debug, Clone, Copy)]
enum Plan {
    /// This long after it started.
    AfterStart(Duration),
    /// This long after its first output file replaced the old one.
    AfterFirstOutput(Duration),
    /// As soon as the temporary file of this output appears.
    WhileWriting(&'static str),
}

/// What the killed runs left.
#[derive(Debug, Default)]
struct Tally {
    killed: usize,
    finished: usize,
    all_old: usize,
    mixed: usize,
    all_new: usize,
    temporary_files: usize,
}

#[test]
fn a_killed_assess_leaves_every_output_old_or_whole() {
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let old_bundle = tmp.path().join("old.json");
    fs::write(&old_bundle, maturity_demo::EVIDENCE_JSON).unwrap_or_else(|e| panic!("{e}"));
    let new_bundle = tmp.path().join("new.json");
    let file = fs::File::create(&new_bundle).unwrap_or_else(|e| panic!("{e}"));
    let mut out = BufWriter::new(file);
    write_bundle(&mut out, NEW_SHAPE).unwrap_or_else(|e| panic!("{e}"));
    out.flush().unwrap_or_else(|e| panic!("{e}"));
    drop(out);

    // The old files.
    let work = tmp.path().join("work");
    fs::create_dir_all(&work).unwrap_or_else(|e| panic!("{e}"));
    let status = start(&old_bundle, &work).wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success(), "the old run failed: {status}");
    let old = read_outputs(&work);

    // The new files, from an uninterrupted run that also times when the first output appears.
    let reference = tmp.path().join("reference");
    fs::create_dir_all(&reference).unwrap_or_else(|e| panic!("{e}"));
    let run_started = Instant::now();
    let mut child = start(&new_bundle, &reference);
    let mut first_output = None;
    let status = loop {
        if first_output.is_none() && reference.join(OUTPUTS[0]).exists() {
            first_output = Some(run_started.elapsed());
        }
        if let Some(status) = child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            break status;
        }
        sleep(Duration::from_millis(1));
    };
    let whole_run = run_started.elapsed();
    assert!(status.success(), "the new run failed: {status}");
    let first_output = first_output.unwrap_or(whole_run);
    let new = read_outputs(&reference);
    for ((name, old), new) in OUTPUTS.iter().zip(&old).zip(&new) {
        assert_whole(name, old);
        assert_whole(name, new);
        assert_ne!(old, new, "{name} is the same for both organizations: the test could not tell them apart");
    }
    eprintln!("uninterrupted run: {whole_run:.2?}, first output after {first_output:.2?}");

    let writing = whole_run.saturating_sub(first_output);
    let mut plans: Vec<Plan> = Vec::new();
    plans.extend((0..EARLY_KILLS).map(|k| Plan::AfterStart(first_output.mul_f64(k as f64 / EARLY_KILLS as f64))));
    plans.extend((0..LATE_KILLS).map(|k| Plan::AfterFirstOutput(writing.mul_f64(k as f64 / (LATE_KILLS - 1) as f64))));
    plans.extend(WRITING_KILLS.iter().map(|&output| Plan::WhileWriting(output)));
    let mut tally = Tally::default();
    for (kill, plan) in plans.into_iter().enumerate() {
        for (name, bytes) in OUTPUTS.iter().zip(&old) {
            fs::write(work.join(name), bytes).unwrap_or_else(|e| panic!("{e}"));
        }
        let first = work.join(OUTPUTS[0]);
        let old_inode = fs::metadata(&first).map(|m| m.ino()).unwrap_or_else(|e| panic!("{e}"));
        let mut child = start(&new_bundle, &work);
        let pid = child.id();
        let running = |child: &mut Child| child.try_wait().unwrap_or_else(|e| panic!("{e}")).is_none();
        let when = match plan {
            Plan::AfterStart(delay) => {
                sleep(delay);
                format!("{delay:.2?} after the start")
            }
            Plan::AfterFirstOutput(delay) => {
                // The first output is renamed over the old file: a new inode. Stop watching when
                // the run ends without it (it failed, which the status below reports).
                while fs::metadata(&first).is_ok_and(|m| m.ino() == old_inode) && running(&mut child) {
                    sleep(Duration::from_millis(1));
                }
                sleep(delay);
                format!("{delay:.2?} after the first output")
            }
            Plan::WhileWriting(output) => {
                let (dir, name) = output.rsplit_once('/').unwrap_or(("", output));
                let temporary = work.join(dir).join(format!(".{name}.{pid}.tmp"));
                while !temporary.exists() && running(&mut child) {
                    sleep(Duration::from_micros(200));
                }
                format!("as soon as {output}'s temporary file appeared")
            }
        };
        // Killing a process that has just exited is not an error on Unix (it is not reaped yet).
        child.kill().unwrap_or_else(|e| panic!("kill: {e}"));
        let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
        match status.signal() {
            Some(9) => tally.killed += 1,
            _ => {
                assert!(status.success(), "run {kill} failed on its own: {status}");
                tally.finished += 1;
            }
        }

        let mut states = Vec::new();
        for ((name, old), new) in OUTPUTS.iter().zip(&old).zip(&new) {
            let now = fs::read(work.join(name)).unwrap_or_else(|e| panic!("run {kill}, killed {when}: {name}: {e}"));
            let state = if now == *old {
                "old"
            } else if now == *new {
                "new"
            } else {
                panic!(
                    "run {kill}, killed {when}: {name} is neither the old file nor the new one ({} bytes)",
                    now.len()
                )
            };
            states.push(state);
        }
        match (states.contains(&"old"), states.contains(&"new")) {
            (true, false) => tally.all_old += 1,
            (false, true) => tally.all_new += 1,
            _ => tally.mixed += 1,
        }
        for (name, path) in temporary_files(&work) {
            let target = name.strip_prefix('.').and_then(|n| n.strip_suffix(&format!(".{pid}.tmp")));
            assert!(
                target.is_some_and(|t| OUTPUTS.iter().any(|o| o.rsplit('/').next() == Some(t))),
                "run {kill}: {name} is not the temporary file of an output of process {pid}"
            );
            tally.temporary_files += 1;
            fs::remove_file(path).unwrap_or_else(|e| panic!("{e}"));
        }
        eprintln!("run {kill:2}: killed {when}: {}", states.join(" "));
    }
    eprintln!("{tally:?} in {:.1?}", started.elapsed());

    assert!(tally.killed > 0, "no run was killed: {tally:?}");
    assert!(
        tally.mixed + tally.temporary_files > 0,
        "no kill landed while the outputs were being written (no run left new and old files, nor a temporary \
         file): {tally:?}"
    );
}

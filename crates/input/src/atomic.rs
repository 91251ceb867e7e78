//! Writing an output file whole or not at all.
//!
//! Everything `maturity` writes (assessments, reports, bundles, answers templates) is read later by
//! people and by `maturity` itself. Writing in place, a process killed halfway (a CI job cancelled,
//! a pod evicted, Ctrl-C) leaves a truncated file where a complete one was: a JSON file that no
//! longer parses, or worse, a CSV or HTML file that looks whole and is not. So every file is
//! written to a hidden temporary file in the same directory (`.report.html.12345.tmp`, the
//! process id making it unique among live processes), flushed to disk, and renamed over the
//! target. A rename within one directory replaces the target in one step: readers, and a process
//! killed at any point, see the old file or the new one, never part of one. A temporary file left
//! by a killed process is hidden and named after its process.
//!
//! A target that is not a file (`--out /dev/stdout`, a named pipe) is written in place: it has no
//! contents to keep, and renaming over it would replace the device or pipe with a file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write as _};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path`, replacing it in one step: see the [module](self) documentation.
///
/// # Errors
/// The temporary file cannot be created, written or flushed to disk, or cannot be renamed over
/// `path`; the temporary file is removed then, and `path` is left as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, |out| out.write_all(bytes))
}

/// Writes what `write` writes to `path`, replacing it in one step once `write` has returned `Ok`:
/// for output made piece by piece, never held whole in memory (a large evidence bundle).
///
/// `write` gets a buffered writer to the temporary file; flushing it is done here.
///
/// # Errors
/// `write`'s error, or as [`write_atomically`]; either way the temporary file is removed and
/// `path` is left as it was.
pub fn write_atomically_with<E, F>(path: &Path, write: F) -> Result<(), E>
where
    E: From<io::Error>,
    F: FnOnce(&mut BufWriter<File>) -> Result<(), E>,
{
    let target = resolve_link(path);
    if is_special(&target) {
        let mut out = BufWriter::new(OpenOptions::new().write(true).open(&target)?);
        write(&mut out)?;
        out.flush()?;
        return Ok(());
    }
    let (mut temporary, file) = Temporary::create(&target)?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    write(&mut out)?;
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    keep_permissions(&target, &file)?;
    file.sync_all()?;
    drop(file);
    temporary.rename_over(&target)?;
    Ok(())
}

/// The file a symbolic link at `path` points to, so that writing through a link replaces the
/// file it names, as writing in place did, rather than the link; `path` itself otherwise (also
/// when the link leads nowhere yet).
fn resolve_link(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
        _ => path.to_owned(),
    }
}

/// Whether `target` exists and is neither a file nor a directory: a device, a pipe or a socket.
fn is_special(target: &Path) -> bool {
    fs::metadata(target).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

/// Gives the new file the permissions of the file it replaces, as writing in place kept them (a
/// report someone made private stays private).
fn keep_permissions(target: &Path, file: &File) -> io::Result<()> {
    match fs::metadata(target) {
        Ok(meta) => file.set_permissions(meta.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// The temporary file beside the target, removed when dropped unless renamed over it.
struct Temporary {
    path: PathBuf,
    renamed: bool,
}

impl Temporary {
    /// Creates `.NAME.PID.tmp` beside `target`, a file of its own (never through a link left
    /// under that name).
    fn create(target: &Path) -> io::Result<(Temporary, File)> {
        let path = temporary_path(target)?;
        let open = || OpenOptions::new().write(true).create_new(true).open(&path);
        let file = match open() {
            Ok(file) => file,
            // Only a process with this id makes this name, and this process writes one file at a
            // time under it: one that exists was left by a killed process that had the same id.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                fs::remove_file(&path)?;
                open()?
            }
            Err(e) => return Err(e),
        };
        Ok((Temporary { path, renamed: false }, file))
    }

    fn rename_over(&mut self, target: &Path) -> io::Result<()> {
        fs::rename(&self.path, target)?;
        self.renamed = true;
        sync_directory(target);
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.renamed {
            // Best effort: the error that brought us here is the one worth reporting.
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The temporary name of `target`: `.NAME.PID.tmp` in the same directory, so that the rename
/// stays within one file system and the file is hidden from listings.
///
/// # Errors
/// `target` has no file name (`/`, `..`).
pub fn temporary_path(target: &Path) -> io::Result<PathBuf> {
    let name = target.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, format!("{} does not name a file", target.display()))
    })?;
    let mut hidden = std::ffi::OsString::from(".");
    hidden.push(name);
    hidden.push(format!(".{}.tmp", std::process::id()));
    Ok(target.with_file_name(hidden))
}

/// Flushes the directory entry of a rename to disk, so that after a power cut the directory
/// names the new file. Best effort: some file systems cannot sync a directory, and the rename has
/// happened either way.
fn sync_directory(target: &Path) {
    #[cfg(unix)]
    {
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = target;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_a_new_file_and_replaces_an_old_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("report.html");
        write_atomically(&path, b"old").expect("first write");
        assert_eq!(fs::read(&path).expect("read"), b"old");
        write_atomically(&path, b"new and longer").expect("second write");
        assert_eq!(fs::read(&path).expect("read"), b"new and longer");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn the_temporary_file_is_hidden_beside_the_target_and_names_the_process() {
        let path = temporary_path(Path::new("out/report.html")).expect("a file name");
        assert_eq!(path, Path::new("out").join(format!(".report.html.{}.tmp", std::process::id())));
        assert!(temporary_path(Path::new("/")).is_err());
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("assessment.json");
        write_atomically(&path, b"{\"old\": true}").expect("first write");
        let result: io::Result<()> = write_atomically_with(&path, |out| {
            out.write_all(b"{\"new\": ")?;
            Err(io::Error::other("the disk is full"))
        });
        assert!(result.is_err());
        assert_eq!(fs::read(&path).expect("read"), b"{\"old\": true}");
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    }

    #[test]
    fn a_rename_that_fails_removes_the_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A directory where the file should go: the rename fails.
        let path = dir.path().join("report.md");
        fs::create_dir(&path).expect("mkdir");
        fs::write(path.join("inside"), b"x").expect("write");
        assert!(write_atomically(&path, b"report").is_err());
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    }

    #[test]
    fn a_temporary_file_left_by_a_killed_process_of_the_same_id_is_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("controls.csv");
        fs::write(temporary_path(&path).expect("name"), b"half a fi").expect("write");
        write_atomically(&path, b"a,b\n").expect("write");
        assert_eq!(fs::read(&path).expect("read"), b"a,b\n");
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let error = write_atomically(&dir.path().join("missing/report.html"), b"x").expect_err("no directory");
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_written_in_place_and_stays_a_pipe() {
        use std::os::unix::fs::FileTypeExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.fifo");
        let made = std::process::Command::new("mkfifo").arg(&path).status().expect("run mkfifo");
        assert!(made.success());
        let reader = {
            let path = path.clone();
            std::thread::spawn(move || fs::read(path).expect("read the pipe"))
        };
        write_atomically(&path, b"through the pipe").expect("write");
        assert_eq!(reader.join().expect("reader"), b"through the pipe");
        assert!(fs::symlink_metadata(&path).expect("meta").file_type().is_fifo());
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    }

    #[cfg(unix)]
    #[test]
    fn the_replaced_file_keeps_its_permissions_and_a_link_keeps_pointing_at_it() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("assessment.json");
        fs::write(&path, b"old").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        let link = dir.path().join("latest.json");
        std::os::unix::fs::symlink(&path, &link).expect("symlink");
        write_atomically(&link, b"new").expect("write through the link");
        assert!(fs::symlink_metadata(&link).expect("link").file_type().is_symlink());
        assert_eq!(fs::read(&path).expect("read"), b"new");
        assert_eq!(fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
    }
}

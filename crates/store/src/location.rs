//! Where the database is: an SQLite file (the default, nothing to run) or a PostgreSQL server (a
//! team's shared dashboard), told apart by how `--db` / `MATURITY_DB` is written.
//!
//! A location is shown in every error and message, so its display never holds a password: a
//! PostgreSQL URL is shown with its password replaced by `***`.

use std::fmt;
use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// The two kinds of database the store speaks to through the same SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A database of saved assessments.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file, created with its directory when missing.
    Sqlite(PathBuf),
    /// A PostgreSQL database, as a `postgres://` or `postgresql://` URL.
    Postgres(String),
}

/// Characters of a file path that would change the meaning of an `sqlite://` URL.
const PATH_IN_URL: &AsciiSet = &CONTROLS.add(b'%').add(b'?').add(b'#').add(b' ');

impl Location {
    /// `postgres://…` or `postgresql://…` is a server; anything else is the path of an SQLite
    /// file (an `sqlite://` prefix is allowed and dropped).
    #[must_use]
    pub fn parse(text: &str) -> Location {
        let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Location::Postgres(text.to_owned());
        }
        let path = text.strip_prefix("sqlite://").or_else(|| text.strip_prefix("sqlite:")).unwrap_or(text);
        Location::Sqlite(PathBuf::from(path))
    }

    /// The SQLite file at `path`.
    #[must_use]
    pub fn file(path: &Path) -> Location {
        Location::Sqlite(path.to_path_buf())
    }

    /// Which backend it is.
    #[must_use]
    pub fn backend(&self) -> Backend {
        match self {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }

    /// The URL sqlx connects to. An SQLite path is made absolute (a relative one would be read as a
    /// host name) and opened read-write, created when missing. `None` for a path that is not
    /// UTF-8 or has no absolute form.
    pub(crate) fn connect_url(&self) -> Option<String> {
        match self {
            Location::Postgres(url) => Some(url.clone()),
            Location::Sqlite(path) => {
                let absolute = std::path::absolute(path).ok()?;
                let text = absolute.to_str()?;
                Some(format!("sqlite://{}?mode=rwc", utf8_percent_encode(text, PATH_IN_URL)))
            }
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

/// `url` with the password of its user information, if any, replaced by `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else { return url.to_owned() };
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_servers_from_files() {
        assert_eq!(Location::parse("postgres://h/db").backend(), Backend::Postgres);
        assert_eq!(Location::parse("PostgreSQL://h/db").backend(), Backend::Postgres);
        assert_eq!(Location::parse("sqlite://a/b.db"), Location::Sqlite(PathBuf::from("a/b.db")));
        assert_eq!(Location::parse("sqlite:b.db"), Location::Sqlite(PathBuf::from("b.db")));
        assert_eq!(Location::parse("postgres.db"), Location::Sqlite(PathBuf::from("postgres.db")));
        assert_eq!(Location::parse(""), Location::Sqlite(PathBuf::new()));
    }

    #[test]
    fn never_shows_a_password() {
        let shown = Location::parse("postgres://team:s3cr%40t@db.internal:5432/maturity?sslmode=require").to_string();
        assert_eq!(shown, "postgres://team:***@db.internal:5432/maturity?sslmode=require");
        assert_eq!(Location::parse("postgres://team@h/db").to_string(), "postgres://team@h/db");
        assert_eq!(Location::parse("postgres://h/db?x=a@b").to_string(), "postgres://h/db?x=a@b");
        assert!(!format!("{:?}", Location::parse("postgres://u:pw@h/db")).contains("pw"));
    }

    #[test]
    fn a_file_url_survives_odd_characters() -> Result<(), String> {
        let url = Location::parse("/tmp/a dir/what?#%.db").connect_url().ok_or("no URL")?;
        assert_eq!(url, "sqlite:///tmp/a%20dir/what%3F%23%25.db?mode=rwc");
        Ok(())
    }
}

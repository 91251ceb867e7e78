//! The recorded answers: what a real scan of one account in one region got, with that account's
//! id and that region made placeholders, so that they answer for any synthetic account and region.
//!
//! A request may have been answered differently over time (a credential report that is `STARTED`
//! and then `COMPLETE`): such a key holds its answers in order, and each account walks through
//! them, the last one repeating.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Stands for the calling account's id in keys and answers.
pub const ACCOUNT: &str = "{ACCOUNT}";
/// Stands for the region the request was signed for.
pub const REGION: &str = "{REGION}";

/// A recording file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    /// How it was made: the emulator, its seed, the scan.
    pub source: String,
    /// One entry per distinct request.
    pub answers: Vec<Recorded>,
}

/// The answers to one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recorded {
    /// The request's key (see `request`).
    pub key: String,
    /// The API it calls, for reading the file.
    pub api: String,
    /// The answers, in the order they came.
    pub replies: Vec<Reply>,
}

/// One HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The headers that matter to a client (content type, error type, `x-amz-*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// The body, as text.
    pub body: String,
}

impl Reply {
    /// The reply for `account` in `region`.
    pub fn for_caller(&self, account: &str, region: &str) -> Reply {
        let fill = |text: &str| text.replace(ACCOUNT, account).replace(REGION, region);
        Reply {
            status: self.status,
            headers: self.headers.iter().map(|(name, value)| (name.clone(), fill(value))).collect(),
            body: fill(&self.body),
        }
    }
}

/// A recording that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RecordingError {
    /// The file cannot be read.
    #[error("cannot read the recording {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a recording.
    #[error("{path}: not a recording: {source}")]
    Parse {
        /// The file.
        path: String,
        /// Where and why (line and column).
        source: serde_json::Error,
    },
    /// A request is recorded twice, or without an answer.
    #[error("{path}: answers[{index}] (key `{key}`): {problem}")]
    Entry {
        /// The file.
        path: String,
        /// The entry.
        index: usize,
        /// Its key.
        key: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// The file cannot be written.
    #[error("cannot write the recording {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

impl Recording {
    /// Reads a recording file.
    ///
    /// # Errors
    /// The file cannot be read, is not a recording, or records a request twice or without answers.
    pub fn load(path: &Path) -> Result<Recording, RecordingError> {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|source| RecordingError::Read { path: name.clone(), source })?;
        let recording: Recording =
            serde_json::from_str(&text).map_err(|source| RecordingError::Parse { path: name.clone(), source })?;
        let mut seen = HashMap::new();
        for (index, entry) in recording.answers.iter().enumerate() {
            let problem = if entry.replies.is_empty() {
                Some("no answer")
            } else if seen.insert(entry.key.as_str(), index).is_some() {
                Some("recorded twice")
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(RecordingError::Entry { path: name, index, key: entry.key.clone(), problem });
            }
        }
        Ok(recording)
    }

    /// Writes the recording, one answer per line of the array, sorted by key (stable diffs).
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), RecordingError> {
        let mut sorted = self.clone();
        sorted.answers.sort_by(|a, b| a.key.cmp(&b.key));
        let mut text = String::from("{\n  \"source\": ");
        text += &serde_json::Value::String(sorted.source.clone()).to_string();
        text += ",\n  \"answers\": [\n";
        let lines: Vec<String> =
            sorted.answers.iter().map(|a| format!("    {}", serde_json::to_string(a).unwrap_or_default())).collect();
        text += &lines.join(",\n");
        text += "\n  ]\n}\n";
        std::fs::write(path, text).map_err(|source| RecordingError::Write { path: path.display().to_string(), source })
    }

    /// Replaces the answers to every request of each API `replacements` answers (matched by API
    /// rather than key: a key may hold an id the upstream made up, such as a detector's), and
    /// names them in the source.
    ///
    /// # Errors
    /// A replacement for an API that was not called (the scan changed under it).
    pub fn replace(&mut self, replacements: Recording) -> Result<(), String> {
        for replacement in &replacements.answers {
            let mut matched = false;
            for entry in self.answers.iter_mut().filter(|entry| entry.api == replacement.api) {
                entry.replies.clone_from(&replacement.replies);
                matched = true;
            }
            if !matched {
                return Err(format!("the replacement for `{}` answers an API that was not called", replacement.api));
            }
        }
        let apis: Vec<&str> = replacements.answers.iter().map(|entry| entry.api.as_str()).collect();
        self.source = format!("{}; replaced: {} ({})", self.source, apis.join(", "), replacements.source);
        Ok(())
    }

    /// The answers by key.
    pub fn index(self) -> HashMap<String, Recorded> {
        self.answers.into_iter().map(|entry| (entry.key.clone(), entry)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str) -> Recorded {
        Recorded {
            key: key.to_owned(),
            api: "iam:ListUsers".to_owned(),
            replies: vec![Reply {
                status: 200,
                headers: vec![("content-type".to_owned(), "text/xml".to_owned())],
                body: "<Arn>arn:aws:iam::{ACCOUNT}:user/x</Arn><Az>{REGION}a</Az>".to_owned(),
            }],
        }
    }

    #[test]
    fn a_saved_recording_loads_back_equal() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("r.json");
        let recording = Recording { source: "test \"quoted\"".to_owned(), answers: vec![entry("b"), entry("a")] };
        recording.save(&path)?;
        let back = Recording::load(&path)?;
        assert_eq!(back.source, recording.source);
        assert_eq!(back.answers, vec![entry("a"), entry("b")], "sorted by key");
        Ok(())
    }

    #[test]
    fn bad_recordings_are_refused_with_the_place() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("dup.json");
        let twice = Recording { source: String::new(), answers: vec![entry("a"), entry("a")] };
        std::fs::write(&path, serde_json::to_string(&twice)?)?;
        let error = Recording::load(&path).map(|_| ()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("answers[1] (key `a`): recorded twice"), "{error}");
        std::fs::write(&path, "{\"source\": \"x\",\n \"answers\": 3}")?;
        let error = Recording::load(&path).map(|_| ()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("line 2"), "{error}");
        Ok(())
    }

    #[test]
    fn replies_name_the_caller() {
        let reply = entry("k").replies[0].for_caller("200000000007", "eu-west-1");
        assert_eq!(reply.body, "<Arn>arn:aws:iam::200000000007:user/x</Arn><Az>eu-west-1a</Az>");
    }
}

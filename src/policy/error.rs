//! Load errors of the policy language: a kind plus the `file:line:column` it points at, and an
//! optional `help:` line. `LoadErrors` is never empty, so `validate` can print every problem at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based position in a policy file; displays as `file:line:column` (editors jump to it).
/// `line` and `column` are 0 when only the file is known.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Location {
    /// The policy file.
    pub file: PathBuf,
    /// 1-based line; 0 when only the file is known.
    pub line: u32,
    /// 1-based column (in characters); 0 when only the file is known.
    pub column: u32,
}

impl Location {
    /// A location in `file` at `line`:`column` (1-based).
    pub fn new(file: &Path, line: u32, column: u32) -> Self {
        Self {
            file: file.to_path_buf(),
            line,
            column,
        }
    }

    /// The whole file (no line known).
    pub fn file(file: &Path) -> Self {
        Self::new(file, 0, 0)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file.display())
        } else {
            write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
        }
    }
}

/// One problem found while loading policies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{location}: {message}")]
pub struct LoadError {
    /// Where the problem is.
    pub location: Location,

    /// What is wrong: lowercase, no final period, offending text in backticks.
    pub message: String,
    /// How to fix it, when there is an obvious fix.
    pub help: Option<String>,
}

impl LoadError {
    /// A problem at `location` (add a fix with [`LoadError::help`]).
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Self {
            location,
            message: message.into(),
            help: None,
        }
    }

    /// Adds the `help:` line.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The error and its help line, as printed by `validate` and in hook replies' logs.
    pub fn render(&self) -> String {
        match &self.help {
            Some(help) => format!("{self}\n  help: {help}"),
            None => self.to_string(),
        }
    }
}

/// Every problem found in a policy directory. Invariant: never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadErrors(Vec<LoadError>);

impl LoadErrors {
    /// `None` when `errors` is empty.
    pub(crate) fn from_vec(errors: Vec<LoadError>) -> Option<Self> {
        if errors.is_empty() {
            None
        } else {
            Some(Self(errors))
        }
    }

    pub(crate) fn one(error: LoadError) -> Self {
        Self(vec![error])
    }

    /// The problems, in file then position order.
    pub fn errors(&self) -> &[LoadError] {
        &self.0
    }

    /// The first problem (there always is one).
    pub fn first(&self) -> Option<&LoadError> {
        self.0.first()
    }
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for error in &self.0 {
            if !first {
                writeln!(f)?;
            }
            first = false;
            write!(f, "{}", error.render())?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

impl From<LoadError> for LoadErrors {
    fn from(error: LoadError) -> Self {
        Self(vec![error])
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance; hand-rolled because it is ten lines and only used for `did you mean`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let ops = ["regex", "exists", "contains"];
        assert_eq!(did_you_mean("regexp", &ops), Some("regex"));
        assert_eq!(did_you_mean("REGEX", &ops), Some("regex"));
        assert_eq!(did_you_mean("banana", &ops), None);
    }

    #[test]
    fn location_display() {
        let loc = Location::new(Path::new("p/a.yaml"), 3, 7);
        assert_eq!(loc.to_string(), "p/a.yaml:3:7");
        assert_eq!(
            Location::file(Path::new("p/a.yaml")).to_string(),
            "p/a.yaml"
        );
    }
}

//! Editing a policy directory: adding and removing statements as text, so comments and the
//! formatting of untouched statements survive. Every edit is planned first ([`Edit`]: the files'
//! text before and after, shown as a diff), validated by loading the whole directory with the new
//! text, and written atomically (temporary file and rename) only when it loads.

mod render;
mod text;

pub(crate) use render::value_summary;
pub use render::{NewCondition, NewStatement, render_statement};

use super::error::{LoadError, LoadErrors, Location};
use super::load::{load_sources, policy_files};
use super::model::PolicySet;
use super::schema::{SCHEMA_FILE_NAME, SCHEMA_MODELINE, schema_text};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file `agsec policy add` writes to when no `--file` is given: loaded after the defaults
/// (`00-`…`40-`), and never overwritten by `agsec init --force`.
pub const LOCAL_POLICY_FILE: &str = "90-local.yaml";

/// Why an edit was refused. Nothing is written when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The directory does not load as it is: edits start from valid policies only.
    #[error(
        "the policies in `{}` do not load, so they are left untouched\n{errors}\n  help: fix them first (`agsec validate` lists every problem)",
        dir.display()
    )]
    Broken {
        /// The policy directory.
        dir: PathBuf,
        /// Every problem loading it found.
        errors: LoadErrors,
    },
    /// The edited directory would not load (or a regex would not compile).
    #[error("the result would not be valid, so nothing was written\n{0}")]
    Invalid(LoadErrors),
    /// `agsec policy remove` named a sid no statement has.
    #[error("no statement has the sid `{sid}`\n  help: {}", sid_help(.close))]
    UnknownSid {
        /// The sid as given.
        sid: String,
        /// Existing sids spelled closely, to suggest (may be empty).
        close: Vec<String>,
    },
    /// A statement with the new statement's sid already exists.
    #[error(
        "duplicate sid `{sid}`: the statement at {location} has it\n  help: choose another sid, or remove that statement first with `agsec policy remove {sid}`"
    )]
    DuplicateSid {
        /// The sid as given.
        sid: String,
        /// Where the statement that has it is.
        location: Location,
    },
    /// The statement itself is incomplete (no actions, a duplicate condition field …).
    #[error("{message}\n  help: {help}")]
    Statement {
        /// What is wrong with the statement.
        message: String,
        /// How to fix it.
        help: String,
    },
    /// A condition given as text (`FIELD OP VALUE`) that does not parse.
    #[error("invalid condition `{text}`: {message}{}", help_line(.help))]
    Condition {
        /// The condition text as given.
        text: String,
        /// What is wrong with it.
        message: String,
        /// How to fix it, when there is a specific hint.
        help: Option<String>,
    },
    /// A file whose text this editor cannot change safely (a flow-style list …).
    #[error("{location}: {message}{}", help_line(.help))]
    Text {
        /// Where in the file the editor stopped.
        location: Location,
        /// What it cannot change there.
        message: String,
        /// How to make the edit by hand, when there is a specific hint.
        help: Option<String>,
    },
    /// A file changed on disk between reading and writing it (another edit ran at the same time).
    #[error("`{}` changed while it was being edited, so it was left as it is\n  help: run the command again", path.display())]
    Changed {
        /// The file that changed.
        path: PathBuf,
    },
    /// A policy file could not be read or written.
    #[error("cannot {verb} `{}`", path.display())]
    Io {
        /// What was being done (`read`, `write`, `replace` …).
        verb: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

fn help_line(help: &Option<String>) -> String {
    help.as_ref()
        .map(|h| format!("\n  help: {h}"))
        .unwrap_or_default()
}

fn sid_help(close: &[String]) -> String {
    if close.is_empty() {
        "`agsec policy list` shows every sid".to_owned()
    } else {
        let list: Vec<String> = close.iter().map(|s| format!("`{s}`")).collect();
        format!("did you mean {}?", list.join(", "))
    }
}

/// One file's text before and after an edit (`before` is `None` for a file the edit creates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    /// The file.
    pub path: PathBuf,
    /// Its text now (`None`: the edit creates it).
    pub before: Option<String>,
    /// Its text after the edit.
    pub after: String,
}

/// A validated change to a policy directory, not yet written. Invariant: the directory with
/// every `after` text loads without errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The files to write, the policy file last.
    pub files: Vec<FileEdit>,
    /// Where the statement is (added) or was (removed).
    pub location: Location,
    /// The 1-based lines the statement occupies (added) or occupied (removed), with the
    /// comments and blank lines that came or went with it.
    pub lines: std::ops::RangeInclusive<usize>,
}

impl Edit {
    /// The change as a unified diff, one section per file.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for file in &self.files {
            let path = file.path.display().to_string();
            let (old_name, before) = match &file.before {
                Some(text) => (path.clone(), text.as_str()),
                None => ("/dev/null".to_owned(), ""),
            };
            let diff = similar::TextDiff::from_lines(before, file.after.as_str());
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&old_name, &path)
                    .to_string(),
            );
        }
        out
    }

    /// Writes every file atomically, keeping each file's permissions. Refuses (and writes
    /// nothing more) when a file changed since the edit was planned.
    pub fn write(&self) -> Result<(), EditError> {
        for file in &self.files {
            let current = match std::fs::read_to_string(&file.path) {
                Ok(text) => Some(text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(source) => {
                    return Err(EditError::Io {
                        verb: "read",
                        path: file.path.clone(),
                        source,
                    });
                }
            };
            if current != file.before {
                return Err(EditError::Changed {
                    path: file.path.clone(),
                });
            }
            write_atomic(&file.path, &file.after)?;
        }
        Ok(())
    }
}

/// Plans adding `statement` to `file_name` (a file name inside `dir`, created with the schema
/// modeline when missing; [`LOCAL_POLICY_FILE`] is the usual one). Refuses a directory that does
/// not load, a sid already used, and a result that does not load.
pub fn plan_add(dir: &Path, file_name: &str, statement: &NewStatement) -> Result<Edit, EditError> {
    check_file_name(file_name)?;
    check_statement(statement)?;
    let sources = read_sources(dir, true)?;
    let set = load_current(dir, &sources)?;
    if let Some(existing) = set.statements().find(|s| s.sid == statement.sid) {
        return Err(EditError::DuplicateSid {
            sid: statement.sid.clone(),
            location: existing.location.clone(),
        });
    }
    let path = dir.join(file_name);
    let before = sources
        .iter()
        .find(|(p, _)| p == &path)
        .map(|(_, text)| text.clone());
    if before.is_none() && path.exists() {
        return Err(EditError::Statement {
            message: format!(
                "`{}` exists but is not a readable policy file",
                path.display()
            ),
            help: "choose another `--file`".to_owned(),
        });
    }
    let base = before.clone().unwrap_or_else(|| new_file_header(file_name));
    let after = text::append_item(&base, |indent| render::render_item(statement, indent))
        .map_err(|e| text_error(&path, e))?;
    let mut edited = sources;
    match edited.iter_mut().find(|(p, _)| p == &path) {
        Some(entry) => entry.1 = after.clone(),
        None => {
            edited.push((path.clone(), after.clone()));
            edited.sort_by(|a, b| a.0.file_name().cmp(&b.0.file_name()));
        }
    }
    let new_set = load_edited(&edited)?;
    let location = new_set
        .statements()
        .find(|s| s.sid == statement.sid)
        .map(|s| s.location.clone())
        .ok_or_else(|| {
            EditError::Invalid(LoadErrors::from(LoadError::new(
                Location::file(&path),
                format!("statement `{}` is missing after the edit", statement.sid),
            )))
        })?;
    let lines = match &before {
        Some(before) => {
            let first = first_changed_line(before, &after);
            let added = after.lines().count().saturating_sub(before.lines().count());
            first..=(first + added).saturating_sub(1).max(first)
        }
        None => usize::try_from(location.line).unwrap_or(1)..=after.lines().count(),
    };
    let mut files = Vec::new();
    let schema_path = dir.join(SCHEMA_FILE_NAME);
    if before.is_none() && !schema_path.exists() {
        files.push(FileEdit {
            path: schema_path,
            before: None,
            after: schema_text(),
        });
    }
    files.push(FileEdit {
        path,
        before,
        after,
    });
    Ok(Edit {
        files,
        location,
        lines,
    })
}

/// Plans removing the statement `sid` from its file, leaving every other line as it is (see
/// the `text` module for which comments and blank lines go with it).
pub fn plan_remove(dir: &Path, sid: &str) -> Result<Edit, EditError> {
    let sources = read_sources(dir, false)?;
    let set = load_current(dir, &sources)?;
    let Some(statement) = set.statements().find(|s| s.sid == sid) else {
        return Err(EditError::UnknownSid {
            sid: sid.to_owned(),
            close: close_sids(sid, set.statements().map(|s| s.sid.as_str())),
        });
    };
    let location = statement.location.clone();
    let Some(before) = sources
        .iter()
        .find(|(p, _)| p == &location.file)
        .map(|(_, text)| text.clone())
    else {
        return Err(EditError::Invalid(LoadErrors::from(LoadError::new(
            location,
            "the statement's file is not in the directory",
        ))));
    };
    let (after, lines) = text::remove_item(&before, location.line, sid)
        .map_err(|e| text_error(&location.file, e))?;
    let mut edited = sources;
    if let Some(entry) = edited.iter_mut().find(|(p, _)| p == &location.file) {
        entry.1 = after.clone();
    }
    let new_set = load_edited(&edited)?;
    let remaining = new_set.statements().len();
    if remaining + 1 != set.statements().len() || new_set.statements().any(|s| s.sid == sid) {
        return Err(EditError::Invalid(LoadErrors::from(
            LoadError::new(
                location,
                format!("removing the lines of `{sid}` would change other statements"),
            )
            .help("remove it by hand"),
        )));
    }
    Ok(Edit {
        files: vec![FileEdit {
            path: location.file.clone(),
            before: Some(before),
            after,
        }],
        location,
        lines,
    })
}

/// The text of a file `policy add` creates: the schema modeline, a comment and an empty list.
fn new_file_header(file_name: &str) -> String {
    format!(
        "{SCHEMA_MODELINE}\n# {file_name}: policy statements added with `agsec policy add` (edit freely).\nversion: \"1.0\"\nstatements:\n"
    )
}

fn check_file_name(name: &str) -> Result<(), EditError> {
    let is_ok = !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && (name.ends_with(".yaml") || name.ends_with(".yml"))
        && name.len() > ".yml".len();
    if is_ok {
        Ok(())
    } else {
        Err(EditError::Statement {
            message: format!("`{name}` is not a policy file name"),
            help: format!(
                "give a file name in the policy directory ending in `.yaml`, such as `{LOCAL_POLICY_FILE}` (not hidden, no `/`)"
            ),
        })
    }
}

fn check_statement(statement: &NewStatement) -> Result<(), EditError> {
    if statement.sid.trim().is_empty() || statement.sid.trim() != statement.sid {
        return Err(EditError::Statement {
            message: format!("invalid sid `{}`", statement.sid),
            help: "a sid is a non-empty name without surrounding spaces, such as `DenyCurlPipe`"
                .to_owned(),
        });
    }
    if statement.actions.is_empty() || statement.actions.iter().any(|a| a.trim().is_empty()) {
        return Err(EditError::Statement {
            message: format!("statement `{}` has no actions and would never match", statement.sid),
            help: "give at least one action, such as `--action bash.execute` (globs such as `file.*` work)".to_owned(),
        });
    }
    let mut seen = std::collections::HashSet::new();
    for condition in &statement.conditions {
        if !seen.insert(condition.field.as_str()) {
            return Err(EditError::Statement {
                message: format!("condition field `{}` is given twice", condition.field),
                help: "a statement has one condition per field; use two statements, or `match: any` with different fields".to_owned(),
            });
        }
    }
    Ok(())
}

/// The directory's policy files and their text, in load order. With `allow_empty`, a directory
/// without policy files yet is an empty list.
fn read_sources(dir: &Path, allow_empty: bool) -> Result<Vec<(PathBuf, String)>, EditError> {
    let files = match policy_files(dir) {
        Ok(files) => files,
        Err(_) if allow_empty && dir.is_dir() => Vec::new(),
        Err(errors) => {
            return Err(EditError::Broken {
                dir: dir.to_path_buf(),
                errors,
            });
        }
    };
    files
        .into_iter()
        .map(|path| match std::fs::read_to_string(&path) {
            Ok(text) => Ok((path, text)),
            Err(source) => Err(EditError::Io {
                verb: "read",
                path,
                source,
            }),
        })
        .collect()
}

fn load_current(dir: &Path, sources: &[(PathBuf, String)]) -> Result<PolicySet, EditError> {
    load_sources(sources).map_err(|errors| EditError::Broken {
        dir: dir.to_path_buf(),
        errors,
    })
}

fn load_edited(sources: &[(PathBuf, String)]) -> Result<PolicySet, EditError> {
    let set = load_sources(sources).map_err(EditError::Invalid)?;
    match LoadErrors::from_vec(set.compile_all()) {
        Some(errors) => Err(EditError::Invalid(errors)),
        None => Ok(set),
    }
}

fn text_error(path: &Path, e: text::TextError) -> EditError {
    EditError::Text {
        location: Location::new(path, e.line, if e.line == 0 { 0 } else { 1 }),
        message: e.message,
        help: e.help,
    }
}

/// The 1-based number of the first line that differs.
fn first_changed_line(before: &str, after: &str) -> usize {
    before
        .lines()
        .zip(after.lines())
        .take_while(|(a, b)| a == b)
        .count()
        + 1
}

/// Up to five sids close to `sid` (typos, other case, one containing the other), closest first.
fn close_sids<'a>(sid: &str, sids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted = sid.to_lowercase();
    let mut scored: Vec<(f64, &str)> = sids
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let score = strsim::normalized_damerau_levenshtein(&wanted, &lower);
            let contains =
                !wanted.is_empty() && (lower.contains(&wanted) || wanted.contains(&lower));
            (score >= 0.6 || contains)
                .then_some((score.max(if contains { 0.6 } else { 0.0 }), candidate))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(5)
        .map(|(_, s)| s.to_owned())
        .collect()
}

/// Writes `text` to `path` through a temporary file in the same directory and a rename, so
/// readers see the old or the new file, never a part. Keeps the permissions of an existing file
/// (new files get `0644` on Unix); writes through a symbolic link to its target.
pub(crate) fn write_atomic(path: &Path, text: &str) -> Result<(), EditError> {
    let io = |verb: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| EditError::Io { verb, path, source }
    };
    let target = if path.is_symlink() {
        std::fs::canonicalize(path).map_err(io("resolve", path))?
    } else {
        path.to_path_buf()
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".agsec-edit-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io("create a temporary file in", &dir))?;
    tmp.write_all(text.as_bytes())
        .map_err(io("write", tmp.path()))?;
    let permissions = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => new_file_permissions(),
    };
    if let Some(permissions) = permissions {
        tmp.as_file()
            .set_permissions(permissions)
            .map_err(io("set the permissions of", &target))?;
    }
    tmp.as_file().sync_all().map_err(io("write", &target))?;
    tmp.persist(&target).map_err(|e| EditError::Io {
        verb: "replace",
        path: target.clone(),
        source: e.error,
    })?;
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

impl fmt::Display for NewStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render_statement(self))
    }
}

#[cfg(test)]
mod tests;

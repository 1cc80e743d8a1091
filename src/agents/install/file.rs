//! The file side of installing: where each agent's settings file is, reading it (refusing
//! anything that is not a JSON object), and writing the merged document back safely: a backup
//! `<file>.agsec-backup` (overwritten each time) and an atomic replace (temp file + rename in the
//! same directory), so an interrupted install never leaves a half-written settings file.

use super::{Change, ShapeError};
use crate::agents::Agent;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Suffix of the copy of a settings file taken before agsec changes it.
const BACKUP_SUFFIX: &str = ".agsec-backup";

/// Which settings file to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The project's own file: `<dir>/.claude/settings.json`, `<dir>/.codex/hooks.json`.
    Project(PathBuf),
    /// The person's file: `<home>/.claude/settings.json`; for Codex `<codex_home>/hooks.json`,
    /// `codex_home` being `$CODEX_HOME` or `<home>/.codex`.
    User {
        /// The person's home directory.
        home: PathBuf,
        /// `$CODEX_HOME` when set; `None` means `<home>/.codex`.
        codex_home: Option<PathBuf>,
    },
}

/// The name of the file agsec owns among Copilot CLI's hook files.
const COPILOT_HOOK_FILE: &str = "agsec.json";

/// Every agent `agsec install` can register with, in the order they are listed to users.
pub const INSTALLABLE: [Agent; 6] = [
    Agent::ClaudeCode,
    Agent::Codex,
    Agent::Gemini,
    Agent::Copilot,
    Agent::Cursor,
    Agent::Cline,
];

/// Every file the installers write in `scope`: each agent's settings file and its backup. One
/// list for whatever must know them (self-protection, `doctor`).
pub(crate) fn written_files(scope: &Scope) -> Vec<PathBuf> {
    INSTALLABLE
        .iter()
        .filter_map(|&agent| settings_path(agent, scope).ok())
        .flat_map(|path| {
            let backup = backup_path(&path);
            [path, backup]
        })
        .collect()
}

/// `$COPILOT_HOME` (empty ignored): where Copilot CLI keeps the person's hooks instead of
/// `~/.copilot`.
fn copilot_home(home: &Path) -> PathBuf {
    std::env::var_os("COPILOT_HOME")
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| home.join(".copilot"), PathBuf::from)
}

impl Scope {
    /// The person's scope as this process sees it: `$HOME` (else the platform's home
    /// directory) and `$CODEX_HOME`, empty values ignored. `None` without a home directory.
    pub fn user_from_env() -> Option<Self> {
        let home = std::env::var_os("HOME")
            .filter(|home| !home.is_empty())
            .map(PathBuf::from)
            .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf()))?;
        let codex_home = std::env::var_os("CODEX_HOME")
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from);
        Some(Scope::User { home, codex_home })
    }
}

/// The settings file that registers hooks for `agent` in `scope`.
pub fn settings_path(agent: Agent, scope: &Scope) -> Result<PathBuf, InstallError> {
    Ok(match (agent, scope) {
        (Agent::Plain, _) => return Err(InstallError::Unsupported(agent)),
        (Agent::ClaudeCode, Scope::Project(dir)) => dir.join(".claude").join("settings.json"),
        (Agent::ClaudeCode, Scope::User { home, .. }) => home.join(".claude").join("settings.json"),
        (Agent::Codex, Scope::Project(dir)) => dir.join(".codex").join("hooks.json"),
        (Agent::Codex, Scope::User { home, codex_home }) => codex_home
            .clone()
            .unwrap_or_else(|| home.join(".codex"))
            .join("hooks.json"),
        (Agent::Gemini, Scope::Project(dir)) => dir.join(".gemini").join("settings.json"),
        (Agent::Gemini, Scope::User { home, .. }) => home.join(".gemini").join("settings.json"),
        (Agent::Copilot, Scope::Project(dir)) => {
            dir.join(".github").join("hooks").join(COPILOT_HOOK_FILE)
        }
        (Agent::Copilot, Scope::User { home, .. }) => {
            copilot_home(home).join("hooks").join(COPILOT_HOOK_FILE)
        }
        (Agent::Cursor, Scope::Project(dir)) => dir.join(".cursor").join("hooks.json"),
        (Agent::Cursor, Scope::User { home, .. }) => home.join(".cursor").join("hooks.json"),
        (Agent::Cline, Scope::Project(dir)) => {
            dir.join(".clinerules").join("hooks").join("PreToolUse")
        }
        (Agent::Cline, Scope::User { home, .. }) => home
            .join("Documents")
            .join("Cline")
            .join("Hooks")
            .join("PreToolUse"),
    })
}

/// Whether `path` is a Cline hook script (named `PreToolUse`), not a settings document.
pub(super) fn is_cline_script(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == "PreToolUse")
}

/// What installing or uninstalling did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The file (the target of a symlink, which stays a symlink).
    pub path: PathBuf,
    /// What was done to it.
    pub change: Change,
    /// The copy of the previous file, when an existing file was changed.
    pub backup: Option<PathBuf>,
    /// On a dry run, the document that would have been written (nothing is written then).
    pub dry_run_document: Option<Value>,
}

/// Why a settings file was not changed. Displays as one line, then a `help:` line when useful.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// The agent has no settings file agsec knows how to change.
    #[error(
        "agsec has no installer for `{0}`\n  help: installable agents: claude-code, codex, gemini, copilot, cursor, cline"
    )]
    Unsupported(Agent),
    /// A path to write into the hook command (the binary, the policy directory) is relative.
    #[error("path `{}` is relative; hooks need absolute paths", .0.display())]
    RelativePath(PathBuf),
    /// A path that JSON settings cannot hold exactly (not valid UTF-8).
    #[error("path `{}` is not valid UTF-8 and cannot be written into a settings file", .0.display())]
    NonUtf8Path(PathBuf),
    /// The existing settings file could not be read.
    #[error("reading `{}`: {error}", path.display())]
    Read {
        /// The settings file.
        path: PathBuf,
        /// The I/O error from reading it.
        error: std::io::Error,
    },
    /// The existing settings file is not valid JSON (it is left untouched).
    #[error(
        "{}:{line}:{column}: not valid JSON: {message}\n  help: fix the file (or move it away) and run the command again; agsec left it untouched",
        path.display()
    )]
    Parse {
        /// The settings file.
        path: PathBuf,
        /// 1-based line of the JSON error.
        line: usize,
        /// 1-based column of the JSON error.
        column: usize,
        /// serde_json's description of the error.
        message: String,
    },
    /// Valid JSON whose hook entries are not shaped as the agent expects (left untouched).
    #[error(
        "{}: unexpected settings shape: {shape}\n  help: fix the file by hand and run the command again; agsec left it untouched",
        path.display()
    )]
    Shape {
        /// The settings file.
        path: PathBuf,
        /// Which part has the unexpected shape.
        shape: ShapeError,
    },
    /// Cline's hook is a script file, and an existing script that is not agsec's cannot be merged.
    #[error(
        "`{}` is not agsec's hook script, and a script cannot be merged\n  help: add `exec <agsec> check --agent cline` to it by hand, or move it away and run the command again",
        path.display()
    )]
    Foreign {
        /// The existing hook script.
        path: PathBuf,
    },
    /// The changed settings file (or its directory) could not be written.
    #[error("writing `{}`: {error}", path.display())]
    Write {
        /// The settings file.
        path: PathBuf,
        /// The I/O error from writing it.
        error: std::io::Error,
    },
}

/// Reads the settings document at `path`, applies `merge` and writes it back (backup, atomic
/// replace) unless nothing changed or `dry_run`.
pub(super) fn update_file(
    path: &Path,
    dry_run: bool,
    merge: impl FnOnce(&mut Value) -> Result<Change, ShapeError>,
) -> Result<FileChange, InstallError> {
    // Write through a symlink (dotfile managers link settings files) instead of replacing it.
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let (mut doc, existing) = read_document(&path)?;
    let change = merge(&mut doc).map_err(|shape| InstallError::Shape {
        path: path.clone(),
        shape,
    })?;
    let mut result = FileChange {
        path,
        change,
        backup: None,
        dry_run_document: None,
    };
    if !change.is_modified() {
        return Ok(result);
    }
    if dry_run {
        result.dry_run_document = Some(doc);
        return Ok(result);
    }
    let text = render(&doc);
    if let Some(metadata) = &existing {
        let backup = backup_path(&result.path);
        std::fs::copy(&result.path, &backup).map_err(|error| InstallError::Write {
            path: backup.clone(),
            error,
        })?;
        result.backup = Some(backup);
        write_atomically(&result.path, &text, Some(metadata.permissions()))?;
    } else {
        write_atomically(&result.path, &text, None)?;
    }
    Ok(result)
}

/// The document in the file (`{}` when the file is absent or blank), with the file's metadata
/// when it exists.
pub(super) fn read_document(
    path: &Path,
) -> Result<(Value, Option<std::fs::Metadata>), InstallError> {
    let text = match crate::files::read_text(path, crate::files::MAX_AGENT_SETTINGS_BYTES) {
        Ok(text) => text,
        Err(crate::files::ReadError::NotFound) => {
            return Ok((Value::Object(Default::default()), None));
        }
        Err(crate::files::ReadError::Io(error)) => {
            return Err(InstallError::Read {
                path: path.to_path_buf(),
                error,
            });
        }
        // A FIFO, a device, a dangling link, non-UTF-8 or an oversized file: refused with what
        // it is, never read (a FIFO would hang `install` and `doctor`).
        Err(other) => {
            return Err(InstallError::Read {
                path: path.to_path_buf(),
                error: std::io::Error::other(other.to_string()),
            });
        }
    };
    let metadata = std::fs::metadata(path).map_err(|error| InstallError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    if text.trim().is_empty() {
        return Ok((Value::Object(Default::default()), Some(metadata)));
    }
    let doc: Value = serde_json::from_str(&text).map_err(|err| {
        let suffix = format!(" at line {} column {}", err.line(), err.column());
        let message = err.to_string();
        InstallError::Parse {
            path: path.to_path_buf(),
            line: err.line(),
            column: err.column(),
            message: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
        }
    })?;
    Ok((doc, Some(metadata)))
}

/// Pretty JSON (two-space indent, the agents' own style) and a final newline.
fn render(doc: &Value) -> String {
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_else(|_| doc.to_string());
    text.push('\n');
    text
}

pub(super) fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(BACKUP_SUFFIX);
    PathBuf::from(name)
}

/// Replaces `path` with `text` through a temp file in the same directory and a rename, keeping
/// the old file's permissions (a new file is readable by all, as editors create them).
pub(super) fn write_atomically(
    path: &Path,
    text: &str,
    permissions: Option<std::fs::Permissions>,
) -> Result<(), InstallError> {
    let error = |error| InstallError::Write {
        path: path.to_path_buf(),
        error,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(error)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(error)?;
    temp.write_all(text.as_bytes()).map_err(error)?;
    temp.as_file().sync_all().map_err(error)?;
    let permissions = match permissions {
        Some(permissions) => permissions,
        None => new_file_permissions(temp.as_file()).map_err(error)?,
    };
    std::fs::set_permissions(temp.path(), permissions).map_err(error)?;
    temp.persist(path).map_err(|err| error(err.error))?;
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions(_file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::super::{HookCommand, install_file, uninstall_file};
    use super::*;
    use std::fs;

    fn hook() -> HookCommand {
        HookCommand::new(Agent::ClaudeCode, Path::new("/bin/agsec"), None).unwrap()
    }

    #[test]
    fn creates_the_file_and_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".claude/settings.json");
        let done = install_file(&path, &[hook()], false).unwrap();
        assert_eq!((done.change, done.backup), (Change::Added, None));
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("{\n  \"hooks\": {\n    \"PreToolUse\": ["),
            "{text}"
        );
        assert!(text.ends_with("}\n"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644);
        }
        // The temp file was renamed, not left behind.
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["settings.json"]);
    }

    #[test]
    fn backs_up_keeps_permissions_and_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let original = "{\"model\": \"opus\"}";
        fs::write(&path, original).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        }
        let done = install_file(&path, &[hook()], false).unwrap();
        let backup = done.backup.unwrap();
        assert_eq!(backup, dir.path().join("settings.json.agsec-backup"));
        assert_eq!(fs::read_to_string(&backup).unwrap(), original);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let installed = fs::read_to_string(&path).unwrap();
        let again = install_file(&path, &[hook()], false).unwrap();
        assert_eq!((again.change, again.backup), (Change::Unchanged, None));
        assert_eq!(fs::read_to_string(&path).unwrap(), installed);
        // Uninstalling restores the content (reformatted) and backs up the installed file.
        let removed = uninstall_file(&path, Path::new("/bin/agsec"), false).unwrap();
        assert_eq!(removed.change, Change::Removed);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "{\n  \"model\": \"opus\"\n}\n"
        );
        assert_eq!(fs::read_to_string(&backup).unwrap(), installed);
    }

    #[test]
    fn refuses_malformed_files_and_leaves_them_untouched() {
        let cases = [
            ("{\n  \"a\": 1,\n}", ":3:1: not valid JSON: trailing comma"),
            (
                "[]",
                ": unexpected settings shape: `(top level)` is a JSON array, expected an object",
            ),
            (
                "{\"hooks\": {\"PreToolUse\": 3}}",
                ": unexpected settings shape: `hooks.PreToolUse` is a JSON number, expected an array",
            ),
        ];
        for (content, expected) in cases {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("settings.json");
            fs::write(&path, content).unwrap();
            let err = install_file(&path, &[hook()], false)
                .unwrap_err()
                .to_string();
            let (first, help) = err.split_once('\n').unwrap();
            assert_eq!(first, format!("{}{expected}", path.display()));
            assert!(help.starts_with("  help: "), "{help}");
            assert_eq!(fs::read_to_string(&path).unwrap(), content);
            assert!(!dir.path().join("settings.json.agsec-backup").exists());
            assert!(uninstall_file(&path, Path::new("/bin/agsec"), false).is_err());
        }
    }

    #[test]
    fn dry_run_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x/hooks.json");
        let done = install_file(&path, &[hook()], true).unwrap();
        assert_eq!(done.change, Change::Added);
        let document = done.dry_run_document.unwrap();
        assert_eq!(
            document["hooks"]["PreToolUse"][0]["hooks"][0],
            hook().entry()
        );
        assert!(!dir.path().join("x").exists());
    }

    #[test]
    fn blank_or_missing_files_hold_no_hook() {
        let dir = tempfile::tempdir().unwrap();
        let missing = uninstall_file(
            &dir.path().join("none.json"),
            Path::new("/bin/agsec"),
            false,
        );
        assert_eq!(missing.unwrap().change, Change::Absent);
        let blank = dir.path().join("blank.json");
        fs::write(&blank, "\n").unwrap();
        assert_eq!(
            install_file(&blank, &[hook()], false).unwrap().change,
            Change::Added
        );
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dotfiles-settings.json");
        fs::write(&target, "{}").unwrap();
        let link = dir.path().join("settings.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        install_file(&link, &[hook()], false).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(fs::read_to_string(&target).unwrap().contains("PreToolUse"));
    }
    #[cfg(unix)]
    #[test]
    fn a_fifo_or_an_oversized_settings_file_is_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.json");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let err = install_file(&fifo, &[hook()], false).unwrap_err();
        assert!(err.to_string().contains("FIFO"), "{err}");
        let big = dir.path().join("big.json");
        let len = usize::try_from(crate::files::MAX_AGENT_SETTINGS_BYTES).unwrap() + 2;
        fs::write(&big, format!("\"{}\"", "x".repeat(len))).unwrap();
        let err = install_file(&big, &[hook()], false).unwrap_err();
        assert!(err.to_string().contains("over agsec's limit"), "{err}");
    }
}

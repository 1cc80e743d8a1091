//! Cline's hooks are executable files, not settings: `PreToolUse` in `.clinerules/hooks/`
//! (project) or `~/Documents/Cline/Hooks/` (user). agsec writes a two-line shell script that
//! `exec`s `agsec check --agent cline`, marked so it is recognised again; a `PreToolUse` script
//! that is not agsec's is never overwritten (a script cannot be merged).

use super::Change;
use super::HookCommand;
use super::file::{FileChange, InstallError, backup_path, write_atomically};
use serde_json::Value;
use std::path::Path;

/// The line that marks the script as agsec's.
const MARKER: &str = "# agsec: Cline's PreToolUse hook (written by `agsec install cline`)";

/// The script for `hook`.
fn script(hook: &HookCommand) -> String {
    let line = match hook.entry() {
        Value::String(line) => line,
        other => other.to_string(),
    };
    format!("#!/bin/sh\n{MARKER}\nexec {line}\n")
}

/// Whether `text` is a script agsec wrote.
fn is_ours(text: &str) -> bool {
    text.lines().any(|line| line == MARKER)
}

/// The command line the script `exec`s, when it is agsec's.
pub(super) fn exec_line(text: &str) -> Option<&str> {
    if !is_ours(text) {
        return None;
    }
    text.lines().find_map(|line| line.strip_prefix("exec "))
}

/// Writes (or updates) agsec's `PreToolUse` script at `path`, executable.
pub(super) fn install_script(
    path: &Path,
    hooks: &[HookCommand],
    dry_run: bool,
) -> Result<FileChange, InstallError> {
    let Some(hook) = hooks.first() else {
        return Err(InstallError::Unsupported(crate::agents::Agent::Cline));
    };
    let text = script(hook);
    let existing = match std::fs::read_to_string(path) {
        Ok(old) => Some(old),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(InstallError::Read {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    let change = match &existing {
        None => Change::Added,
        Some(old) if !is_ours(old) => {
            return Err(InstallError::Foreign {
                path: path.to_path_buf(),
            });
        }
        Some(old) if *old == text => Change::Unchanged,
        Some(_) => Change::Updated,
    };
    let mut done = FileChange {
        path: path.to_path_buf(),
        change,
        backup: None,
        dry_run_document: None,
    };
    if !change.is_modified() {
        return Ok(done);
    }
    if dry_run {
        done.dry_run_document = Some(Value::String(text));
        return Ok(done);
    }
    if existing.is_some() {
        let backup = backup_path(path);
        std::fs::copy(path, &backup).map_err(|error| InstallError::Write {
            path: backup.clone(),
            error,
        })?;
        done.backup = Some(backup);
    }
    write_atomically(path, &text, executable())?;
    Ok(done)
}

/// Removes agsec's `PreToolUse` script (a backup is kept); anything else is left alone.
pub(super) fn uninstall_script(path: &Path, dry_run: bool) -> Result<FileChange, InstallError> {
    let mut done = FileChange {
        path: path.to_path_buf(),
        change: Change::Absent,
        backup: None,
        dry_run_document: None,
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(done);
    };
    if !is_ours(&text) {
        return Ok(done);
    }
    done.change = Change::Removed;
    if dry_run {
        done.dry_run_document = Some(Value::Null);
        return Ok(done);
    }
    let backup = backup_path(path);
    let write = |error| InstallError::Write {
        path: path.to_path_buf(),
        error,
    };
    std::fs::rename(path, &backup).map_err(write)?;
    done.backup = Some(backup);
    Ok(done)
}

#[cfg(unix)]
fn executable() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o755))
}

/// Cline runs hooks on Unix only; elsewhere the file keeps the default permissions.
#[cfg(not(unix))]
fn executable() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::Agent;

    #[test]
    fn writes_updates_and_removes_only_its_own_script() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".clinerules/hooks/PreToolUse");
        let hook = HookCommand::new(Agent::Cline, Path::new("/opt/agsec"), None).unwrap();
        let done = install_script(&path, std::slice::from_ref(&hook), false).unwrap();
        assert_eq!(done.change, Change::Added);
        insta::assert_snapshot!(std::fs::read_to_string(&path).unwrap(), @r"
        #!/bin/sh
        # agsec: Cline's PreToolUse hook (written by `agsec install cline`)
        exec '/opt/agsec' check --agent cline
        ");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o755);
        }
        let again = install_script(&path, std::slice::from_ref(&hook), false).unwrap();
        assert_eq!(again.change, Change::Unchanged);
        assert_eq!(
            uninstall_script(&path, false).unwrap().change,
            Change::Removed
        );
        assert!(!path.exists());
        std::fs::write(&path, "#!/bin/sh\necho mine\n").unwrap();
        let err = install_script(&path, &[hook], false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("is not agsec's") && err.contains("help: "),
            "{err}"
        );
        assert_eq!(
            uninstall_script(&path, false).unwrap().change,
            Change::Absent
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "#!/bin/sh\necho mine\n"
        );
    }
}

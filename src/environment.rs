//! [`Environment`]: where a call is judged (the working directory, the home, the workspace) and
//! agsec's own files, which no tool may change; with every file an agent reads its hooks from.
//! The engine, self-protection and the hook pipeline all read it; it is exported as
//! `agsec::engine::Environment`.

use crate::paths::PathContext;
use std::path::{Path, PathBuf};

/// Where a call is judged: the directories paths are resolved against, and agsec's own files,
/// which no tool may change.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// The working directory of the call.
    pub cwd: PathBuf,
    /// The home directory (`~`).
    pub home: PathBuf,
    /// The repository root (the nearest directory with `.git` at or above `cwd`, else `cwd`).
    pub workspace: PathBuf,
    /// agsec's own files and directories, which no tool may change.
    pub protected: Vec<PathBuf>,
}

/// Whether `dir` may be a workspace: not `/`, not the home directory itself, not a system
/// directory.
fn can_be_workspace(dir: &Path, home: &Path) -> bool {
    let parts = dir.components().count();
    let system = [
        "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/boot", "/dev", "/proc", "/sys",
        "/var", "/opt", "/root", "/home", "/Users", "/System", "/Library", "/private",
    ];
    parts > 1 && dir != home && !system.iter().any(|s| dir == Path::new(s))
}

impl Environment {
    /// The environment of a call made in `cwd`: home from `$HOME`, the workspace from git,
    /// and as protected the agent hook settings, the agsec binary and `extra` (policy
    /// directory, settings file, audit store …).
    pub fn detect(cwd: &Path, extra: &[PathBuf]) -> Self {
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from("/"));
        let mut workspace = cwd
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .unwrap_or(cwd)
            .to_path_buf();
        if !can_be_workspace(&workspace, &home) {
            // `/`, a home directory itself or a system directory is never a workspace: nothing
            // is inside it, so work there is judged as outside the workspace.
            workspace = PathBuf::from("/nonexistent/agsec-no-workspace");
        }
        let mut protected: Vec<PathBuf> = extra.to_vec();
        protected.extend(hook_settings_files(&workspace, &home));
        // agsec's own state: the audit store and its spool, the policy cache.
        if let Some(dirs) = directories::ProjectDirs::from("", "", "agsec") {
            protected.push(dirs.data_dir().to_path_buf());
            protected.push(dirs.cache_dir().to_path_buf());
        }
        if let Ok(exe) = std::env::current_exe() {
            protected.push(exe.canonicalize().unwrap_or(exe));
        }
        Self {
            cwd: cwd.to_path_buf(),
            home,
            workspace,
            protected,
        }
    }

    pub(crate) fn path_context(&self) -> PathContext {
        PathContext {
            cwd: self.cwd.clone(),
            home: self.home.clone(),
            workspace: self.workspace.clone(),
            protected: self.protected.clone(),
        }
    }
}

/// Every file an agent reads its hooks from, in the project (`workspace`) and the person's
/// scope (`home`, `$CODEX_HOME`, `$COPILOT_HOME`): what each installer writes and its backup
/// ([`crate::agents::install::written_files`]: Claude Code, Codex, Gemini CLI, Copilot CLI,
/// Cursor, Cline), plus the files the agents also read hooks from that agsec does not write
/// (Claude Code's `settings.local.json`, Codex's `config.toml`). Self-protection denies changing
/// them and reviews writes into the folders that hold them.
pub(crate) fn hook_settings_files(workspace: &Path, home: &Path) -> Vec<PathBuf> {
    use crate::agents::install::{Scope, written_files};
    let codex_home = std::env::var_os("CODEX_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from);
    let mut files = written_files(&Scope::Project(workspace.to_path_buf()));
    files.extend(written_files(&Scope::User {
        home: home.to_path_buf(),
        codex_home: codex_home.clone(),
    }));
    for root in [workspace, home] {
        files.push(root.join(".claude/settings.local.json"));
        files.push(root.join(".codex/config.toml"));
    }
    if let Some(codex_home) = codex_home {
        files.push(codex_home.join("config.toml"));
    }
    files
}

//! Installers: the hook entries each agent needs to run `agsec check` (PreToolUse) and `agsec scan`
//! (PostToolUse), and how they are merged into (or removed from) a settings document. Claude
//! Code's `settings.json` and Codex's `hooks.json` share the shape
//! `{"hooks": {"<Event>": [{"matcher", "hooks": [entry]}]}}`, so one pure merge over
//! `serde_json::Value` serves both agents and both events; [`file`] reads and writes the files.
//! Everything the person put in the file besides agsec's own entry is kept, in its order.
//! [`installed`] reads an installed hook back and [`probe`] runs it as the agent would (for
//! `agsec doctor`).

mod cline;
mod file;
mod flat;
mod installed;
mod probe;

pub(crate) use file::written_files;
pub use file::{FileChange, INSTALLABLE, InstallError, Scope, settings_path};
pub use installed::{InstalledHook, Invocation, installed_hooks, skill_shell_registered};
pub use probe::{HookRun, Verdict, bash_payload, read_reply, run_hook};

use super::Agent;
use serde_json::{Map, Value, json};
use std::fmt;
use std::path::Path;

/// Registers every hook of `hooks` in the settings file at `path` (created with its directory
/// when absent), in one write; the change is [`install_all`]'s.
pub fn install_file(
    path: &Path,
    hooks: &[HookCommand],
    dry_run: bool,
) -> Result<FileChange, InstallError> {
    if hooks.first().is_some_and(|h| h.agent() == Agent::Cline) {
        return cline::install_script(path, hooks, dry_run);
    }
    file::update_file(path, dry_run, |doc| install_all(doc, hooks))
}

/// Removes agsec's hooks (any agsec `check` PreToolUse and `scan` PostToolUse hook, or one
/// running `binary`) from the file at `path`.
/// A missing file is "not installed".
pub fn uninstall_file(
    path: &Path,
    binary: &Path,
    dry_run: bool,
) -> Result<FileChange, InstallError> {
    if file::is_cline_script(path) {
        return cline::uninstall_script(path, dry_run);
    }
    file::update_file(path, dry_run, |doc| uninstall(doc, binary))
}

/// Seconds an agent waits for `agsec check` before giving up (Claude Code then blocks).
pub(crate) const HOOK_TIMEOUT_SECS: u64 = 30;

/// The hook events agsec registers for, each running its own subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HookEvent {
    /// Before a tool runs: `agsec check` judges the call (and can block it).
    PreToolUse,
    /// After a tool ran: `agsec scan` screens its output (and can only inform the model).
    PostToolUse,
    /// Claude Code (from [`SKILL_SHELL_SINCE`]): before a shell line embedded in a skill or
    /// slash command runs (`` !`cmd` ``), which no PreToolUse hook sees; `agsec check` judges it
    /// like a Bash call.
    PreSkillShellCommand,
}

/// The first Claude Code version with the `PreSkillShellCommand` hook event (2.1.329 has none;
/// 2.1.330 and 2.1.331 were checked too, see the README).
pub const SKILL_SHELL_SINCE: (u32, u32, u32) = (2, 1, 332);

/// Whether a Claude Code version (as `claude --version` prints it: `2.1.332 (Claude Code)`)
/// has the `PreSkillShellCommand` event. `None` when the text holds no version.
pub fn has_skill_shell_event(version_output: &str) -> Option<bool> {
    let word = version_output.split_whitespace().next()?;
    let mut numbers = word.split('.').map(|n| n.parse::<u32>().ok());
    let version = (numbers.next()??, numbers.next()??, numbers.next()??);
    Some(version >= SKILL_SHELL_SINCE)
}

/// What the Claude Code that will run the hooks says its version is: the first line of
/// `$AGSEC_CLAUDE_BIN --version`, else of `claude --version` from `PATH`, with the program asked
/// (for messages). `None` for the answer when the program cannot be run or fails.
pub fn claude_version() -> (std::ffi::OsString, Option<String>) {
    let program = std::env::var_os("AGSEC_CLAUDE_BIN")
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "claude".into());
    let answer = std::process::Command::new(&program)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned());
    (program, answer)
}

impl HookEvent {
    /// Every event, in the order they are installed.
    pub const ALL: [HookEvent; 2] = [HookEvent::PreToolUse, HookEvent::PostToolUse];

    /// The key under `hooks` in the settings document.
    pub fn key(self) -> &'static str {
        match self {
            HookEvent::PreToolUse => "PreToolUse",
            HookEvent::PostToolUse => "PostToolUse",
            HookEvent::PreSkillShellCommand => "PreSkillShellCommand",
        }
    }

    /// The key under `hooks` for `agent` (Gemini CLI: `BeforeTool`, `AfterTool`; Copilot CLI:
    /// `preToolUse`, `postToolUse`).
    pub(crate) fn key_for(self, agent: Agent) -> &'static str {
        match (agent, self) {
            (Agent::Gemini, HookEvent::PreToolUse) => "BeforeTool",
            (Agent::Gemini, HookEvent::PostToolUse) => "AfterTool",
            (Agent::Copilot, HookEvent::PreToolUse) => "preToolUse",
            (Agent::Copilot, HookEvent::PostToolUse) => "postToolUse",
            _ => self.key(),
        }
    }

    /// Every key an event has in the matcher-group settings files (Claude Code, Codex, Gemini
    /// CLI), with its event: what uninstalling and shape checks walk.
    const GROUP_KEYS: [(HookEvent, &'static str); 5] = [
        (HookEvent::PreToolUse, "PreToolUse"),
        (HookEvent::PostToolUse, "PostToolUse"),
        (HookEvent::PreSkillShellCommand, "PreSkillShellCommand"),
        (HookEvent::PreToolUse, "BeforeTool"),
        (HookEvent::PostToolUse, "AfterTool"),
    ];

    /// The agsec subcommand the event's hook runs.
    pub fn subcommand(self) -> &'static str {
        match self {
            HookEvent::PreToolUse | HookEvent::PreSkillShellCommand => "check",
            HookEvent::PostToolUse => "scan",
        }
    }
}

impl fmt::Display for HookEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The agsec command to register for one agent and one event. Invariant: `agent` is Claude Code
/// or Codex, and the paths are absolute and valid UTF-8 (they are written into JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookCommand {
    agent: Agent,
    event: HookEvent,
    binary: String,
    policy_dir: Option<String>,
}

impl HookCommand {
    /// The PreToolUse hook running `binary check --agent <agent> [--policy-dir <policy_dir>]`;
    /// [`HookCommand::for_event`] gives the same command for another event.
    pub fn new(
        agent: Agent,
        binary: &Path,
        policy_dir: Option<&Path>,
    ) -> Result<Self, InstallError> {
        if agent == Agent::Plain {
            return Err(InstallError::Unsupported(agent));
        }
        let binary = absolute_utf8(binary)?;
        let policy_dir = policy_dir.map(absolute_utf8).transpose()?;
        Ok(Self {
            agent,
            event: HookEvent::PreToolUse,
            binary,
            policy_dir,
        })
    }

    /// The same command (agent, binary, policy directory) registered for `event`.
    pub(crate) fn for_event(&self, event: HookEvent) -> Self {
        Self {
            event,
            ..self.clone()
        }
    }

    /// One hook per [`HookEvent`], in [`HookEvent::ALL`] order: what `agsec install` writes
    /// (plus, for Claude Code, [`HookCommand::with_skill_shell`] where the version has it).
    pub(crate) fn every_event(&self) -> Vec<Self> {
        if self.agent == Agent::Cline {
            // Cline's hooks are one script each; agsec writes the `PreToolUse` one only.
            return vec![self.for_event(HookEvent::PreToolUse)];
        }
        HookEvent::ALL.map(|event| self.for_event(event)).to_vec()
    }

    /// [`HookCommand::every_event`] plus the `PreSkillShellCommand` hook when `skill_shell` (the
    /// installed Claude Code has that event: [`has_skill_shell_event`]). An older Claude Code
    /// must not get it: it would not run it, and the README says what that leaves unguarded.
    pub fn with_skill_shell(&self, skill_shell: bool) -> Vec<Self> {
        let mut hooks = self.every_event();
        if skill_shell && self.agent == Agent::ClaudeCode {
            hooks.push(self.for_event(HookEvent::PreSkillShellCommand));
        }
        hooks
    }

    /// The agent this hook is for.
    pub fn agent(&self) -> Agent {
        self.agent
    }

    /// The event this hook is registered for.
    pub fn event(&self) -> HookEvent {
        self.event
    }

    /// The hook object put in the matcher group's `hooks` array.
    /// Claude Code gets the exec form (`command` + `args`: no shell, so no profile noise on
    /// stdout) and, before a call (PreToolUse, PreSkillShellCommand), `onFailure: "block"` (a PostToolUse hook cannot block
    /// a call that already ran); Codex runs commands through a login shell, so it gets one
    /// string with the paths single-quoted.
    pub fn entry(&self) -> Value {
        let subcommand = self.event.subcommand();
        let mut args = vec![subcommand, "--agent", self.agent.as_str()];
        if let Some(dir) = &self.policy_dir {
            args.extend(["--policy-dir", dir]);
        }
        let shell_line = || {
            let mut command = format!(
                "{} {subcommand} --agent {}",
                single_quote(&self.binary),
                self.agent
            );
            if let Some(dir) = &self.policy_dir {
                command.push_str(" --policy-dir ");
                command.push_str(&single_quote(dir));
            }
            command
        };
        match self.agent {
            Agent::Codex => {
                json!({"type": "command", "command": shell_line(), "timeout": HOOK_TIMEOUT_SECS})
            }
            // Gemini CLI runs the command through a shell; its timeout is in milliseconds.
            Agent::Gemini => json!({
                "name": format!("agsec {subcommand}"),
                "type": "command",
                "command": shell_line(),
                "timeout": HOOK_TIMEOUT_SECS * 1000,
            }),
            // Copilot CLI runs `bash` entries through bash; its timeout is `timeoutSec`.
            Agent::Copilot => {
                json!({"type": "command", "bash": shell_line(), "timeoutSec": HOOK_TIMEOUT_SECS})
            }
            // Cursor: a crash, timeout or invalid JSON blocks the call only with `failClosed`.
            // After a tool ran there is nothing to block: the `scan` entries have no `failClosed`.
            Agent::Cursor if self.event == HookEvent::PostToolUse => {
                json!({"command": shell_line()})
            }
            Agent::Cursor => json!({"command": shell_line(), "failClosed": true}),
            // Cline runs a script file: the entry is the line it `exec`s.
            Agent::Cline => Value::String(shell_line()),
            Agent::ClaudeCode | Agent::Plain => {
                let mut entry = json!({
                    "type": "command",
                    "command": self.binary,
                    "args": args,
                    "timeout": HOOK_TIMEOUT_SECS,
                });
                if self.event != HookEvent::PostToolUse
                    && let Some(object) = entry.as_object_mut()
                {
                    object.insert("onFailure".to_owned(), json!("block"));
                }
                entry
            }
        }
    }
}

fn absolute_utf8(path: &Path) -> Result<String, InstallError> {
    if !path.is_absolute() {
        return Err(InstallError::RelativePath(path.to_path_buf()));
    }
    path.to_str()
        .map(str::to_owned)
        .ok_or_else(|| InstallError::NonUtf8Path(path.to_path_buf()))
}

/// `'text'` for any POSIX shell: single quotes, with each `'` written as `'\''`. Always quoted
/// (not only when needed, as `shlex::try_quote` does) so the registered command reads the same
/// whatever the path; shlex has no always-quote mode.
fn single_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// What a merge did to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// agsec's hook was not there and has been added.
    Added,
    /// agsec's hook was there in another form (binary, policy dir, matcher, duplicates) and has
    /// been replaced by the current one.
    Updated,
    /// agsec's hook was there exactly as it would be written: nothing changed.
    Unchanged,
    /// agsec's hook (and the containers that only held it) has been removed.
    Removed,
    /// Uninstalling, and there was no agsec hook: nothing changed.
    Absent,
}

impl Change {
    /// Whether the document differs from before.
    pub(crate) fn is_modified(self) -> bool {
        matches!(self, Change::Added | Change::Updated | Change::Removed)
    }
}

/// A settings document whose structure is not what agents read: agsec refuses to change it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{at}` is a JSON {found}, expected {expected}")]
pub struct ShapeError {
    /// Where, as a path like `hooks.PreToolUse[0].hooks` (`(top level)` for the document).
    pub at: String,
    /// The JSON type found there (`string`, `array` …).
    pub found: &'static str,
    /// The JSON type agents read there.
    pub expected: &'static str,
}

/// Adds `hook`'s entry to the document's hooks for its event (`PreToolUse`, `PostToolUse`), in a
/// group of its own with matcher `*`, or updates agsec's existing entry for that event in place
/// (recognised by [`is_agsec_event_hook`]); extra agsec entries are removed. Idempotent.
pub fn install(doc: &mut Value, hook: &HookCommand) -> Result<Change, ShapeError> {
    check_shape(doc)?;
    if matches!(hook.agent, Agent::Copilot | Agent::Cursor) {
        return flat::install(doc, hook);
    }
    let entry = hook.entry();
    let event = hook.event;
    let groups = event_groups_mut(doc, event.key_for(hook.agent))?;
    let found = agsec_positions(groups, event, &hook.binary);
    let Some(&(group, index)) = found.first() else {
        groups.push(json!({"matcher": "*", "hooks": [entry]}));
        return Ok(Change::Added);
    };
    if groups.get(group).is_some_and(is_catch_all) {
        let slot = groups
            .get_mut(group)
            .and_then(|g| g.get_mut("hooks"))
            .and_then(|h| h.get_mut(index));
        let mut changed = found.len() > 1;
        if let Some(slot) = slot
            && *slot != entry
        {
            *slot = entry;
            changed = true;
        }
        remove_hooks(groups, found.get(1..).unwrap_or_default());
        return Ok(if changed {
            Change::Updated
        } else {
            Change::Unchanged
        });
    }
    // agsec's entry sits under a narrower matcher: it must see every tool.
    remove_hooks(groups, &found);
    groups.push(json!({"matcher": "*", "hooks": [entry]}));
    Ok(Change::Updated)
}

/// Installs every hook of `hooks` (in order) and sums up what changed: `Unchanged` when nothing
/// did, `Added` when every hook was new, else `Updated`. Stops at the first shape error, before
/// changing anything (the shape is checked first).
pub(crate) fn install_all(doc: &mut Value, hooks: &[HookCommand]) -> Result<Change, ShapeError> {
    check_shape(doc)?;
    let mut changes = Vec::with_capacity(hooks.len());
    for hook in hooks {
        changes.push(install(doc, hook)?);
    }
    Ok(if changes.iter().all(|c| *c == Change::Unchanged) {
        Change::Unchanged
    } else if changes.iter().all(|c| *c == Change::Added) {
        Change::Added
    } else {
        Change::Updated
    })
}

/// Removes every agsec entry (agsec's `check` under `PreToolUse`, its `scan` under
/// `PostToolUse`) from the document, then the matcher groups, event arrays and `hooks` object
/// that became empty by it; nothing else. `Removed` when any entry was removed.
pub fn uninstall(doc: &mut Value, binary: &Path) -> Result<Change, ShapeError> {
    check_shape(doc)?;
    let mut change = flat::uninstall(doc, binary);
    for (event, key) in HookEvent::GROUP_KEYS {
        if uninstall_event(doc, event, key, binary) == Change::Removed {
            change = Change::Removed;
        }
    }
    Ok(change)
}

/// [`uninstall`] for one event. Call after [`check_shape`].
fn uninstall_event(doc: &mut Value, event: HookEvent, key: &str, binary: &Path) -> Change {
    let binary = binary.to_string_lossy();
    let Some(root) = doc.as_object_mut() else {
        return Change::Absent;
    };
    let Some(Value::Object(hooks)) = root.get_mut("hooks") else {
        return Change::Absent;
    };
    let Some(Value::Array(groups)) = hooks.get_mut(key) else {
        return Change::Absent;
    };
    let found = agsec_positions(groups, event, &binary);
    if found.is_empty() {
        return Change::Absent;
    }
    remove_hooks(groups, &found);
    if groups.is_empty() {
        hooks.shift_remove(key);
        if hooks.is_empty() {
            root.shift_remove("hooks");
        }
    }
    Change::Removed
}

/// Whether a hook object runs agsec's `check`: its program (`command`, or the first word of a
/// shell-form `command`) is `binary` or a file named `agsec`, and its first argument is `check`.
pub(crate) fn is_agsec_hook(hook: &Value, binary: &str) -> bool {
    is_agsec_event_hook(hook, HookEvent::PreToolUse, binary)
}

/// Whether a hook object runs agsec's subcommand for `event` (`check` for PreToolUse, `scan`
/// for PostToolUse): its program is `binary` or a file named `agsec`, and its first argument is
/// that subcommand.
pub(crate) fn is_agsec_event_hook(hook: &Value, event: HookEvent, binary: &str) -> bool {
    // Copilot CLI's entries name their command line `bash`.
    let Some(command) = ["command", "bash"]
        .iter()
        .find_map(|key| hook.get(*key).and_then(Value::as_str))
    else {
        return false;
    };
    let argv: Vec<String> = match hook.get("args") {
        Some(Value::Array(args)) => std::iter::once(command.to_owned())
            .chain(args.iter().filter_map(Value::as_str).map(str::to_owned))
            .collect(),
        _ => shlex::split(command).unwrap_or_default(),
    };
    let [program, subcommand, ..] = argv.as_slice() else {
        return false;
    };
    let program = Path::new(program);
    subcommand == event.subcommand()
        && (program == Path::new(binary)
            || program.file_stem().and_then(|s| s.to_str()) == Some("agsec"))
}

/// Validates the parts of the document a merge walks (the arrays of every [`HookEvent`]), so a
/// merge never half-applies.
fn check_shape(doc: &Value) -> Result<(), ShapeError> {
    let root = expect_object(doc, || "(top level)".to_owned())?;
    let Some(hooks) = root.get("hooks") else {
        return Ok(());
    };
    let hooks = expect_object(hooks, || "hooks".to_owned())?;
    flat::check_shape(hooks)?;
    for (_, key) in HookEvent::GROUP_KEYS {
        let Some(groups) = hooks.get(key) else {
            continue;
        };
        let Value::Array(groups) = groups else {
            return Err(shape(format!("hooks.{key}"), groups, "an array"));
        };
        for (g, group) in groups.iter().enumerate() {
            let group = expect_object(group, || format!("hooks.{key}[{g}]"))?;
            match group.get("hooks") {
                None => {}
                Some(Value::Array(entries)) => {
                    for (h, entry) in entries.iter().enumerate() {
                        expect_object(entry, || format!("hooks.{key}[{g}].hooks[{h}]"))?;
                    }
                }
                Some(other) => {
                    return Err(shape(format!("hooks.{key}[{g}].hooks"), other, "an array"));
                }
            }
        }
    }
    Ok(())
}

fn expect_object(
    value: &Value,
    at: impl FnOnce() -> String,
) -> Result<&Map<String, Value>, ShapeError> {
    value
        .as_object()
        .ok_or_else(|| shape(at(), value, "an object"))
}

fn shape(at: String, found: &Value, expected: &'static str) -> ShapeError {
    ShapeError {
        at,
        found: super::error::json_type(found),
        expected,
    }
}

/// The `hooks.<key>` array, created when absent. Call after [`check_shape`].
fn event_groups_mut<'d>(doc: &'d mut Value, key: &str) -> Result<&'d mut Vec<Value>, ShapeError> {
    let wrong = |at: &str, expected| ShapeError {
        at: at.to_owned(),
        found: "value of another type",
        expected,
    };
    let root = doc
        .as_object_mut()
        .ok_or_else(|| wrong("(top level)", "an object"))?;
    let hooks = root
        .entry("hooks")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| wrong("hooks", "an object"))?;
    hooks
        .entry(key)
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| wrong("hooks.<event>", "an array"))
}

/// `(group, index)` of every agsec hook for `event`, in document order.
fn agsec_positions(groups: &[Value], event: HookEvent, binary: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        if let Some(Value::Array(entries)) = group.get("hooks") {
            for (h, entry) in entries.iter().enumerate() {
                if is_agsec_event_hook(entry, event, binary) {
                    found.push((g, h));
                }
            }
        }
    }
    found
}

/// Removes the hooks at `positions` (ascending), and each group they leave empty.
fn remove_hooks(groups: &mut Vec<Value>, positions: &[(usize, usize)]) {
    for &(g, h) in positions.iter().rev() {
        let Some(Value::Array(entries)) =
            groups.get_mut(g).and_then(|group| group.get_mut("hooks"))
        else {
            continue;
        };
        if h < entries.len() {
            entries.remove(h);
        }
        if entries.is_empty() && g < groups.len() {
            groups.remove(g);
        }
    }
}

/// A matcher group that applies to every tool: matcher absent, `""` or `*`.
fn is_catch_all(group: &Value) -> bool {
    match group.get("matcher") {
        None => true,
        Some(Value::String(matcher)) => matcher.is_empty() || matcher == "*",
        Some(_) => false,
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Change::Added => "added",
            Change::Updated => "updated",
            Change::Unchanged => "unchanged",
            Change::Removed => "removed",
            Change::Absent => "absent",
        })
    }
}

#[cfg(test)]
mod tests;

//! Reading back what an installer wrote: the agsec hooks registered in a settings file, as the
//! command the agent will run (Claude Code's exec form, or one shell string) and the
//! `agsec check` options they pass. `agsec doctor` checks and probes these; nothing here writes.

use super::file::{InstallError, read_document};
use super::{ShapeError, check_shape, is_agsec_hook};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One agsec hook found in a settings file. Invariant: `argv` is non-empty and its second word
/// is `check` (what [`is_agsec_hook`] recognises).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledHook {
    /// The settings file it is registered in.
    pub settings: PathBuf,
    /// The `matcher` of its group (`None` when absent).
    pub matcher: Option<String>,
    /// How the agent starts it.
    pub invocation: Invocation,
    /// The words the command amounts to: the program, then its arguments.
    pub argv: Vec<String>,
    /// `timeout` in seconds, when set.
    pub timeout: Option<u64>,
    /// `onFailure` (Claude Code: `block` makes a hook that crashes or times out block the call).
    pub on_failure: Option<String>,
}

/// How an agent starts a hook command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    /// `command` run with `args`, no shell (Claude Code's exec form).
    Exec {
        /// The program to run (`command`).
        program: String,
        /// Its arguments, each passed as one word (`args`).
        args: Vec<String>,
    },

    /// One command string given to a shell (Codex: `$SHELL -lc`; Claude Code without `args`).
    Shell(String),
}

impl InstalledHook {
    /// The program the hook runs (an absolute path when agsec installed it).
    pub fn program(&self) -> &str {
        self.argv.first().map_or("", String::as_str)
    }

    /// The value of option `name` (`--policy-dir DIR` or `--policy-dir=DIR`) on the command line.
    pub fn option(&self, name: &str) -> Option<&str> {
        let mut words = self.argv.iter().skip(1);
        while let Some(word) = words.next() {
            if word == name {
                return words.next().map(String::as_str);
            }
            if let Some(value) = word
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
            {
                return Some(value);
            }
        }
        None
    }

    /// Whether its group's matcher lets every tool call through to it (`*`, `""` or absent).
    pub fn sees_every_tool(&self) -> bool {
        self.matcher
            .as_deref()
            .is_none_or(|m| m.is_empty() || m == "*")
    }

    /// The command as one line a person can read (and paste into a shell).
    pub fn display_command(&self) -> String {
        match &self.invocation {
            Invocation::Shell(command) => command.clone(),
            Invocation::Exec { .. } => shlex::try_join(self.argv.iter().map(String::as_str))
                .unwrap_or_else(|_| self.argv.join(" ")),
        }
    }
}

/// Every agsec hook in the `PreToolUse` hooks of the settings file at `path`, in document order
/// (hooks running `binary`, or any program named `agsec`). A missing or blank file has none; a
/// file agents cannot read (not JSON, unexpected shape) is an error.
pub fn installed_hooks(path: &Path, binary: &Path) -> Result<Vec<InstalledHook>, InstallError> {
    if super::file::is_cline_script(path) {
        return Ok(cline_hook(path).into_iter().collect());
    }
    let (doc, _) = read_document(path)?;
    check_shape(&doc).map_err(|shape: ShapeError| InstallError::Shape {
        path: path.to_path_buf(),
        shape,
    })?;
    let binary = binary.to_string_lossy();
    let hooks = doc.get("hooks");
    let mut found = Vec::new();
    // Matcher groups: Claude Code and Codex (`PreToolUse`), Gemini CLI (`BeforeTool`).
    for key in ["PreToolUse", "BeforeTool"] {
        let groups = hooks
            .and_then(|hooks| hooks.get(key))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for group in groups {
            let matcher = match group.get("matcher") {
                Some(Value::String(matcher)) => Some(matcher.clone()),
                // A matcher of another type: shown as JSON, and never taken for a catch-all.
                Some(other) => Some(other.to_string()),
                None => None,
            };
            let entries = group
                .get("hooks")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            for entry in entries.iter().filter(|e| is_agsec_hook(e, &binary)) {
                if let Some(hook) = read_hook(path, matcher.clone(), entry, key == "BeforeTool") {
                    found.push(hook);
                }
            }
        }
    }
    // The flat lists: Cursor's shell event (the probe is a shell call; its other events hold
    // the same entry), else Copilot CLI's `preToolUse`. Every entry sees every call.
    let flat_key = if hooks.is_some_and(|h| h.get("beforeShellExecution").is_some()) {
        "beforeShellExecution"
    } else {
        "preToolUse"
    };
    let flat = hooks
        .and_then(|hooks| hooks.get(flat_key))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for entry in flat.iter().filter(|e| is_agsec_hook(e, &binary)) {
        if let Some(hook) = read_hook(path, None, entry, false) {
            found.push(hook);
        }
    }
    Ok(found)
}

/// Whether the settings file at `path` registers an agsec hook for Claude Code's
/// `PreSkillShellCommand` event (a missing or blank file does not).
pub fn skill_shell_registered(path: &Path, binary: &Path) -> Result<bool, InstallError> {
    let (doc, _) = read_document(path)?;
    let binary = binary.to_string_lossy();
    let key = super::HookEvent::PreSkillShellCommand.key();
    Ok(doc
        .get("hooks")
        .and_then(|hooks| hooks.get(key))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|group| group.get("hooks").and_then(Value::as_array))
        .flatten()
        .any(|entry| is_agsec_hook(entry, &binary)))
}

/// agsec's Cline script at `path`, read as the command line it `exec`s (none: not agsec's).
fn cline_hook(path: &Path) -> Option<InstalledHook> {
    let text = std::fs::read_to_string(path).ok()?;
    let line = super::cline::exec_line(&text)?.to_owned();
    let argv = shlex::split(&line)?;
    Some(InstalledHook {
        settings: path.to_path_buf(),
        matcher: None,
        invocation: Invocation::Shell(line),
        argv,
        timeout: None,
        on_failure: None,
    })
}

/// The hook of one entry [`is_agsec_hook`] accepted (so `command` is a string).
fn read_hook(
    settings: &Path,
    matcher: Option<String>,
    entry: &Value,
    timeout_in_ms: bool,
) -> Option<InstalledHook> {
    let command = ["command", "bash"]
        .iter()
        .find_map(|key| entry.get(*key).and_then(Value::as_str))?
        .to_owned();
    let (invocation, argv) = match entry.get("args") {
        Some(Value::Array(args)) => {
            let args: Vec<String> = args
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            let argv = std::iter::once(command.clone())
                .chain(args.iter().cloned())
                .collect();
            (
                Invocation::Exec {
                    program: command,
                    args,
                },
                argv,
            )
        }
        _ => {
            let argv = shlex::split(&command)?;
            (Invocation::Shell(command), argv)
        }
    };
    Some(InstalledHook {
        settings: settings.to_path_buf(),
        matcher,
        invocation,
        argv,
        // Seconds; Gemini CLI's `timeout` is in milliseconds, Copilot CLI's is `timeoutSec`.
        timeout: entry.get("timeoutSec").and_then(Value::as_u64).or_else(|| {
            let timeout = entry.get("timeout").and_then(Value::as_u64)?;
            Some(if timeout_in_ms {
                timeout.div_ceil(1000)
            } else {
                timeout
            })
        }),
        on_failure: entry
            .get("onFailure")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::Agent;
    use crate::agents::install::{HookCommand, install_file};
    use std::fs;

    const BIN: &str = "/usr/local/bin/agsec";

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn reads_back_what_install_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (
                Agent::ClaudeCode,
                Some("/p/policies"),
                Invocation::Exec {
                    program: BIN.to_owned(),
                    args: vec![
                        "check".into(),
                        "--agent".into(),
                        "claude-code".into(),
                        "--policy-dir".into(),
                        "/p/policies".into(),
                    ],
                },
                Some("block"),
            ),
            (
                Agent::Codex,
                Some("/p/it's here"),
                Invocation::Shell(
                    "'/usr/local/bin/agsec' check --agent codex --policy-dir '/p/it'\\''s here'"
                        .to_owned(),
                ),
                None,
            ),
            (
                Agent::Codex,
                None,
                Invocation::Shell("'/usr/local/bin/agsec' check --agent codex".to_owned()),
                None,
            ),
        ];
        for (agent, policy_dir, invocation, on_failure) in cases {
            let path = dir
                .path()
                .join(format!("{agent}-{}.json", policy_dir.is_some()));
            let hook = HookCommand::new(agent, Path::new(BIN), policy_dir.map(Path::new)).unwrap();
            install_file(&path, &[hook], false).unwrap();
            let found = installed_hooks(&path, Path::new(BIN)).unwrap();
            assert_eq!(found.len(), 1, "{agent}");
            let hook = &found[0];
            assert_eq!(hook.settings, path);
            assert_eq!(hook.matcher.as_deref(), Some("*"));
            assert!(hook.sees_every_tool());
            assert_eq!(hook.invocation, invocation, "{agent}");
            assert_eq!(hook.program(), BIN);
            assert_eq!(hook.option("--agent"), Some(agent.as_str()));
            assert_eq!(hook.option("--policy-dir"), policy_dir);
            assert_eq!(hook.timeout, Some(30));
            assert_eq!(hook.on_failure.as_deref(), on_failure);
        }
    }

    #[test]
    fn finds_hooks_among_others() {
        let (_dir, path) = write(
            r#"{"model": "x", "hooks": {"PostToolUse": [{"hooks": [{"command": "/bin/agsec check"}]}],
                "PreToolUse": [
                  {"matcher": "Bash", "hooks": [{"type": "command", "command": "/bin/lint"},
                                                {"type": "command", "command": "/opt/agsec", "args": ["check", "--policy-dir=/d"]}]},
                  {"hooks": [{"type": "command", "command": "/x/agsec check --agent codex"}]},
                  {"matcher": 3, "hooks": [{"type": "command", "command": "/y/agsec check"}]}
                ]}}"#,
        );
        let found = installed_hooks(&path, Path::new(BIN)).unwrap();
        let summary: Vec<(Option<&str>, bool, String, Option<&str>)> = found
            .iter()
            .map(|h| {
                (
                    h.matcher.as_deref(),
                    h.sees_every_tool(),
                    h.display_command(),
                    h.option("--policy-dir"),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    Some("Bash"),
                    false,
                    "/opt/agsec check '--policy-dir=/d'".to_owned(),
                    Some("/d")
                ),
                (None, true, "/x/agsec check --agent codex".to_owned(), None),
                (Some("3"), false, "/y/agsec check".to_owned(), None),
            ]
        );
    }

    #[test]
    fn missing_blank_or_foreign_files_hold_none() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.json");
        assert_eq!(installed_hooks(&missing, Path::new(BIN)).unwrap(), []);
        for text in [
            "",
            "\n",
            "{}",
            r#"{"hooks": {"PreToolUse": [{"hooks": [{"command": "/bin/other check"}]}]}}"#,
        ] {
            let (_dir, path) = write(text);
            assert_eq!(
                installed_hooks(&path, Path::new(BIN)).unwrap(),
                [],
                "{text}"
            );
        }
    }

    #[test]
    fn unreadable_files_are_located_errors() {
        let cases = [
            (
                "{\n  \"hooks\": ,\n}",
                ":2:12: not valid JSON: expected value",
            ),
            (
                r#"{"hooks": {"PreToolUse": {}}}"#,
                ": unexpected settings shape: `hooks.PreToolUse` is a JSON object, expected an array",
            ),
        ];
        for (text, expected) in cases {
            let (_dir, path) = write(text);
            let err = installed_hooks(&path, Path::new(BIN))
                .unwrap_err()
                .to_string();
            let first = err.lines().next().unwrap();
            assert_eq!(first, format!("{}{expected}", path.display()));
        }
    }

    #[test]
    fn options_are_read_from_the_words_after_the_program() {
        let hook = |argv: &[&str]| InstalledHook {
            settings: PathBuf::new(),
            matcher: None,
            invocation: Invocation::Shell(String::new()),
            argv: argv.iter().map(|w| (*w).to_owned()).collect(),
            timeout: None,
            on_failure: None,
        };
        let cases: [(&[&str], Option<&str>); 5] = [
            (&["agsec", "check", "--policy-dir", "/a"], Some("/a")),
            (&["agsec", "check", "--policy-dir=/b"], Some("/b")),
            (&["agsec", "check", "--policy-dir"], None),
            (&["agsec", "check", "--policy-directory=/c"], None),
            (&["--policy-dir", "check"], None),
        ];
        for (argv, expected) in cases {
            assert_eq!(hook(argv).option("--policy-dir"), expected, "{argv:?}");
        }
    }
}

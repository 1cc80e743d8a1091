//! The checks of one settings file: each agsec hook in it, its binary, policies, settings and
//! audit store as `agsec check` will find them, and the two probes through the hook command.

use super::{Check, Section, Status, title};
use agsec::agents::Agent;
use agsec::agents::install::{self, InstalledHook, Verdict};
use agsec::audit::{self, AuditStore};
use agsec::config::{self, Config};
use agsec::policy;
use std::cell::OnceCell;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A call every policy set must stop, and one it must let through.
const DANGEROUS: &str = "rm -rf ~";
const HARMLESS: &str = "ls";

/// Longest wait for one probe, whatever the hook's own timeout (agents default to 600 s).
const MAX_PROBE_WAIT: Duration = Duration::from_secs(60);

pub(super) struct Doctor<'a> {
    pub(super) project: &'a Path,
    pub(super) binary: &'a Path,
    /// Where the probes' decisions are recorded, so they stay out of the person's audit log.
    pub(super) probe_db: PathBuf,
    /// `claude --version` as [`install::claude_version`] asks it, once, when first needed.
    pub(super) claude: OnceCell<(OsString, Option<String>)>,
}

impl Doctor<'_> {
    pub(super) fn section(&self, agent: Agent, scope: &'static str, settings: PathBuf) -> Section {
        let mut checks = Vec::new();
        let hooks = match install::installed_hooks(&settings, self.binary) {
            Ok(hooks) => hooks,
            Err(e) => {
                let text = e.to_string();
                let (message, help) = match text.split_once("\n  help: ") {
                    Some((message, help)) => (message.to_owned(), Some(help.to_owned())),
                    None => (text, None),
                };
                let mut check = Check::new(
                    "settings-file",
                    Status::Fail,
                    format!("{} cannot read its settings: {message}", title(agent)),
                );
                check.help = help;
                checks.push(check);
                Vec::new()
            }
        };
        if hooks.len() > 1 {
            checks.push(
                Check::new(
                    "duplicates",
                    Status::Warn,
                    format!(
                        "{} agsec hooks are registered; each runs on every call",
                        hooks.len()
                    ),
                )
                .help(format!("run `agsec install {agent}` again to keep one")),
            );
        }
        for hook in &hooks {
            self.hook_checks(agent, scope, hook, &mut checks);
        }
        if agent == Agent::ClaudeCode && !hooks.is_empty() {
            checks.push(self.skill_shell_check(&settings, scope));
        }
        Section {
            agent: agent.as_str(),
            title: title(agent),
            scope,
            settings,
            installed: !hooks.is_empty(),
            checks,
        }
    }

    fn hook_checks(&self, agent: Agent, scope: &str, hook: &InstalledHook, out: &mut Vec<Check>) {
        let reinstall = match scope {
            "user" => format!("run `agsec install {agent} --user` again"),
            _ => format!("run `agsec install {agent}` in the project again"),
        };
        out.push(Check::new(
            "installed",
            Status::Ok,
            format!("installed: `{}`", hook.display_command()),
        ));
        if !hook.sees_every_tool() {
            out.push(
                Check::new(
                    "matcher",
                    Status::Fail,
                    format!(
                        "the hook only sees tools matching `{}`; other tool calls are not checked",
                        hook.matcher.as_deref().unwrap_or_default()
                    ),
                )
                .help(format!(
                    "{reinstall} (it registers the hook for every tool, `*`)"
                )),
            );
        }
        if agent == Agent::ClaudeCode && hook.on_failure.as_deref() != Some("block") {
            out.push(
                Check::new(
                    "on-failure",
                    Status::Warn,
                    "no `onFailure: \"block\"`: if agsec crashes or times out, Claude Code runs the call",
                )
                .help(reinstall.clone()),
            );
        }
        out.push(self.binary_check(hook, &reinstall));
        let (policy_check, policy_dir) = self.policy_check(hook);
        let loaded = policy_check.status == Status::Ok;
        out.push(policy_check);
        if loaded && let Some(dir) = policy_dir.as_deref() {
            out.extend(cache_check(dir));
        }
        let (config_check, config) = config_check(hook, policy_dir.as_deref());
        out.push(config_check);
        out.extend(audit_checks(hook, config.as_ref()));
        if agent == Agent::Gemini {
            let mut message =
                "Gemini CLI runs the call when agsec cannot start or times out (exit codes other than 0 and 2 are only warnings)"
                    .to_owned();
            if scope == "project" {
                message.push_str("; it runs a project's hooks only in a trusted folder");
            }
            out.push(
                Check::new("trust", Status::Note, message)
                    .help("trust the project in Gemini CLI and check that `/hooks panel` lists agsec's hooks as enabled (agsec cannot see whether you did)"),
            );
        }
        if agent == Agent::Copilot {
            out.push(
                Check::new(
                    "trust",
                    Status::Note,
                    "Copilot CLI runs the call when a hook fails or times out, and loads a project's hooks only in a folder you trusted",
                )
                .help("start `copilot` in the project and trust the folder; `--allow-all-tools` approves agsec's `ask` without asking"),
            );
        }
        if agent == Agent::Cursor {
            let fail_closed = std::fs::read_to_string(&hook.settings)
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|doc| {
                    doc.pointer("/hooks/beforeShellExecution")
                        .and_then(|v| v.as_array())
                        .map(|entries| {
                            entries.iter().any(|e| {
                                e.get("failClosed") == Some(&serde_json::Value::Bool(true))
                            })
                        })
                })
                .unwrap_or(false);
            out.push(if fail_closed {
                Check::new(
                    "trust",
                    Status::Note,
                    "Cursor runs a project's hooks only in a trusted workspace; `failClosed` blocks a call when agsec crashes or times out",
                )
                .help("trust the workspace, restart Cursor and check its Hooks tab lists agsec")
            } else {
                Check::new(
                    "on-failure",
                    Status::Warn,
                    "no `failClosed: true`: if agsec crashes or times out, Cursor runs the call",
                )
                .help(reinstall.clone())
            });
        }
        if agent == Agent::Cline {
            out.push(
                Check::new(
                    "trust",
                    Status::Note,
                    "Cline runs hook scripts only with \"Enable Hooks\" on, and runs the call when a hook fails",
                )
                .help("turn on \"Enable Hooks\" in Cline's Feature Settings (agsec cannot see whether you did)"),
            );
        }
        if agent == Agent::Codex {
            let mut message = "Codex skips a new or changed hook until you trust it".to_owned();
            if scope == "project" {
                message.push_str(", and loads a project's hooks only when the project is trusted");
            }
            out.push(
                Check::new("trust", Status::Note, message)
                    .help("open Codex, type `/hooks` and trust agsec's hook (agsec cannot see whether you did)"),
            );
        }
        out.push(self.probe(agent, hook, DANGEROUS));
        out.push(self.probe(agent, hook, HARMLESS));
        if let Some(db) = hook.option("--audit-db") {
            out.push(Check::new(
                "probe-audit",
                Status::Note,
                format!(
                    "the hook names its audit store (`{db}`), so the probes were recorded there"
                ),
            ));
        }
    }

    /// Whether the `PreSkillShellCommand` hook (the shell lines of skills and slash commands,
    /// which no PreToolUse hook sees) is registered, against what the installed Claude Code has.
    fn skill_shell_check(&self, settings: &Path, scope: &str) -> Check {
        const NAME: &str = "skill-shell";
        let reinstall = match scope {
            "user" => "run `agsec install claude-code --user` again",
            _ => "run `agsec install claude-code` in the project again",
        };
        // A file that cannot be read: the settings-file check above already tells why.
        let registered = install::skill_shell_registered(settings, self.binary).unwrap_or_default();
        let (program, answer) = self.claude.get_or_init(install::claude_version);
        let version = answer
            .as_deref()
            .and_then(|a| a.split_whitespace().next())
            .unwrap_or_default();
        let since = install::SKILL_SHELL_SINCE;
        let since = format!("{}.{}.{}", since.0, since.1, since.2);
        match (
            registered,
            answer.as_deref().and_then(install::has_skill_shell_event),
        ) {
            (true, Some(true)) => Check::new(
                NAME,
                Status::Ok,
                format!("PreSkillShellCommand hook registered: the shell lines of skills and slash commands are checked (Claude Code {version})"),
            ),
            (true, Some(false)) => Check::new(
                NAME,
                Status::Warn,
                format!("a PreSkillShellCommand hook is registered, but Claude Code {version} has no such event (new in {since}): the shell lines of a slash command the person types run unchecked"),
            )
            .help("upgrade Claude Code"),
            (true, None) => Check::new(
                NAME,
                Status::Note,
                format!("PreSkillShellCommand hook registered; could not run `{} --version` to tell whether this Claude Code has the event (new in {since})", program.to_string_lossy()),
            )
            .help("set AGSEC_CLAUDE_BIN to the claude binary"),
            (false, Some(true)) => Check::new(
                NAME,
                Status::Warn,
                format!("Claude Code {version} has the PreSkillShellCommand hook event, but agsec is not registered for it: the shell lines of a slash command the person types run unchecked"),
            )
            .help(format!("{reinstall} (it registers the event)")),
            (false, Some(false)) => Check::new(
                NAME,
                Status::Note,
                format!("Claude Code {version} has no PreSkillShellCommand hook event (new in {since}): the shell lines of a slash command the person types run unchecked"),
            )
            .help(format!("upgrade Claude Code, then {reinstall}")),
            (false, None) => Check::new(
                NAME,
                Status::Note,
                format!("no PreSkillShellCommand hook, and `{} --version` cannot be run to tell whether Claude Code has the event (new in {since}): the shell lines of a slash command the person types may run unchecked", program.to_string_lossy()),
            )
            .help(format!("set AGSEC_CLAUDE_BIN to the claude binary, then {reinstall}")),
        }
    }

    fn binary_check(&self, hook: &InstalledHook, reinstall: &str) -> Check {
        let program = Path::new(hook.program());
        let fail = |message: String| {
            Check::new("binary", Status::Fail, message).help(format!(
                "{reinstall} with the agsec binary to use (this one is `{}`)",
                self.binary.display()
            ))
        };
        if !program.is_absolute() {
            return fail(format!(
                "the hook runs `{}`, a relative path: the agent cannot start it (and runs the call)",
                program.display()
            ));
        }
        match std::fs::metadata(program) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => fail(format!(
                "the hook runs `{}`, which does not exist",
                program.display()
            )),
            Err(e) => fail(format!("the hook runs `{}`: {e}", program.display())),
            Ok(meta) if !meta.is_file() || !is_executable(&meta) => fail(format!(
                "the hook runs `{}`, which is not an executable file",
                program.display()
            )),
            Ok(_) => {
                let mut message =
                    format!("binary `{}` exists and is executable", program.display());
                if std::fs::canonicalize(program).ok().as_deref() != Some(self.binary) {
                    message.push_str(&format!(" (this doctor is `{}`)", self.binary.display()));
                }
                Check::new("binary", Status::Ok, message)
            }
        }
    }

    /// The policies `check` would load for a call in the project, as it would find them.
    fn policy_check(&self, hook: &InstalledHook) -> (Check, Option<PathBuf>) {
        if hook
            .argv
            .iter()
            .any(|w| w == "--defaults" || w.starts_with("--defaults="))
        {
            return (
                Check::new(
                    "policies",
                    Status::Ok,
                    "the built-in default policies (`--defaults`)",
                ),
                None,
            );
        }
        let dir = hook
            .option("--policy-dir")
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("AGSEC_POLICY_DIR")
                    .filter(|d| !d.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| policy::find_policy_dir(self.project));
        let Some(dir) = dir else {
            return (
                Check::new(
                    "policies",
                    Status::Fail,
                    format!(
                        "no policies: the hook names no `--policy-dir` and there is no `policies/` at or above `{}`, so every call is denied",
                        self.project.display()
                    ),
                )
                .help("run `agsec init` in the project"),
                None,
            );
        };
        let loaded = policy::load_dir(&dir)
            .map_err(|e| e.errors().to_vec())
            .and_then(|set| {
                let errors = set.compile_all();
                if errors.is_empty() {
                    Ok(set)
                } else {
                    Err(errors)
                }
            });
        let check = match loaded {
            Ok(set) => Check::new(
                "policies",
                Status::Ok,
                format!(
                    "policies `{}`: {} file(s), {} statement(s), default {}",
                    dir.display(),
                    set.files().len(),
                    set.statements().len(),
                    set.default_effect()
                ),
            ),
            Err(errors) => {
                let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
                Check::new(
                    "policies",
                    Status::Fail,
                    format!(
                        "policies `{}` do not load, so every call is denied: {first}",
                        dir.display()
                    ),
                )
                .help(format!(
                    "{}run `agsec validate {}` to see every problem ({} in all)",
                    errors
                        .first()
                        .and_then(|e| e.help.as_deref())
                        .map_or_else(String::new, |help| format!("{help}; ")),
                    dir.display(),
                    errors.len()
                ))
            }
        };
        (check, Some(dir))
    }

    fn probe(&self, agent: Agent, hook: &InstalledHook, command: &'static str) -> Check {
        let dangerous = command == DANGEROUS;
        let name = if dangerous {
            "probe-dangerous"
        } else {
            "probe-harmless"
        };
        let payload = install::bash_payload(agent, self.project, command);
        let env = [(audit::DB_ENV, OsString::from(&self.probe_db))];
        let wait = Duration::from_secs(hook.timeout.unwrap_or(600)).min(MAX_PROBE_WAIT);
        let run = match install::run_hook(hook, agent, &payload, self.project, &env, wait) {
            Ok(run) => run,
            Err(e) => {
                return Check::new(
                    name,
                    Status::Fail,
                    format!("`{command}`: the hook command cannot start: {e}"),
                );
            }
        };
        let ms = run.elapsed.as_millis();
        let verdict = install::read_reply(agent, &run);
        let code = run
            .exit_code
            .map_or_else(|| "no exit code".to_owned(), |c| format!("exit {c}"));
        match (verdict, dangerous) {
            (Verdict::Blocked { reason }, true) => Check::new(
                name,
                Status::Ok,
                format!("`{command}` is stopped ({code}, {ms} ms): {}", shorten(&reason)),
            ),
            (Verdict::Asks { reason }, true) => Check::new(
                name,
                Status::Ok,
                format!(
                    "`{command}` is stopped: {} asks the person ({code}, {ms} ms): {}",
                    title(agent),
                    shorten(&reason)
                ),
            ),
            (Verdict::Runs, true) => Check::new(
                name,
                Status::Fail,
                format!("`{command}` would run: agsec let it through ({code}, {ms} ms)"),
            )
            .help("the policies allow it; see why with `agsec check --json` and add a deny (the default policies of `agsec init` have one)"),
            (Verdict::Runs, false) => Check::new(
                name,
                Status::Ok,
                format!("`{command}` passes ({code}, {ms} ms)"),
            ),
            (Verdict::Asks { reason }, false) => Check::new(
                name,
                Status::Warn,
                format!(
                    "`{command}` makes {} ask the person ({code}, {ms} ms): {}",
                    title(agent),
                    shorten(&reason)
                ),
            ),
            (Verdict::Blocked { reason }, false) => Check::new(
                name,
                Status::Fail,
                format!("`{command}` is blocked ({code}, {ms} ms): {}", shorten(&reason)),
            )
            .help("agsec blocks even harmless calls; fix the problems above, or see why with `agsec check --json`"),
            (Verdict::Misread { why }, _) => {
                let consequence = match (agent, hook.on_failure.as_deref()) {
                    (Agent::ClaudeCode, Some("block")) => "Claude Code reports a hook error and blocks every call",
                    (Agent::ClaudeCode, _) => "Claude Code reports a hook error and runs the call",
                    (other, _) => match other {
                        Agent::Gemini => "Gemini CLI warns and runs the call",
                        Agent::Copilot => "Copilot CLI skips the hook and runs the call",
                        Agent::Cursor => "Cursor runs the call unless the hook has `failClosed`",
                        Agent::Cline => "Cline logs a hook error and runs the call",
                        _ => "Codex ignores the reply and runs the call",
                    },
                };
                let mut check = Check::new(
                    name,
                    Status::Fail,
                    format!("`{command}`: the reply is not understood: {why}; {consequence}"),
                );
                if let Some(line) = run.stderr.lines().map(str::trim).find(|l| !l.is_empty()) {
                    check.message.push_str(&format!(" (stderr: {})", shorten(line)));
                }
                check
            }
        }
    }
}

/// The policy cache `check` would open for `dir`, compared with what the policies compile to.
/// Only problems are listed: no cache yet, or a current one, adds no line.
fn cache_check(dir: &Path) -> Option<Check> {
    let cache = policy::cache_dir()?;
    let (file, state) = policy::inspect_cache(dir, &cache).ok()?;
    let delete = format!(
        "delete `{}` (the next check writes it again); only something other than agsec changes it",
        file.display()
    );
    match state {
        policy::CacheState::Absent | policy::CacheState::Current => None,
        policy::CacheState::Stale => Some(Check::new(
            "policy-cache",
            Status::Note,
            format!(
                "the policy cache `{}` is for other policy texts (edited since the last check, or another agsec version): the next check replaces it",
                file.display()
            ),
        )),
        policy::CacheState::Damaged(why) => Some(
            Check::new(
                "policy-cache",
                Status::Warn,
                format!(
                    "the policy cache `{}` is damaged or tampered with ({why}): checks ignore it and load the policies",
                    file.display()
                ),
            )
            .help(delete),
        ),
        policy::CacheState::Forged(what) => Some(
            Check::new(
                "policy-cache",
                Status::Fail,
                format!(
                    "the policy cache `{}` was tampered with: its key and checksum are valid but {what}, and checks use it instead of the policies",
                    file.display()
                ),
            )
            .help(delete),
        ),
    }
}

/// `agsec.yaml` as `check` finds it: `--config` in the hook, `$AGSEC_CONFIG`, or beside the
/// policy directory.
fn config_check(hook: &InstalledHook, policy_dir: Option<&Path>) -> (Check, Option<Config>) {
    let explicit = hook.option("--config").map(PathBuf::from).or_else(|| {
        std::env::var_os("AGSEC_CONFIG")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    });
    let path = agsec::config::settings_path(explicit.as_deref(), policy_dir);
    let Some(path) = path else {
        return (
            Check::new("settings", Status::Ok, "no settings file: defaults apply"),
            Some(Config::default()),
        );
    };
    match config::load_config(&path) {
        Ok(config) => {
            let state = if path.exists() {
                "loads"
            } else {
                "absent: defaults apply"
            };
            (
                Check::new(
                    "settings",
                    Status::Ok,
                    format!("settings `{}` {state}", path.display()),
                ),
                Some(config),
            )
        }
        Err(errors) => {
            let first = errors.first();
            let mut check = Check::new(
                "settings",
                Status::Fail,
                format!(
                    "settings do not load, so every call is denied: {}",
                    first.map(|e| e.to_string()).unwrap_or_default()
                ),
            );
            check.help = first.and_then(|e| e.help.clone());
            (check, None)
        }
    }
}

/// The audit store `check` would record into takes writes, agrees with its head witness, and
/// has no quarantined journal lines.
fn audit_checks(hook: &InstalledHook, config: Option<&Config>) -> Vec<Check> {
    let db = hook
        .option("--audit-db")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os(audit::DB_ENV)
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| config.and_then(|c| c.audit.db.clone()))
        .or_else(audit::default_db_path);
    let Some(db) = db else {
        return vec![
            Check::new(
                "audit",
                Status::Fail,
                "no audit store location (no home directory)",
            )
            .help(format!("set `{}`", audit::DB_ENV)),
        ];
    };
    let mut store = match AuditStore::open(&db) {
        Ok(store) => store,
        Err(e) => return vec![unwritable(&e)],
    };
    if let Err(e) = store.check_writable(jiff::Timestamp::now()) {
        return vec![unwritable(&e)];
    }
    let mut checks = vec![Check::new(
        "audit",
        Status::Ok,
        format!("audit store `{}` takes writes", db.display()),
    )];
    // Only problems are listed: a store that agrees with its witness and has nothing in
    // quarantine adds no lines.
    match store.check_witness() {
        Ok(None) => {}
        Ok(Some(problem)) => checks.push(Check::new(
            "audit-witness",
            Status::Fail,
            format!("the audit store disagrees with its head witness: {problem}"),
        )
        .help(
            "run `agsec audit verify`; once you have looked, `agsec audit verify --reset-witness` accepts the store as it is",
        )),
        Err(e) => checks.push(Check::new(
            "audit-witness",
            Status::Fail,
            format!("the head witness cannot be checked: {e}"),
        )),
    }
    match store.quarantined() {
        Ok(lines) if lines.is_empty() => {}
        Ok(lines) => {
            let shown: Vec<String> = lines
                .iter()
                .take(3)
                .map(|q| format!("`{}` at byte {} ({})", q.spool, q.offset, q.error))
                .collect();
            checks.push(
                Check::new(
                    "audit-quarantine",
                    Status::Warn,
                    format!(
                        "{} journal lines were not records and are kept in the store's quarantine table: {}",
                        lines.len(),
                        shown.join("; ")
                    ),
                )
                .help(
                    "a check killed mid-write leaves one; many, or lines you did not expect, mean the journal was written by something else",
                ),
            );
        }
        Err(e) => checks.push(Check::new(
            "audit-quarantine",
            Status::Fail,
            format!("the quarantine cannot be read: {e}"),
        )),
    }
    checks
}

fn unwritable(e: &audit::StoreError) -> Check {
    Check::new(
        "audit",
        Status::Fail,
        format!("the audit store cannot be written, so calls are denied (or spooled): {e}"),
    )
    .help(format!(
        "fix the file's permissions, or point `{}` / `audit.db` in agsec.yaml at a writable place",
        audit::DB_ENV
    ))
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_meta: &std::fs::Metadata) -> bool {
    true
}

/// One line of at most 160 characters.
fn shorten(text: &str) -> String {
    agsec::text::one_line_max(text, 160)
}

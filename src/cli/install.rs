//! `agsec install claude-code|codex`: register agsec as an agent's PreToolUse hook (`check`) and
//! PostToolUse hook (`scan`), or remove both with `--uninstall`. Resolves paths and prints; the merge is `agents::install`.

use super::output::{self, Color, Stream};
use agsec::agents::Agent;
use agsec::agents::install::{self, Change, FileChange, HookCommand, Scope};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The agent to register agsec with.
    agent: InstallAgent,
    /// Change the person's settings (`~/.claude/settings.json`, `$CODEX_HOME/hooks.json`,
    /// `~/.gemini/settings.json`, `$COPILOT_HOME/hooks/agsec.json`) instead of the project's.
    #[arg(long)]
    user: bool,
    /// Remove agsec's hooks instead of adding them.
    #[arg(long)]
    uninstall: bool,
    /// Policy directory the hook passes to `agsec check` [default: <project>/policies; with
    /// `--user`: none, `check` then finds `policies/` from the tool call's working directory].
    #[arg(long, value_name = "DIR")]
    policy_dir: Option<PathBuf>,
    /// The project to install into [default: the current directory].
    #[arg(long, value_name = "DIR", conflicts_with = "user")]
    project_dir: Option<PathBuf>,
    /// Print the resulting file instead of writing it.
    #[arg(long)]
    dry_run: bool,
}

/// The agents that have an installer.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum InstallAgent {
    ClaudeCode,
    Codex,
    Gemini,
    Copilot,
    Cursor,
    Cline,
}

impl InstallAgent {
    fn agent(self) -> Agent {
        match self {
            InstallAgent::ClaudeCode => Agent::ClaudeCode,
            InstallAgent::Codex => Agent::Codex,
            InstallAgent::Gemini => Agent::Gemini,
            InstallAgent::Copilot => Agent::Copilot,
            InstallAgent::Cursor => Agent::Cursor,
            InstallAgent::Cline => Agent::Cline,
        }
    }

    fn title(self) -> &'static str {
        self.agent().title()
    }
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let agent = args.agent.agent();
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let (scope, project) = if args.user {
        (user_scope()?, None)
    } else {
        let dir = args.project_dir.as_deref().unwrap_or(&cwd);
        let dir = std::fs::canonicalize(dir)
            .with_context(|| format!("project directory `{}`", dir.display()))?;
        (Scope::Project(dir.clone()), Some(dir))
    };
    let path = install::settings_path(agent, &scope)?;
    let binary = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .context("finding the path of the agsec binary")?;

    let mut skill_shell = false;
    let done = if args.uninstall {
        install::uninstall_file(&path, &binary, args.dry_run)?
    } else {
        let policy_dir = match (&args.policy_dir, &project) {
            (Some(dir), _) => Some(absolute(&cwd, dir)),
            (None, Some(project)) => Some(project.join("policies")),
            (None, None) => None,
        };
        if let Some(dir) = &policy_dir
            && !dir.is_dir()
        {
            let note = output::paint("note", Color::Yellow, output::color_enabled(Stream::Stderr));
            eprintln!(
                "{note}: the policy directory `{}` does not exist yet; create it with `agsec init`",
                dir.display()
            );
        }
        let hook = HookCommand::new(agent, &binary, policy_dir.as_deref())?;
        skill_shell = agent == Agent::ClaudeCode && claude_has_skill_shell();
        install::install_file(&path, &hook.with_skill_shell(skill_shell), args.dry_run)?
    };
    report(args.agent, &done, skill_shell)?;
    Ok(ExitCode::SUCCESS)
}

/// Whether the Claude Code that will run the hooks has the `PreSkillShellCommand` event: the
/// version printed by `$AGSEC_CLAUDE_BIN --version`, else `claude --version` from `PATH`. When
/// it cannot be told (no `claude` found, an unreadable answer), the event is not registered and
/// a note says why: an older Claude Code could refuse a settings file naming an event it lacks.
fn claude_has_skill_shell() -> bool {
    let (program, answer) = install::claude_version();
    let since = install::SKILL_SHELL_SINCE;
    let since = format!("{}.{}.{}", since.0, since.1, since.2);
    let note = output::paint("note", Color::Yellow, output::color_enabled(Stream::Stderr));
    match answer.as_deref().and_then(install::has_skill_shell_event) {
        Some(true) => true,
        Some(false) => {
            eprintln!(
                "{note}: Claude Code {} has no PreSkillShellCommand hook event (new in {since}): the shell lines of a slash command the person types run unchecked; upgrade Claude Code and run `agsec install claude-code` again",
                answer
                    .as_deref()
                    .and_then(|a| a.split_whitespace().next())
                    .unwrap_or_default()
            );
            false
        }
        None => {
            eprintln!(
                "{note}: could not run `{} --version` to tell whether Claude Code has the PreSkillShellCommand hook event (new in {since}); it is not registered, so the shell lines of a slash command the person types run unchecked (set AGSEC_CLAUDE_BIN to the claude binary and install again)",
                program.to_string_lossy()
            );
            false
        }
    }
}

/// The home directories of `--user`: `$HOME` (then the platform's), and `$CODEX_HOME`.
fn user_scope() -> anyhow::Result<Scope> {
    Scope::user_from_env().context("no home directory: set `HOME`")
}

/// `dir` made absolute (canonical when it exists).
fn absolute(cwd: &Path, dir: &Path) -> PathBuf {
    let joined = cwd.join(dir);
    std::fs::canonicalize(&joined).unwrap_or(joined)
}

/// What the person must do for the hooks to run (the agent's trust or opt-in step).
fn next_step(agent: InstallAgent) -> Option<&'static str> {
    match agent {
        InstallAgent::ClaudeCode => None,
        InstallAgent::Codex => Some(
            "Codex skips a new or changed hook until you trust it: open Codex, type `/hooks` and trust agsec's hooks",
        ),
        InstallAgent::Gemini => Some(
            "Gemini CLI runs a project's hooks only in a trusted folder: trust the project when Gemini CLI asks (or `/permissions`), and check `/hooks panel` lists agsec",
        ),
        InstallAgent::Copilot => Some(
            "Copilot CLI reads `.github/hooks/*.json` of a folder you trusted; it also runs the hooks of `.claude/settings.json`, and agsec answers those in Copilot's protocol too",
        ),
        InstallAgent::Cursor => Some(
            "Cursor runs a project's hooks only in a trusted workspace: restart Cursor and check the Hooks tab of its settings lists agsec",
        ),
        InstallAgent::Cline => Some(
            "turn on \"Enable Hooks\" in Cline's settings (Feature Settings); Cline has no prompt for hooks, so reviews wait in `agsec pending`",
        ),
    }
}

/// One or two lines saying what was done, and for Codex how to make it take effect.
fn report(agent: InstallAgent, done: &FileChange, skill_shell: bool) -> anyhow::Result<()> {
    let path = done.path.display();
    let title = agent.title();
    if let Some(document) = &done.dry_run_document {
        let label = output::paint(
            "dry run",
            Color::Bold,
            output::color_enabled(Stream::Stderr),
        );
        eprintln!(
            "{label}: would write `{path}` ({}); nothing written",
            done.change
        );
        return output::print_json(document);
    }
    let color = output::color_enabled(Stream::Stdout);
    let (verb, color_of_verb) = match done.change {
        Change::Added => ("installed", Color::Green),
        Change::Updated => ("updated", Color::Green),
        Change::Removed => ("removed", Color::Green),
        Change::Unchanged | Change::Absent => ("unchanged", Color::Dim),
    };
    let verb = output::paint(verb, color_of_verb, color);
    let hooks = match agent {
        InstallAgent::ClaudeCode if skill_shell => {
            "PreToolUse, PreSkillShellCommand and PostToolUse hook"
        }
        InstallAgent::ClaudeCode | InstallAgent::Codex => "PreToolUse and PostToolUse hook",
        InstallAgent::Gemini => "BeforeTool and AfterTool hook",
        InstallAgent::Copilot => "preToolUse and postToolUse hook",
        InstallAgent::Cursor => {
            "beforeShellExecution, beforeMCPExecution, beforeReadFile and preToolUse hook (failClosed), and the afterShellExecution, afterMCPExecution and postToolUse hook"
        }
        InstallAgent::Cline => "PreToolUse hook script",
    };
    match done.change {
        Change::Added | Change::Updated => {
            println!("{verb}: agsec is the {hooks} of {title} in `{path}`");
        }
        Change::Unchanged => {
            println!("{verb}: agsec is already the {hooks} of {title} in `{path}`");
        }
        Change::Removed => println!("{verb}: agsec's hooks for {title} from `{path}`"),
        Change::Absent => println!("{verb}: no agsec hook in `{path}`; nothing to remove"),
    }
    if let Some(backup) = &done.backup {
        println!("  the previous file is saved as `{}`", backup.display());
    }
    if matches!(done.change, Change::Added | Change::Updated)
        && let Some(next) = next_step(agent)
    {
        println!("  next: {next}");
    }
    Ok(())
}

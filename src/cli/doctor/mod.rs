//! `agsec doctor`: checks the wiring a person cannot see. For Claude Code and Codex, in the
//! project and the user scope: is agsec installed, does the hook's binary exist, do its policies
//! and settings load, does the audit store take writes; then it feeds a dangerous and a harmless
//! tool call through the exact installed hook command and reports what the agent would do.
//! Exit 0 only when nothing is wrong. The finding and probing is `agents::install`; [`checks`]
//! makes the checks of one settings file, this file walks the agents and scopes and prints.

mod checks;

use super::output::{Color, Stream, color_enabled, paint};
use agsec::agents::Agent;
use agsec::agents::install::{self, Scope};
use anyhow::Context;
use checks::Doctor;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The project whose hooks to check and in which to run the probes [default: the current
    /// directory].
    #[arg(long, value_name = "DIR")]
    project_dir: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// How a check came out. Only `Fail` makes the exit code non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Ok,
    Note,
    Warn,
    Fail,
}

#[derive(Debug, Serialize)]
struct Check {
    name: &'static str,
    status: Status,
    message: String,
    help: Option<String>,
}

impl Check {
    fn new(name: &'static str, status: Status, message: impl Into<String>) -> Self {
        Self {
            name,
            status,
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// One settings file of one agent.
#[derive(Debug, Serialize)]
struct Section {
    agent: &'static str,
    /// The agent's name for people (`Claude Code`).
    #[serde(skip)]
    title: &'static str,
    scope: &'static str,
    settings: PathBuf,
    installed: bool,
    checks: Vec<Check>,
}

#[derive(Debug, Serialize)]
struct Report {
    ok: bool,
    problems: usize,
    project: PathBuf,
    sections: Vec<Section>,
    checks: Vec<Check>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let project = args.project_dir.as_deref().unwrap_or(&cwd);
    let project = std::fs::canonicalize(project)
        .with_context(|| format!("project directory `{}`", project.display()))?;
    let binary = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .context("finding the path of the agsec binary")?;
    let probe_store =
        tempfile::tempdir().context("creating a temporary audit store for the probes")?;
    let doctor = Doctor {
        project: &project,
        binary: &binary,
        probe_db: probe_store.path().join("probe-audit.db"),
        claude: std::cell::OnceCell::new(),
    };

    let mut sections = Vec::new();
    let mut checks = Vec::new();
    let user = Scope::user_from_env();
    if user.is_none() {
        checks.push(
            Check::new(
                "home",
                Status::Warn,
                "no home directory: user-level settings not checked",
            )
            .help("set `HOME`"),
        );
    }
    for agent in install::INSTALLABLE {
        let mut scopes = vec![("project", Scope::Project(project.clone()))];
        scopes.extend(user.clone().map(|scope| ("user", scope)));
        let mut seen = Vec::new();
        for (name, scope) in scopes {
            let path = install::settings_path(agent, &scope)?;
            // Run from the home directory, the project's file is the user's file.
            if seen.contains(&path) {
                continue;
            }
            seen.push(path.clone());
            // Claude Code also reads the project's personal, uncommitted settings file.
            let local = (agent == Agent::ClaudeCode && name == "project")
                .then(|| path.with_file_name("settings.local.json"))
                .filter(|local| local.exists());
            // The agents added later are listed only where their settings file exists: most
            // people use one or two agents.
            if !matches!(agent, Agent::ClaudeCode | Agent::Codex) && !path.exists() {
                continue;
            }
            sections.push(doctor.section(agent, name, path));
            if let Some(local) = local {
                sections.push(doctor.section(agent, "project-local", local));
            }
        }
        if matches!(agent, Agent::ClaudeCode | Agent::Codex)
            && !sections
                .iter()
                .any(|s| s.agent == agent.as_str() && s.installed)
        {
            checks.push(
                Check::new(
                    "not-installed",
                    Status::Note,
                    format!("{} is not guarded by agsec", title(agent)),
                )
                .help(format!(
                    "run `agsec install {agent}` in the project to guard it"
                )),
            );
        }
    }
    if !sections.iter().any(|s| s.installed) {
        checks.push(
            Check::new(
                "installed",
                Status::Fail,
                "agsec is not installed for any agent: tool calls are not checked",
            )
            .help("run `agsec init` then `agsec install claude-code` (or `agsec install codex`) in the project"),
        );
    }
    let problems = sections
        .iter()
        .flat_map(|s| &s.checks)
        .chain(&checks)
        .filter(|c| c.status == Status::Fail)
        .count();
    let report = Report {
        ok: problems == 0,
        problems,
        project,
        sections,
        checks,
    };
    let text = if args.json {
        format!("{}\n", serde_json::to_string_pretty(&report)?)
    } else {
        render_text(&report, color_enabled(Stream::Stdout))
    };
    emit(&text)?;
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_ERROR)
    })
}

fn title(agent: Agent) -> &'static str {
    agent.title()
}

/// Writes `text` to stdout; a reader that went away (`agsec doctor | head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// The checklist: a header per settings file, one line per check and its `help:` line.
fn render_text(report: &Report, color: bool) -> String {
    let bold = |text: &str| paint(text, Color::Bold, color);
    let mut lines = vec![format!(
        "{} `{}`",
        bold("agsec doctor:"),
        report.project.display()
    )];
    let show = |lines: &mut Vec<String>, check: &Check| {
        let (label, tint) = match check.status {
            Status::Ok => ("ok  ", Color::Green),
            Status::Note => ("note", Color::Dim),
            Status::Warn => ("warn", Color::Yellow),
            Status::Fail => ("FAIL", Color::Red),
        };
        lines.push(format!("  {} {}", paint(label, tint, color), check.message));
        if let Some(help) = &check.help {
            lines.push(format!("       help: {help}"));
        }
    };
    for section in &report.sections {
        let state = if section.installed {
            ""
        } else {
            ": not installed"
        };
        lines.push(format!(
            "{} ({}){state}",
            bold(&format!("{}, {} scope", section.title, section.scope)),
            section.settings.display()
        ));
        for check in &section.checks {
            show(&mut lines, check);
        }
    }
    if !report.checks.is_empty() {
        lines.push(bold("overall"));
        for check in &report.checks {
            show(&mut lines, check);
        }
    }
    if report.sections.iter().any(|s| s.installed) {
        lines.push(
            "(the probes were recorded in a temporary audit store, not in your audit log)"
                .to_owned(),
        );
    }
    lines.push(if report.ok {
        paint("no problems found", Color::Green, color)
    } else {
        paint(
            &format!("{} problem(s) found", report.problems),
            Color::Red,
            color,
        )
    });
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

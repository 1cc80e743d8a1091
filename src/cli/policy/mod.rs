//! `agsec policy add|list|remove`: see, add and remove the statements of the policy directory.
//! The editing itself (text-level, validated, atomic) is `agsec::policy::plan_add`/`plan_remove`.

mod add;
mod list;
mod remove;

use super::output::{Color, paint};
use agsec::policy::Effect;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Add a statement: with flags, or asked step by step at a terminal.
    Add(add::Args),
    /// List every statement of the merged policy set.
    List(list::Args),
    /// Remove a statement by sid, keeping the rest of its file as it is.
    Remove(remove::Args),
}

pub(crate) fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Add(args) => add::run(args),
        Command::List(args) => list::run(args),
        Command::Remove(args) => remove::run(args),
    }
}

/// Parses an effect as policies write it (`block` is deny; case does not matter).
fn parse_effect(text: &str) -> Result<Effect, String> {
    match text.to_ascii_lowercase().as_str() {
        "allow" => Ok(Effect::Allow),
        "deny" | "block" => Ok(Effect::Deny),
        "review" => Ok(Effect::Review),
        _ => Err(format!("unknown effect `{text}` (allow, deny, review)")),
    }
}

/// The colour effects are shown in.
fn effect_color(effect: Effect) -> Color {
    match effect {
        Effect::Allow => Color::Green,
        Effect::Review => Color::Yellow,
        Effect::Deny => Color::Red,
    }
}

/// A unified diff with added lines green and removed lines red when `color` is on.
fn paint_diff(diff: &str, color: bool) -> String {
    if !color {
        return diff.to_owned();
    }
    diff.lines()
        .map(|line| {
            if line.starts_with("+++") || line.starts_with("---") {
                paint(line, Color::Bold, true)
            } else if line.starts_with('+') {
                paint(line, Color::Green, true)
            } else if line.starts_with('-') {
                paint(line, Color::Red, true)
            } else if line.starts_with("@@") {
                paint(line, Color::Dim, true)
            } else {
                line.to_owned()
            }
        })
        .map(|line| line + "\n")
        .collect()
}

/// Writes `text` to stdout; a closed pipe (`agsec policy list | head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

//! `agsec policy add`: add a statement from flags (`--sid --effect --action … --condition …`), or
//! step by step at a terminal when no `--sid` is given. The result is validated with the whole
//! directory before anything is written; `--dry-run` shows the diff instead.

use super::super::PolicyDirArg;
use super::super::output::{Color, Stream, color_enabled, paint};
use super::{emit, paint_diff, parse_effect};
use agsec::policy::{
    self, Edit, Effect, LOCAL_POLICY_FILE, MatchMode, NewCondition, NewStatement, PolicySet,
};
use anyhow::Context;
use dialoguer::console::Term;
use dialoguer::{Confirm, Input, Select};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    policy_dir: PolicyDirArg,
    /// A name for the statement, unique across the directory. Without it, at a terminal, agsec
    /// asks for every part in turn.
    #[arg(long, requires_all = ["effect", "actions"])]
    sid: Option<String>,
    /// allow, deny or review.
    #[arg(long, value_parser = parse_effect)]
    effect: Option<Effect>,
    /// An action name or glob the statement applies to (`bash.execute`, `file.*`); repeat for several.
    #[arg(long = "action", value_name = "ACTION")]
    actions: Vec<String>,
    /// A condition `FIELD OP VALUE`, such as `params.command regex \brm\s` or `params.git.force
    /// exists`; repeat for several. VALUE is YAML (`5`, `true`, `[a, b]`, `"text"`), taken
    /// literally for contains, starts_with, ends_with and regex unless quoted.
    #[arg(long = "condition", value_name = "FIELD OP VALUE", value_parser = parse_condition)]
    conditions: Vec<NewCondition>,
    /// Whether all conditions must hold, or any one.
    #[arg(long = "match", value_name = "MODE", default_value = "all", value_parser = parse_match)]
    match_mode: MatchMode,
    /// What the agent is told when the statement decides (say what to do instead).
    #[arg(long)]
    reason: Option<String>,
    /// Free text for people reading the policy.
    #[arg(long)]
    description: Option<String>,
    /// The file in the policy directory to add to (created with a header when missing).
    #[arg(long, value_name = "NAME", default_value = LOCAL_POLICY_FILE)]
    file: String,
    /// Show the change as a unified diff and write nothing.
    #[arg(long)]
    dry_run: bool,
}

fn parse_condition(text: &str) -> Result<NewCondition, String> {
    NewCondition::parse(text).map_err(|e| e.to_string())
}

fn parse_match(text: &str) -> Result<MatchMode, String> {
    match text {
        "all" => Ok(MatchMode::All),
        "any" => Ok(MatchMode::Any),
        _ => Err(format!("unknown match mode `{text}` (all, any)")),
    }
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = args.policy_dir.resolve(&std::env::current_dir()?)?;
    let Some(sid) = args.sid.clone() else {
        let has_parts = args.effect.is_some()
            || !args.actions.is_empty()
            || !args.conditions.is_empty()
            || args.reason.is_some()
            || args.description.is_some();
        if has_parts {
            anyhow::bail!(
                "`--sid` is missing: a statement given with flags needs `--sid`, `--effect` and `--action`\n  help: add `--sid NAME`, or give no flags at a terminal to be asked step by step"
            );
        }
        if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            return interactive(&dir, &args);
        }
        anyhow::bail!(
            "`agsec policy add` needs `--sid`, `--effect` and `--action` when no terminal is attached\n  help: agsec policy add --sid DenyCurlPipe --effect deny --action bash.execute --condition 'params.command regex curl.*\\|\\s*sh' --reason 'download the script and read it first'"
        );
    };
    let statement = NewStatement {
        sid,
        effect: args.effect.unwrap_or(Effect::Deny),
        actions: args.actions,
        match_mode: args.match_mode,
        conditions: args.conditions,
        reason: args.reason.filter(|r| !r.is_empty()),
        description: args.description.filter(|d| !d.is_empty()),
    };
    let edit = policy::plan_add(&dir, &args.file, &statement)?;
    finish(&edit, &statement.sid, args.dry_run)
}

/// Prints the diff (dry run) or writes the edit, and says what happened.
fn finish(edit: &Edit, sid: &str, dry_run: bool) -> anyhow::Result<ExitCode> {
    if dry_run {
        emit(&paint_diff(&edit.diff(), color_enabled(Stream::Stdout)))?;
        eprintln!(
            "dry run: `{sid}` would be added at {}; nothing written",
            edit.location
        );
    } else {
        edit.write()?;
        println!("added `{sid}` at {}", edit.location);
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks for each part of the statement on the terminal (stderr), shows the YAML, and writes it
/// once confirmed.
fn interactive(dir: &Path, args: &Args) -> anyhow::Result<ExitCode> {
    let set = policy::load_dir(dir).map_err(|errors| {
        anyhow::anyhow!(
            "the policies in `{}` do not load, so they are left untouched\n{errors}\n  help: fix them first (`agsec validate` lists every problem)",
            dir.display()
        )
    })?;
    let term = Term::stderr();
    let statement = ask_statement(&term, &set).context("reading the statement at the terminal")?;
    let file: String = Input::new()
        .with_prompt("File in the policy directory")
        .default(args.file.clone())
        .interact_text_on(&term)?;
    let edit = policy::plan_add(dir, &file, &statement)?;
    let color = color_enabled(Stream::Stderr);
    term.write_line(&format!(
        "\n{} {}:\n",
        paint("Statement to add to", Color::Bold, color),
        edit.location.file.display()
    ))?;
    for line in policy::render_statement(&statement).lines() {
        term.write_line(&format!("  {line}"))?;
    }
    term.write_line(&format!(
        "\n{}\n",
        paint(
            "It validates with the rest of the policies.",
            Color::Green,
            color
        )
    ))?;
    if args.dry_run {
        return finish(&edit, &statement.sid, true);
    }
    let confirmed = Confirm::new()
        .with_prompt("Write it?")
        .default(true)
        .interact_on(&term)?;
    if !confirmed {
        eprintln!("nothing written");
        return Ok(ExitCode::from(super::super::EXIT_ERROR));
    }
    finish(&edit, &statement.sid, false)
}

fn ask_statement(term: &Term, set: &PolicySet) -> anyhow::Result<NewStatement> {
    let sid: String = Input::new()
        .with_prompt("Sid (a unique name, such as DenyCurlPipe)")
        .validate_with(|text: &String| -> Result<(), String> {
            let text = text.trim();
            if text.is_empty() || text.contains(char::is_whitespace) {
                return Err("a sid is one word, such as DenyCurlPipe".to_owned());
            }
            match set.statements().find(|s| s.sid == text) {
                Some(s) => Err(format!(
                    "`{text}` is taken by the statement at {}",
                    s.location
                )),
                None => Ok(()),
            }
        })
        .interact_text_on(term)?;
    let effects = [Effect::Deny, Effect::Review, Effect::Allow];
    let effect = Select::new()
        .with_prompt("Effect")
        .items(["deny", "review (a person decides)", "allow"])
        .default(0)
        .interact_on(term)?;
    let actions: String = Input::new()
        .with_prompt("Actions (comma-separated names or globs, such as bash.execute, file.*)")
        .validate_with(|text: &String| -> Result<(), &str> {
            if split_list(text).is_empty() {
                Err("give at least one action")
            } else {
                Ok(())
            }
        })
        .interact_text_on(term)?;
    let mut conditions = Vec::new();
    loop {
        let text: String = Input::new()
            .with_prompt("Condition (FIELD OP VALUE, such as params.command regex \\brm\\s; empty to finish)")
            .allow_empty(true)
            .validate_with(|text: &String| -> Result<(), String> {
                if text.trim().is_empty() {
                    return Ok(());
                }
                NewCondition::parse(text).map(|_| ()).map_err(|e| e.to_string())
            })
            .interact_text_on(term)?;
        if text.trim().is_empty() {
            break;
        }
        conditions.push(NewCondition::parse(&text)?);
    }
    let match_mode = if conditions.len() > 1 {
        let any = Select::new()
            .with_prompt("Match")
            .items(["all conditions", "any condition"])
            .default(0)
            .interact_on(term)?;
        if any == 1 {
            MatchMode::Any
        } else {
            MatchMode::All
        }
    } else {
        MatchMode::All
    };
    let reason: String = Input::new()
        .with_prompt("Reason (told to the agent; say what to do instead)")
        .allow_empty(true)
        .interact_text_on(term)?;
    Ok(NewStatement {
        sid: sid.trim().to_owned(),
        effect: effects.get(effect).copied().unwrap_or(Effect::Deny),
        actions: split_list(&actions),
        match_mode,
        conditions,
        reason: Some(reason.trim().to_owned()).filter(|r| !r.is_empty()),
        description: None,
    })
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

//! `agsec policy list`: every statement of the merged policy set as a table (or `--json`),
//! filtered by effect and by the action it concerns.

use super::super::PolicyDirArg;
use super::super::output::{Color, Stream, color_enabled, paint, table_width};
use super::{effect_color, emit, parse_effect};
use agsec::policy::{self, Effect, MatchMode, Statement, condition_summary};
use agsec::text::one_line;
use serde::Serialize;
use serde_json::Value;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    policy_dir: PolicyDirArg,
    /// Only statements with this effect (allow, deny, review).
    #[arg(long, value_parser = parse_effect)]
    effect: Option<Effect>,
    /// Only statements concerning this action: a name (`bash.execute`) their globs match, or a
    /// glob (`file.*`) matching one of their action patterns.
    #[arg(long, value_name = "ACTION")]
    action: Option<String>,
    /// Print the statements as a JSON array.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    file: String,
    line: u32,
    sid: &'a str,
    effect: Effect,
    actions: &'a [String],
    #[serde(rename = "match")]
    match_mode: &'static str,
    conditions: Vec<ConditionRow<'a>>,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct ConditionRow<'a> {
    field: &'a str,
    op: &'static str,
    value: Option<&'a Value>,
}

/// The widest the actions and conditions cells get, and the reason when the width is unknown.
const MAX_CELL: usize = 50;

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = args.policy_dir.resolve(&std::env::current_dir()?)?;
    let set = policy::load_dir(&dir).map_err(|errors| {
        anyhow::anyhow!(
            "the policies in `{}` do not load\n{errors}\n  help: `agsec validate` lists every problem",
            dir.display()
        )
    })?;
    let statements = policy::select_statements(&set, args.effect, args.action.as_deref());
    if args.json {
        let rows: Vec<Row<'_>> = statements.iter().map(|s| row(s)).collect();
        emit(&format!("{}\n", serde_json::to_string_pretty(&rows)?))?;
    } else if statements.is_empty() {
        eprintln!(
            "no statements match ({} in {})",
            set.statements().len(),
            dir.display()
        );
    } else {
        emit(&render_table(
            &statements,
            table_width(),
            color_enabled(Stream::Stdout),
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn row(s: &Statement) -> Row<'_> {
    Row {
        file: s.location.file.display().to_string(),
        line: s.location.line,
        sid: &s.sid,
        effect: s.effect,
        actions: &s.actions,
        match_mode: match_name(s.match_mode),
        conditions: s
            .conditions
            .iter()
            .map(|c| ConditionRow {
                field: &c.field,
                op: c.op.as_str(),
                value: c.value.as_ref(),
            })
            .collect(),
        reason: s.reason.as_deref(),
    }
}

fn match_name(mode: MatchMode) -> &'static str {
    match mode {
        MatchMode::All => "all",
        MatchMode::Any => "any",
    }
}

fn render_table(statements: &[&Statement], width: Option<usize>, color: bool) -> String {
    let header = ["FILE", "SID", "EFFECT", "ACTIONS", "CONDITIONS", "REASON"];
    let rows: Vec<[String; 6]> = statements
        .iter()
        .map(|s| {
            let file = s.location.file.file_name().map_or_else(
                || s.location.file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let joiner = match s.match_mode {
                MatchMode::All => " and ",
                MatchMode::Any => " or ",
            };
            let conditions: Vec<String> = s.conditions.iter().map(condition_summary).collect();
            [
                format!("{file}:{}", s.location.line),
                s.sid.clone(),
                s.effect.to_string(),
                fit(&s.actions.join(", "), Some(MAX_CELL)),
                fit(&one_line(&conditions.join(joiner)), Some(MAX_CELL)),
                one_line(s.reason.as_deref().unwrap_or("")),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let fixed: usize = widths.iter().take(5).map(|w| w + 2).sum();
    let reason_width = width.map_or(MAX_CELL, |w| w.saturating_sub(fixed).max(10));
    let mut out = paint(
        header
            .iter()
            .zip(widths.iter())
            .map(|(h, w)| format!("{h:<w$}", w = *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end(),
        Color::Bold,
        color,
    );
    out.push('\n');
    for (row, statement) in rows.iter().zip(statements) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths.iter()).enumerate() {
            match i {
                5 => line.push_str(&fit(cell, Some(reason_width))),
                2 => {
                    let pad = w.saturating_sub(cell.chars().count()) + 2;
                    line.push_str(&paint(cell, effect_color(statement.effect), color));
                    line.push_str(&" ".repeat(pad));
                }
                _ => line.push_str(&format!("{cell:<w$}  ", w = *w)),
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `text` cut to `width` characters, ending in `…` when cut.
fn fit(text: &str, width: Option<usize>) -> String {
    match width {
        Some(width) => agsec::text::truncate(text, width),
        None => text.to_owned(),
    }
}

//! `agsec pending`: the reviews waiting for a person (queued when no one could be asked during
//! the call: Codex, headless runs). Decide them with `agsec approve` / `agsec reject`.

use super::output::{Color, Stream, color_enabled, paint, print_json};
use agsec::audit::{self, AuditStore};
use anyhow::Context;
use jiff::Timestamp;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Also list decided requests.
    #[arg(long)]
    all: bool,
    /// Print the requests as JSON.
    #[arg(long)]
    json: bool,
    /// The audit store holding the queue [default: the platform data directory].
    #[arg(long, env = "AGSEC_AUDIT_DB", value_name = "FILE")]
    audit_db: Option<PathBuf>,
}

/// The store named on the command line or the default one.
pub(crate) fn open_store(flag: Option<PathBuf>) -> anyhow::Result<AuditStore> {
    let path = flag
        .or_else(audit::default_db_path)
        .context("no audit store location (no home directory)\n  help: pass `--audit-db` or set AGSEC_AUDIT_DB")?;
    AuditStore::open(&path).with_context(|| format!("opening the audit store {}", path.display()))
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = open_store(args.audit_db)?;
    let rows = store.pending(args.all)?;
    if args.json {
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        println!("no reviews are waiting");
        return Ok(ExitCode::SUCCESS);
    }
    let color = color_enabled(Stream::Stdout);
    let now = Timestamp::now();
    println!(
        "{:>5}  {:>6}  {:<11}  {:<10}  {:<18}  {:<24}  SUMMARY",
        "ID", "AGE", "AGENT", "STATUS", "ACTION", "POLICY"
    );
    for row in rows {
        let age = age(now, row.created);
        let status = serde_json::to_value(row.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let painted = match status.as_str() {
            "pending" => paint(&format!("{status:<10}"), Color::Yellow, color),
            "approved" | "used" => paint(&format!("{status:<10}"), Color::Green, color),
            _ => paint(&format!("{status:<10}"), Color::Red, color),
        };
        println!(
            "{:>5}  {:>6}  {:<11}  {}  {:<18}  {:<24}  {}",
            row.id,
            age,
            row.agent,
            painted,
            row.action,
            row.sid.as_deref().unwrap_or("(default)"),
            row.summary
        );
    }
    println!("decide with `agsec approve <id>` or `agsec reject <id>` (add --reason \"…\")");
    Ok(ExitCode::SUCCESS)
}

fn age(now: Timestamp, then: Timestamp) -> String {
    let secs = now.duration_since(then).as_secs().max(0);
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

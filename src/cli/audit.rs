//! `agsec audit`: the recorded decisions as a table, `--stats`, `export`, `verify` and `prune`.
//! Parses arguments, calls `agsec::audit`, formats the result; nothing else.

use super::EXIT_ERROR;
use super::output::{Color, Stream, color_enabled, paint, print_json, table_width};
use agsec::Effect;
use agsec::audit::{self, AuditStore, Count, ExportFormat, Filter, Stats, StoredRecord, Timeline};
use anyhow::Context;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Show recorded decisions (most recent last), or `--stats` over them.
///
/// The store is `--audit-db`, else `$AGSEC_AUDIT_DB`, else `audit.db` in the platform data directory.
// Not `args_conflicts_with_subcommands`: clap would then refuse the global `--audit-db` before
// a subcommand (`agsec audit --audit-db x verify`). `run` rejects listing options given with a
// subcommand instead.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// The audit store to read.
    #[arg(long, global = true, value_name = "PATH")]
    audit_db: Option<PathBuf>,
    /// Print JSON for scripts.
    #[arg(long, global = true)]
    json: bool,
    /// Totals and shares by decision, action, policy, agent; top blocked calls; a timeline.
    #[arg(long)]
    stats: bool,
    #[command(flatten)]
    filters: Box<FilterArgs>,
    /// Show at most N records, the most recent (0: all) [default: 50].
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Write the matching records as JSON lines or CSV (stdout unless --output).
    Export {
        #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
        format: FormatArg,
        /// Write to this file instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        filters: Box<FilterArgs>,
    },
    /// Check the hash chain and the head witness beside the store; exit 1 naming the first
    /// altered, deleted or inserted row, or the rows cut from the end or start.
    Verify {
        /// After reading a witness problem: accept the store as it now is and write the
        /// witness again from it.
        #[arg(long)]
        reset_witness: bool,
    },
    /// Delete records older than an age (`90d`) or a date, keeping the rest verifiable.
    Prune {
        #[arg(long, value_name = "AGE")]
        older_than: String,
    },
}

/// Which records to show.
#[derive(Debug, Clone, clap::Args)]
struct FilterArgs {
    /// Only records since a time: `30m`, `1h`, `2d` ago, or a date (`2025-05-01`, RFC 3339).
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,
    /// Only this policy decision.
    #[arg(long, value_enum)]
    decision: Option<DecisionArg>,
    /// Only actions matching this glob (`bash.*`, `mcp.*`).
    #[arg(long, value_name = "GLOB")]
    action: Option<String>,
    /// Only this agent (`claude-code`, `codex` …).
    #[arg(long)]
    agent: Option<String>,
    /// Only this agent session id.
    #[arg(long, value_name = "ID")]
    session: Option<String>,
    /// Only decisions made by this policy statement.
    #[arg(long)]
    sid: Option<String>,
}

/// How many records the table shows by default.
const DEFAULT_LIMIT: usize = 50;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DecisionArg {
    Allow,
    Deny,
    Review,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Jsonl,
    Csv,
}

impl FilterArgs {
    /// The flags that are set, as written on the command line.
    fn set_flags(&self) -> Vec<&'static str> {
        [
            ("--since", self.since.is_some()),
            ("--decision", self.decision.is_some()),
            ("--action", self.action.is_some()),
            ("--agent", self.agent.is_some()),
            ("--session", self.session.is_some()),
            ("--sid", self.sid.is_some()),
        ]
        .into_iter()
        .filter_map(|(flag, set)| set.then_some(flag))
        .collect()
    }

    fn to_filter(&self, limit: Option<usize>) -> anyhow::Result<Filter> {
        let since = match &self.since {
            Some(text) => Some(audit::parse_since(text, jiff::Timestamp::now())?),
            None => None,
        };
        Ok(Filter {
            since,
            decision: self.decision.map(|d| match d {
                DecisionArg::Allow => Effect::Allow,
                DecisionArg::Deny => Effect::Deny,
                DecisionArg::Review => Effect::Review,
            }),
            action: self.action.clone(),
            agent: self.agent.clone(),
            session: self.session.clone(),
            sid: self.sid.clone(),
            limit,
        })
    }
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let db = match args.audit_db.clone().or_else(audit::default_db_path) {
        Some(path) => path,
        None => anyhow::bail!(
            "cannot find a data directory for the audit store\n  help: pass `--audit-db <path>` or set `{}`",
            audit::DB_ENV
        ),
    };
    if let Some(sub) = &args.command {
        let mut flags = args.filters.set_flags();
        flags.extend(args.stats.then_some("--stats"));
        flags.extend(args.limit.is_some().then_some("--limit"));
        if let Some(flag) = flags.first() {
            let name = match sub {
                Sub::Export { .. } => "export",
                Sub::Verify { .. } => "verify",
                Sub::Prune { .. } => "prune",
            };
            anyhow::bail!(
                "`{flag}` cannot be used before `{name}`\n  help: filters go after `export` (`agsec audit export --decision deny`); `verify` and `prune` take none"
            );
        }
    }
    match args.command {
        None if args.stats => {
            let filter = args.filters.to_filter(None)?;
            let Some(store) = open_existing(&db, args.json, EmptyJson::Stats)? else {
                return Ok(ExitCode::SUCCESS);
            };
            let stats = store.stats(&filter)?;
            if args.json {
                print_json(&stats)?;
            } else if stats.total == 0 {
                say(&nothing_message(&store)?);
            } else {
                print!("{}", render_stats(&stats, color_enabled(Stream::Stdout)));
            }
        }
        None => {
            let limit = Some(args.limit.unwrap_or(DEFAULT_LIMIT)).filter(|n| *n > 0);
            let filter = args.filters.to_filter(limit)?;
            let Some(store) = open_existing(&db, args.json, EmptyJson::Array)? else {
                return Ok(ExitCode::SUCCESS);
            };
            let records = store.query(&filter)?;
            if args.json {
                print_json(&records)?;
            } else if records.is_empty() {
                say(&nothing_message(&store)?);
            } else {
                print!(
                    "{}",
                    render_table(&records, table_width(), color_enabled(Stream::Stdout))
                );
            }
        }
        Some(Sub::Export {
            format,
            output,
            filters,
        }) => {
            let filter = filters.to_filter(None)?;
            let format = match format {
                FormatArg::Jsonl => ExportFormat::Jsonl,
                FormatArg::Csv => ExportFormat::Csv,
            };
            let Some(store) = open_existing(&db, false, EmptyJson::Nothing)? else {
                return Ok(ExitCode::SUCCESS);
            };
            match output {
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .with_context(|| format!("creating `{}`", path.display()))?;
                    let n = store
                        .export(&filter, format, &mut BufWriter::new(file))
                        .with_context(|| format!("writing `{}`", path.display()))?;
                    eprintln!("exported {n} records to `{}`", path.display());
                }
                None => {
                    let stdout = std::io::stdout();
                    store.export(&filter, format, &mut BufWriter::new(stdout.lock()))?;
                }
            }
        }
        Some(Sub::Verify { reset_witness }) => {
            let Some(store) =
                open_existing_keeping(&db, decision_log(), args.json, EmptyJson::Verification)?
            else {
                return Ok(ExitCode::SUCCESS);
            };
            let before = store.verify()?;
            if reset_witness {
                store.reset_witness()?;
                eprintln!(
                    "wrote the head witness again from the store as it is{}",
                    before
                        .problem
                        .as_ref()
                        .map(|p| format!(" (it said: {p})"))
                        .unwrap_or_default()
                );
            }
            let v = if reset_witness {
                store.verify()?
            } else {
                before
            };
            let quarantined = store.quarantined()?.len();
            if args.json {
                print_json(&serde_json::json!({
                    "intact": v.problem.is_none(),
                    "rows": v.rows,
                    "problem": v.problem,
                    "quarantined": quarantined,
                }))?;
            }
            if quarantined > 0 && !args.json {
                say(&format!(
                    "{quarantined} journal lines were not records and are kept in the store's quarantine (`agsec doctor` lists them)"
                ));
            }
            match &v.problem {
                None => {
                    if !args.json {
                        println!("audit trail intact: {} records verified", v.rows);
                    }
                }
                Some(problem) => {
                    if !args.json {
                        println!("audit trail broken: {problem}");
                    }
                    return Ok(ExitCode::from(EXIT_ERROR));
                }
            }
        }
        Some(Sub::Prune { older_than }) => {
            let cutoff = audit::parse_since(&older_than, jiff::Timestamp::now())?;
            let Some(mut store) = open_existing(&db, args.json, EmptyJson::Pruned)? else {
                return Ok(ExitCode::SUCCESS);
            };
            let pruned = store.prune(cutoff)?;
            if args.json {
                print_json(&serde_json::json!({"pruned": pruned, "before": cutoff.to_string()}))?;
            } else {
                println!(
                    "pruned {pruned} records from before {}",
                    format_local(&cutoff.to_string())
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The decision log (`audit.jsonl_log`) of the settings `check` would read from here
/// (`$AGSEC_CONFIG`, else beside the policies found from the working directory), whose checkpoint
/// lines `verify` compares with the store. Without one, `verify` uses the log the store's
/// writers last appended checkpoints to.
fn decision_log() -> Option<PathBuf> {
    let explicit = std::env::var_os("AGSEC_CONFIG")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    let dir = std::env::current_dir()
        .ok()
        .and_then(|cwd| agsec::policy::find_policy_dir(&cwd));
    let path = agsec::config::settings_path(explicit.as_deref(), dir.as_deref())?;
    agsec::config::load_config(&path).ok()?.audit.jsonl_log
}

/// What `--json` prints when there is no store yet.
#[derive(Debug, Clone, Copy)]
enum EmptyJson {
    Array,
    Stats,
    Verification,
    Pruned,
    Nothing,
}

/// Opens the store (importing its journal) if anything was recorded for it; otherwise says
/// nothing was recorded yet (on stderr, with the empty JSON value on stdout for `--json`) and
/// returns `None`.
fn open_existing(db: &Path, json: bool, empty: EmptyJson) -> anyhow::Result<Option<AuditStore>> {
    open_existing_keeping(db, None, json, empty)
}

/// As [`open_existing`], keeping checkpoints in the decision log `log`.
fn open_existing_keeping(
    db: &Path,
    log: Option<PathBuf>,
    json: bool,
    empty: EmptyJson,
) -> anyhow::Result<Option<AuditStore>> {
    if let Some(store) = AuditStore::open_existing_keeping(db, log)? {
        return Ok(Some(store));
    }
    eprintln!(
        "no decisions recorded yet (no audit store at `{}`)",
        db.display()
    );
    if json {
        match empty {
            EmptyJson::Array => print_json(&serde_json::json!([]))?,
            EmptyJson::Stats => print_json(&serde_json::json!({"total": 0}))?,
            EmptyJson::Verification => {
                print_json(
                    &serde_json::json!({"intact": true, "rows": 0, "problem": null, "quarantined": 0}),
                )?;
            }
            EmptyJson::Pruned => print_json(&serde_json::json!({"pruned": 0}))?,
            EmptyJson::Nothing => {}
        }
    }
    Ok(None)
}

/// A remark on stderr (dimmed on a terminal), leaving stdout to results.
fn say(text: &str) {
    eprintln!("{}", paint(text, Color::Dim, color_enabled(Stream::Stderr)));
}

fn nothing_message(store: &AuditStore) -> anyhow::Result<String> {
    Ok(if store.count()? == 0 {
        format!("no decisions recorded yet in `{}`", store.path().display())
    } else {
        "no decisions match".to_owned()
    })
}

/// `2025-03-01T10:00:00.500000Z` in the local time zone, to the second.
fn format_local(rfc3339: &str) -> String {
    rfc3339
        .parse::<jiff::Timestamp>()
        .map(|t| {
            t.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| rfc3339.to_owned())
}

fn decision_color(decision: &str) -> Color {
    match decision {
        "allow" => Color::Green,
        "deny" => Color::Red,
        _ => Color::Yellow,
    }
}

/// The records as aligned columns; the summary is cut to fit `width`.
fn render_table(records: &[StoredRecord], width: Option<usize>, color: bool) -> String {
    let header = ["TIME", "AGENT", "ACTION", "DECISION", "SID", "SUMMARY"];
    let rows: Vec<[String; 6]> = records
        .iter()
        .map(|r| {
            let decision = if r.decision == "review" {
                format!("review→{}", r.outcome)
            } else {
                r.decision.clone()
            };
            [
                format_local(&r.time),
                r.agent.clone(),
                r.action.clone(),
                decision,
                r.sid.clone().unwrap_or_else(|| "-".to_owned()),
                agsec::text::one_line(&r.summary),
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
    let summary_width = width.map(|w| w.saturating_sub(fixed).max(1));
    let mut out = String::new();
    let line = |cells: [&str; 6], painted: Option<String>, out: &mut String| {
        for (i, (cell, w)) in cells.iter().zip(widths.iter()).enumerate() {
            if i == 5 {
                out.push_str(&fit(cell, summary_width));
            } else if i == 3 && painted.is_some() {
                let pad = w.saturating_sub(cell.chars().count());
                out.push_str(painted.as_deref().unwrap_or(cell));
                out.push_str(&" ".repeat(pad + 2));
            } else {
                out.push_str(&format!("{cell:<w$}  ", w = *w));
            }
        }
        out.push('\n');
    };
    let bold = |t: &str| paint(t, Color::Bold, color);
    out.push_str(&bold(
        header
            .iter()
            .zip(widths.iter())
            .map(|(h, w)| format!("{h:<w$}", w = *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end(),
    ));
    out.push('\n');
    for (row, rec) in rows.iter().zip(records) {
        let painted = color.then(|| paint(&row[3], decision_color(&rec.decision), true));
        let cells = [
            row[0].as_str(),
            row[1].as_str(),
            row[2].as_str(),
            row[3].as_str(),
            row[4].as_str(),
            row[5].as_str(),
        ];
        line(cells, painted, &mut out);
    }
    out
}

/// `text` cut to `width` characters, ending in `…` when cut (a zero width leaves only the `…`).
fn fit(text: &str, width: Option<usize>) -> String {
    match width {
        Some(0) if !text.is_empty() => "…".to_owned(),
        Some(w) => agsec::text::truncate(text, w),
        None => text.to_owned(),
    }
}

fn render_stats(stats: &Stats, color: bool) -> String {
    let mut out = String::new();
    let heading = |t: &str| paint(t, Color::Bold, color);
    out.push_str(&format!("{} decisions\n", stats.total));
    let sections: [(&str, &[Count], bool); 6] = [
        ("by decision", &stats.by_decision, true),
        ("told the agent", &stats.by_outcome, true),
        ("by action", &stats.by_action, false),
        ("top deciding policies (sid)", &stats.top_sids, false),
        ("top blocked", &stats.top_blocked, false),
        ("by agent", &stats.by_agent, false),
    ];
    for (title, counts, colored) in sections {
        if counts.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{}\n", heading(title)));
        let key_width = counts
            .iter()
            .map(|c| c.key.chars().count().min(60))
            .max()
            .unwrap_or(0);
        let n_width = counts
            .iter()
            .map(|c| c.count.to_string().len())
            .max()
            .unwrap_or(0);
        for c in counts {
            let key = fit(&agsec::text::one_line(&c.key), Some(60));
            let pad = key_width.saturating_sub(key.chars().count());
            let key = if colored {
                paint(&key, decision_color(&c.key), color)
            } else {
                key
            };
            out.push_str(&format!(
                "  {key}{}  {:>n_width$}  {:>5.1}%\n",
                " ".repeat(pad),
                c.count,
                c.share * 100.0
            ));
        }
    }
    if !stats.over_time.buckets.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            heading(&timeline_title(&stats.over_time))
        ));
        out.push_str(&render_timeline(&stats.over_time));
    }
    out
}

fn timeline_title(t: &Timeline) -> String {
    let unit = serde_json::to_value(t.bucket)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    format!("over time (per {unit}, UTC)")
}

/// A one-line bar chart (unicode blocks, a space for an empty bucket) with its range and peak.
fn render_timeline(t: &Timeline) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = t.buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let bars: String = t
        .buckets
        .iter()
        .map(|b| {
            if b.count == 0 {
                ' '
            } else {
                let level = usize::try_from((b.count * 7).div_ceil(max))
                    .unwrap_or(7)
                    .min(7);
                BARS.get(level).copied().unwrap_or('█')
            }
        })
        .collect();
    let first = t
        .buckets
        .first()
        .map(|b| b.key.as_str())
        .unwrap_or_default();
    let last = t.buckets.last().map(|b| b.key.as_str()).unwrap_or_default();
    format!("  {bars}\n  {first} … {last}, peak {max}\n")
}

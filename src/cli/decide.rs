//! `agsec approve <id>` and `agsec reject <id>`: a person decides a queued review. An approval lets
//! exactly that call (same tool input, same directory) through once, until it expires.

use super::PolicyDirArg;
use super::pending::open_store;
use agsec::agents::{Agent, CallMeta};
use agsec::audit::{NewRecord, Outcome, ReviewInfo, Reviewer};
use agsec::{Effect, MatchedBy};
use jiff::SignedDuration;
use jiff::Timestamp;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The request id shown by `agsec pending` (and in the agent's deny message).
    id: i64,
    /// Why (kept in the audit log).
    #[arg(long)]
    reason: Option<String>,
    /// The audit store holding the queue [default: the platform data directory].
    #[arg(long, env = "AGSEC_AUDIT_DB", value_name = "FILE")]
    audit_db: Option<PathBuf>,
    #[command(flatten)]
    policy_dir: PolicyDirArg,
}

pub(crate) fn run(args: Args, approve: bool) -> anyhow::Result<ExitCode> {
    // The grant's lifetime comes from the settings beside the policies, when there are any.
    let expiry = std::env::current_dir()
        .ok()
        .and_then(|cwd| args.policy_dir.resolve(&cwd).ok())
        .and_then(|dir| agsec::config::settings_path(None, Some(&dir)))
        .and_then(|path| agsec::config::load_config(&path).ok())
        .unwrap_or_default()
        .review
        .grant_expiry;
    let mut store = open_store(args.audit_db)?;
    let expiry = SignedDuration::from_secs(i64::try_from(expiry).unwrap_or(i64::MAX));
    // The row names its agent as agsec wrote it; a name agsec does not know (an altered store)
    // is refused before anything is decided, since the decision could not be recorded as made.
    if let Some(row) = store.pending_request(args.id)? {
        row.agent.parse::<Agent>().map_err(|e| {
            anyhow::anyhow!(
                "review {}: {e}\nhelp: the audit store was altered; check it with `agsec audit verify`",
                args.id
            )
        })?;
    }
    match store.decide(args.id, approve, args.reason.as_deref(), expiry)? {
        Ok(row) => {
            let agent = row.agent.parse::<Agent>().unwrap_or(Agent::Plain);
            // The person's decision goes into the audit log too (the grant's use is logged
            // again when the approved call passes).
            let record = NewRecord {
                time: Timestamp::now(),
                meta: CallMeta {
                    agent,
                    session_id: row.session_id.clone(),
                    tool_use_id: None,
                    cwd: row.cwd.clone(),
                    tool_name: row.tool_name.clone(),
                    action: row.action.clone(),
                },
                params: serde_json::json!({"pending_review": row.id, "summary": row.summary}),
                decision: Effect::Review,
                outcome: if approve {
                    Outcome::Allow
                } else {
                    Outcome::Deny
                },
                sid: row.sid.clone(),
                reason: row.reason.clone(),
                matched_by: MatchedBy::Review,
                duration_us: 0,
                review: Some(ReviewInfo {
                    by: Reviewer::Person,
                    at: Timestamp::now(),
                    comment: args.reason.clone(),
                }),
            };
            store.record(&record)?;
            if approve {
                println!(
                    "approved review {}: the same call ({}) is allowed once{}",
                    row.id,
                    row.summary,
                    row.expires_at
                        .map(|t| format!(" until {t}"))
                        .unwrap_or_default()
                );
            } else {
                println!("rejected review {} ({})", row.id, row.summary);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => anyhow::bail!("{e}\n  help: `agsec pending --all` lists every request"),
    }
}

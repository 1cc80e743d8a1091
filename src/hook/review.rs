//! Who decides a call the policies send to review: Claude Code's own prompt, a grant a person
//! gave earlier (`agsec approve`), a person at this terminal, the review queue, or (nobody can be
//! asked now) a deny whose reason says how to approve.

use crate::agents::{Agent, Outcome, ToolCall};
use crate::audit::{AuditStore, PendingRequest, ReviewInfo, Reviewer};
use crate::config::{Config, TimeoutAction};
use crate::policy::Decision;
use crate::review::queue::{self, Queued};
use crate::review::{Answer, ReviewRequest, prompt};
use jiff::Timestamp;
use std::path::Path;
use std::time::Duration;

/// The outcome of a reviewed call, and who decided it (`None`: nobody did; the call is denied).
pub fn resolve(
    call: &ToolCall,
    decision: &Decision,
    message: String,
    config: &Config,
    db: Option<&Path>,
) -> (Outcome, Option<ReviewInfo>) {
    let agent = call.meta.agent;
    let by = |by: Reviewer, comment: Option<String>| {
        Some(ReviewInfo {
            by,
            at: Timestamp::now(),
            comment,
        })
    };
    if call.can_ask() {
        return (
            Outcome::Ask { reason: message },
            by(Reviewer::AgentPrompt, None),
        );
    }
    let timeout = Duration::from_secs(config.review.timeout);
    let timed_out = |message: &str| match config.review.timeout_action {
        TimeoutAction::Approve => Outcome::Allow,
        TimeoutAction::Reject => Outcome::Deny {
            reason: format!("{message} (no answer within {}s)", config.review.timeout),
        },
    };
    let rejected = |message: &str, comment: &Option<String>| Outcome::Deny {
        reason: match comment {
            Some(c) => format!("{message} (rejected by a person: {c})"),
            None => format!("{message} (rejected by a person)"),
        },
    };
    let summary_line = crate::text::one_line_max(&summary(call), 300);
    let request = PendingRequest {
        meta: call.meta.clone(),
        summary: summary_line.clone(),
        fingerprint: queue::fingerprint(
            &call.meta.tool_name,
            &call.tool_input,
            call.meta.cwd.as_deref(),
        ),
        sid: decision.sid.clone(),
        reason: decision.reason.clone(),
    };
    let mut store = db.and_then(|db| AuditStore::open(db).ok());
    if let Some(store) = store.as_mut()
        && let Ok(Some(grant)) = store.take_grant(&request)
    {
        return (Outcome::Allow, by(Reviewer::Grant, grant.comment));
    }
    if agent == Agent::Plain {
        let prompt_request = ReviewRequest {
            action: request.meta.action.clone(),
            summary: summary_line,
            sid: decision.sid.clone(),
            reason: decision
                .reason
                .clone()
                .unwrap_or_else(|| "no policy allows it".to_owned()),
            timeout_label: match config.review.timeout_action {
                TimeoutAction::Approve => "approve".to_owned(),
                TimeoutAction::Reject => "reject".to_owned(),
            },
        };
        match prompt::ask(&prompt_request, timeout) {
            Answer::Approved { comment } => return (Outcome::Allow, by(Reviewer::Person, comment)),
            Answer::Rejected { comment } => {
                return (rejected(&message, &comment), by(Reviewer::Person, comment));
            }
            Answer::TimedOut => return (timed_out(&message), by(Reviewer::Timeout, None)),
            Answer::NoTerminal => {}
        }
    }
    let Some(store) = store.as_mut() else {
        let reason = format!(
            "{message} (a person must approve this, and none could be asked: the review queue cannot be opened)"
        );
        return (Outcome::Deny { reason }, None);
    };
    match queue::handle(store, &request, config.review.when_no_one_to_ask, timeout) {
        Ok(Queued::Granted { comment, .. }) => (Outcome::Allow, by(Reviewer::Grant, comment)),
        Ok(Queued::Denied { id }) => {
            let reason = format!(
                "{message}. A person must approve it: they can run `agsec approve {id}` (or `agsec reject {id}`; `agsec pending` lists requests), after which the same call is allowed once"
            );
            (Outcome::Deny { reason }, None)
        }
        Ok(Queued::Decided { answer, .. }) => match answer {
            Answer::Approved { comment } => (Outcome::Allow, by(Reviewer::Person, comment)),
            Answer::Rejected { comment } => {
                (rejected(&message, &comment), by(Reviewer::Person, comment))
            }
            Answer::TimedOut | Answer::NoTerminal => {
                (timed_out(&message), by(Reviewer::Timeout, None))
            }
        },
        Err(e) => {
            let reason =
                format!("{message} (a person must approve this, and the review queue failed: {e})");
            (Outcome::Deny { reason }, None)
        }
    }
}

/// One line saying what a call does: the command, the file, or the action.
pub fn summary(call: &ToolCall) -> String {
    let input = &call.tool_input;
    for key in [
        "command",
        "file_path",
        "notebook_path",
        "url",
        "query",
        "pattern",
    ] {
        if let Some(text) = input.get(key).and_then(serde_json::Value::as_str) {
            return format!("{key}: {text}");
        }
    }
    format!("{}: {}", call.meta.tool_name, input)
}

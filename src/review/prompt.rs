//! The terminal prompt for a review: shows the action, the policy and its reason on `/dev/tty`
//! (not stdin, which carries the payload), asks to approve or reject with an optional comment,
//! and gives up after a timeout.

use super::{Answer, ReviewRequest};
use dialoguer::Input;
use dialoguer::console::Term;
use std::fs::OpenOptions;
use std::sync::mpsc;
use std::time::Duration;

/// The terminal device; `AGSEC_TTY` overrides it (tests drive the prompt through a pseudo-terminal).
fn tty_path() -> String {
    std::env::var("AGSEC_TTY").unwrap_or_else(|_| "/dev/tty".to_owned())
}

/// Asks on the controlling terminal. `NoTerminal` when there is none (hooks run by agents).
pub(crate) fn ask(request: &ReviewRequest, timeout: Duration) -> Answer {
    let path = tty_path();
    let (Ok(read), Ok(write)) = (
        OpenOptions::new().read(true).open(&path),
        OpenOptions::new().write(true).open(&path),
    ) else {
        return Answer::NoTerminal;
    };
    let term = Term::read_write_pair(read, write);
    let header = format!(
        "\nagsec: a policy asks for your approval\n  action: {}\n  {}\n  policy: {}\n  reason: {}\n  (no answer within {}s: {})\n",
        request.action,
        request.summary,
        request.sid.as_deref().unwrap_or("(default)"),
        request.reason,
        timeout.as_secs(),
        request.timeout_label,
    );
    if term.write_str(&header).is_err() {
        return Answer::NoTerminal;
    }
    let (tx, rx) = mpsc::channel();
    let prompt_term = term.clone();
    std::thread::spawn(move || {
        let answer = prompt(&prompt_term);
        let _ = tx.send(answer);
    });
    match rx.recv_timeout(timeout) {
        Ok(Some(answer)) => answer,
        Ok(None) => Answer::NoTerminal,
        Err(_) => {
            let _ = term.write_line("\nagsec: no answer in time");
            Answer::TimedOut
        }
    }
}

fn prompt(term: &Term) -> Option<Answer> {
    let choice: String = Input::new()
        .with_prompt("Allow it? [y/N]")
        .allow_empty(true)
        .interact_on(term)
        .ok()?;
    let approved = matches!(choice.trim().to_ascii_lowercase().as_str(), "y" | "yes");
    let comment: String = Input::new()
        .with_prompt("Comment (optional)")
        .allow_empty(true)
        .interact_on(term)
        .ok()?;
    let comment = Some(comment.trim().to_owned()).filter(|c| !c.is_empty());
    Some(if approved {
        Answer::Approved { comment }
    } else {
        Answer::Rejected { comment }
    })
}

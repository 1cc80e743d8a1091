//! Reviews: a person decides what a policy sent to `review`. Who can be asked depends on the
//! caller: Claude Code asks through its own prompt, a person at a terminal is asked on `/dev/tty`
//! ([`prompt`]), and otherwise the request waits in the pending queue of the audit store for
//! `agsec approve` / `agsec reject` from another terminal.

/// Asking the person at the terminal (`/dev/tty`), with a timeout.
pub mod prompt;
/// The pending queue in the audit store, for `agsec pending`, `approve` and `reject`.
pub mod queue;

/// What a person is asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRequest {
    /// The action name (`bash.execute`).
    pub action: String,
    /// One line saying what the call does (the command, the file …).
    pub summary: String,
    /// The statement that asked for the review, if a policy did.
    pub sid: Option<String>,
    /// Why the call needs a person.
    pub reason: String,
    /// What a timeout means, for the prompt's text (`reject`, `approve`).
    pub timeout_label: String,
}

/// A person's answer, or why there was none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The person let the call run.
    Approved {
        /// What they wrote with the answer, if anything.
        comment: Option<String>,
    },
    /// The person refused the call.
    Rejected {
        /// What they wrote with the answer, if anything.
        comment: Option<String>,
    },
    /// Nobody answered within the review timeout.
    TimedOut,
    /// There was no terminal to ask on (the call is denied).
    NoTerminal,
}

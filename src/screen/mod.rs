//! Screening tool output for prompt injection: the text a tool returned (a web page, a README,
//! an API response, command output) is searched for instructions aimed at the agent reading it.
//! [`scan`] is the detector; [`screen_output`] and [`reply`] turn an after-tool hook payload
//! (read, and answered, in the agent's protocol by `agents::post`) into findings and the agent's
//! answer; [`audit_record`] is what a screening puts in the audit
//! log. Secret detection is not here (see `audit::redact` and `taint`).

mod context;
mod encoded;
mod ends;
mod finding;
mod hook;
mod injection;
mod intent;
mod invisible;
mod learned;
mod markup;
mod normalize;
mod record;
mod rules;

pub use finding::{
    Finding, FindingKind, ParseSettingError, ScreenAction, ScreenSettings, Sensitivity, Severity,
};
#[cfg(test)]
pub(crate) use hook::screen_payload;
pub use hook::{Screened, reply, screen_output};
pub use injection::scan;
pub use record::audit_record;

// Steps of work done by the screen on this thread (tests only): bytes searched or read around a
// match, matches judged, sentences scored. Lets a test show the work is linear in the input
// without timing anything.
#[cfg(test)]
thread_local! {
    pub(crate) static WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts `steps` of work (a no-op outside tests).
#[inline]
pub(crate) fn work(steps: usize) {
    #[cfg(test)]
    WORK.with(|work| work.set(work.get() + steps));
    #[cfg(not(test))]
    let _ = steps;
}

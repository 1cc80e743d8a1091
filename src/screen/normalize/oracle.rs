//! Test oracle: folding as it was first written, in two passes with lookahead over a vector
//! of folded chars. Slow but plain; the streaming `Joiner` must produce exactly the same text
//! and offsets (see the differential property test in `normalize`).

use super::join::{MIN_SPACED_RUN, is_letter_separator, is_run_space, read_leet};
use super::{Sink, fold_units};

/// A folded char and the byte offset of the original char it came from.
type Unit = (char, u32);

impl Sink for Vec<Unit> {
    fn unit(&mut self, c: char, origin: u32) {
        self.push((c, origin));
    }
}

/// The folded text and the original offset of each of its bytes.
pub(super) fn fold(original: &str) -> (String, Vec<u32>) {
    let mut units = Vec::new();
    fold_units(original, &mut units);
    join_and_collapse(&units)
}

fn push(out: &mut (String, Vec<u32>), c: char, origin: u32) {
    out.0.push(c);
    out.1.resize(out.1.len() + c.len_utf8(), origin);
}

/// Pass 2: collapse whitespace (a run holding a newline becomes `\n`, else one space), join
/// runs of spaced-out single letters, read leetspeak digits inside words as letters.
fn join_and_collapse(units: &[Unit]) -> (String, Vec<u32>) {
    let mut out = (String::new(), Vec::new());
    let mut i = 0;
    // The current alphanumeric token: (end index, has an ASCII letter).
    let mut token = (0, false);
    while let Some(&(c, origin)) = units.get(i) {
        if c.is_whitespace() {
            let mut has_newline = false;
            while let Some(&(w, _)) = units.get(i).filter(|(w, _)| w.is_whitespace()) {
                has_newline |= w == '\n';
                i += 1;
            }
            push(&mut out, if has_newline { '\n' } else { ' ' }, origin);
            continue;
        }
        if c.is_alphanumeric() && starts_token(units, i) {
            let (count, last) = spaced_run(units, i);
            if count >= MIN_SPACED_RUN {
                // Inside the run every alphanumeric is one of its letters.
                for &(letter, from) in units.get(i..=last).unwrap_or_default() {
                    if letter.is_alphanumeric() {
                        push(&mut out, read_leet(letter, true), from);
                    }
                }
                i = last + 1;
                continue;
            }
        }
        if c.is_alphanumeric() && i >= token.0 {
            token = token_at(units, i);
        }
        push(&mut out, read_leet(c, token.1 && i < token.0), origin);
        i += 1;
    }
    out
}

/// The end of the alphanumeric token starting at `i`, and whether it holds an ASCII letter
/// (leetspeak digits are read as letters only inside such a token: `1gnore`, not `2024`).
fn token_at(units: &[Unit], i: usize) -> (usize, bool) {
    let mut end = i;
    let mut has_letter = false;
    while let Some((c, _)) = units.get(end).filter(|(c, _)| c.is_alphanumeric()) {
        has_letter |= c.is_ascii_alphabetic();
        end += 1;
    }
    (end, has_letter)
}

/// Whether the char at `i` begins a token (nothing alphanumeric right before it).
fn starts_token(units: &[Unit], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| units.get(p))
        .is_none_or(|(p, _)| !p.is_alphanumeric())
}

/// The length and last index of a run of single alphanumerics separated by a run of whitespace
/// without a newline or by one separator char, starting at `i`; `(1, i)` when `i` is not a single-char token.
fn spaced_run(units: &[Unit], i: usize) -> (usize, usize) {
    // Most tokens are words: the char after the first letter is a letter too.
    if units.get(i + 1).is_some_and(|(c, _)| c.is_alphanumeric()) {
        return (1, i);
    }
    let (mut count, mut at) = (1, i);
    loop {
        // The char after a single-letter token must be a separator.
        let mut next = at + 1;
        match units.get(next) {
            Some((c, _)) if is_run_space(*c) => {
                while units.get(next).is_some_and(|(c, _)| is_run_space(*c)) {
                    next += 1;
                }
            }
            Some((c, _)) if is_letter_separator(*c) => next += 1,
            _ => break,
        }
        let is_single = units.get(next).is_some_and(|(c, _)| c.is_alphanumeric())
            && units
                .get(next + 1)
                .is_none_or(|(c, _)| !c.is_alphanumeric());
        if !is_single {
            break;
        }
        count += 1;
        at = next;
    }
    (count, at)
}

//! The second half of folding, streamed: each folded char is fed once, in order, and written
//! straight to the output. Whitespace runs collapse (a run holding a newline becomes `\n`, else
//! one space), leetspeak digits inside a word are read as letters (`1gnore`, not `2024`) and runs
//! of spaced-out single letters (`i g n o r e`, `i.g.n.o.r.e`) are joined into one word.
//!
//! Idempotent by design: every rule reads only what survives folding. A whitespace run between
//! two letters of a spaced run counts as one separator however long it is (the output keeps one
//! space of it), and a run holding a newline ends the spaced run (the output keeps the newline);
//! so folding the output sees the same runs, words and separators again. (Deciding on the
//! original spacing, as an early version did, folded `0*A*0    A` to `0*a*0 a`, which folds on
//! to `oaoa`.)
//!
//! Nothing waits for chars not given yet: what depends on them is settled when they arrive, by
//! rewriting the tail of the output. A word's leet digits are fixed when the word ends (if it
//! holds an ASCII letter); a spaced run is rewritten from its first letter once its fourth letter
//! is confirmed single, then grows one letter at a time. Runs of ASCII come in bulk
//! ([`Sink::ascii`]): whole words and whitespace runs are appended at once.

use super::Sink;

/// Separators that may sit between spaced-out letters (`i.g.n.o.r.e`, `i-g-n-o-r-e`).
pub(super) fn is_letter_separator(c: char) -> bool {
    matches!(c, '.' | '-' | '_' | '*' | '\u{b7}')
}

/// ASCII whitespace as [`char::is_whitespace`] sees it (which, unlike
/// [`u8::is_ascii_whitespace`], includes the vertical tab).
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ')
}

/// Whitespace that may sit between spaced-out letters: any but a line break (a whitespace run
/// holding a line break folds to `\n`, which ends a spaced run).
pub(super) fn is_run_space(c: char) -> bool {
    c.is_whitespace() && c != '\n'
}

/// Shortest run of spaced-out single characters that is joined into one word.
pub(super) const MIN_SPACED_RUN: usize = 4;

/// Leetspeak digits read as letters when next to a letter (`1gnore`, `ign0re`, `instruct10ns`).
pub(super) fn read_leet(c: char, next_to_letter: bool) -> char {
    if !next_to_letter {
        return c;
    }
    match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        _ => c,
    }
}

/// [`ascii_class`] bit of an ASCII letter.
const LETTER: u8 = 1;
/// [`ascii_class`] bit of a digit [`read_leet`] reads as a letter.
const LEET_DIGIT: u8 = 2;

/// [`LETTER`] or [`LEET_DIGIT`] for a byte, or 0.
#[inline]
fn ascii_class(byte: u8) -> u8 {
    u8::from(byte.is_ascii_alphabetic())
        | u8::from(matches!(byte, b'0' | b'1' | b'3' | b'4' | b'5' | b'7')) << 1
}

/// What the previous folded char was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of text, or a char that is neither of the others.
    Other,
    Alnum,
    /// Whitespace: the last output byte is the run's collapsed space or newline.
    Space,
}

/// Where a possible spaced run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// No run: waiting for an alphanumeric that starts a word.
    Idle,
    /// The last char was a run's letter; it counts if the next char is not alphanumeric.
    Letter,
    /// Whitespace without a newline after a counted letter.
    Spaces,
    /// One separator char after a counted letter.
    Separator,
}

/// The folded output being built, and what is still open at its end.
pub(super) struct Joiner {
    /// UTF-8 bytes (only whole chars are pushed; leet rewrites swap ASCII for ASCII).
    text: Vec<u8>,
    /// The original offset of every byte of `text`.
    origin: Vec<u32>,
    prev: Prev,
    /// Whether the open word holds an ASCII letter.
    word_has_letter: bool,
    /// Output positions of the open word's leetspeak digits.
    word_digits: Vec<usize>,
    step: Step,
    /// Output length before the run's first letter.
    run_start: usize,
    /// The run's letters; the last one is not counted yet while `step` is [`Step::Letter`].
    run_letters: Vec<(char, u32)>,
    /// Output length after the last joined letter, once the run is joined.
    joined_end: Option<usize>,
}

impl Joiner {
    pub(super) fn with_capacity(bytes: usize) -> Self {
        Self {
            text: Vec::with_capacity(bytes),
            origin: Vec::with_capacity(bytes),
            prev: Prev::Other,
            word_has_letter: false,
            word_digits: Vec::new(),
            step: Step::Idle,
            run_start: 0,
            run_letters: Vec::new(),
            joined_end: None,
        }
    }

    /// Takes the next folded char and the original offset it came from.
    pub(super) fn feed(&mut self, c: char, origin: u32) {
        let is_alnum = c.is_alphanumeric();
        if !is_alnum && self.prev == Prev::Alnum {
            self.close_word();
        }
        self.track_run(c, is_alnum, origin);
        if is_alnum {
            self.push_alnum(c, origin);
        } else {
            self.push_other(c, origin);
        }
    }

    /// Starts a word unless one is open.
    fn open_word(&mut self) {
        if self.prev != Prev::Alnum {
            self.word_has_letter = false;
            self.word_digits.clear();
            self.prev = Prev::Alnum;
        }
    }

    /// Pushes an alphanumeric: it opens a word or continues the open one.
    fn push_alnum(&mut self, c: char, origin: u32) {
        self.open_word();
        if c.is_ascii_alphabetic() {
            self.word_has_letter = true;
        } else if read_leet(c, true) != c {
            self.word_digits.push(self.text.len());
        }
        self.push(c, origin);
    }

    /// Pushes ASCII alphanumerics: they open a word or continue the open one.
    fn push_word(&mut self, word: &[u8], origin: u32) {
        self.open_word();
        let start = self.text.len();
        self.text.extend_from_slice(word);
        if let Some(pushed) = self.text.get_mut(start..) {
            pushed.make_ascii_lowercase();
        }
        self.origin.extend(origin..origin + word.len() as u32);
        // One table lookup a byte says whether the word holds a letter or a leet digit; the
        // digits' positions are only collected when it holds one.
        let classes = word
            .iter()
            .fold(0, |classes, &byte| classes | ascii_class(byte));
        self.word_has_letter |= classes & LETTER != 0;
        if classes & LEET_DIGIT != 0 {
            for (at, &byte) in (start..).zip(word) {
                if ascii_class(byte) & LEET_DIGIT != 0 {
                    self.word_digits.push(at);
                }
            }
        }
    }

    /// Pushes any other char; whitespace joins the run of whitespace before it.
    fn push_other(&mut self, c: char, origin: u32) {
        if c.is_whitespace() {
            self.push_space(c == '\n', origin);
        } else {
            self.prev = Prev::Other;
            self.push(c, origin);
        }
    }

    /// Whitespace: one space for a run, a newline if the run holds one.
    fn push_space(&mut self, is_newline: bool, origin: u32) {
        if self.prev != Prev::Space {
            self.prev = Prev::Space;
            self.push(' ', origin);
        }
        if is_newline && let Some(last) = self.text.last_mut() {
            *last = b'\n';
        }
    }

    /// The folded text and the original offset of each of its bytes.
    pub(super) fn finish(mut self) -> (String, Vec<u32>) {
        if self.prev == Prev::Alnum {
            self.close_word();
        }
        if self.step == Step::Letter {
            self.count_letter();
        }
        match String::from_utf8(self.text) {
            Ok(text) => (text, self.origin),
            // Unreachable: only whole chars are pushed and rewrites are ASCII for ASCII.
            Err(_) => (String::new(), Vec::new()),
        }
    }

    /// The open word ended: its digits are letters if it holds an ASCII letter.
    fn close_word(&mut self) {
        if !self.word_has_letter {
            return;
        }
        for &at in &self.word_digits {
            if let Some(byte) = self.text.get_mut(at) {
                *byte = read_leet(char::from(*byte), true) as u8;
            }
        }
        self.word_digits.clear();
    }

    /// Advances the spaced-run state on `c`, before `c` is pushed.
    fn track_run(&mut self, c: char, is_alnum: bool, origin: u32) {
        self.step = match self.step {
            Step::Idle if is_alnum && self.prev != Prev::Alnum => {
                self.run_start = self.text.len();
                self.run_letters.clear();
                self.run_letters.push((c, origin));
                self.joined_end = None;
                Step::Letter
            }
            Step::Idle => Step::Idle,
            // The pending letter starts a longer word: the run ends before it.
            Step::Letter if is_alnum => Step::Idle,
            Step::Letter => {
                self.count_letter();
                if is_run_space(c) {
                    Step::Spaces
                } else if is_letter_separator(c) {
                    Step::Separator
                } else {
                    Step::Idle
                }
            }
            Step::Spaces if is_run_space(c) => Step::Spaces,
            Step::Spaces | Step::Separator if is_alnum => {
                self.run_letters.push((c, origin));
                Step::Letter
            }
            Step::Spaces | Step::Separator => Step::Idle,
        };
    }

    /// The pending letter is single: it counts, and a long enough run is joined.
    fn count_letter(&mut self) {
        let count = self.run_letters.len();
        if count < MIN_SPACED_RUN {
            return;
        }
        let (from, letters) = match self.joined_end {
            // Join the first letters, dropping what separated them.
            None => (self.run_start, 0..count),
            // Append the new letter right after the joined ones.
            Some(end) => (end, count - 1..count),
        };
        self.text.truncate(from);
        self.origin.truncate(from);
        for i in letters {
            if let Some(&(letter, origin)) = self.run_letters.get(i) {
                self.push(read_leet(letter, true), origin);
            }
        }
        self.joined_end = Some(self.text.len());
    }

    #[inline]
    fn push(&mut self, c: char, origin: u32) {
        if c.is_ascii() {
            self.text.push(c as u8);
            self.origin.push(origin);
            return;
        }
        let mut buffer = [0; 4];
        let encoded = c.encode_utf8(&mut buffer).as_bytes();
        self.text.extend_from_slice(encoded);
        self.origin
            .extend(std::iter::repeat_n(origin, encoded.len()));
    }
}

impl Sink for Joiner {
    fn unit(&mut self, c: char, origin: u32) {
        self.feed(c, origin);
    }

    /// The bulk path: inside an ASCII run the next byte is the next char, so a word is seen
    /// whole and appended at once; only a lone alphanumeric (which may begin a spaced run) and
    /// chars inside a spaced run go through [`Joiner::feed`], one at a time.
    fn ascii(&mut self, run: &[u8], origin: u32) {
        let mut i = 0;
        while let Some(rest) = run.get(i..).filter(|rest| !rest.is_empty()) {
            let at = origin + i as u32;
            // Plain text, the common case, is copied in one piece when nothing is open.
            if self.step == Step::Idle && self.prev != Prev::Alnum {
                let (plain, prev) = plain_prefix(rest, self.prev == Prev::Space);
                if plain > 0 {
                    let start = self.text.len();
                    self.text
                        .extend_from_slice(rest.get(..plain).unwrap_or_default());
                    if let Some(pushed) = self.text.get_mut(start..) {
                        pushed.make_ascii_lowercase();
                    }
                    self.origin.extend(at..at + plain as u32);
                    self.prev = prev;
                    i += plain;
                    continue;
                }
            }
            let word = rest
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            let is_lone_char = word == 1 && self.prev != Prev::Alnum;
            if self.step != Step::Idle || is_lone_char {
                let byte = rest.first().copied().unwrap_or_default();
                self.feed(char::from(byte.to_ascii_lowercase()), at);
                i += 1;
            } else if word > 0 {
                self.push_word(rest.get(..word).unwrap_or_default(), at);
                i += word;
            } else {
                if self.prev == Prev::Alnum {
                    self.close_word();
                }
                let spaces = rest
                    .iter()
                    .position(|&b| !is_ascii_space(b))
                    .unwrap_or(rest.len());
                if spaces > 0 {
                    let has_newline = rest.get(..spaces).is_some_and(|run| run.contains(&b'\n'));
                    self.push_space(has_newline, at);
                    i += spaces;
                } else {
                    // Punctuation, a run at a time: neither a letter nor changed by lowercasing,
                    // and with no run open each char would take this same branch.
                    let punctuation = rest
                        .iter()
                        .position(|&b| b.is_ascii_alphanumeric() || is_ascii_space(b))
                        .unwrap_or(rest.len())
                        .max(1);
                    self.prev = Prev::Other;
                    self.text
                        .extend_from_slice(rest.get(..punctuation).unwrap_or_default());
                    self.origin.extend(at..at + punctuation as u32);
                    i += punctuation;
                }
            }
        }
    }
}

/// The longest prefix of an ASCII run (without escapes) that folds to itself lowercased, byte
/// for byte, when no word or spaced run is open before it, and what the previous char is after
/// it: words of two or more letters and digits (no leetspeak: letters and leet digits never
/// share a word), punctuation, and single spaces or newlines not after whitespace
/// (`after_space`: the output ends in whitespace). It ends after punctuation or whitespace, so
/// no word is left open; a lone letter (which may start a spaced run), a whitespace run of
/// two or more, a tab or a carriage return ends it before them. 0 if it is empty.
fn plain_prefix(run: &[u8], after_space: bool) -> (usize, Prev) {
    let (mut end, mut prev) = (0, Prev::Other);
    let mut last_space = after_space;
    let mut i = 0;
    // One table lookup a byte, one pass: a word's classes are gathered as it is crossed.
    while let Some(&byte) = run.get(i) {
        let class = plain_class(byte);
        if class & ALNUM != 0 {
            let start = i;
            let mut classes = class;
            i += 1;
            while let Some(&next) = run.get(i) {
                let next = plain_class(next);
                if next & ALNUM == 0 {
                    break;
                }
                classes |= next;
                i += 1;
            }
            if i - start < 2 || classes & (LETTER | LEET_DIGIT) == LETTER | LEET_DIGIT {
                break;
            }
            if i == run.len() {
                break;
            }
            last_space = false;
        } else if class & BREAK != 0 {
            if last_space || run.get(i + 1).is_some_and(|&next| is_ascii_space(next)) {
                break;
            }
            i += 1;
            last_space = true;
            (end, prev) = (i, Prev::Space);
        } else if class & OTHER_SPACE != 0 {
            break;
        } else {
            i += 1;
            last_space = false;
            (end, prev) = (i, Prev::Other);
        }
    }
    (end, prev)
}

/// [`plain_class`] bit of a digit that is not a [`LEET_DIGIT`].
const OTHER_DIGIT: u8 = 4;
/// [`plain_class`] bits of an alphanumeric.
const ALNUM: u8 = LETTER | LEET_DIGIT | OTHER_DIGIT;
/// [`plain_class`] bit of a space or a newline.
const BREAK: u8 = 8;
/// [`plain_class`] bit of other ASCII whitespace (tab, vertical tab, form feed, carriage return).
const OTHER_SPACE: u8 = 16;

/// The class of every byte for [`plain_prefix`]: [`ascii_class`], [`OTHER_DIGIT`], [`BREAK`],
/// [`OTHER_SPACE`], or 0 (punctuation and non-ASCII).
#[expect(
    clippy::indexing_slicing,
    reason = "built at compile time; every index is below 256"
)]
static PLAIN_CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if b.is_ascii_alphabetic() {
            LETTER
        } else if matches!(b, b'0' | b'1' | b'3' | b'4' | b'5' | b'7') {
            LEET_DIGIT
        } else if b.is_ascii_digit() {
            OTHER_DIGIT
        } else if b == b' ' || b == b'\n' {
            BREAK
        } else if matches!(b, b'\t'..=b'\r') {
            OTHER_SPACE
        } else {
            0
        };
        byte += 1;
    }
    table
};

/// The [`PLAIN_CLASSES`] entry of `byte`.
#[inline]
fn plain_class(byte: u8) -> u8 {
    PLAIN_CLASSES.get(usize::from(byte)).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_table_agrees_with_the_byte_rules() {
        for byte in 0..=255u8 {
            let class = plain_class(byte);
            assert_eq!(class & (LETTER | LEET_DIGIT), ascii_class(byte), "{byte}");
            assert_eq!(class & ALNUM != 0, byte.is_ascii_alphanumeric(), "{byte}");
            assert_eq!(class & BREAK != 0, byte == b' ' || byte == b'\n', "{byte}");
            assert_eq!(
                class & (BREAK | OTHER_SPACE) != 0,
                is_ascii_space(byte),
                "{byte}"
            );
        }
    }

    #[test]
    fn the_class_table_agrees_with_the_letter_and_leet_rules() {
        for byte in 0..=255u8 {
            let c = char::from(byte);
            let want_letter = byte.is_ascii_alphabetic();
            let want_leet = byte.is_ascii_digit() && read_leet(c, true) != c;
            assert_eq!(ascii_class(byte) & LETTER != 0, want_letter, "{byte}");
            assert_eq!(ascii_class(byte) & LEET_DIGIT != 0, want_leet, "{byte}");
        }
    }
}

//! Folding a text once into the form every detector matches: lowercase, Cyrillic/Greek/fullwidth/
//! mathematical look-alikes folded to Latin, invisible characters dropped (tag characters decoded),
//! whitespace runs collapsed, spaced-out letters (`I g n o r e`) joined and leetspeak digits inside
//! words read as letters, escapes decoded (JSON and C string escapes, HTML character references,
//! percent-encoding: `escape`), with a map from every folded byte back to the original byte
//! offset.
//!
//! One pass over the original: each char is folded on its own ([`fold_units`], the tables in
//! `chars`) and streamed into a `join::Joiner`, which settles what depends on neighbours
//! (whitespace runs, words, spaced runs) without looking ahead or allocating per char.
//!
//! Hand-rolled on purpose: Unicode NFKC (unicode-normalization) does not fold cross-script
//! confusables and does not keep offsets; the confusables handled here are the ones used in
//! practice to spell English instructions.

mod chars;
mod escape;
mod join;
#[cfg(test)]
mod oracle;

pub(crate) use chars::{decode_tag, is_invisible};
use chars::{fold_capital, fold_confusable, is_combining_mark};
use join::Joiner;

/// A folded text. Invariant: `origin.len() == text.len()`; `origin` is non-decreasing and each
/// entry is a char boundary of the original. Offsets are `u32` (half the memory traffic of
/// `usize` on the hot path): a text is folded up to its first 4 GiB, far beyond any hook payload.
#[derive(Debug, Clone)]
pub(crate) struct Folded {
    pub(crate) text: String,
    origin: Vec<u32>,
}

impl Folded {
    /// Folds `original` in one linear pass.
    pub(crate) fn new(original: &str) -> Self {
        let limit = crate::text::floor_char_boundary(original, u32::MAX as usize);
        let original = original.get(..limit).unwrap_or(original);
        let mut joiner = Joiner::with_capacity(original.len());
        fold_units(original, &mut joiner);
        let (text, origin) = joiner.finish();
        Folded { text, origin }
    }

    /// The first folded byte that came from original offset `at` or later (the folded length
    /// if none did): maps a position found in the original text into the folded one.
    pub(crate) fn folded_offset(&self, at: usize) -> usize {
        self.origin
            .partition_point(|&offset| (offset as usize) < at)
    }

    /// The byte range in the original text that the folded range `start..end` came from.
    pub(crate) fn original_range(
        &self,
        original: &str,
        start: usize,
        end: usize,
    ) -> (usize, usize) {
        let origin = |at: usize| self.origin.get(at).map(|&offset| offset as usize);
        let from = origin(start).unwrap_or(original.len());
        let to = match end.checked_sub(1).and_then(origin) {
            Some(last) if end > start => {
                let width = original
                    .get(last..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(0, char::len_utf8);
                last + width
            }
            _ => from,
        };
        (from, to.max(from))
    }
}

/// Where [`fold_units`] sends the folded chars, each with the byte offset of the original char
/// it came from.
trait Sink {
    fn unit(&mut self, c: char, origin: u32);

    /// A run of ASCII bytes other than `\\`, each a char of its own once lowercased; the first
    /// at offset `origin`. Lets the sink handle the common case in bulk.
    fn ascii(&mut self, run: &[u8], origin: u32) {
        for (at, byte) in (origin..).zip(run) {
            self.unit(char::from(byte.to_ascii_lowercase()), at);
        }
    }
}

/// Folds each char of `original` on its own (lowercase, confusables, escapes; invisibles
/// dropped, tag characters decoded) and hands every folded char to `sink`.
/// `original` must be shorter than 4 GiB.
fn fold_units(original: &str, sink: &mut impl Sink) {
    let bytes = original.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        // `original` is at most u32::MAX bytes long (see `Folded::new`).
        let offset = at as u32;
        // ASCII: the common case, no decoding, handed over a run at a time.
        if byte.is_ascii() && !escape::starts(byte) {
            let rest = bytes.get(at..).unwrap_or_default();
            let len = rest
                .iter()
                .position(|&b| !b.is_ascii() || escape::starts(b))
                .unwrap_or(rest.len());
            sink.ascii(rest.get(..len).unwrap_or_default(), offset);
            at += len;
            continue;
        }
        if escape::starts(byte) {
            // JSON, C and HTML escapes and percent-encoding in text that is itself serialized
            // data (`\n`, `\u0069`, `&#x69;`, `%69`): the decoded char is folded like any other.
            match escape::decode(bytes.get(at..).unwrap_or_default()) {
                Some((c, len)) => {
                    at += len;
                    fold_char(c, offset, sink);
                }
                None => {
                    at += 1;
                    sink.unit(char::from(byte), offset);
                }
            }
            continue;
        }
        let Some(c) = original.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at += c.len_utf8();
        fold_char(c, offset, sink);
    }
}

/// Folds one (non-escape) char of the original at `offset` into `sink`.
fn fold_char(c: char, offset: u32, sink: &mut impl Sink) {
    if c.is_ascii() && !c.is_ascii_whitespace() {
        sink.unit(c.to_ascii_lowercase(), offset);
        return;
    }
    if let Some(ascii) = decode_tag(c) {
        sink.unit(ascii.to_ascii_lowercase(), offset);
        return;
    }
    if is_invisible(c) || is_combining_mark(c) {
        return;
    }
    if c.is_whitespace() {
        let space = match c {
            '\u{2028}' | '\u{2029}' | '\n' => '\n',
            _ => ' ',
        };
        sink.unit(space, offset);
        return;
    }
    if let Some(latin) = fold_capital(c) {
        sink.unit(latin, offset);
        return;
    }
    // Lowercasing can add a combining mark (`İ` is `i` + U+0307): dropped here as in the
    // original, so that folding the output changes nothing.
    for lower in c.to_lowercase().filter(|&lower| !is_combining_mark(lower)) {
        sink.unit(fold_confusable(lower), offset);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        Folded::new(s).text
    }

    #[test]
    fn folds_tricks_to_plain_words() {
        for (input, want) in [
            ("IGNORE All Previous", "ignore all previous"),
            ("ignore\u{200B} all", "ignore all"),
            ("ig\u{200B}no\u{200D}re", "ignore"),
            ("I g n o r e", "ignore"),
            ("I  g  n  o  r  e   a l l", "ignoreall"),
            ("i.g.n.o.r.e previous", "ignore previous"),
            (
                "1gnore prev1ous instruct10ns",
                "ignore previous instructions",
            ),
            ("іgnоrе", "ignore"),                   // Cyrillic і о е
            ("ΙGΝΟRΕ", "ignore"),                   // Greek capitals
            ("ｉｇｎｏｒｅ", "ignore"),             // fullwidth
            ("\u{1D422}\u{1D420}\u{1D427}", "ign"), // mathematical bold
            ("ignore all\n\n  previous", "ignore all\nprevious"),
            ("ignoré", "ignore"),
            ("i\u{0307}gnore", "ignore"),
            ("\u{E0069}\u{E0067}\u{E006E}", "ign"), // tag characters
            ("say \u{201C}hi\u{201D}", "say \"hi\""),
            ("a\\nb\\tc \\\"d\\\"", "a\nb c \"d\""),
        ] {
            assert_eq!(fold(input), want, "input {input:?}");
        }
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        for (input, want) in [
            // Leetspeak is read inside words only; `sha2s6` is harmless for matching.
            ("x86_64 sha256 v2 2024", "x86_64 sha2s6 v2 2024"),
            ("a b c", "a b c"),
            ("gitignore", "gitignore"),
            ("5 lines", "5 lines"),
            ("Ünïcode", "unicode"),
            ("日本語", "日本語"),
        ] {
            assert_eq!(fold(input), want, "input {input:?}");
        }
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        for (original, needle, want) in [
            ("say IGNORE now", "ignore", "IGNORE"),
            ("x ig\u{200B}nore y", "ignore", "ig\u{200B}nore"),
            ("x I g n o r e y", "ignore", "I g n o r e"),
            ("x іgnоrе y", "ignore", "іgnоrе"),
            ("tail é", "e", "é"),
        ] {
            let folded = Folded::new(original);
            let at = folded.text.find(needle).unwrap();
            let (from, to) = folded.original_range(original, at, at + needle.len());
            assert_eq!(&original[from..to], want, "original {original:?}");
        }
    }

    #[test]
    fn empty_range_and_out_of_bounds_do_not_panic() {
        let original = "abc";
        let folded = Folded::new(original);
        assert_eq!(folded.original_range(original, 1, 1), (1, 1));
        assert_eq!(folded.original_range(original, 10, 12), (3, 3));
    }

    #[test]
    fn streaming_matches_the_oracle_on_runs_and_words() {
        for text in [
            "a b c d e",
            "a b c",
            "a  b   c    d e f g",
            "a   b   c   d   e",
            "a    b c d e",
            "a.b.c.d-e_f*g\u{b7}h",
            "x I g n o r e y",
            "a b c d 5x",
            "a b c d5 e",
            "1 2 3 4",
            "1gnore 2024 h4x0r sha256 x86_64",
            "a b c d. e",
            "a b\tc d e f",
            "a b c d\ne f g h",
            "日 本 語 ok",
            "İ g n o r e",
            "a \\n b \\t c \\\" d e",
            "  lead  and trail \n\n ",
        ] {
            let folded = Folded::new(text);
            let (text_want, origin_want) = oracle::fold(text);
            assert_eq!(folded.text, text_want, "text {text:?}");
            assert_eq!(folded.origin, origin_want, "origins {text:?}");
        }
    }

    #[test]
    fn folding_twice_changes_nothing_on_known_cases() {
        for (input, want) in [
            // Once decided on the original spacing: folded to `0*a*0 a`, then to `oaoa`.
            ("0*A*0    A", "oaoa"),
            ("a\tb  c     d", "abcd"),
            ("a b c\nd e f", "a b c\nd e f"),
            ("İ g n o r e", "ignore"),
        ] {
            let once = fold(input);
            assert_eq!(once, want, "input {input:?}");
            assert_eq!(fold(&once), once, "folded again {input:?}");
        }
    }

    proptest::proptest! {
        /// The one-pass fold equals the two-pass oracle, text and offsets, on text dense in
        /// everything the joiner settles late: spaced letters, separators, leet digits,
        /// whitespace runs, escapes, multi-byte and multi-char folds.
        #[test]
        fn streaming_fold_equals_the_oracle(
            text in "(([a-cA-C0-57-9]|і|İ|日|ｉ)( {1,4}|[.*_\\-]|\u{b7}|\n|\t|\\[nt\"x]|\u{200B}|\u{a0}|\u{E0069})?){0,40}"
        ) {
            let folded = Folded::new(&text);
            let (text_want, origin_want) = oracle::fold(&text);
            proptest::prop_assert_eq!(&folded.text, &text_want);
            proptest::prop_assert_eq!(&folded.origin, &origin_want);
        }

        /// The same on text shaped like prose and code, where whole stretches are copied in
        /// one piece: words of every length, leet digits, punctuation runs, single and
        /// repeated whitespace, tabs and carriage returns, escapes and non-ASCII between them.
        #[test]
        fn streaming_fold_equals_the_oracle_on_prose(
            text in "([a-zA-Z]{1,8}|[0-9]{1,3}|[a-z]{1,3}[0-9][a-z]{0,3}|[ \n]{1,3}|[.,:;!?()=<>\\-]{1,3}|\t|\r|\\\\n|&#105;|%69|é|\u{200B}){0,60}"
        ) {
            let folded = Folded::new(&text);
            let (text_want, origin_want) = oracle::fold(&text);
            proptest::prop_assert_eq!(&folded.text, &text_want);
            proptest::prop_assert_eq!(&folded.origin, &origin_want);
        }

        /// Folding is idempotent on text that has no backslash (escapes are read on the
        /// original: `\\` + `N` folds to `\\n`, an escape once folded again), and offsets always
        /// map inside the original. The alphabet is dense in what the joiner decides on:
        /// single letters, leet digits, separators, whitespace runs of every length and kind,
        /// newlines, invisibles, look-alikes and chars whose lowercase adds a mark.
        #[test]
        fn folding_twice_changes_nothing(
            text in "([a-dA-D0-57]|і|ο|ｉ|İ|Ν|日|[ .\\-_*\n\t\r]|\u{200B}|\u{a0}|\u{2028}|\u{b7}| {2,6}){0,48}"
        ) {
            let once = Folded::new(&text);
            proptest::prop_assert_eq!(&Folded::new(&once.text).text, &once.text);
            let (from, to) = once.original_range(&text, 0, once.text.len());
            proptest::prop_assert!(from <= to && to <= text.len());
        }
    }
}

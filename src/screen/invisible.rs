//! Invisible and bidirectional Unicode used to hide or reorder text: tag characters (ASCII
//! smuggling), zero-width characters inside words, long invisible runs, and bidi overrides in
//! text that has no right-to-left script. Works on the original text: folding removes these.
//! Legitimate uses are left alone: a BOM at the start, ZWJ in emoji and Indic/Arabic joining,
//! bidi marks next to Hebrew or Arabic, tag sequences of subdivision flags.

use super::finding::FindingKind;
use super::normalize::decode_tag;
use crate::text::floor_char_boundary;

/// A raw invisible-character finding on the original text (scored later with the others).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hidden {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) score: u8,
    pub(crate) excerpt: String,
}

/// The kind every [`Hidden`] is reported as.
pub(crate) const KIND: FindingKind = FindingKind::InvisibleCharacters;

/// Zero-width characters that can sit inside a word.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' | '\u{2061}'
            ..='\u{2064}'
    )
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_tag(c: char) -> bool {
    ('\u{E0000}'..='\u{E007F}').contains(&c)
}

fn is_rtl_letter(c: char) -> bool {
    matches!(u32::from(c), 0x590..=0x8FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFC | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Base of emoji tag sequences (🏴 + tags + cancel tag = subdivision flags).
const FLAG_BASE: char = '\u{1F3F4}';

/// How far (bytes) to look for right-to-left letters around a bidi control.
const RTL_WINDOW: usize = 64;

/// Zero-width characters closer than this (bytes) belong to one cluster.
const CLUSTER_GAP: usize = 200;

/// Finds hidden-character tricks in `text`.
pub(crate) fn scan(text: &str) -> Vec<Hidden> {
    let mut found = Vec::new();
    // Fast path: all of these are outside ASCII and Latin-1.
    if text.is_ascii() {
        return found;
    }
    scan_chars(text, Skim::new(text), &mut found);
    found
}

/// The scan over `chars`, the chars of `text` with their offsets (all of them, or [`Skim`]med).
fn scan_chars(text: &str, chars: impl Iterator<Item = (usize, char)>, found: &mut Vec<Hidden>) {
    let mut prev: Option<char> = None;
    let mut chars = chars.peekable();
    // Zero-width-in-word cluster: (start, end, count).
    let mut cluster: Option<(usize, usize, usize)> = None;
    while let Some((at, c)) = chars.next() {
        if is_tag(c) {
            let mut end = at + c.len_utf8();
            let mut decoded = String::new();
            decoded.extend(decode_tag(c));
            while let Some(&(next_at, next)) = chars.peek().filter(|(_, n)| is_tag(*n)) {
                decoded.extend(decode_tag(next));
                end = next_at + next.len_utf8();
                chars.next();
            }
            if prev != Some(FLAG_BASE) {
                found.push(Hidden {
                    start: at,
                    end,
                    score: 75,
                    excerpt: format!("hidden tag characters spell: {}", decoded.trim()),
                });
            }
            prev = Some(c);
            continue;
        }
        if is_zero_width(c) {
            let mut end = at + c.len_utf8();
            let mut run = 1;
            while let Some(&(next_at, next)) = chars.peek().filter(|(_, n)| is_zero_width(*n)) {
                end = next_at + next.len_utf8();
                run += 1;
                chars.next();
            }
            let next = chars.peek().map(|&(_, n)| n);
            if run >= 8 {
                found.push(Hidden {
                    start: at,
                    end,
                    score: 70,
                    excerpt: format!("a run of {run} invisible characters"),
                });
            } else if is_in_latin_word(prev, next) && !(at == 0 && c == '\u{FEFF}') {
                cluster = Some(match cluster {
                    Some((start, last, count)) if at <= last + CLUSTER_GAP => {
                        (start, end, count + run)
                    }
                    Some(done) => {
                        found.extend(zero_width_cluster(done));
                        (at, end, run)
                    }
                    None => (at, end, run),
                });
            }
            // prev stays the letter before the run, so `a\u{200B}b` reads as one word.
            continue;
        }
        if is_bidi_control(c) && !has_rtl_near(text, at) {
            found.push(Hidden {
                start: at,
                end: at + c.len_utf8(),
                score: 60,
                excerpt: format!(
                    "bidirectional control U+{:04X} in left-to-right text",
                    u32::from(c)
                ),
            });
        }
        prev = Some(c);
    }
    if let Some(done) = cluster {
        found.extend(zero_width_cluster(done));
    }
}

/// The chars of a text and their offsets, but of each run of ASCII only its first and last
/// char: no character [`scan`] looks for is ASCII, and it only reads the chars right before and
/// right after those. Skipping the runs' insides in bulk saves decoding every char of mostly
/// ASCII text.
struct Skim<'a> {
    text: &'a str,
    at: usize,
    /// The offset of the current ASCII run's last char, still to be yielded.
    run_last: Option<usize>,
}

impl<'a> Skim<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            at: 0,
            run_last: None,
        }
    }
}

impl Iterator for Skim<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        if let Some(last) = self.run_last.take() {
            self.at = last + 1;
            let byte = self.text.as_bytes().get(last)?;
            return Some((last, char::from(*byte)));
        }
        let at = self.at;
        let rest = self.text.get(at..)?;
        let c = rest.chars().next()?;
        self.at = at + c.len_utf8();
        if c.is_ascii() {
            let run = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            if run > 1 {
                self.run_last = Some(at + run - 1);
            }
        }
        Some((at, c))
    }
}

/// A zero-width char between two Latin letters or digits (not emoji, not Arabic/Indic joining).
fn is_in_latin_word(prev: Option<char>, next: Option<char>) -> bool {
    let latin = |c: Option<char>| {
        c.is_some_and(|c| c.is_ascii_alphanumeric() || ('\u{C0}'..='\u{24F}').contains(&c))
    };
    latin(prev) && latin(next)
}

fn zero_width_cluster((start, end, count): (usize, usize, usize)) -> Option<Hidden> {
    let score = match count {
        1 => 35,
        2 => 50,
        n => (50 + 5 * n).min(85),
    };
    let score = u8::try_from(score).unwrap_or(85);
    Some(Hidden {
        start,
        end,
        score,
        excerpt: format!("{count} zero-width character(s) inside words"),
    })
}

/// Whether right-to-left letters are within [`RTL_WINDOW`] bytes of `at`.
fn has_rtl_near(text: &str, at: usize) -> bool {
    let from = floor_char_boundary(text, at.saturating_sub(RTL_WINDOW));
    let to = floor_char_boundary(text, (at + RTL_WINDOW).min(text.len()));
    text.get(from..to)
        .is_some_and(|window| window.chars().any(is_rtl_letter))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(text: &str) -> Vec<u8> {
        scan(text).into_iter().map(|h| h.score).collect()
    }

    #[test]
    fn flags_hiding_tricks() {
        let tags: String = "ignore"
            .chars()
            .map(|c| char::from_u32(0xE0000 + c as u32).unwrap())
            .collect();
        for (text, want) in [
            (format!("hello {tags} world"), vec![75]),
            (
                "ig\u{200B}no\u{200B}re all pre\u{200B}vious".to_owned(),
                vec![65],
            ),
            ("one in\u{200B}side".to_owned(), vec![35]),
            ("in\u{200B}si\u{2060}de".to_owned(), vec![50]),
            (format!("x{}y", "\u{200B}\u{200C}".repeat(8)), vec![70]),
            (
                "let a = \"user\u{202E} \u{2066}// admin\u{2069}\";".to_owned(),
                vec![60, 60, 60],
            ),
        ] {
            assert_eq!(scores(&text), want, "text {text:?}");
        }
    }

    #[test]
    fn leaves_legitimate_uses_alone() {
        for text in [
            "\u{FEFF}# README",
            "family 👨\u{200D}👩\u{200D}👧 emoji",
            "flag 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} of Scotland",
            "שלום \u{2067}world\u{2069} עולם",
            "مرحبا \u{202B}123\u{202C} بالعالم",
            "क्\u{200D}ष",
            "plain ascii",
            "zero\u{200B} width after word",
        ] {
            assert_eq!(scores(text), Vec::<u8>::new(), "text {text:?}");
        }
    }

    #[test]
    fn skim_keeps_the_ends_of_ascii_runs() {
        for (text, want) in [
            ("", ""),
            ("a", "a"),
            ("ab", "ab"),
            ("abcd", "ad"),
            ("abc\u{200B}d", "ac\u{200B}d"),
            (
                "é\u{200B}xyz\u{200B}\u{200B}",
                "é\u{200B}xz\u{200B}\u{200B}",
            ),
        ] {
            let skimmed: Vec<(usize, char)> = Skim::new(text).collect();
            let chars: String = skimmed.iter().map(|&(_, c)| c).collect();
            assert_eq!(chars, want, "text {text:?}");
            for (at, c) in skimmed {
                assert_eq!(
                    text[at..].chars().next(),
                    Some(c),
                    "offset {at} in {text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Skimming ASCII runs finds exactly what decoding every char finds.
        #[test]
        fn skimming_finds_the_same(
            text in "([a-z ]{0,4}|\u{200B}|\u{200D}|\u{FEFF}|\u{202E}|\u{2069}|\u{E0069}|\u{1F3F4}|é|ש){0,30}"
        ) {
            let (mut skimmed, mut decoded) = (Vec::new(), Vec::new());
            scan_chars(&text, Skim::new(&text), &mut skimmed);
            scan_chars(&text, text.char_indices(), &mut decoded);
            proptest::prop_assert_eq!(skimmed, decoded);
        }
    }

    #[test]
    fn ranges_cover_the_characters() {
        let text = "ab\u{200B}\u{200B}cd";
        let hidden = scan(text);
        assert_eq!(hidden.len(), 1);
        assert_eq!(&text[hidden[0].start..hidden[0].end], "\u{200B}\u{200B}");
    }
}

//! Folding a text once into the form every detector matches: lowercase, Cyrillic/Greek/fullwidth/
//! mathematical look-alikes folded to Latin, invisible characters dropped (tag characters decoded),
//! whitespace runs collapsed, spaced-out letters (`I g n o r e`) joined and leetspeak digits inside
//! words read as letters, with a map from every folded byte back to the original byte offset.
//!
//! Hand-rolled on purpose: Unicode NFKC (unicode-normalization) does not fold cross-script
//! confusables and does not keep offsets; the confusables handled here are the ones used in
//! practice to spell English instructions.

/// A folded text. Invariant: `origin.len() == text.len()`; `origin` is non-decreasing and each
/// entry is a char boundary of the original. Offsets are `u32` (half the memory traffic of
/// `usize` on the hot path): a text is folded up to its first 4 GiB, far beyond any hook payload.
#[derive(Debug, Clone)]
pub(crate) struct Folded {
    pub(crate) text: String,
    origin: Vec<u32>,
}

impl Folded {
    /// Folds `original` (linear time, one pass plus one pass over the folded chars).
    pub(crate) fn new(original: &str) -> Self {
        let limit = super::invisible::floor_char_boundary(original, u32::MAX as usize);
        let chars = fold_chars(original.get(..limit).unwrap_or(original));
        let mut out = Folded {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len()),
        };
        join_and_collapse(&chars, &mut out);
        out
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

    fn push(&mut self, c: char, origin: u32) {
        self.text.push(c);
        let width = c.len_utf8();
        self.origin.resize(self.origin.len() + width, origin);
    }
}

/// A folded char and the byte offset of the original char it came from.
type Unit = (char, u32);

/// Pass 1: per char lowercase + confusable folding; invisibles dropped, tag characters decoded.
fn fold_chars(original: &str) -> Vec<Unit> {
    let mut units = Vec::with_capacity(original.len());
    let bytes = original.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        // `original` is at most u32::MAX bytes long (see `Folded::new`).
        let offset = at as u32;
        // ASCII: the common case, no decoding.
        if byte.is_ascii() {
            at += 1;
            if byte == b'\\' {
                // JSON and C escapes in text that is itself serialized data (`\n`, `\t`, `\"`).
                let escaped = match bytes.get(at) {
                    Some(b'n' | b'r') => Some('\n'),
                    Some(b't') => Some(' '),
                    Some(b'"') => Some('"'),
                    _ => None,
                };
                if let Some(unescaped) = escaped {
                    at += 1;
                    units.push((unescaped, offset));
                    continue;
                }
            }
            units.push((char::from(byte.to_ascii_lowercase()), offset));
            continue;
        }
        let Some(c) = original.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at += c.len_utf8();
        if let Some(ascii) = decode_tag(c) {
            units.push((ascii.to_ascii_lowercase(), offset));
            continue;
        }
        if is_invisible(c) || is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            let space = if c == '\u{2028}' || c == '\u{2029}' {
                '\n'
            } else {
                ' '
            };
            units.push((space, offset));
            continue;
        }
        if let Some(latin) = fold_capital(c) {
            units.push((latin, offset));
            continue;
        }
        for lower in c.to_lowercase() {
            units.push((fold_confusable(lower), offset));
        }
    }
    units
}

/// Separators that may sit between spaced-out letters (`i.g.n.o.r.e`, `i-g-n-o-r-e`).
fn is_letter_separator(c: char) -> bool {
    matches!(c, '.' | '-' | '_' | '*' | '\u{b7}')
}

/// Shortest run of spaced-out single characters that is joined into one word.
const MIN_SPACED_RUN: usize = 4;

/// Pass 2: collapse whitespace (a run holding a newline becomes `\n`, else one space), join
/// runs of spaced-out single letters, read leetspeak digits inside words as letters.
fn join_and_collapse(units: &[Unit], out: &mut Folded) {
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
            out.push(if has_newline { '\n' } else { ' ' }, origin);
            continue;
        }
        if c.is_alphanumeric() && starts_token(units, i) {
            let (count, last) = spaced_run(units, i);
            if count >= MIN_SPACED_RUN {
                // Inside the run every alphanumeric is one of its letters.
                for &(letter, from) in units.get(i..=last).unwrap_or_default() {
                    if letter.is_alphanumeric() {
                        out.push(read_leet(letter, true), from);
                    }
                }
                i = last + 1;
                continue;
            }
        }
        if c.is_alphanumeric() && i >= token.0 {
            token = token_at(units, i);
        }
        out.push(read_leet(c, token.1 && i < token.0), origin);
        i += 1;
    }
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

/// The length and last index of a run of single alphanumerics separated by 1–3 spaces or one
/// separator char, starting at `i`; `(1, i)` when `i` is not a single-char token.
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
            Some((' ', _)) => {
                let limit = next + 3;
                while next < limit && units.get(next).is_some_and(|(c, _)| *c == ' ') {
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

/// Leetspeak digits read as letters when next to a letter (`1gnore`, `ign0re`, `instruct10ns`).
fn read_leet(c: char, next_to_letter: bool) -> char {
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

/// Unicode tag characters U+E0020–U+E007E spell ASCII invisibly ("ASCII smuggling").
pub(crate) fn decode_tag(c: char) -> Option<char> {
    let code = u32::from(c);
    if (0xE0020..=0xE007E).contains(&code) {
        char::from_u32(code - 0xE0000)
    } else {
        None
    }
}

/// Characters that render as nothing: zero-width, bidi controls, variation selectors, tags,
/// soft hyphen, fillers.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(u32::from(c),
        0xAD | 0x34F | 0x61C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
}

fn is_combining_mark(c: char) -> bool {
    matches!(u32::from(c), 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Greek and Cyrillic capitals whose lowercase no longer looks like the Latin letter they imitate
/// (`Ν` is N but `ν` is v; `Н` is H but `н` is not h).
fn fold_capital(c: char) -> Option<char> {
    Some(match c {
        'Α' | 'А' => 'a',
        'Β' | 'В' => 'b',
        'Ε' | 'Е' => 'e',
        'Ζ' => 'z',
        'Η' | 'Н' => 'h',
        'Ι' | 'І' => 'i',
        'Κ' | 'К' => 'k',
        'Μ' | 'М' => 'm',
        'Ν' => 'n',
        'Ο' | 'О' => 'o',
        'Ρ' | 'Р' => 'p',
        'Τ' | 'Т' => 't',
        'Υ' | 'У' => 'y',
        'Χ' | 'Х' => 'x',
        'С' => 'c',
        'Ј' => 'j',
        'Ѕ' => 's',
        _ => return None,
    })
}

/// Folds one lowercase char that looks like a Latin letter or ASCII symbol into it.
fn fold_confusable(c: char) -> char {
    let code = u32::from(c);
    // Fullwidth ASCII.
    if (0xFF01..=0xFF5E).contains(&code) {
        return char::from_u32(code - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase());
    }
    // Mathematical alphanumeric letters: 13 alphabets of 52 (A–Z, a–z), then digits.
    if (0x1D400..=0x1D6A3).contains(&code) {
        let index = (code - 0x1D400) % 26;
        return char::from_u32(u32::from(b'a') + index).unwrap_or(c);
    }
    if (0x1D7CE..=0x1D7FF).contains(&code) {
        return char::from_u32(u32::from(b'0') + (code - 0x1D7CE) % 10).unwrap_or(c);
    }
    // Circled and parenthesized letters.
    if (0x24D0..=0x24E9).contains(&code) {
        return char::from_u32(u32::from(b'a') + code - 0x24D0).unwrap_or(c);
    }
    match c {
        // Cyrillic.
        'а' => 'a',
        'в' => 'b',
        'е' | 'ё' | 'є' => 'e',
        'к' => 'k',
        'м' => 'm',
        'н' | 'һ' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' => 'y',
        'х' => 'x',
        'і' | 'ї' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        'ɡ' => 'g',
        'ı' => 'i',
        'ℓ' => 'l',
        // Greek.
        'α' => 'a',
        'β' => 'b',
        'ε' => 'e',
        'ζ' => 'z',
        'η' => 'n',
        'ι' => 'i',
        'κ' => 'k',
        'μ' => 'u',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        // Latin with diacritics (a precomposed accent is the cheap way to break a keyword).
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        // Typographic punctuation to ASCII.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        _ => c,
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

    proptest::proptest! {
        /// Folding is idempotent on text that has no backslash (a folded `\\` + `n` pair can
        /// come from two separate escapes), and offsets always map inside the original.
        #[test]
        fn folding_twice_changes_nothing(text in "[a-zA-Z0-9 .\\-_*\n\u{200B}іοｉ1]{0,40}") {
            let once = Folded::new(&text);
            proptest::prop_assert_eq!(&Folded::new(&once.text).text, &once.text);
            let (from, to) = once.original_range(&text, 0, once.text.len());
            proptest::prop_assert!(from <= to && to <= text.len());
        }
    }
}

//! Small text helpers every layer shares: folding text onto one line, cutting it to a number of
//! characters (never more, the cut marked with `…`), cutting it to a number of bytes, and
//! lowercase hex. One copy of each, so every message, summary and file name cuts alike.

/// Whitespace runs (newlines included) as single spaces, without leading or trailing space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to at most `max` characters; when cut, the last kept character is `…`.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// [`one_line`], then [`truncate`].
pub fn one_line_max(text: &str, max: usize) -> String {
    truncate(&one_line(text), max)
}

/// `text` cut to at most `max` bytes (on a character boundary), noting how many were dropped.
pub(crate) fn truncate_bytes(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let cut = floor_char_boundary(text, max);
    let kept = text.get(..cut).unwrap_or_default();
    format!("{kept}… [{} more bytes]", text.len() - cut)
}

/// The largest character boundary of `text` at or below `index` (`text.len()` beyond the end).
pub(crate) fn floor_char_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    let mut cut = index;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    cut
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(one_line("  a\n\tb  c "), "a b c");
        assert_eq!(truncate("abcdef", 6), "abcdef");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abcdef", 0), "");
        assert_eq!(truncate("ééé", 2), "é…");
        assert_eq!(truncate_bytes("abcdef", 4), "abcd… [2 more bytes]");
        assert_eq!(truncate_bytes("aé", 2), "a… [2 more bytes]");
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }

    proptest! {
        #[test]
        fn truncate_never_exceeds(text in "\\PC{0,40}", max in 0usize..50) {
            let cut = truncate(&text, max);
            prop_assert!(cut.chars().count() <= max);
            if text.chars().count() <= max {
                prop_assert_eq!(&cut, &text);
            } else {
                prop_assert!(cut.ends_with('…') || max == 0);
                let kept = cut.trim_end_matches('…');
                prop_assert!(text.starts_with(kept));
            }
        }

        #[test]
        fn boundary_is_a_boundary(text in "\\PC{0,20}", index in 0usize..80) {
            let cut = floor_char_boundary(&text, index);
            prop_assert!(cut <= index.max(text.len()) && text.is_char_boundary(cut));
        }

        #[test]
        fn hex_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..32)) {
            let text = hex(&bytes);
            prop_assert_eq!(text.len(), bytes.len() * 2);
            let back: Vec<u8> = (0..bytes.len())
                .filter_map(|i| text.get(2 * i..2 * i + 2))
                .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
                .collect();
            prop_assert_eq!(back, bytes);
        }
    }
}

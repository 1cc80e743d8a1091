//! Escapes decoded while folding, so that an order spelt in escapes reads like plain text:
//! JSON and C string escapes (`\n`, `\"`, `\u0069`, surrogate pairs, `\x69`), HTML character
//! references (`&#105;`, `&#x69;`, a few named ones such as `&nbsp;` and `&shy;`) and
//! percent-encoding (`%69`, and UTF-8 sequences such as `%C3%A9`).
//!
//! One escape at a time, never recursively: a decoded char that would itself start an escape
//! (`\`, `&`, `%`) is not decoded, so `%2569` stays as it is and folding the folded text again
//! changes nothing. HTML references to `<` and `>` stay undecoded too: a page that shows
//! `&lt;|im_start|&gt;` is documentation, and decoding it would turn escaped markup into tags.
//! Each decode reads at most 12 bytes: linear.

/// Whether `byte` may start an escape.
pub(super) fn starts(byte: u8) -> bool {
    matches!(byte, b'\\' | b'&' | b'%')
}

/// The char the escape at the start of `bytes` stands for, and the escape's length in bytes.
pub(super) fn decode(bytes: &[u8]) -> Option<(char, usize)> {
    let (c, len, html) = match bytes.first()? {
        b'\\' => backslash(bytes).map(|(c, len)| (c, len, false))?,
        b'&' => reference(bytes).map(|(c, len)| (c, len, true))?,
        b'%' => percent(bytes).map(|(c, len)| (c, len, false))?,
        _ => return None,
    };
    let allowed = match c {
        '\\' | '&' | '%' => false,
        '<' | '>' => !html,
        '\n' | '\t' => true,
        c => !c.is_control(),
    };
    allowed.then_some((c, len))
}

/// `\n`, `\r`, `\t`, `\"`, `\'`, `\/`, `\uXXXX` (with surrogate pairs) and `\xHH`.
fn backslash(bytes: &[u8]) -> Option<(char, usize)> {
    Some(match bytes.get(1)? {
        b'n' | b'r' => ('\n', 2),
        b't' => ('\t', 2),
        b'"' => ('"', 2),
        b'\'' => ('\'', 2),
        b'/' => ('/', 2),
        b'x' => {
            let byte = u8::try_from(hex(bytes.get(2..4)?)?).ok()?;
            if !byte.is_ascii() {
                return None;
            }
            (char::from(byte), 4)
        }
        b'u' => {
            let high = hex(bytes.get(2..6)?)?;
            if (0xD800..0xDC00).contains(&high) {
                let low = match (bytes.get(6), bytes.get(7)) {
                    (Some(b'\\'), Some(b'u')) => hex(bytes.get(8..12)?)?,
                    _ => return None,
                };
                if !(0xDC00..0xE000).contains(&low) {
                    return None;
                }
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                (char::from_u32(code)?, 12)
            } else {
                (char::from_u32(high)?, 6)
            }
        }
        _ => return None,
    })
}

/// `&#DDD;`, `&#xHH;` and the named references that hide or space text.
fn reference(bytes: &[u8]) -> Option<(char, usize)> {
    let end = bytes.iter().take(10).position(|&b| b == b';')?;
    let body = bytes.get(1..end)?;
    let c = match body {
        [b'#', b'x' | b'X', digits @ ..] if !digits.is_empty() && digits.len() <= 6 => {
            char::from_u32(hex(digits)?)?
        }
        [b'#', digits @ ..] if !digits.is_empty() && digits.len() <= 7 => {
            let text = std::str::from_utf8(digits).ok()?;
            if !text.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            char::from_u32(text.parse().ok()?)?
        }
        b"nbsp" | b"ensp" | b"emsp" | b"thinsp" => ' ',
        b"quot" => '"',
        b"apos" => '\'',
        b"shy" => '\u{AD}',
        b"zwj" => '\u{200D}',
        b"zwnj" => '\u{200C}',
        b"lsquo" | b"rsquo" => '\'',
        b"ldquo" | b"rdquo" => '"',
        b"ndash" | b"mdash" | b"minus" => '-',
        b"hellip" => '.',
        b"lt" => '<',
        b"gt" => '>',
        _ => return None,
    };
    Some((c, end + 1))
}

/// `%HH` for an ASCII char, or a run of `%HH` that is one UTF-8 encoded char.
fn percent(bytes: &[u8]) -> Option<(char, usize)> {
    let first = u8::try_from(hex(bytes.get(1..3)?)?).ok()?;
    let width = match first {
        0x00..=0x7F => return Some((char::from(first), 3)),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut utf8 = [first, 0, 0, 0];
    for (i, slot) in utf8.iter_mut().enumerate().take(width).skip(1) {
        let at = 3 * i;
        if bytes.get(at) != Some(&b'%') {
            return None;
        }
        *slot = u8::try_from(hex(bytes.get(at + 1..at + 3)?)?).ok()?;
    }
    let c = std::str::from_utf8(utf8.get(..width)?)
        .ok()?
        .chars()
        .next()?;
    Some((c, 3 * width))
}

/// The value of 1–6 hex digits.
fn hex(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    digits.iter().try_fold(0u32, |value, &b| {
        Some(value * 16 + char::from(b).to_digit(16)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Option<(char, usize)> {
        decode(s.as_bytes())
    }

    #[test]
    fn decodes_each_escape_kind() {
        for (input, want) in [
            ("\\n", ('\n', 2)),
            ("\\u0069x", ('i', 6)),
            ("\\u00E9", ('é', 6)),
            ("\\ud83d\\ude00", ('😀', 12)),
            ("\\x49", ('I', 4)),
            ("\\u003c", ('<', 6)),
            ("&#105;", ('i', 6)),
            ("&#x49;", ('I', 6)),
            ("&nbsp;", (' ', 6)),
            ("&shy;", ('\u{AD}', 5)),
            ("%69", ('i', 3)),
            ("%C3%A9", ('é', 6)),
            ("%e2%80%8b", ('\u{200B}', 9)),
        ] {
            assert_eq!(one(input), Some(want), "input {input:?}");
        }
    }

    #[test]
    fn leaves_what_is_not_an_escape_or_would_start_one() {
        for input in [
            "\\q", "\\u12", "\\ud83dx", "\\ude00", "\\xff", "&amp;", "&#38;", "&lt;", "&#60;",
            "&#x3e;", "&foo;", "&#;", "&#12a;", "& x;", "%25", "%5c", "%26", "%zz", "%C3", "%C3x",
            "%FF", "%00", "\\u0000", "%", "&", "\\",
        ] {
            assert_eq!(one(input), None, "input {input:?}");
        }
    }
}

//! Shell quoting both ways: decoding `$'…'` (ANSI-C) text, and re-quoting words for the normalised
//! `command` text so that parsing it again yields the same words.

/// Decode the inside of `$'…'`: `\n \t \\ \' \" \? \a \b \e \f \r \v`, octal `\nnn`, `\xHH`,
/// `\uHHHH`, `\UHHHHHHHH`, `\cX`. Unknown escapes keep their backslash, as bash does.
pub(crate) fn decode_ansi_c(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let simple = match e {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'e' | 'E' => Some('\x1b'),
            'f' => Some('\x0c'),
            'v' => Some('\x0b'),
            '\\' | '\'' | '"' | '?' => Some(e),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            continue;
        }
        let (radix, max, first) = match e {
            '0'..='7' => (8, 3, Some(e)),
            'x' => (16, 2, None),
            'u' => (16, 4, None),
            'U' => (16, 8, None),
            'c' => {
                if let Some(x) = chars.next() {
                    out.push(char::from((x as u32 & 0x1f) as u8));
                }
                continue;
            }
            _ => {
                out.push('\\');
                out.push(e);
                continue;
            }
        };
        let mut digits = String::new();
        digits.extend(first);
        while digits.len() < max {
            match chars.peek() {
                Some(d) if d.is_digit(radix) => {
                    digits.push(*d);
                    chars.next();
                }
                _ => break,
            }
        }
        match u32::from_str_radix(&digits, radix)
            .ok()
            .and_then(char::from_u32)
        {
            Some(ch) if !digits.is_empty() => out.push(ch),
            _ => {
                out.push('\\');
                out.push(e);
                out.push_str(digits.get(usize::from(first.is_some())..).unwrap_or(""));
            }
        }
    }
    out
}

/// Characters that never need quoting in an argument (`$`, `~` and globs are kept bare so that
/// `rm -rf $HOME` and `rm *.log` read as written).
fn is_bare(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-+=/.,:@%^~$*?[]".contains(c)
}

/// Words that mean something else in command position.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "function", "select", "time", "coproc", "[[", "]]", "!",
];

/// Quote the program word: bare only when it cannot expand, glob, assign or be a keyword.
pub(crate) fn quote_program(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-+/.,:@%^".contains(c);
    if word.is_empty() || !word.chars().all(plain) || RESERVED.contains(&word) {
        return quote_always(word);
    }
    word.to_owned()
}

/// Quote one argument for the normalised command text: bare when safe, else in single quotes.
pub(crate) fn quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(is_bare) {
        return word.to_owned();
    }
    quote_always(word)
}

fn quote_always(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    out.push('\'');
    for c in word.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_c_table() {
        let cases: &[(&str, &str)] = &[
            (r"\x72\x6d", "rm"),
            (r"\162\155", "rm"),
            (r"\u0072m", "rm"),
            (r"\U0000006d", "m"),
            (r"a\nb\tc", "a\nb\tc"),
            (r#"\\ \' \""#, "\\ ' \""),
            (r"\q", r"\q"),
            (r"\x", r"\x"),
            (r"\cA", "\x01"),
            ("trailing\\", "trailing\\"),
            (r"\0", "\0"),
        ];
        for (text, want) in cases {
            assert_eq!(decode_ansi_c(text), *want, "{text}");
        }
    }

    #[test]
    fn quote_table() {
        let cases: &[(&str, &str)] = &[
            ("rm", "rm"),
            ("-rf", "-rf"),
            ("/", "/"),
            ("$HOME", "$HOME"),
            ("*.log", "*.log"),
            ("remove rm usage", "'remove rm usage'"),
            ("it's", r"'it'\''s'"),
            ("", "''"),
            ("a;b", "'a;b'"),
            ("#x", "'#x'"),
            ("${HOME}", "'${HOME}'"),
            ("$(echo rm)", "'$(echo rm)'"),
        ];
        for (word, want) in cases {
            assert_eq!(quote(word), *want, "{word}");
        }
        assert_eq!(quote_program("X=1"), "'X=1'");
        assert_eq!(quote_program("if"), "'if'");
        assert_eq!(quote_program("rm"), "rm");
        assert_eq!(quote_program("~"), "'~'");
        assert_eq!(quote_program("$X"), "'$X'");
    }
}

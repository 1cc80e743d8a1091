//! Action globs in Python's `fnmatch` dialect (what the Python agsec's policies were written
//! in): `*` matches anything (dots and slashes included), `?` one character, `[abc]`, `[a-z]` and
//! `[!abc]` one character of a set, an unclosed `[` is literal, case matters, the whole name must
//! match. Hand-rolled rather than globset: globset's dialect differs (`{a,b}`, `**`, escapes) and
//! building its regex set cost a large share of every `check`; matching a few dozen short action
//! names this way costs nothing.

/// One compiled action glob. Every pattern is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ActionGlob {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    AnyOne,
    AnyRun,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl ActionGlob {
    /// Compiles a pattern.
    pub(crate) fn new(pattern: &str) -> Self {
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::with_capacity(chars.len());
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            i += 1;
            match c {
                '*' => {
                    if tokens.last() != Some(&Token::AnyRun) {
                        tokens.push(Token::AnyRun);
                    }
                }
                '?' => tokens.push(Token::AnyOne),
                '[' => match class(&chars, i) {
                    Some((token, next)) => {
                        tokens.push(token);
                        i = next;
                    }
                    None => tokens.push(Token::Char('[')),
                },
                c => tokens.push(Token::Char(c)),
            }
        }
        Self { tokens }
    }

    /// Whether the whole of `name` matches.
    pub(crate) fn is_match(&self, name: &str) -> bool {
        let text: Vec<char> = name.chars().collect();
        self.is_match_chars(&text)
    }

    /// [`ActionGlob::is_match`] over a name already split into characters (matching many globs
    /// against one name splits it once).
    pub(crate) fn is_match_chars(&self, text: &[char]) -> bool {
        // Classic wildcard matching with backtracking to the last `*`: O(len(text) × len(glob)).
        let (mut t, mut p) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        loop {
            match (self.tokens.get(p), text.get(t)) {
                (Some(Token::AnyRun), _) => {
                    star = Some((p, t));
                    p += 1;
                }
                (Some(token), Some(&c)) if single(token, c) => {
                    p += 1;
                    t += 1;
                }
                (None, None) => return true,
                _ => match star {
                    Some((sp, st)) if st < text.len() => {
                        star = Some((sp, st + 1));
                        p = sp + 1;
                        t = st + 1;
                    }
                    _ => return false,
                },
            }
        }
    }
}

fn single(token: &Token, c: char) -> bool {
    match token {
        Token::Char(x) => *x == c,
        Token::AnyOne => true,
        Token::Class { negated, ranges } => {
            ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
        }
        Token::AnyRun => false,
    }
}

/// Parses a `[…]` class starting after its `[`; `None` when it is not closed (then `[` is literal).
fn class(chars: &[char], start: usize) -> Option<(Token, usize)> {
    let mut i = start;
    let negated = chars.get(i) == Some(&'!');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Token::Class { negated, ranges }, i + 1));
        }
        first = false;
        match (chars.get(i + 1), chars.get(i + 2)) {
            (Some('-'), Some(&hi)) if hi != ']' => {
                ranges.push((c, hi));
                i += 3;
            }
            _ => {
                ranges.push((c, c));
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_fnmatch_semantics() {
        let cases = [
            ("payment.*", "payment.create", true),
            ("payment.*", "payment.refund.partial", true),
            ("payment.*", "payment", false),
            ("*.delete", "a.b.delete", true),
            ("*.delete", "delete", false),
            ("mcp.*.read", "mcp.github.issues.read", true),
            ("mcp.*.read", "mcp.read", false),
            ("file.?", "file.a", true),
            ("file.?", "file.ab", false),
            ("db.[abc]x", "db.ax", true),
            ("db.[abc]x", "db.dx", false),
            ("db.[!abc]y", "db.!y", true),
            ("db.[!abc]y", "db.ay", false),
            ("db.[a-c]z", "db.bz", true),
            ("[]]x", "]x", true),
            ("EXACT.Case", "exact.case", false),
            ("weird[", "weird[", true),
            ("weird[", "weird", false),
            ("path/*", "path/x/y", true),
            ("*", "", true),
            ("a*b*c", "aXXbYYbc", true),
            ("a*b*c", "aXXbYYb", false),
            ("{a,b}", "{a,b}", true),
        ];
        for (glob, name, want) in cases {
            assert_eq!(
                ActionGlob::new(glob).is_match(name),
                want,
                "{glob} vs {name}"
            );
        }
    }
}

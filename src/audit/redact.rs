//! Secret detection and redaction: the patterns applied to every string before it reaches the
//! audit log, and reusable wherever text must be checked for secrets (tool output, spools).
//! Matching is linear-time (`regex`): one `RegexSet` finds which patterns occur, then only those
//! patterns' own regexes locate the spans.

use regex::{Regex, RegexSet};
use std::borrow::Cow;
use std::sync::LazyLock;

/// What replaces each secret.
pub const REDACTED: &str = "[REDACTED]";

/// One secret found in a text. Invariant: `start < end`, both on `char` boundaries of the text
/// searched; matches returned together never overlap and are sorted by `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretMatch {
    /// The kind of secret (`api_key`, `aws_access_key`, `github_token`, `jwt`, `email` …).
    pub kind: &'static str,
    /// Byte offset of the secret's first byte.
    pub start: usize,
    /// Byte offset one past the secret's last byte.
    pub end: usize,
}

/// An extra check a regex match must pass to count (patterns the regex alone over-matches).
#[derive(Debug, Clone, Copy)]
enum Check {
    None,
    /// The digits form a card number: 13 to 19 digits, a known issuer prefix, Luhn-valid.
    Card,
    /// Not `user@host:path` (an scp/git remote) nor `scheme://user@host`: user names, not e-mail
    /// addresses.
    Email,
}

/// One pattern: its kind, its regex (whose capture group `s`, when present, is the secret; else
/// the whole match), and any extra check. Listed in priority order: where two matches overlap,
/// the earlier pattern wins.
struct Pattern {
    kind: &'static str,
    regex: &'static str,
    check: Check,
}

const PATTERNS: &[Pattern] = &[
    Pattern {
        kind: "private_key",
        regex: r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?s:.*?)(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)",
        check: Check::None,
    },
    Pattern {
        kind: "url_password",
        regex: r"\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]+:(?P<s>[^\s/@]+)@",
        check: Check::None,
    },
    Pattern {
        kind: "bearer_token",
        regex: r#"(?i)\bauthorization["']?\s*[:=]\s*["']?(?:bearer|basic|token)\s+(?P<s>[A-Za-z0-9._~+/\-][A-Za-z0-9._~+/=\-]*)"#,
        check: Check::None,
    },
    Pattern {
        kind: "jwt",
        regex: r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*",
        check: Check::None,
    },
    Pattern {
        kind: "api_key",
        regex: r"\bsk-(?:ant-|proj-)?[A-Za-z0-9_\-]{20,}",
        check: Check::None,
    },
    Pattern {
        kind: "stripe_key",
        regex: r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|\bwhsec_[A-Za-z0-9]{24,}",
        check: Check::None,
    },
    Pattern {
        kind: "aws_access_key",
        regex: r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b",
        check: Check::None,
    },
    Pattern {
        kind: "aws_secret_key",
        regex: r#"(?i)aws_secret_access_key["']?\s*[:=]\s*["']?(?P<s>[A-Za-z0-9/+=]{40})(?:[^A-Za-z0-9/+=]|\z)"#,
        check: Check::None,
    },
    Pattern {
        kind: "github_token",
        regex: r"\bgh[pousr]_[A-Za-z0-9]{36,}|\bgithub_pat_[A-Za-z0-9_]{22,}",
        check: Check::None,
    },
    Pattern {
        kind: "slack_token",
        regex: r"\bxox[abpors]-[0-9]{6,}-[A-Za-z0-9\-]{8,}",
        check: Check::None,
    },
    Pattern {
        kind: "google_api_key",
        regex: r"\bAIza[0-9A-Za-z_\-]{35}",
        check: Check::None,
    },
    Pattern {
        kind: "password_assignment",
        regex: r#"(?i)[a-z0-9_\-]*(?:password|passwd|secret|token|api[_\-]?key)["']?\s*[:=]\s*["']?(?P<s>[^\s"'&;,$=<>{}()\[\]][^\s"'&;,]*)"#,
        check: Check::None,
    },
    Pattern {
        kind: "email",
        regex: r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b",
        check: Check::Email,
    },
    Pattern {
        kind: "card_number",
        regex: r"\b[0-9](?:[ \-]?[0-9]){12,18}\b",
        check: Check::Card,
    },
];

/// The compiled patterns: the set (which patterns occur) and each pattern's own regex (where).
struct Compiled {
    set: RegexSet,
    regexes: Vec<Regex>,
}

/// Compiled once per process. The patterns are constants checked by the tests, so a failure to
/// compile is a programming error; it degrades to "match nothing" rather than a panic, and the
/// unit test `every_pattern_compiles` keeps that branch dead.
static COMPILED: LazyLock<Option<Compiled>> = LazyLock::new(|| {
    let set = RegexSet::new(PATTERNS.iter().map(|p| p.regex)).ok()?;
    let regexes = PATTERNS
        .iter()
        .map(|p| Regex::new(p.regex))
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    Some(Compiled { set, regexes })
});

/// Every secret in `text`, sorted by position, without overlaps (where two patterns match
/// overlapping text, the more specific pattern, earlier in the list, wins).
pub fn find_secrets(text: &str) -> Vec<SecretMatch> {
    let Some(compiled) = COMPILED.as_ref() else {
        return Vec::new();
    };
    let mut found: Vec<SecretMatch> = Vec::new();
    for index in compiled.set.matches(text).iter() {
        let (Some(pattern), Some(regex)) = (PATTERNS.get(index), compiled.regexes.get(index))
        else {
            continue;
        };
        for caps in regex.captures_iter(text) {
            let Some(m) = caps.name("s").or_else(|| caps.get(0)) else {
                continue;
            };
            if m.start() == m.end() || !passes(pattern.check, text, m.start(), m.end()) {
                continue;
            }
            let overlaps = found.iter().any(|f| m.start() < f.end && f.start < m.end());
            if !overlaps {
                found.push(SecretMatch {
                    kind: pattern.kind,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
    }
    found.sort_by_key(|m| m.start);
    found
}

/// `text` with every secret replaced by [`REDACTED`]; borrowed (no copy) when there is none.
pub fn redact(text: &str) -> Cow<'_, str> {
    let found = find_secrets(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in &found {
        out.push_str(text.get(last..m.start).unwrap_or_default());
        out.push_str(REDACTED);
        last = m.end;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    Cow::Owned(out)
}

fn passes(check: Check, text: &str, start: usize, end: usize) -> bool {
    match check {
        Check::None => true,
        Check::Email => {
            let is_remote = text.get(end..).is_some_and(|rest| rest.starts_with(':'));
            let is_url_user = text.get(..start).is_some_and(|head| head.ends_with("://"));
            !is_remote && !is_url_user
        }
        Check::Card => text.get(start..end).is_some_and(is_card_number),
    }
}

/// Whether `candidate` (digits, maybe grouped by spaces or dashes) is a plausible payment card
/// number: 13 to 19 digits, a major issuer's prefix, and a valid Luhn checksum.
fn is_card_number(candidate: &str) -> bool {
    let digits: Vec<u32> = candidate.chars().filter_map(|c| c.to_digit(10)).collect();
    if !(13..=19).contains(&digits.len()) {
        return false;
    }
    let prefix = |n: usize| digits.iter().take(n).fold(0u32, |acc, d| acc * 10 + d);
    let known_issuer = matches!(prefix(1), 4)
        || (51..=55).contains(&prefix(2))
        || (2221..=2720).contains(&prefix(4))
        || matches!(prefix(2), 34 | 37 | 36 | 38 | 65)
        || matches!(prefix(4), 6011 | 3528..=3589)
        || (644..=649).contains(&prefix(3));
    known_issuer && luhn_valid(&digits)
}

/// The Luhn checksum (ISO/IEC 7812-1). Hand-rolled: a dozen lines, not worth a crate.
fn luhn_valid(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert!(COMPILED.is_some());
        for p in PATTERNS {
            Regex::new(p.regex).unwrap_or_else(|e| panic!("{}: {e}", p.kind));
        }
    }

    /// (kind, text, the text after redaction). Every kind appears with a true positive.
    const SECRETS: &[(&str, &str, &str)] = &[
        (
            "private_key",
            "key: -----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY----- done",
            "key: [REDACTED] done",
        ),
        (
            "private_key",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXkt (truncated",
            "[REDACTED]",
        ),
        (
            "url_password",
            "git clone https://alice:s3cr3t@example.com/repo.git",
            "git clone https://alice:[REDACTED]@example.com/repo.git",
        ),
        (
            "url_password",
            "psql postgres://app:pa55@db.internal:5432/x",
            "psql postgres://app:[REDACTED]@db.internal:5432/x",
        ),
        (
            "bearer_token",
            "curl -H 'Authorization: Bearer abc123.def-456' https://api.x.io",
            "curl -H 'Authorization: Bearer [REDACTED]' https://api.x.io",
        ),
        (
            "jwt",
            "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end",
            "token [REDACTED] end",
        ),
        (
            "api_key",
            "export OPENAI_KEY_X sk-proj-abcdefghijklmnopqrstuvwx12",
            "export OPENAI_KEY_X [REDACTED]",
        ),
        (
            "api_key",
            "use sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123 now",
            "use [REDACTED] now",
        ),
        (
            "api_key",
            "x sk-abcdefghijklmnopqrstuvwxyzABCD y",
            "x [REDACTED] y",
        ),
        (
            "stripe_key",
            "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "stripe [REDACTED]",
        ),
        (
            "aws_access_key",
            "id AKIAIOSFODNN7EXAMPLE ok",
            "id [REDACTED] ok",
        ),
        ("aws_access_key", "id ASIAY34FZKBOKMUTVV7A", "id [REDACTED]"),
        (
            "aws_secret_key",
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            "aws_secret_access_key = [REDACTED]\n",
        ),
        (
            "github_token",
            "GH ghp_16C7e42F292c6912E7710c838347Ae178B4a rest",
            "GH [REDACTED] rest",
        ),
        (
            "github_token",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "[REDACTED]",
        ),
        (
            "slack_token",
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "[REDACTED]",
        ),
        (
            "google_api_key",
            "key=AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe&q=1",
            "key=[REDACTED]&q=1",
        ),
        (
            "password_assignment",
            "mysql --password=hunter2 -u root",
            "mysql --password=[REDACTED] -u root",
        ),
        (
            "password_assignment",
            "DB_PASSWORD=correcthorse npm start",
            "DB_PASSWORD=[REDACTED] npm start",
        ),
        (
            "password_assignment",
            r#"{"client_secret": "abc123xyz"}"#,
            r#"{"client_secret": "[REDACTED]"}"#,
        ),
        (
            "password_assignment",
            "curl 'https://x.io/cb?token=tok_99&x=1'",
            "curl 'https://x.io/cb?token=[REDACTED]&x=1'",
        ),
        (
            "email",
            "mail jane.doe+test@example.co.uk please",
            "mail [REDACTED] please",
        ),
        (
            "card_number",
            "card 4111 1111 1111 1111 exp",
            "card [REDACTED] exp",
        ),
        ("card_number", "pay 5500-0000-0000-0004", "pay [REDACTED]"),
        ("card_number", "amex 378282246310005", "amex [REDACTED]"),
    ];

    /// (what it resembles, text left as it is).
    const LOOK_ALIKES: &[(&str, &str)] = &[
        (
            "private_key",
            "-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----",
        ),
        ("private_key", "-----BEGIN CERTIFICATE-----"),
        ("url_password", "curl https://example.com:8443/path@v2"),
        (
            "url_password",
            "git clone https://alice@example.com/repo.git",
        ),
        (
            "bearer_token",
            "curl -H \"Authorization: Bearer $TOKEN\" https://api.x.io",
        ),
        ("jwt", "echo eyJhbGciOiJIUzI1NiJ9 is only a header"),
        ("api_key", "pip install sk-video scikit-learn"),
        ("api_key", "cat risk-assessment-document-final-version.md"),
        ("stripe_key", "grep sk_test_ config.py"),
        ("aws_access_key", "AKIAEXAMPLE and akiaiosfodnn7example"),
        ("aws_secret_key", "aws_secret_access_key = $AWS_SECRET"),
        ("github_token", "git checkout ghp_branch"),
        ("slack_token", "echo xoxo-gossip-girl-forever"),
        ("google_api_key", "echo AIzawesome"),
        ("password_assignment", "export PASSWORD=$DB_PASSWORD"),
        ("password_assignment", "if token == null; then"),
        ("password_assignment", "mysql --password-file /run/pw"),
        ("email", "git clone git@github.com:org/repo.git"),
        ("email", "npm install @scope/pkg@1.2.3"),
        ("card_number", "echo 1234 5678 9012 3456"),
        ("card_number", "order 4111111111111112"),
        ("card_number", "timestamp 1700000000000000"),
        ("none", "ls -la && cargo test --lib shell::"),
    ];

    #[test]
    fn secrets_are_redacted() {
        for (kind, text, expected) in SECRETS {
            assert_eq!(redact(text), *expected, "{kind}: {text}");
            let found = find_secrets(text);
            assert!(
                found.iter().any(|m| m.kind == *kind),
                "{kind} not found in {text}: {found:?}"
            );
        }
    }

    #[test]
    fn every_kind_has_a_true_positive_and_a_look_alike() {
        for p in PATTERNS {
            assert!(SECRETS.iter().any(|(k, _, _)| *k == p.kind), "{}", p.kind);
            assert!(LOOK_ALIKES.iter().any(|(k, _)| *k == p.kind), "{}", p.kind);
        }
    }

    #[test]
    fn look_alikes_are_left_alone() {
        for (kind, text) in LOOK_ALIKES {
            assert!(
                matches!(redact(text), Cow::Borrowed(_)),
                "{kind}: {text} became {}",
                redact(text)
            );
            assert_eq!(find_secrets(text), vec![], "{kind}: {text}");
        }
    }

    #[test]
    fn matches_are_sorted_non_overlapping_spans() {
        let text = "a@example.com sk-abcdefghijklmnopqrstuvwxyz https://u:p@h.io/ 4111111111111111";
        let found = find_secrets(text);
        let kinds: Vec<_> = found.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, ["email", "api_key", "url_password", "card_number"]);
        for pair in found.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
        assert_eq!(&text[found[2].start..found[2].end], "p");
    }

    #[test]
    fn redaction_is_idempotent() {
        for (_, text, _) in SECRETS {
            let once = redact(text).into_owned();
            assert_eq!(redact(&once), once);
        }
    }

    #[test]
    fn luhn() {
        for (digits, ok) in [("79927398713", true), ("79927398710", false), ("0", true)] {
            let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
            assert_eq!(luhn_valid(&d), ok, "{digits}");
        }
    }
}

//! Secret detection and redaction: the patterns applied to every string before it reaches the
//! audit log, and reusable wherever text must be checked for secrets (tool output, spools).
//! Matching is linear-time (`regex`). Each pattern has a literal trigger (a necessary condition
//! for it to match, checked with `str::contains`); only patterns whose trigger fires run, and
//! each pattern's regex is compiled on first use. Compiling all of them costs milliseconds, which
//! a `check` process (it records one decision, usually without secrets) would pay every time.

use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

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

/// A cheap necessary condition for a pattern to match: text where it does not hold cannot
/// match, so the regex need not be compiled or run. Hand-rolled: a handful of `contains` on a
/// short string costs less than building any multi-literal searcher.
#[derive(Debug, Clone, Copy)]
enum Trigger {
    /// One of these occurs (case-sensitive: the pattern spells them literally).
    Any(&'static [&'static str]),
    /// All of these occur.
    All(&'static [&'static str]),
    /// One of these occurs, ignoring case. For ASCII text ASCII case is all `(?i)` can match;
    /// other text (where `(?i)s` also matches `ſ`, `(?i)k` the Kelvin sign) always fires.
    AnyIgnoringCase(&'static [&'static str]),
    /// At least this many ASCII digits occur.
    Digits(usize),
}

impl Trigger {
    /// Whether the pattern may match `text`; `lower` is `text` in ASCII lowercase, computed at
    /// most once per text.
    fn fires(self, text: &str, lower: &mut Option<String>) -> bool {
        match self {
            Trigger::Any(words) => words.iter().any(|w| text.contains(w)),
            Trigger::All(words) => words.iter().all(|w| text.contains(w)),
            Trigger::AnyIgnoringCase(words) => {
                if !text.is_ascii() {
                    return true;
                }
                let lower = lower.get_or_insert_with(|| text.to_ascii_lowercase());
                words.iter().any(|w| lower.contains(w))
            }
            Trigger::Digits(n) => text.bytes().filter(u8::is_ascii_digit).take(n).count() >= n,
        }
    }
}

/// One pattern: its kind, its regex (whose capture group `s`, when present, is the secret; else
/// the whole match), its trigger, and any extra check. Listed in priority order: where two
/// matches overlap, the earlier pattern wins.
struct Pattern {
    kind: &'static str,
    regex: &'static str,
    trigger: Trigger,
    check: Check,
}

const PATTERNS: &[Pattern] = &[
    Pattern {
        kind: "private_key",
        regex: r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?s:.*?)(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)",
        trigger: Trigger::Any(&["-----BEGIN "]),
        check: Check::None,
    },
    Pattern {
        kind: "url_password",
        regex: r"\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]+:(?P<s>[^\s/@]+)@",
        trigger: Trigger::All(&["://", "@"]),
        check: Check::None,
    },
    Pattern {
        kind: "bearer_token",
        regex: r#"(?i)\bauthorization["']?\s*[:=]\s*["']?(?:bearer|basic|token)\s+(?P<s>[A-Za-z0-9._~+/\-][A-Za-z0-9._~+/=\-]*)"#,
        trigger: Trigger::AnyIgnoringCase(&["authorization"]),
        check: Check::None,
    },
    Pattern {
        kind: "jwt",
        regex: r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*",
        trigger: Trigger::Any(&["eyJ"]),
        check: Check::None,
    },
    Pattern {
        kind: "api_key",
        regex: r"\bsk-(?:ant-|proj-)?[A-Za-z0-9_\-]{20,}",
        trigger: Trigger::Any(&["sk-"]),
        check: Check::None,
    },
    Pattern {
        kind: "stripe_key",
        regex: r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|\bwhsec_[A-Za-z0-9]{24,}",
        trigger: Trigger::Any(&["_live_", "_test_", "whsec_"]),
        check: Check::None,
    },
    Pattern {
        kind: "aws_access_key",
        regex: r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b",
        trigger: Trigger::Any(&["AKIA", "ASIA"]),
        check: Check::None,
    },
    Pattern {
        kind: "aws_secret_key",
        regex: r#"(?i)aws_secret_access_key["']?\s*[:=]\s*["']?(?P<s>[A-Za-z0-9/+=]{40})(?:[^A-Za-z0-9/+=]|\z)"#,
        trigger: Trigger::AnyIgnoringCase(&["aws_secret_access_key"]),
        check: Check::None,
    },
    Pattern {
        kind: "github_token",
        regex: r"\bgh[pousr]_[A-Za-z0-9]{36,}|\bgithub_pat_[A-Za-z0-9_]{22,}",
        trigger: Trigger::Any(&["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]),
        check: Check::None,
    },
    Pattern {
        kind: "slack_token",
        regex: r"\bxox[abpors]-[0-9]{6,}-[A-Za-z0-9\-]{8,}",
        trigger: Trigger::Any(&["xox"]),
        check: Check::None,
    },
    Pattern {
        kind: "google_api_key",
        regex: r"\bAIza[0-9A-Za-z_\-]{35}",
        trigger: Trigger::Any(&["AIza"]),
        check: Check::None,
    },
    Pattern {
        kind: "password_assignment",
        regex: r#"(?i)[a-z0-9_\-]*(?:password|passwd|secret|token|api[_\-]?key)["']?\s*[:=]\s*["']?(?P<s>[^\s"'&;,$=<>{}()\[\]][^\s"'&;,]*)"#,
        trigger: Trigger::AnyIgnoringCase(&[
            "password", "passwd", "secret", "token", "apikey", "api_key", "api-key",
        ]),
        check: Check::None,
    },
    Pattern {
        kind: "email",
        regex: r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b",
        trigger: Trigger::All(&["@", "."]),
        check: Check::Email,
    },
    Pattern {
        kind: "card_number",
        regex: r"\b[0-9](?:[ \-]?[0-9]){12,18}\b",
        trigger: Trigger::Digits(13),
        check: Check::Card,
    },
];

/// Each pattern's regex, compiled on first use. The patterns are constants checked by the tests,
/// so a failure to compile is a programming error; it degrades to "match nothing" rather than a
/// panic, and the unit test `every_pattern_compiles` keeps that branch dead.
static REGEXES: [OnceLock<Option<Regex>>; PATTERNS.len()] =
    [const { OnceLock::new() }; PATTERNS.len()];

fn regex(index: usize) -> Option<&'static Regex> {
    let pattern = PATTERNS.get(index)?;
    REGEXES
        .get(index)?
        .get_or_init(|| Regex::new(pattern.regex).ok())
        .as_ref()
}

/// The indexes of the patterns that may match `text` (their trigger fires), in priority order.
fn candidates(text: &str) -> Vec<usize> {
    let mut lower = None;
    PATTERNS
        .iter()
        .enumerate()
        .filter(|(_, p)| p.trigger.fires(text, &mut lower))
        .map(|(i, _)| i)
        .collect()
}

/// Every secret in `text`, sorted by position, without overlaps (where two patterns match
/// overlapping text, the more specific pattern, earlier in the list, wins).
pub fn find_secrets(text: &str) -> Vec<SecretMatch> {
    find_with(text, candidates(text))
}

/// [`find_secrets`] running only the patterns `indexes` (in priority order).
fn find_with(text: &str, indexes: impl IntoIterator<Item = usize>) -> Vec<SecretMatch> {
    let mut found: Vec<SecretMatch> = Vec::new();
    for index in indexes {
        let (Some(pattern), Some(regex)) = (PATTERNS.get(index), regex(index)) else {
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
        for (i, p) in PATTERNS.iter().enumerate() {
            Regex::new(p.regex).unwrap_or_else(|e| panic!("{}: {e}", p.kind));
            assert!(regex(i).is_some(), "{}", p.kind);
        }
    }

    /// Which patterns a text wakes up: ordinary commands compile and run none.
    #[test]
    fn triggers_pick_the_candidates() {
        let cases: &[(&str, &[&str])] = &[
            ("git status && cargo test -q 2>&1 | tail -5", &[]),
            ("/home/dev/project", &[]),
            ("ls -la && cargo test --lib shell::", &[]),
            ("curl https://api.github.com/repos", &[]),
            ("git push git@github.com:org/repo.git", &["email"]),
            ("mysql --PassWord=x", &["password_assignment"]),
            (
                "echo ſecret",
                &["bearer_token", "aws_secret_key", "password_assignment"],
            ),
            ("date +%s%N # 1700000000000", &["card_number"]),
            ("https://u:p@h.io", &["url_password", "email"]),
        ];
        for (text, kinds) in cases {
            let got: Vec<&str> = candidates(text)
                .into_iter()
                .map(|i| PATTERNS[i].kind)
                .collect();
            assert_eq!(got, *kinds, "{text}");
        }
    }

    /// Every true positive fires its own pattern's trigger.
    #[test]
    fn triggers_fire_on_every_true_positive() {
        for (kind, text, _) in SECRETS {
            let index = PATTERNS.iter().position(|p| p.kind == *kind).unwrap();
            assert!(candidates(text).contains(&index), "{kind}: {text}");
        }
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// Triggers are necessary conditions: running only the candidates finds exactly what
        /// running every pattern finds.
        #[test]
        fn triggers_lose_nothing(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
                    "[ -~ſKİı@:=/._-]{0,12}",
                    proptest::sample::select(SECRETS).prop_map(|(_, text, _)| text.to_owned()),
                ],
                0..6,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(find_secrets(&text), find_with(&text, 0..PATTERNS.len()));
        }
    }

    /// Pieces the property test strings together: near-misses of every trigger.
    const FRAGMENTS: &[&str] = &[
        "-----BEGIN ",
        "RSA PRIVATE KEY-----\nab\n",
        "https://",
        "bob:pw@",
        "Authorization: ",
        "Bearer ",
        "eyJhbGciOiJIUzI1",
        ".eyJzdWIiOiIxMjM0",
        "sk-",
        "abcdefghijklmnopqrstuvwxyz",
        "sk_live_",
        "whsec_",
        "AKIA",
        "ASIA",
        "ABCDEFGHIJKLMNOP",
        "aws_secret_access_key=",
        "AWS_SECRET_ACCESS_KEY: ",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "ghp_",
        "github_pat_",
        "xoxb-",
        "123456789-",
        "AIza",
        "PassWord=",
        "pa\u{17f}\u{17f}word=",
        "to\u{212a}en=",
        "api-key: ",
        "x@example.com",
        "4111 1111 1111 1111",
        "378282246310005",
        "0123456789",
        " ",
        "\n",
        "\"",
        "'",
    ];

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

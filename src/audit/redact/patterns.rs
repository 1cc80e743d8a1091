//! What counts as a secret: each pattern's kind, regex, literal trigger and extra check, in
//! priority order, and the card-number test. No matching logic beyond the checks.

/// An extra check a regex match must pass to count (patterns the regex alone over-matches).
#[derive(Debug, Clone, Copy)]
pub(super) enum Check {
    None,
    /// The digits form a card number: 13 to 19 digits, a known issuer prefix, Luhn-valid.
    Card,
    /// Not `user@host:path` (an scp/git remote) nor `scheme://user@host`: user names, not e-mail
    /// addresses.
    Email,
    /// Random-looking: letters and digits mixed, high entropy per character.
    Entropy,
}

/// A cheap necessary condition for a pattern to match: text where it does not hold cannot
/// match, so the regex need not be compiled or run. Hand-rolled: a handful of `contains` on a
/// short string costs less than building any multi-literal searcher.
#[derive(Debug, Clone, Copy)]
pub(super) enum Trigger {
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
    pub(super) fn fires(self, text: &str, lower: &mut Option<String>) -> bool {
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
pub(super) struct Pattern {
    pub(super) kind: &'static str,
    pub(super) regex: &'static str,
    pub(super) trigger: Trigger,
    pub(super) check: Check,
}

pub(super) const PATTERNS: &[Pattern] = &[
    Pattern {
        kind: "private_key",
        regex: r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?s:.*?)(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)",
        trigger: Trigger::Any(&["-----BEGIN "]),
        check: Check::None,
    },
    Pattern {
        kind: "url_password",
        regex: r"(?-u:\b)[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*:(?P<s>[^\s/@]+)@",
        trigger: Trigger::All(&["://", "@"]),
        check: Check::None,
    },
    Pattern {
        kind: "bearer_token",
        regex: r#"(?i)(?-u:\b)authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token)\s+(?P<s>[A-Za-z0-9._~+/\-][A-Za-z0-9._~+/=\-]*)"#,
        trigger: Trigger::AnyIgnoringCase(&["authorization"]),
        check: Check::None,
    },
    Pattern {
        kind: "jwt",
        regex: r"(?-u:\b)eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*",
        trigger: Trigger::Any(&["eyJ"]),
        check: Check::None,
    },
    Pattern {
        kind: "api_key",
        regex: r"(?-u:\b)sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{20,}",
        trigger: Trigger::Any(&["sk-"]),
        check: Check::None,
    },
    Pattern {
        kind: "stripe_key",
        regex: r"(?-u:\b)(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|(?-u:\b)whsec_[A-Za-z0-9]{24,}",
        trigger: Trigger::Any(&["_live_", "_test_", "whsec_"]),
        check: Check::None,
    },
    Pattern {
        kind: "aws_access_key",
        regex: r"(?-u:\b)(?:AKIA|ASIA)[A-Z0-9]{16}(?-u:\b)",
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
        regex: r"(?-u:\b)gh[pousr]_[A-Za-z0-9]{36,}|(?-u:\b)github_pat_[A-Za-z0-9_]{22,}",
        trigger: Trigger::Any(&["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]),
        check: Check::None,
    },
    Pattern {
        kind: "slack_token",
        regex: r"(?-u:\b)xox[abpors]-[0-9]{6,}-[A-Za-z0-9\-]{8,}",
        trigger: Trigger::Any(&["xox"]),
        check: Check::None,
    },
    Pattern {
        kind: "google_api_key",
        regex: r"(?-u:\b)AIza[0-9A-Za-z_\-]{35}",
        trigger: Trigger::Any(&["AIza"]),
        check: Check::None,
    },
    Pattern {
        kind: "huggingface_token",
        regex: r"(?-u:\b)hf_[A-Za-z0-9]{30,}",
        trigger: Trigger::Any(&["hf_"]),
        check: Check::None,
    },
    Pattern {
        kind: "npm_token",
        regex: r"(?-u:\b)npm_[A-Za-z0-9]{36}(?-u:\b)",
        trigger: Trigger::Any(&["npm_"]),
        check: Check::None,
    },
    Pattern {
        kind: "slack_webhook",
        regex: r"hooks\.slack\.com/(?:services|workflows|triggers)/(?P<s>[A-Za-z0-9_]+/[A-Za-z0-9_]+/[A-Za-z0-9_]+)",
        trigger: Trigger::Any(&["hooks.slack.com/"]),
        check: Check::None,
    },
    Pattern {
        kind: "azure_key",
        regex: r"(?i)(?:AccountKey|SharedAccessKey|SharedAccessSignature)\s*=\s*(?P<s>[A-Za-z0-9+/%]{16,}={0,2})",
        trigger: Trigger::AnyIgnoringCase(&["accountkey", "sharedaccess"]),
        check: Check::None,
    },
    Pattern {
        kind: "sas_signature",
        regex: r"[?&]sig=(?P<s>[A-Za-z0-9%+/=]{16,})",
        trigger: Trigger::Any(&["sig="]),
        check: Check::None,
    },
    Pattern {
        kind: "cli_password",
        regex: r#"(?i)(?-u:\b)(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mariadb|mariadb-dump)(?-u:\b)[^\n|;&]*?\s-p["']?(?P<s>[^\s"']+)|(?-u:\b)sshpass\s+-p\s*["']?(?P<s2>[^\s"']+)"#,
        trigger: Trigger::AnyIgnoringCase(&["mysql", "mariadb", "sshpass"]),
        check: Check::None,
    },
    Pattern {
        kind: "password_assignment",
        regex: r#"(?i)[a-z0-9_\-]*(?:password|passwd|passphrase|secret|token|api[_\-]?key|credentials?|_pwd)["']?\s*[:=]\s*["']?(?P<s>[^\s"'&;,$=<>{}()\[\]][^\s"'&;,]*)"#,
        trigger: Trigger::AnyIgnoringCase(&[
            "password",
            "passwd",
            "passphrase",
            "secret",
            "token",
            "apikey",
            "api_key",
            "api-key",
            "credential",
            "_pwd",
        ]),
        check: Check::None,
    },
    Pattern {
        kind: "high_entropy_value",
        regex: r#"(?i)(?-u:\b)[a-z0-9_\-]*(?:key|sig|signature|auth|access)["']?\s*[:=]\s*["']?(?P<s>[A-Za-z0-9+/_\-.~]{20,}={0,2})"#,
        trigger: Trigger::AnyIgnoringCase(&["key", "sig", "auth", "access"]),
        check: Check::Entropy,
    },
    Pattern {
        kind: "email",
        regex: r"(?-u:\b)[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?-u:\b)",
        trigger: Trigger::All(&["@", "."]),
        check: Check::Email,
    },
    Pattern {
        kind: "card_number",
        regex: r"(?-u:\b)[0-9](?:[ \-]?[0-9]){12,18}(?-u:\b)",
        trigger: Trigger::Digits(13),
        check: Check::Card,
    },
];

pub(super) fn passes(check: Check, text: &str, start: usize, end: usize) -> bool {
    match check {
        Check::None => true,
        Check::Email => {
            let is_remote = text.get(end..).is_some_and(|rest| rest.starts_with(':'));
            let is_url_user = text.get(..start).is_some_and(|head| head.ends_with("://"));
            !is_remote && !is_url_user
        }
        Check::Card => text.get(start..end).is_some_and(is_card_number),
        Check::Entropy => text.get(start..end).is_some_and(is_random),
    }
}

/// Whether `value` looks random: letters and digits mixed and a Shannon entropy of at least 4
/// bits per character (3.5 for 32 or more hex digits); words, paths and version strings stay
/// below.
fn is_random(value: &str) -> bool {
    let has_digit = value.bytes().any(|b| b.is_ascii_digit());
    let has_alpha = value.bytes().any(|b| b.is_ascii_alphabetic());
    if !has_digit || !has_alpha || value.len() < 20 {
        return false;
    }
    let mut counts = [0u32; 256];
    for b in value.bytes() {
        if let Some(c) = counts.get_mut(usize::from(b)) {
            *c += 1;
        }
    }
    let len = f64::from(u32::try_from(value.len()).unwrap_or(u32::MAX));
    let entropy: f64 = counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = f64::from(*c) / len;
            -p * p.log2()
        })
        .sum();
    let hex = value.len() >= 32 && value.bytes().all(|b| b.is_ascii_hexdigit());
    entropy >= 4.0 || (hex && entropy >= 3.5)
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
    fn luhn() {
        for (digits, ok) in [("79927398713", true), ("79927398710", false), ("0", true)] {
            let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
            assert_eq!(luhn_valid(&d), ok, "{digits}");
        }
    }
}

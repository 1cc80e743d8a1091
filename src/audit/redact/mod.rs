//! Secret detection and redaction: the patterns applied to every string before it reaches the
//! audit log, and reusable wherever text must be checked for secrets (tool output, spools).
//! Matching is linear-time (`regex`). Each pattern has a literal trigger (a necessary condition
//! for it to match, checked with `str::contains`); only patterns whose trigger fires run, and
//! each pattern's regex is compiled on first use. Compiling all of them costs milliseconds, which
//! a `check` process (it records one decision, usually without secrets) would pay every time.
//! The patterns themselves are in `patterns.rs`.

mod patterns;

use patterns::{PATTERNS, passes};
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
            let Some(m) = caps
                .name("s")
                .or_else(|| caps.name("s2"))
                .or_else(|| caps.get(0))
            else {
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
            (
                "mysql --PassWord=x",
                &["cli_password", "password_assignment"],
            ),
            (
                "echo ſecret",
                &[
                    "bearer_token",
                    "aws_secret_key",
                    "azure_key",
                    "cli_password",
                    "password_assignment",
                    "high_entropy_value",
                ],
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
        "hf_",
        "npm_",
        "hooks.slack.com/services/",
        "AccountKey=",
        "&sig=",
        "mysql -u r -p",
        "sshpass -p ",
        "key=",
        "q8Zr2LmX9vKt4WbN7yPd3sHf",
        "_pwd=",
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
        (
            "url_password",
            "redis-cli -u redis://:s3cr3tPass@cache.internal:6379/0",
            "redis-cli -u redis://:[REDACTED]@cache.internal:6379/0",
        ),
        (
            "huggingface_token",
            "export HF=hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567",
            "export HF=[REDACTED]",
        ),
        (
            "npm_token",
            "npm config set x npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 y",
            "npm config set x [REDACTED] y",
        ),
        (
            "slack_webhook",
            "curl -X POST https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX -d x",
            "curl -X POST https://hooks.slack.com/services/[REDACTED] -d x",
        ),
        (
            "azure_key",
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net",
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED];EndpointSuffix=core.windows.net",
        ),
        (
            "sas_signature",
            "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sp=r&sig=AbC1%2BdEf2GhIjK3LmNoP4QrS%3D",
            "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sp=r&sig=[REDACTED]",
        ),
        (
            "cli_password",
            "mysql -u root -pHunter2Secret db",
            "mysql -u root -p[REDACTED] db",
        ),
        (
            "cli_password",
            "sshpass -p 'Tr0ub4dor' ssh u@h",
            "sshpass -p '[REDACTED]' ssh u@h",
        ),
        (
            "password_assignment",
            "MYSQL_PWD=hunter2 mysql -u root",
            "MYSQL_PWD=[REDACTED] mysql -u root",
        ),
        (
            "stripe_key",
            "STRIPE=rk_live_51HAbCdEfGhIjKlMnOp",
            "STRIPE=[REDACTED]",
        ),
        (
            "google_api_key",
            "https://maps.googleapis.com/x?q=1&k=AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
            "https://maps.googleapis.com/x?q=1&k=[REDACTED]",
        ),
        (
            "high_entropy_value",
            "curl https://x.io/cb?key=q8Zr2LmX9vKt4WbN7yPd3sHf",
            "curl https://x.io/cb?key=[REDACTED]",
        ),
        (
            "high_entropy_value",
            "signing_key: 9fK2mQx7Lp4Rz8Vt1Nw6Bh3J",
            "signing_key: [REDACTED]",
        ),
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
        ("huggingface_token", "pip install hf_transfer"),
        ("npm_token", "echo npm_config_cache"),
        ("slack_webhook", "open https://hooks.slack.com/ for docs"),
        ("azure_key", "echo AccountKey=$KEY"),
        ("sas_signature", "https://x.io/?sig=short"),
        ("cli_password", "mysql -u root -p db"),
        ("cli_password", "mysql --port 3306 -h db"),
        (
            "high_entropy_value",
            "sort --key=aaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ),
        (
            "high_entropy_value",
            "git config --global core.sshCommand x; key=src/main/resources/file.txt",
        ),
        ("high_entropy_value", "cache_key: node-modules-v12-linux"),
        (
            "high_entropy_value",
            "curl https://x.io/?key=0123456789abcdef0123",
        ),
        ("url_password", "redis-cli -u redis://cache.internal:6379/0"),
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

    /// The secret-variable catalogue drives redaction: an assignment to any catalogued name is
    /// redacted.
    #[test]
    fn secret_variables_are_redacted() {
        let names = [
            "GITHUB_TOKEN",
            "GH_TOKEN",
            "NPM_TOKEN",
            "HF_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "OPENAI_API_KEY",
            "ANTHROPIC_API_KEY",
            "STRIPE_KEY",
            "DB_PASSWORD",
            "PGPASSWORD",
            "MYSQL_PWD",
            "CLIENT_SECRET",
            "GPG_PASSPHRASE",
            "SIGNING_KEY",
            "GOOGLE_CREDENTIALS",
        ];
        let value = "q8Zr2LmX9vKt4WbN7yPd3sHf";
        for name in names {
            assert!(crate::paths::is_secret_variable(name), "{name}");
            for text in [
                format!("{name}={value}"),
                format!("export {name}='{value}'"),
            ] {
                assert!(!redact(&text).contains(value), "{text}");
            }
        }
    }

    #[test]
    fn redaction_is_idempotent() {
        for (_, text, _) in SECRETS {
            let once = redact(text).into_owned();
            assert_eq!(redact(&once), once);
        }
    }
}

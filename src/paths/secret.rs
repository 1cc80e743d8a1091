//! The secret catalogue: which files hold secrets — one case-insensitive `GlobSet` of credential
//! files (`.env`, private keys, `/etc/shadow`, `/proc/*/environ`, cloud, registry, container and
//! cluster credentials, `gh`/`glab` hosts files, password stores, keyrings, browser profiles …)
//! minus an exception set (templates, public keys) — and which environment variable names mark a
//! secret ([`is_secret_variable`]: `*_TOKEN`, `*_SECRET*`, `*_API_KEY`, `*PASSWORD*` …). The shell
//! analysis (`params.reads[].secret`, `params.sources`) and the audit redaction's assignment
//! pattern use these tables.
//!
//! Choice for `~/.ssh`: the directory itself and everything in it is a secret (private keys may
//! have any name), except `*.pub`, `known_hosts*`, `authorized_keys*` and `config`, which hold no
//! credential (writing them is still dangerous; that is a write fact, not a secret).

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use std::sync::{LazyLock, OnceLock};

/// Globs matched against the whole (absolute or relative) path; `**/` also matches zero folders.
const SECRET_GLOBS: &[&str] = &[
    "**/.env",
    "**/.env.*",
    "**/*.env",
    "**/.ssh",
    "**/.ssh/**",
    "**/id_rsa",
    "**/id_ed25519",
    "**/id_ecdsa",
    "**/id_dsa",
    "**/*.pem",
    "**/*.key",
    "**/*.p12",
    "**/*.pfx",
    "**/*.keystore",
    "**/*.jks",
    "**/.aws",
    "**/.aws/**",
    "**/.netrc",
    "**/_netrc",
    "**/.npmrc",
    "**/.pypirc",
    "**/.git-credentials",
    "**/.docker/config.json",
    "**/.kube/config",
    "**/.config/gcloud/**/*credentials*",
    "**/.config/gcloud/**/*credentials*/**",
    "**/.azure",
    "**/.azure/**",
    "**/credentials.json",
    "**/secrets.yaml",
    "**/secrets.yml",
    "**/secrets.json",
    "**/.vault-token",
    "**/.gnupg",
    "**/.gnupg/**",
    // System and process secrets.
    "/etc/shadow",
    "/etc/shadow-",
    "/etc/gshadow",
    "/etc/gshadow-",
    "/etc/sudoers",
    "/etc/sudoers.d/**",
    "/etc/ssh/ssh_host_*_key",
    "/proc/*/environ",
    "/proc/*/task/*/environ",
    "/proc/*/mem",
    "/var/run/secrets/**",
    "/run/secrets/**",
    // Personal credential files.
    "**/.pgpass",
    "**/.my.cnf",
    "**/.mylogin.cnf",
    "**/.config/git/credentials",
    "**/.config/gh/hosts.yml",
    "**/.config/glab-cli/config.yml",
    "**/.config/hub",
    "**/.yarnrc.yml",
    "**/.gem/credentials",
    "**/.cargo/credentials",
    "**/.cargo/credentials.toml",
    "**/.config/pip/pip.conf",
    "**/.pip/pip.conf",
    "**/.m2/settings.xml",
    "**/.m2/settings-security.xml",
    "**/.gradle/gradle.properties",
    "**/.nuget/NuGet/NuGet.Config",
    "**/.composer/auth.json",
    "**/.config/composer/auth.json",
    "**/.terraformrc",
    "**/.terraform.d/credentials.tfrc.json",
    "**/.config/helm/repositories.yaml",
    "**/.config/containers/auth.json",
    "/run/user/*/containers/auth.json",
    "**/.kube",
    "**/.kube/**",
    "**/kubeconfig",
    "**/.config/gcloud/**",
    "**/.boto",
    "**/.s3cfg",
    "**/.config/rclone/rclone.conf",
    "**/.config/doctl/config.yaml",
    "**/.oci/config",
    "**/.config/hcloud/cli.toml",
    "**/.fly/config.yml",
    "**/.config/heroku/**",
    "**/.netlify/config.json",
    "**/.config/netlify/config.json",
    "**/.vercel/auth.json",
    "**/.config/configstore/**",
    "**/.databrickscfg",
    "**/.snowflake/config.toml",
    "**/.config/op/**",
    "**/.op/**",
    "**/.password-store",
    "**/.password-store/**",
    "**/.local/share/keyrings",
    "**/.local/share/keyrings/**",
    "**/.local/share/kwalletd/**",
    "**/Library/Keychains",
    "**/Library/Keychains/**",
    "**/.mozilla/firefox/**",
    "**/.config/google-chrome/**",
    "**/.config/chromium/**",
    "**/.config/BraveSoftware/**",
    "**/.config/microsoft-edge/**",
    "**/Library/Application Support/Google/Chrome/**",
    "**/Library/Application Support/Firefox/**",
    "**/.thunderbird/**",
    "**/.electrum/**",
    "**/.bitcoin/wallet.dat",
    "**/wallet.dat",
    "**/.htpasswd",
    "**/*.kdbx",
    "**/*.ovpn",
    "**/.config/Code/User/globalStorage/**",
    "**/terraform.tfstate",
    "**/terraform.tfstate.backup",
    "**/*.tfvars",
    "**/.claude/.credentials.json",
    "**/.codex/auth.json",
    "**/.config/openai/**",
    "**/.huggingface/token",
    "**/.cache/huggingface/token",
    "**/.config/anthropic/**",
    "**/id_rsa*",
    "**/*.ppk",
    "**/service-account*.json",
    "**/*serviceaccount*.json",
    "**/.sops.yaml",
    "**/master.key",
    "**/credentials.yml.enc",
];

/// Files that match a secret glob but are templates or public material.
const EXCEPTION_GLOBS: &[&str] = &[
    "**/*.example",
    "**/*.sample",
    "**/*.template",
    "**/*.dist",
    "**/*.example.*",
    "**/*.sample.*",
    "**/*.template.*",
    "**/*.pub",
    "**/.ssh/known_hosts*",
    "**/.ssh/authorized_keys*",
    "**/.ssh/config",
    "**/package.json",
    "**/.config/gcloud/configurations/**",
    "**/.config/gcloud/active_config",
    "**/.kube/cache/**",
    "**/*.tfvars.example",
];

/// Name words of environment variables that hold secrets (compared upper-case, on `_`-separated
/// words or as a suffix of the name).
pub(crate) const SECRET_NAME_WORDS: &[&str] = &[
    "TOKEN",
    "TOKENS",
    "SECRET",
    "SECRETS",
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "PASS",
    "PWD",
    "APIKEY",
    "CREDENTIALS",
    "CREDENTIAL",
    "PAT",
    "AUTH",
    "COOKIE",
    "SESSION",
    "DSN",
    "WEBHOOK",
];

/// Whole names that hold secrets without one of [`SECRET_NAME_WORDS`].
const SECRET_NAMES: &[&str] = &[
    "DATABASE_URL",
    "REDIS_URL",
    "MONGODB_URI",
    "MONGO_URL",
    "POSTGRES_URL",
    "AMQP_URL",
    "SENTRY_DSN",
    "SLACK_WEBHOOK_URL",
    "AWS_ACCESS_KEY_ID",
];

/// Words that, ending a name, mean the value is not the secret itself (`TOKEN_FILE`).
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "_FILE",
    "_PATH",
    "_DIR",
    "_URL",
    "_URI",
    "_HOST",
    "_PORT",
    "_USER",
    "_USERNAME",
    "_NAME",
    "_ID",
    "_TYPE",
    "_REGION",
    "_ENDPOINT",
    "_EXPIRY",
    "_EXPIRES",
    "_TTL",
    "_LENGTH",
    "_SOCK",
    "_MODE",
    "_ENABLED",
    "_HEADER",
];

/// Names that look like secrets but are not (`PWD` is the working folder).
const NOT_SECRET_NAMES: &[&str] = &["PWD", "OLDPWD", "GOOGLE_APPLICATION_CREDENTIALS", "PASS"];

/// Whether an environment variable's name marks its value as a secret: a word of
/// [`SECRET_NAME_WORDS`] (`GITHUB_TOKEN`, `DB_PASSWORD`, `CLIENT_SECRET`), a name ending in
/// `KEY` (`OPENAI_API_KEY`, `STRIPE_KEY`, `AWS_SECRET_ACCESS_KEY`), or a connection string
/// (`DATABASE_URL`). Case-insensitive.
pub(crate) fn is_secret_variable(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if NOT_SECRET_NAMES.contains(&upper.as_str()) {
        return false;
    }
    if SECRET_NAMES.contains(&upper.as_str()) {
        return true;
    }
    if NOT_SECRET_SUFFIXES.iter().any(|s| upper.ends_with(s)) {
        return false;
    }
    let words: Vec<&str> = upper.split('_').filter(|w| !w.is_empty()).collect();
    if words.len() == 1 && matches!(upper.as_str(), "AUTH" | "SESSION" | "COOKIE" | "PAT") {
        return false;
    }
    words.iter().any(|w| SECRET_NAME_WORDS.contains(w))
        || upper.ends_with("KEY")
        || upper.contains("PASSWORD")
        || upper.contains("SECRET")
        || upper.contains("TOKEN")
}

/// One catalogue glob, compiled as the sets compile theirs; `None` for a bad pattern (the
/// patterns are constants covered by the tests below; a bad one is skipped, not a panic).
/// Case-sensitive globs over a lowercased path: globset then matches most patterns by literal
/// suffix or basename instead of compiling case-folding Unicode regexes.
fn glob(pattern: &str) -> Option<Glob> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .ok()
}

/// Secret variables of a service, and the hosts that service answers on: a token sent there (in
/// an authorization header) is used, not leaked. `*.domain` is any subdomain. Hosts that serve
/// their users' content under the service's name (`*.github.io`, `*.vercel.app`) are left out.
const SERVICE_HOSTS: &[(&[&str], &[&str])] = &[
    (
        &[
            "GITHUB_TOKEN",
            "GH_TOKEN",
            "GITHUB_PAT",
            "GH_ENTERPRISE_TOKEN",
        ],
        &[
            "github.com",
            "*.github.com",
            "*.githubusercontent.com",
            "ghcr.io",
        ],
    ),
    (
        &[
            "GITLAB_TOKEN",
            "GL_TOKEN",
            "GITLAB_PRIVATE_TOKEN",
            "CI_JOB_TOKEN",
        ],
        &["gitlab.com", "registry.gitlab.com"],
    ),
    (
        &["NPM_TOKEN", "NODE_AUTH_TOKEN", "NPM_AUTH_TOKEN"],
        &["registry.npmjs.org", "registry.yarnpkg.com"],
    ),
    (
        &[
            "PYPI_TOKEN",
            "PYPI_API_TOKEN",
            "TWINE_PASSWORD",
            "UV_PUBLISH_TOKEN",
        ],
        &["upload.pypi.org", "test.pypi.org", "pypi.org"],
    ),
    (&["CARGO_REGISTRY_TOKEN"], &["crates.io"]),
    (&["OPENAI_API_KEY"], &["api.openai.com"]),
    (&["ANTHROPIC_API_KEY"], &["api.anthropic.com"]),
    (
        &["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_TOKEN"],
        &["huggingface.co", "*.huggingface.co"],
    ),
    (&["MISTRAL_API_KEY"], &["api.mistral.ai"]),
    (&["GROQ_API_KEY"], &["api.groq.com"]),
    (&["GEMINI_API_KEY", "GOOGLE_API_KEY"], &["*.googleapis.com"]),
    (
        &["SLACK_TOKEN", "SLACK_BOT_TOKEN", "SLACK_API_TOKEN"],
        &["slack.com"],
    ),
    (
        &["STRIPE_SECRET_KEY", "STRIPE_API_KEY"],
        &["api.stripe.com"],
    ),
    (
        &["CLOUDFLARE_API_TOKEN", "CF_API_TOKEN"],
        &["api.cloudflare.com"],
    ),
    (
        &[
            "DIGITALOCEAN_TOKEN",
            "DIGITALOCEAN_ACCESS_TOKEN",
            "DO_TOKEN",
        ],
        &["api.digitalocean.com"],
    ),
    (&["HEROKU_API_KEY"], &["api.heroku.com"]),
    (&["VERCEL_TOKEN"], &["api.vercel.com"]),
    (&["NETLIFY_AUTH_TOKEN"], &["api.netlify.com"]),
    (&["SENTRY_AUTH_TOKEN"], &["sentry.io", "*.sentry.io"]),
    (&["CIRCLECI_TOKEN", "CIRCLE_TOKEN"], &["circleci.com"]),
    (
        &["DOCKERHUB_TOKEN", "DOCKER_HUB_TOKEN"],
        &["hub.docker.com"],
    ),
    (&["LINEAR_API_KEY"], &["api.linear.app"]),
    (
        &["DD_API_KEY", "DATADOG_API_KEY"],
        &["*.datadoghq.com", "*.datadoghq.eu"],
    ),
    (&["SENDGRID_API_KEY"], &["api.sendgrid.com"]),
    (&["TWILIO_AUTH_TOKEN"], &["api.twilio.com"]),
];

/// The hosts of the service a secret variable belongs to (`GITHUB_TOKEN` → `github.com`,
/// `*.github.com` …); empty when the name is not in the table. Case-insensitive.
pub(crate) fn service_hosts(name: &str) -> &'static [&'static str] {
    SERVICE_HOSTS
        .iter()
        .find(|(names, _)| names.iter().any(|n| n.eq_ignore_ascii_case(name)))
        .map_or(&[], |(_, hosts)| *hosts)
}

fn build(globs: &[&str]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in globs.iter().filter_map(|p| glob(p)) {
        builder.add(glob);
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

static EXCEPTIONS: LazyLock<GlobSet> = LazyLock::new(|| build(EXCEPTION_GLOBS));

/// The longest literal piece of `glob`: the text between its wildcards (`**/`, `/**`, `**`, `*`,
/// `?`). A path can only match the glob if it contains that piece, so it is a necessary condition
/// that needs no compiled automaton. `None` when the glob uses syntax whose literal pieces are not
/// plain text (`[…]`, `{…}`, escapes), or has no literal piece.
/// Every check that looks at a path computes the pieces of the whole catalogue, so this scans
/// bytes: `str::split` with a text separator set up a searcher per part (about 1.7 k instructions
/// a glob, 0.22 M for the catalogue).
fn required_piece(glob: &str) -> Option<&str> {
    if glob.bytes().any(|b| matches!(b, b'[' | b'{' | b'\\')) {
        return None;
    }
    // The longest piece; on a tie the last one (as `Iterator::max_by_key` picks).
    let mut best: Option<&str> = None;
    for part in split_on(glob, "**/") {
        for part in split_on(part, "/**") {
            for piece in part.split(['*', '?']) {
                if best.is_none_or(|b| piece.len() >= b.len()) {
                    best = Some(piece);
                }
            }
        }
    }
    best.filter(|piece| !piece.is_empty())
}

/// `text` cut at each occurrence of the ASCII `separator`, left to right, as `str::split` cuts.
fn split_on<'a>(text: &'a str, separator: &'static str) -> impl Iterator<Item = &'a str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let found = current
            .as_bytes()
            .windows(separator.len())
            .position(|window| window == separator.as_bytes());
        match found {
            Some(at) => {
                rest = current.get(at + separator.len()..);
                current.get(..at)
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Each secret glob with its required piece (`None`: every path is tried) and its matcher,
/// compiled the first time a path contains the piece. Building the whole catalogue as one
/// `GlobSet` cost about 1.5 ms (its Aho-Corasick and regex-set strategies) of every `check` whose
/// paths contain any piece (`~/.cargo/credentials.toml` of a `cargo` command does); one glob alone
/// compiles in microseconds, and a path usually contains the piece of one or two.
struct SecretGlob {
    piece: Option<&'static str>,
    pattern: &'static str,
    matcher: OnceLock<Option<GlobMatcher>>,
}

static SECRETS: LazyLock<Vec<SecretGlob>> = LazyLock::new(|| {
    SECRET_GLOBS
        .iter()
        .map(|pattern| SecretGlob {
            piece: required_piece(pattern),
            pattern,
            matcher: OnceLock::new(),
        })
        .collect()
});

/// Whether `path` names a file (or folder) that holds secrets. Case-insensitive: `.ENV` is `.env`.
pub fn is_secret(path: &str) -> bool {
    let lower = path.to_lowercase();
    let secret = SECRETS.iter().any(|s| {
        s.piece.is_none_or(|piece| lower.contains(piece))
            && s.matcher
                .get_or_init(|| glob(s.pattern).map(|g| g.compile_matcher()))
                .as_ref()
                .is_some_and(|m| m.is_match(&lower))
    });
    secret && !EXCEPTIONS.is_match(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_variables_are_secret_variables_with_hosts() {
        for (names, hosts) in SERVICE_HOSTS {
            assert!(!hosts.is_empty());
            for name in *names {
                assert!(is_secret_variable(name), "{name}");
                assert_eq!(service_hosts(&name.to_ascii_lowercase()), *hosts, "{name}");
            }
        }
        assert!(service_hosts("HOME").is_empty());
    }
    use proptest::prelude::*;

    /// The whole catalogue as one set, as it was matched before.
    static ORACLE: LazyLock<GlobSet> = LazyLock::new(|| build(SECRET_GLOBS));

    /// The pieces as `str::split` cuts them: the oracle for [`required_piece`]'s byte scan.
    fn required_piece_by_split(glob: &str) -> Option<&str> {
        if glob.contains(['[', '{', '\\']) {
            return None;
        }
        glob.split("**/")
            .flat_map(|part| part.split("/**"))
            .flat_map(|part| part.split(['*', '?']))
            .max_by_key(|piece| piece.len())
            .filter(|piece| !piece.is_empty())
    }

    #[test]
    fn required_pieces_agree_with_split_on_the_catalogue() {
        for glob in SECRET_GLOBS.iter().chain(EXCEPTION_GLOBS) {
            assert_eq!(
                required_piece(glob),
                required_piece_by_split(glob),
                "{glob}"
            );
        }
    }

    proptest::proptest! {
        /// Separators overlapping, doubled and at either end cut as `str::split` cuts them.
        #[test]
        fn required_piece_agrees_with_split(glob in "[*?/ab.é\\[]{0,14}") {
            proptest::prop_assert_eq!(required_piece(&glob), required_piece_by_split(&glob));
        }
    }

    #[test]
    fn every_secret_glob_has_a_required_piece() {
        for glob in SECRET_GLOBS {
            assert!(required_piece(glob).is_some(), "{glob}");
        }
        assert_eq!(required_piece("**/.ssh/**"), Some(".ssh"));
        assert_eq!(
            required_piece("/etc/ssh/ssh_host_*_key"),
            Some("/etc/ssh/ssh_host_")
        );
        assert_eq!(required_piece("**/*.pem"), Some(".pem"));
        assert_eq!(required_piece("**/[ab].env"), None);
    }

    proptest::proptest! {
        /// Matching glob by glob never changes an answer: the whole `GlobSet` is the oracle, over paths
        /// built from the globs' own pieces (so matches are common) and random words.
        #[test]
        fn prefilter_agrees_with_the_glob_set(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(SECRET_GLOBS.to_vec())
                        .prop_map(|g| g.replace("**/", "").replace("/**", "/x").replace('*', "ab")),
                    proptest::sample::select(EXCEPTION_GLOBS.to_vec())
                        .prop_map(|g| g.replace("**/", "").replace("/**", "/x").replace('*', "cd")),
                    "[a-zA-Z0-9._ -]{0,12}",
                    proptest::strategy::Just("/".to_string()),
                ],
                0..6,
            ),
            absolute in proptest::bool::ANY,
        ) {
            let joined = parts.join("/");
            let path = if absolute { format!("/{joined}") } else { joined };
            let lower = path.to_lowercase();
            let oracle = ORACLE.is_match(&lower) && !EXCEPTIONS.is_match(&lower);
            proptest::prop_assert_eq!(is_secret(&path), oracle, "{}", path);
        }
    }

    #[test]
    fn secret_variable_table() {
        let cases: &[(&str, bool)] = &[
            ("GITHUB_TOKEN", true),
            ("GH_TOKEN", true),
            ("AWS_SECRET_ACCESS_KEY", true),
            ("AWS_SESSION_TOKEN", true),
            ("AWS_ACCESS_KEY_ID", true),
            ("OPENAI_API_KEY", true),
            ("ANTHROPIC_API_KEY", true),
            ("STRIPE_KEY", true),
            ("DB_PASSWORD", true),
            ("PGPASSWORD", true),
            ("MYSQL_PWD", true),
            ("CLIENT_SECRET", true),
            ("NPM_TOKEN", true),
            ("HF_TOKEN", true),
            ("DATABASE_URL", true),
            ("SENTRY_DSN", true),
            ("token", true),
            ("password", true),
            ("HOME", false),
            ("PATH", false),
            ("PWD", false),
            ("OLDPWD", false),
            ("USER", false),
            ("SHELL", false),
            ("TOKEN_FILE", false),
            ("GOOGLE_APPLICATION_CREDENTIALS", false),
            ("SSH_AUTH_SOCK", false),
            ("GIT_AUTHOR_NAME", false),
            ("KEYBOARD", false),
            ("LANG", false),
            ("TERM", false),
            ("AUTH", false),
            ("PASS", false),
        ];
        for (name, want) in cases {
            assert_eq!(is_secret_variable(name), *want, "{name}");
        }
    }

    #[test]
    fn globs_compile() {
        // `build` skips a bad glob silently: every constant must compile.
        let all = SECRET_GLOBS.iter().chain(EXCEPTION_GLOBS);
        assert!(all.into_iter().all(|g| globset::Glob::new(g).is_ok()));
        assert_eq!(build(SECRET_GLOBS).len(), SECRET_GLOBS.len());
        assert_eq!(EXCEPTIONS.len(), EXCEPTION_GLOBS.len());
    }

    #[test]
    fn secret_table() {
        let cases: &[(&str, bool)] = &[
            ("/w/.env", true),
            (".env", true),
            ("/w/.ENV", true),
            ("/w/.env.local", true),
            ("/w/.env.production", true),
            ("/w/prod.env", true),
            ("/w/.env.example", false),
            ("/w/.env.sample", false),
            ("/w/.env.template", false),
            ("/w/.env.dist", false),
            ("/w/.ENV.EXAMPLE", false),
            ("/w/secrets.yaml.example", false),
            ("/h/.ssh", true),
            ("/h/.ssh/id_rsa", true),
            ("/h/.ssh/id_ed25519", true),
            ("/h/.ssh/github_deploy", true),
            ("/h/.ssh/id_rsa.pub", false),
            ("/h/.ssh/known_hosts", false),
            ("/h/.ssh/authorized_keys", false),
            ("/h/.ssh/config", false),
            ("/tmp/id_rsa", true),
            ("/w/cert.pem", true),
            ("/w/server.KEY", true),
            ("/w/a.p12", true),
            ("/w/a.pfx", true),
            ("/w/release.keystore", true),
            ("/h/.aws/credentials", true),
            ("/h/.aws/config", true),
            ("/h/.netrc", true),
            ("/h/.npmrc", true),
            ("/h/.pypirc", true),
            ("/h/.git-credentials", true),
            ("/h/.docker/config.json", true),
            ("/h/.kube/config", true),
            (
                "/h/.config/gcloud/application_default_credentials.json",
                true,
            ),
            ("/h/.config/gcloud/legacy_credentials/a@b/adc.json", true),
            ("/h/.config/gcloud/credentials.db", true),
            ("/h/.azure/accessTokens.json", true),
            ("/w/credentials.json", true),
            ("/w/secrets.yml", true),
            ("/w/secrets.json", true),
            ("/h/.vault-token", true),
            ("/h/.gnupg/private-keys-v1.d/x.key", true),
            ("/w/src/main.rs", false),
            ("/w/README.md", false),
            ("/w/environment.rs", false),
            ("/w/keys.rs", false),
            ("/w/.envrc", false),
            ("/etc/shadow", true),
            ("/etc/gshadow", true),
            ("/etc/passwd", false),
            ("/proc/1/environ", true),
            ("/proc/self/environ", true),
            ("/proc/1/cmdline", false),
            ("/h/.pgpass", true),
            ("/h/.config/gh/hosts.yml", true),
            ("/h/.config/gh/config.yml", false),
            ("/h/.config/glab-cli/config.yml", true),
            ("/h/.gem/credentials", true),
            ("/h/.cargo/credentials.toml", true),
            ("/h/.cargo/config.toml", false),
            ("/h/.kube/config", true),
            ("/h/.password-store/github.gpg", true),
            ("/h/.local/share/keyrings/login.keyring", true),
            ("/h/.mozilla/firefox/x.default/logins.json", true),
            ("/h/.config/google-chrome/Default/Cookies", true),
            ("/w/terraform.tfstate", true),
            ("/w/prod.tfvars", true),
            ("/w/package.json", false),
            ("/var/run/secrets/kubernetes.io/serviceaccount/token", true),
        ];
        for (path, want) in cases {
            assert_eq!(is_secret(path), *want, "{path}");
        }
    }
}

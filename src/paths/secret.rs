//! Which files hold secrets: one case-insensitive `GlobSet` of credential files (`.env`, private
//! keys, cloud and package-manager credentials …) minus an exception set (templates, public keys).
//!
//! Choice for `~/.ssh`: the directory itself and everything in it is a secret (private keys may
//! have any name), except `*.pub`, `known_hosts*`, `authorized_keys*` and `config`, which hold no
//! credential (writing them is still dangerous; that is a write fact, not a secret).

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::sync::LazyLock;

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
];

fn build(globs: &[&str]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in globs {
        // The patterns are constants covered by the tests below; a bad one is skipped, not a panic.
        // Case-sensitive globs over a lowercased path: globset then matches most patterns by
        // literal suffix or basename instead of compiling case-folding Unicode regexes (which
        // cost milliseconds on every `check`).
        if let Ok(glob) = GlobBuilder::new(pattern).literal_separator(true).build() {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

static SECRETS: LazyLock<GlobSet> = LazyLock::new(|| build(SECRET_GLOBS));
static EXCEPTIONS: LazyLock<GlobSet> = LazyLock::new(|| build(EXCEPTION_GLOBS));

/// Whether `path` names a file (or folder) that holds secrets. Case-insensitive: `.ENV` is `.env`.
pub fn is_secret(path: &str) -> bool {
    let lower = path.to_lowercase();
    SECRETS.is_match(&lower) && !EXCEPTIONS.is_match(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_compile() {
        // `build` skips a bad glob silently: every constant must compile.
        let all = SECRET_GLOBS.iter().chain(EXCEPTION_GLOBS);
        assert!(all.into_iter().all(|g| globset::Glob::new(g).is_ok()));
        assert_eq!(SECRETS.len(), SECRET_GLOBS.len());
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
        ];
        for (path, want) in cases {
            assert_eq!(is_secret(path), *want, "{path}");
        }
    }
}

//! Where secrets come from, as tables: programs whose file arguments are read (any word naming a
//! secret file counts, whatever the options, so `od -c .env` and `dd if=.env` are reads), programs
//! that never read their arguments' contents (`ls`, `stat`, `test` …), commands that print
//! credentials (`gh auth token`, `aws configure get aws_secret_access_key`, `gpg
//! --export-secret-keys` …), commands that dump the environment (`env`, `printenv`, `export -p`),
//! and variables whose names mark a secret (`$GITHUB_TOKEN`; the names are catalogued in
//! `paths/secret.rs`). Git's reads of secret paths (`git show HEAD:.env`, `git add .`) are the
//! git model's (`models/git/reads.rs`): they depend on aliases and on where git is pointed.
//!
//! Data that is not a file is followed as a stand-in [`PathFact`] with `secret` set: the
//! environment and its variables as `/proc/self/environ` (raw `env`, `$NAME`), a credential
//! command as its credential store (raw `` `gh auth token` ``). Stand-ins travel through pipes,
//! `$(…)` and variables like files do, and [`source_of`] names them for `params.sources`.

use super::analysis::SecretSource;
use super::effects::{Effects, Places};
use super::expand::{Field, Var};
use super::models::Input;
use crate::paths::{PathFact, is_secret_variable};

/// Where the environment (and each of its variables) is read from.
pub(crate) const ENVIRON: &str = "/proc/self/environ";

/// Programs whose arguments the generic file effects or a per-program model parse exactly, or
/// that never read their arguments' contents: the any-word rule below leaves them alone (so do
/// the query tools of `query.rs`, whose first operand is a filter such as `.env`).
const NOT_GENERIC: &[&str] = &[
    // Parsed exactly (effects.rs, models).
    "rm",
    "rmdir",
    "unlink",
    "shred",
    "mv",
    "cp",
    "install",
    "ln",
    "rsync",
    "scp",
    "grep",
    "egrep",
    "fgrep",
    "rg",
    "ag",
    "ack",
    "sed",
    "perl",
    "awk",
    "gawk",
    "mawk",
    "nawk",
    "tee",
    "touch",
    "truncate",
    "mkdir",
    "mkfifo",
    "chmod",
    "chown",
    "chgrp",
    "curl",
    "wget",
    "tar",
    "bsdtar",
    "zip",
    "unzip",
    "find",
    "git",
    "echo",
    "printf",
    // Names and metadata only.
    "ls",
    "dir",
    "stat",
    "test",
    "[",
    "[[",
    "du",
    "df",
    "realpath",
    "readlink",
    "basename",
    "dirname",
    "which",
    "type",
    "command",
    "true",
    "false",
    "cd",
    "pushd",
    "popd",
    "export",
    "unset",
    "local",
    "declare",
    "typeset",
    "readonly",
    "exit",
    "return",
    "wait",
    "kill",
    "sleep",
    "date",
    "whoami",
    "id",
    "pwd",
    "hash",
    "alias",
    "unalias",
    "set",
    "shopt",
    "trap",
    "ulimit",
    "umask",
    "jobs",
    "fg",
    "bg",
    "disown",
    "setfacl",
    "getfacl",
    "lsattr",
    "chattr",
    "exa",
    "eza",
    "tree",
    "locate",
    "fd",
    "fdfind",
    "whereis",
    "namei",
    "printenv",
    "env",
    // Use secrets without printing them (`--env-file .env`).
    "docker",
    "podman",
    "nerdctl",
    "docker-compose",
    "dotenv",
    "env-cmd",
    "direnv",
    "foreman",
    "honcho",
];

/// Options whose value is a secret file a program uses without printing it.
const USE_OPTIONS: &[&str] = &["--env-file", "--env-file-if-exists", "--dotenv"];

/// When a credential command prints a secret.
#[derive(Debug, Clone, Copy)]
enum When {
    Always,
    /// One of these options is given (`--show-token`, `--raw`).
    Flag(&'static [&'static str]),
    /// An operand names a secret (`aws configure get aws_secret_access_key`).
    SecretOperand,
}

/// A command that prints credentials: program, the words that select it (in order, options
/// skipped), when, and the credential store it reads (under the home folder).
struct Printer {
    program: &'static str,
    words: &'static [&'static str],
    when: When,
    store: &'static str,
}

const fn p(
    program: &'static str,
    words: &'static [&'static str],
    when: When,
    store: &'static str,
) -> Printer {
    Printer {
        program,
        words,
        when,
        store,
    }
}

const AWS: &str = ".aws/credentials";
const GCLOUD: &str = ".config/gcloud/credentials.db";
const AZURE: &str = ".azure/msal_token_cache.json";
const KUBE: &str = ".kube/config";

/// Commands that print credentials.
const PRINTERS: &[Printer] = &[
    p("aws", &["configure", "get"], When::SecretOperand, AWS),
    p(
        "aws",
        &["configure", "export-credentials"],
        When::Always,
        AWS,
    ),
    p("aws", &["sts", "get-session-token"], When::Always, AWS),
    p("aws", &["sts", "assume-role"], When::Always, AWS),
    p(
        "aws",
        &["sts", "assume-role-with-web-identity"],
        When::Always,
        AWS,
    ),
    p("aws", &["ecr", "get-login-password"], When::Always, AWS),
    p(
        "aws",
        &["ecr-public", "get-login-password"],
        When::Always,
        AWS,
    ),
    p(
        "aws",
        &["codeartifact", "get-authorization-token"],
        When::Always,
        AWS,
    ),
    p(
        "aws",
        &["secretsmanager", "get-secret-value"],
        When::Always,
        AWS,
    ),
    p(
        "aws",
        &["ssm", "get-parameter"],
        When::Flag(&["--with-decryption"]),
        AWS,
    ),
    p(
        "aws",
        &["ssm", "get-parameters"],
        When::Flag(&["--with-decryption"]),
        AWS,
    ),
    p(
        "aws",
        &["ssm", "get-parameters-by-path"],
        When::Flag(&["--with-decryption"]),
        AWS,
    ),
    p("aws", &["iam", "create-access-key"], When::Always, AWS),
    p("aws", &["sso", "get-role-credentials"], When::Always, AWS),
    p(
        "gh",
        &["auth", "token"],
        When::Always,
        ".config/gh/hosts.yml",
    ),
    p(
        "gh",
        &["auth", "status"],
        When::Flag(&["--show-token", "-t"]),
        ".config/gh/hosts.yml",
    ),
    p(
        "glab",
        &["auth", "status"],
        When::Flag(&["--show-token", "-t"]),
        ".config/glab-cli/config.yml",
    ),
    p(
        "glab",
        &["config", "get", "token"],
        When::Always,
        ".config/glab-cli/config.yml",
    ),
    p(
        "gcloud",
        &["auth", "print-access-token"],
        When::Always,
        GCLOUD,
    ),
    p(
        "gcloud",
        &["auth", "print-identity-token"],
        When::Always,
        GCLOUD,
    ),
    p(
        "gcloud",
        &["auth", "application-default", "print-access-token"],
        When::Always,
        GCLOUD,
    ),
    p("gcloud", &["config", "config-helper"], When::Always, GCLOUD),
    p(
        "gcloud",
        &["secrets", "versions", "access"],
        When::Always,
        GCLOUD,
    ),
    p("az", &["account", "get-access-token"], When::Always, AZURE),
    p("az", &["keyvault", "secret", "show"], When::Always, AZURE),
    p(
        "az",
        &["storage", "account", "keys", "list"],
        When::Always,
        AZURE,
    ),
    p(
        "az",
        &["storage", "account", "show-connection-string"],
        When::Always,
        AZURE,
    ),
    p("az", &["ad", "sp", "create-for-rbac"], When::Always, AZURE),
    p(
        "kubectl",
        &["config", "view"],
        When::Flag(&["--raw", "--flatten"]),
        KUBE,
    ),
    p("kubectl", &["get", "secret"], When::Always, KUBE),
    p("kubectl", &["get", "secrets"], When::Always, KUBE),
    p("kubectl", &["create", "token"], When::Always, KUBE),
    p("oc", &["whoami"], When::Flag(&["--show-token", "-t"]), KUBE),
    p(
        "gpg",
        &[],
        When::Flag(&["--export-secret-keys", "--export-secret-subkeys"]),
        ".gnupg",
    ),
    p(
        "gpg2",
        &[],
        When::Flag(&["--export-secret-keys", "--export-secret-subkeys"]),
        ".gnupg",
    ),
    p("gopass", &["show"], When::Always, ".password-store"),
    p("gopass", &["cat"], When::Always, ".password-store"),
    p("op", &["read"], When::Always, ".config/op"),
    p("op", &["inject"], When::Always, ".config/op"),
    p("op", &["document", "get"], When::Always, ".config/op"),
    p(
        "op",
        &["item", "get"],
        When::Flag(&["--reveal", "--fields"]),
        ".config/op",
    ),
    p("vault", &["read"], When::Always, ".vault-token"),
    p("vault", &["kv", "get"], When::Always, ".vault-token"),
    p("vault", &["print", "token"], When::Always, ".vault-token"),
    p("vault", &["token", "create"], When::Always, ".vault-token"),
    p(
        "security",
        &["find-generic-password"],
        When::Flag(&["-w", "-g"]),
        "Library/Keychains",
    ),
    p(
        "security",
        &["find-internet-password"],
        When::Flag(&["-w", "-g"]),
        "Library/Keychains",
    ),
    p(
        "security",
        &["dump-keychain"],
        When::Always,
        "Library/Keychains",
    ),
    p(
        "secret-tool",
        &["lookup"],
        When::Always,
        ".local/share/keyrings",
    ),
    p("keyring", &["get"], When::Always, ".local/share/keyrings"),
    p("heroku", &["auth:token"], When::Always, ".netrc"),
    p(
        "git",
        &["credential", "fill"],
        When::Always,
        ".git-credentials",
    ),
    p(
        "git",
        &["credential-store", "get"],
        When::Always,
        ".git-credentials",
    ),
    p("bw", &["get"], When::Always, ".config/Bitwarden CLI"),
    p("lpass", &["show"], When::Always, ".lpass"),
    p("keepassxc-cli", &["show"], When::Always, ".password-store"),
    p("doppler", &["secrets"], When::Always, ".doppler"),
    p("infisical", &["secrets"], When::Always, ".infisical"),
    p("chamber", &["read"], When::Always, AWS),
    p("chamber", &["export"], When::Always, AWS),
    p("sops", &["decrypt"], When::Always, ".config/sops"),
    p(
        "sops",
        &[],
        When::Flag(&["-d", "--decrypt"]),
        ".config/sops",
    ),
    p("ansible-vault", &["view"], When::Always, ".ansible"),
    p("ansible-vault", &["decrypt"], When::Always, ".ansible"),
];

/// `pass` subcommands that do not print a secret (anything else shows one).
const PASS_QUIET: &[&str] = &[
    "ls", "list", "find", "search", "init", "insert", "add", "generate", "edit", "rm", "remove",
    "delete", "mv", "rename", "cp", "copy", "git", "help", "version",
];

/// The stand-in fact for a secret that is not a file.
pub(crate) fn stand_in(raw: &str, path: &str) -> PathFact {
    let mut fact = PathFact::empty();
    raw.clone_into(&mut fact.raw);
    path.clone_into(&mut fact.path);
    fact.secret = true;
    fact
}

/// The stand-in for a variable whose name marks a secret and whose value comes from outside.
pub(crate) fn variable_origin(name: &str, var: Var) -> Option<PathFact> {
    (!matches!(var, Var::Literal(_)) && is_secret_variable(name))
        .then(|| stand_in(&format!("${name}"), ENVIRON))
}

/// The variable names a run-time expression reads (`${GITHUB_TOKEN:-x}`, `${!prefix*}`).
pub(crate) fn names_in(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        let after = rest.get(i + 1..).unwrap_or("");
        let after = after.strip_prefix('{').unwrap_or(after);
        let after = after.strip_prefix(['!', '#']).unwrap_or(after);
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if let Some(name) = after.get(..len)
            && !name.is_empty()
        {
            out.push(name);
        }
        rest = after.get(len..).unwrap_or("");
    }
    out
}

/// What a secret fact (a file, or a stand-in) is as a source.
pub(crate) fn source_of(fact: &PathFact) -> SecretSource {
    let raw = fact.raw.as_str();
    let (kind, name) = if let Some(name) = raw.strip_prefix('$') {
        ("variable", name.to_owned())
    } else if let Some(cmd) = raw.strip_prefix('`') {
        ("command", cmd.trim_end_matches('`').to_owned())
    } else if fact.path == ENVIRON && !raw.starts_with('/') {
        ("environment", raw.to_owned())
    } else if raw.contains(':') && !raw.starts_with('/') {
        ("git", raw.to_owned())
    } else {
        ("file", fact.path.clone())
    };
    SecretSource { kind, name }
}

/// The secrets `input`'s command reads or prints: reads go into `fx.reads`; the returned facts
/// are what its output carries besides its reads (the environment, credentials, secret
/// variables in its arguments).
pub(crate) fn apply(input: &Input<'_>, fx: &mut Effects) -> Vec<PathFact> {
    let mut out = Vec::new();
    let program = input.program;
    if !NOT_GENERIC.contains(&program) && !super::query::is_query_tool(program) {
        any_word_reads(input.args, input.places, fx);
    }
    if let Some(store) = printer(program, input.args) {
        let text = command_text(program, input.args);
        let path = format!("{}/{store}", input.home.trim_end_matches('/'));
        out.push(stand_in(&format!("`{text}`"), &path));
    }
    out.extend(environment(program, input.args));
    for a in input.args {
        out.extend(a.carries.iter().cloned());
    }
    out
}

fn command_text(program: &str, args: &[Field]) -> String {
    let mut text = program.to_owned();
    for a in args {
        text.push(' ');
        text.push_str(&a.arg);
    }
    text
}

/// Every word (and `--opt=value`, `key=value` value) naming a secret file is a read.
fn any_word_reads(args: &[Field], places: &Places<'_>, fx: &mut Effects) {
    let mut skip_next = false;
    for a in args {
        if skip_next {
            skip_next = false;
            continue;
        }
        let text = a.value.as_str();
        if USE_OPTIONS.contains(&text) {
            skip_next = true;
            continue;
        }
        let candidate = if text.starts_with('-') {
            match text.split_once('=') {
                Some((name, _)) if USE_OPTIONS.contains(&name) => continue,
                Some((name, _)) => a.tail(name.len() + 1),
                None => continue,
            }
        } else if let Some((key, _)) = text.split_once('=')
            && !key.contains('/')
        {
            a.tail(key.len() + 1)
        } else {
            a.clone()
        };
        if candidate.value.is_empty() || candidate.proc_subst {
            continue;
        }
        let fact = places.fact(&candidate);
        if fact.secret && !fx.reads.iter().any(|r| r.path == fact.path) {
            fx.reads.push(fact);
        }
    }
}

/// The credential store a credential-printing command reads, if `args` make it print one.
fn printer(program: &str, args: &[Field]) -> Option<&'static str> {
    let words: Vec<&str> = args
        .iter()
        .map(|a| a.value.as_str())
        .filter(|w| !w.starts_with('-'))
        .collect();
    let has_flag = |flags: &[&str]| {
        args.iter().any(|a| {
            flags.iter().any(|f| {
                a.value == *f || a.value.strip_prefix(f).is_some_and(|r| r.starts_with('='))
            })
        })
    };
    if program == "pass" {
        let first = words.first()?;
        return (!PASS_QUIET.contains(first)).then_some(".password-store");
    }
    if program.starts_with("docker-credential-") {
        return words
            .first()
            .is_some_and(|w| *w == "get" || *w == "list")
            .then_some(".docker/config.json");
    }
    for entry in PRINTERS.iter().filter(|e| e.program == program) {
        let Some(after) = subsequence_end(&words, entry.words) else {
            continue;
        };
        let hit = match entry.when {
            When::Always => true,
            When::Flag(flags) => has_flag(flags),
            When::SecretOperand => words.iter().skip(after).any(|w| {
                let last = w.rsplit('.').next().unwrap_or(w);
                is_secret_variable(last)
            }),
        };
        if hit {
            return Some(entry.store);
        }
    }
    None
}

/// Where `wanted` ends as a subsequence of `words` (`None` when it is not one).
fn subsequence_end(words: &[&str], wanted: &[&str]) -> Option<usize> {
    let mut at = 0;
    for w in wanted {
        let found = words.get(at..)?.iter().position(|x| x == w)?;
        at += found + 1;
    }
    Some(at)
}

/// How interpreters' inline code reads the environment.
const ENV_MARKERS: &[&str] = &[
    "%ENV",
    "$ENV{",
    "ENV[",
    "ENV.",
    "ENV)",
    "environ",
    "getenv",
    "process.env",
    "$_ENV",
    "$_SERVER",
    "Deno.env",
    "Bun.env",
    "os.Environ",
];

fn is_interpreter(program: &str) -> bool {
    [
        "python",
        "pypy",
        "perl",
        "ruby",
        "node",
        "nodejs",
        "deno",
        "bun",
        "php",
        "lua",
        "Rscript",
        "julia",
        "tclsh",
        "osascript",
    ]
    .iter()
    .any(|p| program.starts_with(p))
}

/// A jq filter that reads the environment: the `env` builtin or `$ENV` (not a field `.env`).
fn jq_reads_env(filter: &str) -> bool {
    if filter.contains("$ENV") {
        return true;
    }
    let bytes = filter.as_bytes();
    filter.match_indices("env").any(|(i, _)| {
        let before = i.checked_sub(1).and_then(|j| bytes.get(j)).copied();
        let after = bytes.get(i + 3).copied();
        let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        !before.is_some_and(|c| word(c) || c == b'.' || c == b'$' || c == b'"')
            && !after.is_some_and(word)
    })
}

/// Environment dumps (`env`, `printenv`, `export -p`, `declare -x`, `set`, `ps e`) and secret
/// variables named to `printenv NAME`.
fn environment(program: &str, args: &[Field]) -> Vec<PathFact> {
    let operands: Vec<&Field> = args.iter().filter(|a| !a.value.starts_with('-')).collect();
    let flags: Vec<&str> = args
        .iter()
        .map(|a| a.value.as_str())
        .filter(|w| w.starts_with('-'))
        .collect();
    let dump = |raw: &str| vec![stand_in(raw, ENVIRON)];
    match program {
        "env" if operands.iter().all(|o| o.value.contains('=')) => dump("env"),
        "printenv" if operands.is_empty() => dump("printenv"),
        "printenv" => operands
            .iter()
            .filter(|o| is_secret_variable(&o.value))
            .map(|o| stand_in(&format!("${}", o.value), ENVIRON))
            .collect(),
        "export" | "declare" | "typeset" | "set" | "compgen"
            if operands.is_empty()
                && (flags.is_empty() && program != "compgen"
                    || flags
                        .iter()
                        .any(|f| matches!(*f, "-p" | "-x" | "-px" | "-xp"))) =>
        {
            dump(program)
        }
        "declare" | "typeset" => operands
            .iter()
            .filter(|o| flags.iter().any(|f| f.contains('p')) && is_secret_variable(&o.value))
            .map(|o| stand_in(&format!("${}", o.value), ENVIRON))
            .collect(),
        "awk" | "gawk" | "mawk" | "nawk" | "busybox"
            if args.iter().any(|a| a.value.contains("ENVIRON")) =>
        {
            dump("awk ENVIRON")
        }
        "jq" | "gojq" | "jaq" | "yq" | "fx" if args.iter().any(|a| jq_reads_env(&a.value)) => {
            dump("jq env")
        }
        _ if is_interpreter(program)
            && args
                .iter()
                .any(|a| ENV_MARKERS.iter().any(|m| a.value.contains(m))) =>
        {
            dump(program)
        }
        "ps" if args
            .iter()
            .any(|a| !a.value.starts_with('-') && a.value.contains('e'))
            || flags.contains(&"-E") =>
        {
            dump("ps e")
        }
        "systemctl"
            if operands
                .first()
                .is_some_and(|o| o.value == "show-environment") =>
        {
            dump("systemctl show-environment")
        }
        "tmux"
            if operands
                .first()
                .is_some_and(|o| o.value == "show-environment") =>
        {
            dump("tmux show-environment")
        }
        "launchctl" if operands.first().is_some_and(|o| o.value == "getenv") => operands
            .get(1)
            .filter(|o| is_secret_variable(&o.value))
            .map(|o| stand_in(&format!("${}", o.value), ENVIRON))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Field> {
        text.split(' ')
            .filter(|s| !s.is_empty())
            .map(Field::literal)
            .collect()
    }

    #[test]
    fn printer_table() {
        let cases: &[(&str, &str, bool)] = &[
            ("aws", "configure get aws_secret_access_key", true),
            (
                "aws",
                "--profile prod configure get aws_session_token",
                true,
            ),
            ("aws", "configure get profile.dev.aws_access_key_id", true),
            ("aws", "configure get region", false),
            ("aws", "configure export-credentials --format env", true),
            ("aws", "s3 ls", false),
            ("gh", "auth token", true),
            ("gh", "auth status", false),
            ("gh", "auth status --show-token", true),
            ("gh", "pr list", false),
            ("gcloud", "auth print-access-token", true),
            ("gcloud", "auth list", false),
            ("az", "account get-access-token", true),
            ("az", "account show", false),
            ("kubectl", "config view --raw", true),
            ("kubectl", "config view", false),
            ("kubectl", "get secret db -o yaml", true),
            ("kubectl", "get pods", false),
            ("gpg", "--export-secret-keys --armor", true),
            ("gpg", "--export --armor", false),
            ("pass", "show github", true),
            ("pass", "github/token", true),
            ("pass", "ls", false),
            ("pass", "", false),
            ("op", "read op://vault/item/password", true),
            ("vault", "read secret/data/x", true),
            ("vault", "status", false),
            ("security", "find-generic-password -s x -w", true),
            ("security", "find-generic-password -s x", false),
            ("docker-credential-desktop", "get", true),
            ("docker-credential-pass", "list", true),
            ("docker-credential-pass", "version", false),
            ("git", "credential fill", true),
        ];
        for (program, args, want) in cases {
            assert_eq!(
                printer(program, &fields(args)).is_some(),
                *want,
                "{program} {args}"
            );
        }
    }

    #[test]
    fn environment_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("env", "", &["env"]),
            ("env", "-0", &["env"]),
            ("printenv", "", &["printenv"]),
            ("printenv", "HOME", &[]),
            ("printenv", "GITHUB_TOKEN", &["$GITHUB_TOKEN"]),
            ("export", "-p", &["export"]),
            ("export", "", &["export"]),
            ("export", "X=1", &[]),
            ("declare", "-x", &["declare"]),
            (
                "declare",
                "-p AWS_SECRET_ACCESS_KEY",
                &["$AWS_SECRET_ACCESS_KEY"],
            ),
            ("declare", "-a xs", &[]),
            ("set", "", &["set"]),
            ("set", "-euo pipefail", &[]),
            ("ps", "eww", &["ps e"]),
            ("ps", "aux", &[]),
            ("compgen", "-v", &[]),
            ("awk", "BEGIN{for(k in ENVIRON) print k}", &["awk ENVIRON"]),
            ("awk", "{print $1}", &[]),
            ("jq", "-n env", &["jq env"]),
            ("jq", "-n $ENV.HOME", &["jq env"]),
            ("jq", ".env", &[]),
            ("jq", ".environment", &[]),
            ("python3", "-c import os;print(os.environ)", &["python3"]),
            ("perl", "-e print%ENV", &["perl"]),
            ("node", "-e console.log(process.env)", &["node"]),
            ("python3", "-c print(1)", &[]),
        ];
        for (program, args, want) in cases {
            let got: Vec<String> = environment(program, &fields(args))
                .into_iter()
                .map(|f| f.raw)
                .collect();
            assert_eq!(got, *want, "{program} {args}");
        }
    }

    #[test]
    fn names_in_expressions() {
        assert_eq!(
            names_in("${GITHUB_TOKEN:-x}${!AWS*}$HOME"),
            ["GITHUB_TOKEN", "AWS", "HOME"]
        );
        assert!(names_in("plain").is_empty());
    }

    #[test]
    fn source_kinds() {
        let cases = [
            (
                stand_in("$GITHUB_TOKEN", ENVIRON),
                "variable",
                "GITHUB_TOKEN",
            ),
            (stand_in("env", ENVIRON), "environment", "env"),
            (
                stand_in("`gh auth token`", "/h/.config/gh/hosts.yml"),
                "command",
                "gh auth token",
            ),
            (stand_in("HEAD:.env", "/w/.env"), "git", "HEAD:.env"),
            (stand_in(".env", "/w/.env"), "file", "/w/.env"),
        ];
        for (fact, kind, name) in cases {
            let s = source_of(&fact);
            assert_eq!((s.kind, s.name.as_str()), (kind, name));
        }
    }
}

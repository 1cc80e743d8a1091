//! Where data leaves the machine, as tables: network clients and what they send (arguments,
//! standard input, `@file`), bash's `/dev/tcp` and `/dev/udp`, DNS lookups (whose names can carry
//! data), remote copies (scp, rsync, sftp batches), cloud storage copies, uploads through `gh` and
//! `glab` (gists, release assets, API fields), `git push`, and servers that expose a folder
//! (`python -m http.server`, `php -S`, `npx serve`). Also every destination a command names,
//! parsed by [`crate::network`].

use super::analysis::{SimpleCommand, Sink};
use super::effects::{Effects, Places, parse_opts};
use super::expand::{Field, Flow};
use super::models::Input;
use crate::network::{self, Destination};
use crate::paths::PathFact;

/// Programs that send their arguments and standard input to another host.
const NETWORK: &[&str] = &[
    "curl",
    "wget",
    "http",
    "https",
    "xh",
    "xhs",
    "httpie",
    "nc",
    "ncat",
    "netcat",
    "socat",
    "telnet",
    "ssh",
    "mosh",
    "sftp",
    "ftp",
    "lftp",
    "tftp",
    "ncftp",
    "aria2c",
    "mail",
    "mailx",
    "sendmail",
    "mutt",
    "msmtp",
    "ssmtp",
    "swaks",
    "websocat",
    "wscat",
    "grpcurl",
    "smbclient",
    "scp",
    "rsync",
    "rclone",
    "s3cmd",
    "azcopy",
    "gsutil",
];

/// Programs that look names up (the name itself carries data to the resolver).
const DNS: &[&str] = &[
    "dig",
    "host",
    "nslookup",
    "drill",
    "kdig",
    "ping",
    "ping6",
    "traceroute",
    "traceroute6",
    "tracepath",
    "mtr",
    "whois",
    "getent",
    "resolvectl",
    "arping",
    "fping",
];

/// Programs whose URL arguments are only text (they fetch nothing).
const TEXT_ONLY: &[&str] = &[
    "echo", "printf", "grep", "egrep", "fgrep", "rg", "ag", "ack", "sed", "awk", "gawk", "cat",
    "head", "tail", "sort", "uniq", "tee", "jq", "yq", "less", "more", "wc", "cut", "tr", "git",
    "test", "[", "[[", "export", "declare", "local", "readonly", "set", "true", ":", "touch",
    "mkdir", "ls", "cd",
];

/// What the sinks of one command found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) sinks: Vec<Sink>,
    pub(crate) destinations: Vec<Destination>,
    /// The command sends its standard input.
    pub(crate) sends_stdin: bool,
    /// Secret data the sink sends besides its reads and uploads (a pushed commit's secret, a
    /// served folder that holds secrets).
    pub(crate) carried: Vec<PathFact>,
}

impl Found {
    fn sink(&mut self, kind: &'static str, destination: Option<String>, dynamic: bool) {
        let sink = Sink {
            kind,
            destination,
            dynamic,
        };
        if !self.sinks.contains(&sink) {
            self.sinks.push(sink);
        }
    }

    fn first_host(&self) -> Option<String> {
        self.destinations.first().map(|d| d.host.clone())
    }
}

/// The sinks and destinations of `input`'s command (`cmd` has its redirections and model facts);
/// uploads and reads it implies go into `fx`.
pub(crate) fn apply(input: &Input<'_>, cmd: &SimpleCommand, fx: &mut Effects) -> Found {
    let mut found = Found::default();
    let (program, args) = match super::models::runner(input.program, input.args) {
        Some((name, rest)) => (name, rest),
        None => (input.program.to_owned(), input.args),
    };
    let program = program.as_str();
    destinations(program, args, fx.network, &mut found);
    sockets(cmd, fx, &mut found);
    if NETWORK.contains(&program) {
        fx.network = true;
        found.sends_stdin = true;
        found.sink("network", found.first_host(), false);
    }
    if DNS.contains(&program) {
        fx.network = true;
        let dynamic = args
            .iter()
            .any(|a| !a.value.starts_with('-') && (a.dynamic || !a.carries.is_empty()));
        found.sink("dns", found.first_host(), dynamic);
    }
    match program {
        "scp" | "rsync" if !fx.uploads.is_empty() => {
            found.sink("remote_copy", found.first_host(), false);
        }
        "sftp" => sftp(input, args, fx, &mut found),
        "aws" | "gsutil" | "gcloud" | "az" | "azcopy" | "rclone" | "s3cmd" | "mc" => {
            cloud_copy(program, args, input.places, fx, &mut found);
        }
        "gh" | "glab" => forge_upload(args, input.places, fx, &mut found),
        "mail" | "mailx" | "mutt" => {
            for f in parse_opts(args, "asbcrS", &[]).values(&["-a", "-A"]) {
                fx.upload(input.places, f);
            }
        }
        "http" | "https" | "xh" | "xhs" => {
            for a in args {
                if let Some(i) = a.value.find('@')
                    && a.value.get(..i).is_some_and(|k| {
                        !k.is_empty() && !k.contains('/') && (k.ends_with('=') || !k.contains(':'))
                    })
                    && !a.value.contains("://")
                {
                    fx.upload(input.places, &a.tail(i + 1));
                }
            }
        }
        _ => {}
    }
    if program == "git" || program.starts_with("git-") {
        git_push(input, cmd, &mut found);
    }
    server(program, args, input, &mut found);
    if !found.sinks.is_empty() {
        fx.network = true;
    }
    found
}

/// Every destination the command names: URLs in any argument (unless the program only handles
/// text), and the host operands of network programs.
fn destinations(program: &str, args: &[Field], network: bool, found: &mut Found) {
    let mut out = Vec::new();
    if network || !TEXT_ONLY.contains(&program) {
        for a in args {
            for d in network::urls_in(&a.value) {
                network::push_unique(&mut out, d);
            }
        }
    }
    let mut add = |d: Option<Destination>| {
        if let Some(d) = d {
            network::push_unique(&mut out, d);
        }
    };
    match program {
        "curl" => {
            let parsed = parse_opts(args, super::effects::CURL_SHORT, super::effects::CURL_LONG);
            for o in &parsed.operands {
                add(network::parse_url(&o.value));
            }
            for v in parsed.values(&["--url", "-x", "--proxy", "--preproxy"]) {
                add(network::parse_url(&v.value));
            }
            // `--resolve HOST:PORT:ADDR[,ADDR]`, `--connect-to HOST:PORT:HOST2:PORT2`.
            for v in parsed.values(&["--resolve"]) {
                for addr in v.value.splitn(3, ':').nth(2).unwrap_or("").split(',') {
                    add(network::parse_host(addr.trim_start_matches('+')));
                }
            }
            for v in parsed.values(&["--connect-to"]) {
                add(network::parse_host(v.value.split(':').nth(2).unwrap_or("")));
            }
        }
        "wget" | "aria2c" | "http" | "https" | "xh" | "xhs" | "httpie" => {
            let parsed = parse_opts(args, "OoaPiteUd", &["--output-document", "--header"]);
            for o in parsed.operands.iter().filter(|o| looks_like_host(&o.value)) {
                add(network::parse_url(&o.value));
            }
        }
        "nc" | "ncat" | "netcat" | "telnet" | "ftp" | "tftp" | "lftp" | "ncftp" => {
            let parsed = parse_opts(args, "psiwqecxXOITuU", &[]);
            add(parsed
                .operands
                .first()
                .and_then(|o| network::user_host(&o.value)));
        }
        "ssh" | "mosh" | "sftp" => {
            let parsed = parse_opts(args, "bcDEeFIiJLlmOopQRSWw", &[]);
            if let Some(o) = parsed.operands.first() {
                add(network::remote_path(&o.value).or_else(|| network::user_host(&o.value)));
            }
            for j in parsed.values(&["-J"]) {
                add(network::user_host(&j.value));
            }
        }
        "scp" | "rsync" => {
            for a in args.iter().filter(|a| !a.value.starts_with('-')) {
                add(network::remote_path(&a.value));
            }
        }
        "socat" => {
            for a in args.iter().filter(|a| !a.value.starts_with('-')) {
                let mut parts = a.value.split(':');
                let kind = parts.next().unwrap_or("").to_ascii_uppercase();
                if kind.starts_with("TCP")
                    || kind.starts_with("UDP")
                    || kind.starts_with("SSL")
                    || kind.starts_with("OPENSSL")
                    || kind.starts_with("SCTP")
                    || kind.starts_with("PROXY")
                {
                    let host = parts.next().unwrap_or("");
                    add(network::parse_host(host.split(',').next().unwrap_or("")));
                }
            }
        }
        _ if DNS.contains(&program) => {
            for a in args {
                let v = a.value.as_str();
                if v.starts_with('-') || v.starts_with('+') || is_record_type(v) {
                    continue;
                }
                add(network::parse_host(v.trim_start_matches('@')));
            }
        }
        _ => {}
    }
    found.destinations = out;
}

/// A word a downloader may read as a host (`example.com/x`, `2852039166/x`, `[::1]`), not an
/// option value or a local file.
fn looks_like_host(text: &str) -> bool {
    text.contains("://")
        || text.starts_with('[')
        || text.split('/').next().is_some_and(|h| {
            h.contains('.') || h.chars().all(|c| c.is_ascii_hexdigit() || c == 'x')
        })
}

fn is_record_type(text: &str) -> bool {
    matches!(
        text,
        "hosts" | "ahosts" | "ahostsv4" | "ahostsv6" | "query" | "IN" | "CH" | "ANY" | "any"
    ) || (text.len() <= 6 && text.chars().all(|c| c.is_ascii_uppercase()) && !text.is_empty())
}

/// `/dev/tcp/HOST/PORT` and `/dev/udp/…` in redirections and arguments.
fn sockets(cmd: &SimpleCommand, fx: &Effects, found: &mut Found) {
    let paths = cmd
        .reads
        .iter()
        .chain(&cmd.writes)
        .chain(&fx.reads)
        .chain(&fx.writes)
        .map(|f| f.path.as_str());
    let mut hosts = Vec::new();
    for path in paths {
        if let Some(d) = network::dev_socket(path) {
            hosts.push(d);
        }
    }
    for d in hosts {
        found.sink("socket", Some(d.host.clone()), false);
        found.sends_stdin = true;
        network::push_unique(&mut found.destinations, d);
    }
}

/// `sftp host <<< 'put .env'`, `sftp -b batch host`, `sftp host < batch`: the files its batch
/// commands upload. A batch that cannot be read now (written earlier in this command, missing,
/// piped from a program) is unknown.
fn sftp(input: &Input<'_>, args: &[Field], fx: &mut Effects, found: &mut Found) {
    let places = input.places;
    let parsed = parse_opts(args, "bBcDFiJlloPRsS", &[]);
    let mut batches: Vec<Option<String>> = Vec::new();
    let from_stdin = parsed.values(&["-b"]).all(|f| f.value == "-");
    for f in parsed.values(&["-b"]).filter(|f| f.value != "-") {
        fx.read(places, f);
        batches.push(read_batch(input, &places.fact(f)));
    }
    if from_stdin {
        match input.stdin {
            Flow::Nothing => {}
            Flow::Literal(text) => batches.push(Some(text.clone())),
            Flow::Unknown { files, .. } if !files.is_empty() => {
                batches.extend(files.iter().map(|f| read_batch(input, f)));
            }
            Flow::Unknown { .. } => batches.push(None),
        }
    }
    for batch in batches {
        let Some(text) = batch else {
            fx.concerns.push(super::concern::Concern::Unknown);
            continue;
        };
        for line in text.lines() {
            let mut words = line.split_whitespace();
            let verb = words.next().unwrap_or("").trim_start_matches(['-', '@']);
            if matches!(verb, "put" | "mput" | "reput")
                && let Some(local) = words.find(|w| !w.starts_with('-'))
            {
                fx.upload(places, &Field::literal(local));
                fx.read(places, &Field::literal(local));
            }
        }
    }
    found.sink("remote_copy", found.first_host(), false);
}

/// The text of an sftp batch file, when it can be read now (at most 64 KiB, not written earlier
/// in the same command).
fn read_batch(input: &Input<'_>, fact: &PathFact) -> Option<String> {
    if fact.dynamic || fact.secret {
        return None;
    }
    let written = input
        .earlier
        .iter()
        .flat_map(|c| &c.writes)
        .any(|w| w.path == fact.path);
    if written {
        return None;
    }
    let meta = std::fs::metadata(&fact.path).ok()?;
    if !meta.is_file() || meta.len() > 64 * 1024 {
        return None;
    }
    std::fs::read_to_string(&fact.path).ok()
}

/// `aws s3 cp LOCAL s3://…`, `gsutil cp`, `gcloud storage cp`, `az storage blob upload -f`,
/// `azcopy copy`, `rclone copy`, `s3cmd put`, `mc cp`: local files copied to cloud storage.
fn cloud_copy(
    program: &str,
    args: &[Field],
    places: &Places<'_>,
    fx: &mut Effects,
    found: &mut Found,
) {
    let words: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
    let verb_at = |path: &[&str]| -> Option<usize> {
        let mut at = 0;
        for p in path {
            at += words.get(at..)?.iter().position(|w| w == p)? + 1;
        }
        Some(at)
    };
    let copies = match program {
        "aws" => ["cp", "mv", "sync"]
            .iter()
            .find_map(|v| verb_at(&["s3", v])),
        "gsutil" => ["cp", "mv", "rsync"].iter().find_map(|v| verb_at(&[v])),
        "gcloud" => ["cp", "mv", "rsync"]
            .iter()
            .find_map(|v| verb_at(&["storage", v])),
        "azcopy" => ["copy", "cp", "sync"].iter().find_map(|v| verb_at(&[v])),
        "rclone" => ["copy", "copyto", "sync", "move", "moveto"]
            .iter()
            .find_map(|v| verb_at(&[v])),
        "s3cmd" => ["put", "sync"].iter().find_map(|v| verb_at(&[v])),
        "mc" => ["cp", "mirror", "mv"].iter().find_map(|v| verb_at(&[v])),
        "az" => {
            if verb_at(&["storage", "blob", "upload"]).is_some()
                || verb_at(&["storage", "blob", "upload-batch"]).is_some()
                || verb_at(&["storage", "file", "upload"]).is_some()
            {
                let parsed = parse_opts(args, "fs", &["--file", "--source"]);
                for f in parsed.values(&["-f", "--file", "-s", "--source"]) {
                    fx.read(places, f);
                    fx.upload(places, f);
                }
                found.sink("cloud_storage", None, false);
            }
            return;
        }
        _ => None,
    };
    let Some(at) = copies else { return };
    let operands: Vec<&Field> = args
        .iter()
        .skip(at)
        .filter(|a| !a.value.starts_with('-'))
        .collect();
    let Some((dest, sources)) = operands.split_last() else {
        return;
    };
    let remote = |text: &str| {
        text.contains("://")
            || (matches!(program, "rclone" | "mc")
                && text.split_once(':').is_some_and(|(h, _)| !h.contains('/')))
    };
    if !remote(&dest.value) {
        return;
    }
    for s in sources.iter().filter(|s| !remote(&s.value)) {
        fx.read(places, s);
        fx.upload(places, s);
    }
    found.sink("cloud_storage", Some(dest.value.clone()), false);
}

/// `gh gist create FILE…`, `gh release upload TAG FILE…`, `gh api --input F -F k=@f`,
/// `gh issue create --body-file F`, and the `glab` equivalents.
fn forge_upload(args: &[Field], places: &Places<'_>, fx: &mut Effects, found: &mut Found) {
    let words: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
    let parsed = parse_opts(
        args,
        "dFfpRtTnbaH",
        &[
            "--desc",
            "--description",
            "--filename",
            "--repo",
            "--title",
            "--notes",
            "--notes-file",
            "--body",
            "--body-file",
            "--input",
            "--field",
            "--raw-field",
            "--add",
            "--header",
            "--method",
            "--target",
        ],
    );
    let mut sent = |kind: &'static str, f: &Field, found: &mut Found| {
        if f.value == "-" {
            found.sends_stdin = true;
        } else {
            let file = f.value.split('#').next().unwrap_or(&f.value);
            let field = f.tail(0);
            let mut field = field;
            file.clone_into(&mut field.value);
            fx.read(places, &field);
            fx.upload(places, &field);
        }
        found.sink(kind, None, false);
    };
    match words.as_slice() {
        ["gist", "create" | "new", ..] => {
            for f in parsed.operands.iter().skip(2) {
                sent("gist", f, found);
            }
            if parsed.operands.len() <= 2 {
                found.sends_stdin = true;
                found.sink("gist", None, false);
            }
        }
        ["gist", "edit", ..] => {
            for f in parsed.values(&["-a", "--add"]) {
                sent("gist", f, found);
            }
        }
        ["release", "create" | "upload", ..] => {
            for f in parsed.operands.iter().skip(3) {
                sent("release", f, found);
            }
            for f in parsed.values(&["-F", "--notes-file"]) {
                sent("release", f, found);
            }
        }
        ["api", ..] => {
            for f in parsed.values(&["--input"]) {
                sent("api", f, found);
            }
            for f in parsed.values(&["-F", "--field"]) {
                if let Some(i) = f.value.find("=@") {
                    sent("api", &f.tail(i + 2), found);
                }
            }
        }
        [_, "create" | "comment" | "edit" | "review", ..] => {
            for f in parsed.values(&["-F", "--body-file"]) {
                sent("api", f, found);
            }
        }
        _ => {}
    }
}

/// `git push` after `git add`/`commit` of a secret path earlier in the same command.
fn git_push(input: &Input<'_>, cmd: &SimpleCommand, found: &mut Found) {
    let pushing = cmd
        .git
        .as_ref()
        .is_some_and(|g| g.subcommand.as_deref() == Some("push"));
    if !pushing {
        return;
    }
    let remote = cmd.git.as_ref().and_then(|g| g.remote.clone());
    let staged: Vec<PathFact> = input
        .earlier
        .iter()
        .filter(|c| c.program.as_deref() == Some("git"))
        .filter(|c| {
            c.git.as_ref().is_some_and(|g| {
                matches!(g.subcommand.as_deref(), Some("add" | "stage" | "commit"))
            })
        })
        .flat_map(|c| c.reads.iter().filter(|r| r.secret).cloned())
        .collect();
    found.sink("git_push", remote, false);
    found.carried.extend(staged);
}

/// Servers that expose a folder: `python -m http.server [-d DIR]`, `php -S ADDR [-t DIR]`,
/// `npx serve [DIR]`, `http-server`, `ruby -run -e httpd`, `busybox httpd -h DIR` ….
fn server(program: &str, args: &[Field], input: &Input<'_>, found: &mut Found) {
    let dir: Option<Field> = match program {
        "http.server" | "SimpleHTTPServer" => {
            let parsed = parse_opts(args, "db", &["--directory", "--bind"]);
            Some(
                parsed
                    .values(&["-d", "--directory"])
                    .next()
                    .cloned()
                    .unwrap_or_else(|| Field::literal(".")),
            )
        }
        "php"
            if args
                .iter()
                .any(|a| a.value == "-S" || a.value.starts_with("-S")) =>
        {
            let parsed = parse_opts(args, "Stc", &[]);
            Some(
                parsed
                    .values(&["-t"])
                    .next()
                    .cloned()
                    .unwrap_or_else(|| Field::literal(".")),
            )
        }
        "serve" | "http-server" | "live-server" | "miniserve" | "darkhttpd" | "static-server"
        | "httpserver" | "sirv" => {
            let parsed = parse_opts(args, "plac", &["--listen", "--port", "--config"]);
            Some(
                parsed
                    .operands
                    .first()
                    .cloned()
                    .unwrap_or_else(|| Field::literal(".")),
            )
        }
        "ruby"
            if args
                .iter()
                .any(|a| a.value.contains("httpd") || a.value.contains("webrick")) =>
        {
            Some(
                args.iter()
                    .rev()
                    .find(|a| !a.value.starts_with('-') && !a.value.contains("httpd"))
                    .cloned()
                    .unwrap_or_else(|| Field::literal(".")),
            )
        }
        "busybox" | "httpd" if args.iter().any(|a| a.value == "httpd") || program == "httpd" => {
            let parsed = parse_opts(args, "hpc", &[]);
            Some(
                parsed
                    .values(&["-h"])
                    .next()
                    .cloned()
                    .unwrap_or_else(|| Field::literal(".")),
            )
        }
        "caddy" if args.iter().any(|a| a.value == "file-server") => {
            let parsed = parse_opts(args, "rl", &["--root", "--listen"]);
            Some(
                parsed
                    .values(&["-r", "--root"])
                    .next()
                    .cloned()
                    .unwrap_or_else(|| Field::literal(".")),
            )
        }
        _ => None,
    };
    let Some(dir) = dir else { return };
    let fact = input.places.fact(&dir);
    found.sink("server", Some(fact.path.clone()), fact.dynamic);
    if holds_secrets(&fact) {
        let mut served = fact;
        served.secret = true;
        found.carried.push(served);
    }
}

/// Names whose presence in a folder means the folder holds secrets.
const SECRET_CHILDREN: &[&str] = &[
    ".env",
    ".ssh",
    ".aws",
    ".gnupg",
    ".netrc",
    ".git-credentials",
    ".npmrc",
    ".pypirc",
    ".docker",
    ".kube",
    ".config",
    ".password-store",
    ".pgpass",
    ".vault-token",
];

/// A folder holds secrets when it is one, when it is `/`, the home folder or one of their
/// ancestors, or when one of its entries is a secret.
fn holds_secrets(fact: &PathFact) -> bool {
    if fact.secret || fact.is_root || fact.is_home_root || fact.dynamic {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(&fact.path) else {
        return false;
    };
    entries.take(10_000).flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        SECRET_CHILDREN.contains(&name.as_ref())
            || crate::paths::is_secret(&format!("{}/{name}", fact.path))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_types() {
        for (text, want) in [("A", true), ("TXT", true), ("hosts", true), ("x.io", false)] {
            assert_eq!(is_record_type(text), want, "{text}");
        }
    }

    #[test]
    fn host_like_words() {
        for (text, want) in [
            ("2852039166/latest", true),
            ("example.com", true),
            ("out.json", true),
            ("[::1]", true),
            ("https://x", true),
            ("latest", false),
        ] {
            assert_eq!(looks_like_host(text), want, "{text}");
        }
    }

    fn scratch() -> (tempfile::TempDir, crate::paths::PathContext) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let ws = dir.path().join("ws");
        std::fs::create_dir_all(ws.join(".git")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(ws.join(".env"), "A=1").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(ws.join("put-env"), "cd /tmp\nput .env\n").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(ws.join("put-readme"), "put README.md\n").unwrap_or_else(|e| panic!("{e}"));
        let ctx = crate::shell::test_context(ws, dir.path().join("home"));
        (dir, ctx)
    }

    /// Whether a secret flows to a sink, and whether a concern is unknown, anywhere in `text`.
    fn flows(ctx: &crate::paths::PathContext, text: &str) -> (bool, bool) {
        let analysis = crate::shell::analyze(text, ctx);
        let flows = analysis.commands.iter().any(|c| !c.flows.is_empty());
        let unknown = analysis
            .commands
            .iter()
            .any(|c| c.concerns.contains(&crate::shell::Concern::Unknown));
        (flows, unknown)
    }

    #[test]
    fn sftp_batches() {
        let (_dir, ctx) = scratch();
        for (text, want) in [
            ("sftp -b put-env user@host", (true, false)),
            ("sftp user@host < put-env", (true, false)),
            ("sftp -b - user@host < put-env", (true, false)),
            ("sftp user@host <<< 'put .env'", (true, false)),
            ("sftp -b put-readme user@host", (false, false)),
            ("sftp user@host <<< 'get x'", (false, false)),
            ("echo 'put .env' > b; sftp -b b host", (false, true)),
            ("sftp -b missing host", (false, true)),
        ] {
            assert_eq!(flows(&ctx, text), want, "{text}");
        }
    }

    #[test]
    fn staged_secrets_are_pushed() {
        let (_dir, ctx) = scratch();
        for (text, pushed) in [
            ("git add . && git commit -m x && git push origin f", true),
            ("git add -A; git commit -m x; git push", true),
            ("git stage --all && git push origin f", true),
            ("git add src && git commit -m x && git push origin f", false),
            // Nothing is tracked yet: `commit -a` stages no new file.
            ("git commit -am x && git push origin f", false),
        ] {
            let analysis = crate::shell::analyze(text, &ctx);
            let push = analysis.commands.iter().find(|c| {
                c.git
                    .as_ref()
                    .is_some_and(|g| g.subcommand.as_deref() == Some("push"))
            });
            let flows = push.map_or(0, |c| c.flows.len());
            assert_eq!(flows > 0, pushed, "{text}: {push:?}");
        }
        std::fs::write(ctx.workspace.join(".gitignore"), ".env\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let analysis = crate::shell::analyze("git add . && git push origin f", &ctx);
        assert!(analysis.commands.iter().all(|c| c.flows.is_empty()));
    }
}

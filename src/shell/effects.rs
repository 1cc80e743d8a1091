//! What each program does to files and the network: per-program tables of which operands and
//! options it reads, writes, deletes or uploads, whether it talks to the network, runs inline
//! code, and what it prints (for `… | sh` concerns). `git` lives in `git.rs`.

use super::carriers::Carried;
use super::concern::Concern;
use super::expand::{Field, Flow};
use super::quote::decode_ansi_c;
use crate::paths::{Classifier, PathArg, PathFact};
use std::path::{Path, PathBuf};

/// Where paths are resolved: the classifier, the current folder (`None` after `cd $X`), files
/// that received a copy of a secret earlier in the script, and symbolic links made earlier.
pub(crate) struct Places<'a> {
    pub(crate) classifier: &'a Classifier,
    pub(crate) cwd: Option<&'a Path>,
    pub(crate) secret_copies: &'a [PathBuf],
    pub(crate) links: &'a [(PathBuf, PathBuf)],
}

/// Names a glob is tested against: a pattern that could name one of these (`.en?`, `id_*`) is a
/// secret even when nothing matches it now.
pub(crate) const SECRET_SAMPLES: &[&str] = &[
    ".env",
    ".env.local",
    ".env.production",
    "prod.env",
    ".ssh",
    ".ssh/id_rsa",
    ".ssh/id_ed25519",
    "id_rsa",
    "id_ed25519",
    "id_ecdsa",
    "id_dsa",
    "server.pem",
    "server.key",
    "cert.p12",
    ".aws",
    ".aws/credentials",
    ".netrc",
    ".npmrc",
    ".pypirc",
    ".git-credentials",
    ".docker/config.json",
    ".kube/config",
    ".azure",
    ".gnupg",
    "credentials.json",
    "secrets.yaml",
    "secrets.yml",
    "secrets.json",
    ".vault-token",
];

/// At most this many directory entries are listed to resolve one glob.
const MAX_GLOB_ENTRIES: usize = 512;

impl Places<'_> {
    pub(crate) fn fact(&self, field: &Field) -> PathFact {
        let arg = PathArg {
            raw: &field.arg,
            value: &field.value,
            fixed: field.fixed_len(),
            dynamic: field.dynamic,
            glob: field.glob,
        };
        let mut fact = self.classifier.fact(&arg, self.cwd);
        if !fact.dynamic
            && let Some(through) = self.through_link(&fact.path)
        {
            // `ln -s ~ h && rm -rf h/`: the path goes through a link made earlier.
            let mut real = field.clone();
            real.value = through;
            let arg = PathArg {
                raw: &field.arg,
                value: &real.value,
                fixed: real.fixed_len().min(real.value.len()),
                dynamic: field.dynamic,
                glob: field.glob,
            };
            fact = self.classifier.fact(&arg, self.cwd);
        }
        if field.glob && !field.dynamic {
            self.glob_secrets(&mut fact);
        }
        if !fact.secret {
            fact.secret = self
                .secret_copies
                .iter()
                .any(|s| Path::new(&fact.path).starts_with(s));
        }
        fact
    }

    /// The path with a link made earlier in the command replaced by its target.
    fn through_link(&self, path: &str) -> Option<String> {
        self.links.iter().rev().find_map(|(link, target)| {
            let rest = Path::new(path).strip_prefix(link).ok()?;
            let joined = if rest.as_os_str().is_empty() {
                target.clone()
            } else {
                target.join(rest)
            };
            Some(joined.to_string_lossy().into_owned())
        })
    }

    /// A glob is a secret when it could name one (its segments tested against typical secret
    /// names under its fixed folder, with bash's rule that only a pattern starting with `.`
    /// matches a name starting with `.`), or names one now (its folder listed, bounded).
    fn glob_secrets(&self, fact: &mut PathFact) {
        if fact.secret {
            return;
        }
        let pattern = Path::new(&fact.path);
        // The folder before the first segment with a pattern character, and the rest.
        let mut dir = PathBuf::new();
        let mut rest: Vec<String> = Vec::new();
        for part in pattern.components() {
            let text = part.as_os_str().to_string_lossy();
            if !rest.is_empty() || text.contains(['*', '?', '[', ']']) {
                rest.push(text.into_owned());
            } else {
                dir.push(part);
            }
        }
        let Some(matchers) = rest
            .iter()
            .map(|p| segment_matcher(p))
            .collect::<Option<Vec<_>>>()
        else {
            // A pattern globset cannot read: what it names is unknown.
            fact.dynamic = true;
            return;
        };
        // A pattern of wildcards alone (`*`, `*.*`) could name anything: only what it names now
        // counts. One with some literal text (`.en?`, `*.pem`, `id_*`) is tested against names.
        let literal = |p: &str| p.chars().filter(|c| !"*?[]!".contains(*c)).count();
        let specific = rest.last().is_some_and(|p| literal(p) >= 2);
        let could = specific
            && SECRET_SAMPLES.iter().any(|sample| {
                let parts: Vec<&str> = sample.split('/').collect();
                if rest.iter().any(|r| r == "**") {
                    // Only the last segment is compared.
                    match (rest.last(), matchers.last(), parts.last()) {
                        (Some(p), Some(m), Some(name)) if p != "**" => segment_matches(p, m, name),
                        _ => false,
                    }
                } else {
                    parts.len() == rest.len()
                        && rest
                            .iter()
                            .zip(&matchers)
                            .zip(&parts)
                            .all(|((p, m), name)| segment_matches(p, m, name))
                }
            });
        if could {
            fact.secret = true;
            return;
        }
        let (Some(last), Some(matcher), 1) = (rest.last(), matchers.last(), rest.len()) else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for (n, entry) in entries.enumerate() {
            if n >= MAX_GLOB_ENTRIES {
                // Too many to check: what it names is unknown.
                fact.dynamic = true;
                return;
            }
            let Ok(entry) = entry else { continue };
            let name = entry.file_name().to_string_lossy().into_owned();
            if segment_matches(last, matcher, &name) {
                fact.secret |= crate::paths::is_secret(&entry.path().to_string_lossy());
            }
        }
    }
}

/// A case-insensitive matcher of one path segment pattern.
fn segment_matcher(pattern: &str) -> Option<globset::GlobMatcher> {
    globset::GlobBuilder::new(pattern)
        .case_insensitive(true)
        .literal_separator(true)
        .build()
        .ok()
        .map(|g| g.compile_matcher())
}

/// Whether a segment pattern matches a name as bash globbing does (dot files need a dot).
fn segment_matches(pattern: &str, matcher: &globset::GlobMatcher, name: &str) -> bool {
    (!name.starts_with('.') || pattern.starts_with('.')) && matcher.is_match(name)
}

/// What a command prints, for the next pipeline stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Emits {
    /// Run-time data.
    #[default]
    Data,
    /// Known text.
    Literal(String),
    /// Its standard input, filtered (`cat`, `head`, `tr` …).
    Passthrough,
    /// Downloaded data (`curl`, `wget -O-`).
    Download,
    /// Decoded data (`base64 -d`, `xxd -r`, `openssl enc -d`).
    Decoded,
    /// Names of files under [`Effects::listed`] (`find`, `ls`, `git ls-files`, `grep -l`).
    Names,
}

/// The effects of one command.
#[derive(Debug, Default)]
pub(crate) struct Effects {
    pub(crate) reads: Vec<PathFact>,
    pub(crate) writes: Vec<PathFact>,
    pub(crate) deletes: Vec<PathFact>,
    pub(crate) uploads: Vec<PathFact>,
    pub(crate) network: bool,
    pub(crate) concerns: Vec<Concern>,
    pub(crate) emits: Emits,
    /// Copies or links a secret to its writes (the copy is a secret too).
    pub(crate) copies_secret: bool,
    /// A command run for each found file: `find … -exec CMD {} ;`.
    pub(crate) exec: Option<Vec<Field>>,
    /// Shell command strings it runs from its options or language (`tar --to-command=CMD`,
    /// `vim -c '!CMD'`; see [`super::carriers`]).
    pub(crate) carried: Vec<Field>,
    /// The folders (or files) whose names it prints ([`Emits::Names`]); not reads.
    pub(crate) listed: Vec<PathFact>,
}

/// Device files that are not really files: never reported.
fn is_pseudo_device(path: &str) -> bool {
    matches!(
        path,
        "/dev/null"
            | "/dev/stdin"
            | "/dev/stdout"
            | "/dev/stderr"
            | "/dev/tty"
            | "/dev/zero"
            | "/dev/random"
            | "/dev/urandom"
            | "-"
    ) || path.starts_with("/dev/fd/")
        || path.starts_with("/proc/self/fd/")
}

impl Effects {
    fn add(list: &mut Vec<PathFact>, places: &Places<'_>, field: &Field) {
        if field.proc_subst || field.value == "-" {
            return;
        }
        let fact = places.fact(field);
        if !is_pseudo_device(&fact.path) {
            list.push(fact);
        }
    }
    pub(crate) fn read(&mut self, p: &Places<'_>, f: &Field) {
        Self::add(&mut self.reads, p, f);
    }
    pub(crate) fn write(&mut self, p: &Places<'_>, f: &Field) {
        Self::add(&mut self.writes, p, f);
        // `> "/tmp/run-$(date +%s).txt"`: a run-time file name in a temporary folder is
        // temporary (no `/` is written after the folder; the value could still hold one, so it
        // stays `dynamic`).
        let known = f.value.get(..f.fixed_len()).unwrap_or("");
        let unknown = f.value.get(f.fixed_len()..).unwrap_or("");
        if f.dynamic
            && !f.glob
            && !unknown.contains('/')
            && let Some(slash) = known.rfind('/')
            && let Some(last) = self.writes.last_mut()
        {
            let dir = p.fact(&Field::literal(known.get(..=slash).unwrap_or("/")));
            if !dir.dynamic && dir.temp && !dir.secret && !dir.protected {
                last.temp = true;
            }
        }
    }
    pub(crate) fn delete(&mut self, p: &Places<'_>, f: &Field) {
        Self::add(&mut self.deletes, p, f);
    }
    pub(crate) fn upload(&mut self, p: &Places<'_>, f: &Field) {
        Self::add(&mut self.uploads, p, f);
    }
}

/// One option: its name (`-o`, `--output`) and value, if it takes one.
pub(crate) struct Opt {
    pub(crate) name: String,
    pub(crate) value: Option<Field>,
}

/// Arguments split into options and operands.
pub(crate) struct Parsed {
    pub(crate) opts: Vec<Opt>,
    pub(crate) operands: Vec<Field>,
}

impl Parsed {
    pub(crate) fn has(&self, names: &[&str]) -> bool {
        self.opts.iter().any(|o| names.contains(&o.name.as_str()))
    }
    pub(crate) fn values<'a>(&'a self, names: &'a [&str]) -> impl Iterator<Item = &'a Field> {
        self.opts
            .iter()
            .filter(move |o| names.contains(&o.name.as_str()))
            .filter_map(|o| o.value.as_ref())
    }
}

/// Split arguments getopt-style: `short_values` are the letters that take a value, `long_values`
/// the long options that take the next word (`--x=y` always carries its value).
pub(crate) fn parse_opts(args: &[Field], short_values: &str, long_values: &[&str]) -> Parsed {
    let mut parsed = Parsed {
        opts: Vec::new(),
        operands: Vec::new(),
    };
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let text = arg.value.as_str();
        if text == "--" {
            parsed.operands.extend(args.iter().skip(i).cloned());
            break;
        }
        if !text.starts_with('-') || text.len() < 2 {
            parsed.operands.push(arg.clone());
            continue;
        }
        if text.starts_with("--") {
            let (name, value) = match text.split_once('=') {
                Some((n, _)) => (n, Some(arg.tail(n.len() + 1))),
                None if long_values.contains(&text) => {
                    i += 1;
                    (text, args.get(i - 1).cloned())
                }
                None => (text, None),
            };
            parsed.opts.push(Opt {
                name: name.to_owned(),
                value,
            });
            continue;
        }
        for (pos, c) in text.char_indices().skip(1) {
            let name = format!("-{c}");
            if short_values.contains(c) {
                let rest = pos + c.len_utf8();
                let value = if rest < text.len() {
                    Some(arg.tail(rest))
                } else {
                    i += 1;
                    args.get(i - 1).cloned()
                };
                parsed.opts.push(Opt { name, value });
                break;
            }
            parsed.opts.push(Opt { name, value: None });
        }
    }
    parsed
}

/// Programs that print their input (filtered): taint flows through them.
const FILTERS: &[&str] = &[
    "cat", "tac", "head", "tail", "tr", "sed", "grep", "egrep", "fgrep", "sort", "uniq", "cut",
    "tee", "awk", "gawk", "mawk", "rev", "fold", "dos2unix", "gunzip", "zcat", "gzip", "bzip2",
    "xz", "iconv", "perl", "envsubst",
];

/// Programs that read every operand (options given with `=` or none).
const READERS: &[&str] = &[
    "cat",
    "tac",
    "less",
    "more",
    "head",
    "tail",
    "bat",
    "batcat",
    "nl",
    "od",
    "hexdump",
    "strings",
    "wc",
    "sort",
    "uniq",
    "cut",
    "rev",
    "fold",
    "fmt",
    "md5sum",
    "sha1sum",
    "sha256sum",
    "sha512sum",
    "b2sum",
    "cksum",
    "file",
    "diff",
    "cmp",
    "comm",
    "paste",
    "column",
    "iconv",
    "xxd",
    "base64",
    "base32",
    "basenc",
    "gzip",
    "gunzip",
    "zcat",
    "bzip2",
    "xz",
    "vi",
    "vim",
    "nvim",
    "nano",
    "emacs",
    "view",
    "source",
    ".",
    "strings",
    "stat",
    "readlink",
    "dos2unix",
    "pr",
    "expand",
    "look",
    "sum",
    "split",
    "csplit",
];

/// Interpreters and the option that takes inline code.
const INTERPRETERS: &[(&str, &[&str])] = &[
    ("python", &["-c"]),
    ("node", &["-e", "--eval", "-p", "--print"]),
    ("nodejs", &["-e", "--eval", "-p", "--print"]),
    ("bun", &["-e", "--eval", "-p", "--print"]),
    ("deno", &[]),
    ("perl", &["-e", "-E"]),
    ("ruby", &["-e"]),
    ("php", &["-r"]),
    ("lua", &["-e"]),
    ("luajit", &["-e"]),
    ("osascript", &["-e"]),
    ("Rscript", &["-e"]),
];

/// The inline-code options of an interpreter (`python3.12` is `python`).
pub(crate) fn interpreter(program: &str) -> Option<&'static [&'static str]> {
    let base = if program.starts_with("python") || program.starts_with("pypy") {
        "python"
    } else {
        program
    };
    INTERPRETERS
        .iter()
        .find(|(name, _)| *name == base)
        .map(|(_, code)| *code)
}

/// Programs whose dynamic write targets are a concern (`rm -rf "$X"`, `chmod 777 "$f"`).
pub(crate) const SENSITIVE: &[&str] = &[
    "rm", "rmdir", "unlink", "shred", "mv", "cp", "install", "ln", "chmod", "chown", "chgrp", "dd",
    "truncate", "tee", "git", "rsync", "scp", "sed", "perl", "find", "curl", "wget", "tar",
    "unzip", "zip",
];

/// The effects of `program args…` with standard input `stdin`.
pub(crate) fn effects(program: &str, args: &[Field], stdin: &Flow, p: &Places<'_>) -> Effects {
    let mut fx = Effects::default();
    if FILTERS.contains(&program) {
        fx.emits = Emits::Passthrough;
    }
    match program {
        "rm" | "rmdir" | "unlink" | "rimraf" | "del" | "trash" | "trash-put" | "gio-trash" => {
            for f in parse_opts(args, "", &[]).operands {
                fx.delete(p, &f);
            }
        }
        "shred" => {
            let parsed = parse_opts(args, "ns", &["--iterations", "--size"]);
            let remove = parsed.has(&["-u", "--remove"]);
            for f in &parsed.operands {
                if remove {
                    fx.delete(p, f)
                } else {
                    fx.write(p, f)
                }
            }
        }
        "mv" | "cp" | "install" | "ln" => copy_like(program, args, p, &mut fx),
        "rsync" | "scp" => remote_copy(program, args, p, &mut fx),
        "grep" | "egrep" | "fgrep" | "rg" | "ag" | "ack" => {
            let parsed = parse_opts(args, "efmABCdD", &["--regexp", "--file", "--max-count"]);
            let skip = usize::from(!parsed.has(&["-e", "--regexp", "-f", "--file"]));
            for f in parsed.operands.iter().skip(skip) {
                fx.read(p, f);
            }
            for f in parsed.values(&["-f", "--file"]) {
                fx.read(p, f);
            }
        }
        "sed" | "perl" => {
            let short = if program == "sed" { "efl" } else { "eEIMmx" };
            let parsed = parse_opts(args, short, &["--expression", "--file"]);
            let in_place = parsed
                .opts
                .iter()
                .any(|o| o.name == "-i" || o.name.starts_with("--in-place"));
            let has_code = parsed.has(&["-e", "-E", "--expression", "-f", "--file"]);
            let skip = usize::from(!has_code);
            for f in parsed.operands.iter().skip(skip) {
                fx.read(p, f);
                if in_place {
                    fx.write(p, f);
                }
            }
        }
        "awk" | "gawk" | "mawk" | "nawk" | "busybox-awk" => {
            let parsed = parse_opts(args, "fvF", &["--file", "--assign", "--field-separator"]);
            let from_file = parsed.has(&["-f", "--file"]);
            for f in parsed.operands.iter().skip(usize::from(!from_file)) {
                if !f.value.contains('=') {
                    fx.read(p, f);
                }
            }
        }
        "tee" => {
            for f in parse_opts(args, "", &[]).operands {
                fx.write(p, &f);
            }
        }
        "touch" | "truncate" | "mkdir" | "mkfifo" => {
            let parsed = parse_opts(args, "drtsm", &["--reference", "--size", "--mode"]);
            for f in parsed.values(&["-r", "--reference"]) {
                fx.read(p, f);
            }
            for f in &parsed.operands {
                fx.write(p, f);
            }
        }
        "chmod" | "chown" | "chgrp" => {
            let mode_like = |f: &Field| {
                program == "chmod"
                    && f.value.len() > 1
                    && f.value.starts_with('-')
                    && f.value
                        .chars()
                        .skip(1)
                        .all(|c| "rwxXstugoa=+-,0123456789".contains(c))
            };
            let (modes, rest): (Vec<Field>, Vec<Field>) =
                args.iter().cloned().partition(|f| mode_like(f));
            let parsed = parse_opts(&rest, "", &[]);
            let by_reference = parsed.opts.iter().any(|o| o.name == "--reference");
            let skip = usize::from(modes.is_empty() && !by_reference);
            for f in parsed.operands.iter().skip(skip) {
                fx.write(p, f);
            }
        }
        "dd" => {
            for f in args {
                if let Some(v) = f.value.strip_prefix("if=") {
                    fx.read(p, &f.tail(f.value.len() - v.len()));
                } else if let Some(v) = f.value.strip_prefix("of=") {
                    fx.write(p, &f.tail(f.value.len() - v.len()));
                }
            }
        }
        "curl" => curl(args, stdin, p, &mut fx),
        "wget" => wget(args, p, &mut fx),
        "nc" | "ncat" | "netcat" | "socat" | "telnet" | "ssh" | "sftp" | "ftp" => {
            fx.network = true;
            let parsed = parse_opts(args, "iFoJlpbcDeEILmOQRSwW", &[]);
            for f in parsed.values(&["-i", "-F"]) {
                fx.read(p, f);
            }
            for f in stdin.files() {
                fx.uploads.push(f.clone());
            }
        }
        "ping" | "dig" | "host" | "nslookup" | "aria2c" | "http" | "https" | "xh" => {
            fx.network = true;
        }
        "tar" | "bsdtar" => tar(args, p, &mut fx),
        "zip" => {
            let parsed = parse_opts(args, "bnPtx", &[]);
            let mut ops = parsed.operands.iter();
            if let Some(archive) = ops.next() {
                fx.write(p, archive);
            }
            for f in ops {
                fx.read(p, f);
            }
        }
        "unzip" => {
            let parsed = parse_opts(args, "dxP", &[]);
            if let Some(archive) = parsed.operands.first() {
                fx.read(p, archive);
            }
            let dest = parsed.values(&["-d"]).next().cloned();
            fx.write(p, &dest.unwrap_or_else(|| Field::literal(".")));
        }
        "openssl" => {
            let decoding = args.iter().any(|a| a.value == "-d" || a.value == "-decode");
            if decoding {
                fx.emits = Emits::Decoded;
            }
            let mut it = args.iter();
            while let Some(a) = it.next() {
                let target = it.clone().next();
                match (a.value.as_str(), target) {
                    ("-in" | "-inkey" | "-key" | "-kfile" | "-pass", Some(t)) => fx.read(p, t),
                    ("-out", Some(t)) => fx.write(p, t),
                    _ => {}
                }
            }
        }
        "find" => find(args, p, &mut fx),
        "echo" | "printf" => fx.emits = echo(program, args),
        // `$(pwd)`: the folder it runs in, when known (`-P` resolves links: the known folder is
        // already resolved).
        "pwd" => {
            if let Some(cwd) = p.cwd
                && args.iter().all(|a| matches!(a.value.as_str(), "-L" | "-P"))
            {
                fx.emits = Emits::Literal(format!("{}\n", cwd.to_string_lossy()));
            }
        }
        _ if super::query::is_query_tool(program) => super::query::query(program, args, p, &mut fx),
        _ => {}
    }
    if READERS.contains(&program) {
        let parsed = parse_opts(args, "nckotw", &["--lines", "--bytes"]);
        for f in &parsed.operands {
            fx.read(p, f);
        }
    }
    if matches!(program, "base64" | "base32" | "basenc")
        && args
            .iter()
            .any(|a| matches!(a.value.as_str(), "-d" | "--decode" | "-D"))
        || program == "xxd" && args.iter().any(|a| a.value.starts_with("-r"))
    {
        fx.emits = Emits::Decoded;
    }
    for carried in super::carriers::commands(program, args, stdin) {
        match carried {
            Carried::Shell(code) => fx.carried.push(code),
            Carried::Unknown if !fx.concerns.contains(&Concern::InlineCode) => {
                fx.concerns.push(Concern::InlineCode);
            }
            Carried::Unknown => {}
        }
    }
    match code_source(program, args) {
        Some(CodeSource::Script(f)) => fx.read(p, &f),
        Some(CodeSource::Inline(_)) => fx.concerns.push(Concern::InlineCode),
        _ => {}
    }
    if fx.exec.is_none()
        && let Some(roots) = listing_roots(program, args)
    {
        fx.emits = Emits::Names;
        fx.listed = roots
            .iter()
            .map(|r| {
                let mut fact = p.fact(r);
                // A listing of a secret folder (`ls ~/.ssh`) names secrets.
                fact.secret |= fx
                    .reads
                    .iter()
                    .any(|read| read.path == fact.path && read.secret);
                fact
            })
            .collect();
    }
    fx
}

/// What a program that prints names of files lists: its roots (`find ROOT -name PATTERN`, `git
/// ls-files`, `git diff --name-only`); `None` when it prints anything else, or names any file of
/// a folder (`ls`, `find .`, `grep -rl`: `.env` among them).
fn listing_roots(program: &str, args: &[Field]) -> Option<Vec<Field>> {
    let has = |names: &[&str]| args.iter().any(|a| names.contains(&a.value.as_str()));
    match program {
        "find" if has(&["-name", "-iname"]) => {
            let mut roots: Vec<Field> = args
                .iter()
                .take_while(|a| !a.value.starts_with('-') && !matches!(a.value.as_str(), "(" | "!"))
                .cloned()
                .collect();
            if roots.is_empty() {
                roots.push(Field::literal("."));
            }
            Some(roots)
        }
        "git" => {
            let sub = args
                .iter()
                .find(|a| !a.value.starts_with('-'))
                .map(|w| w.value.as_str());
            let names_only = has(&["--name-only", "--name-status"]);
            (sub == Some("ls-files")
                || (names_only && matches!(sub, Some("diff" | "show" | "log"))))
            .then(|| vec![Field::literal(".")])
        }
        _ => None,
    }
}

/// Where an interpreter gets its code.
#[derive(Debug, Clone)]
pub(crate) enum CodeSource {
    /// `-c CODE`, `-e CODE` …
    Inline(Field),
    /// `-m module`, `-r module`: installed code.
    Module,
    /// A script file (or `<(…)`).
    Script(Field),
    /// Standard input.
    Stdin,
}

/// How an interpreter invocation gets its code; `None` for programs that are not interpreters.
pub(crate) fn code_source(program: &str, args: &[Field]) -> Option<CodeSource> {
    let code_opts = interpreter(program)?;
    let mut it = args.iter().enumerate();
    while let Some((i, a)) = it.next() {
        let text = a.value.as_str();
        if code_opts.contains(&text) || (program == "deno" && text == "eval") {
            let code = args.get(i + 1).cloned().unwrap_or_default();
            return Some(CodeSource::Inline(code));
        }
        if let Some(o) = code_opts
            .iter()
            .find(|o| o.len() == 2 && text.starts_with(*o) && text.len() > 2)
        {
            return Some(CodeSource::Inline(a.tail(o.len())));
        }
        if matches!(text, "-m" | "-r" | "--require" | "run" | "test") {
            return Some(CodeSource::Module);
        }
        if matches!(text, "-W" | "-X" | "-I" | "-M") {
            it.next();
            continue;
        }
        if text == "-" {
            return Some(CodeSource::Stdin);
        }
        if !text.starts_with('-') {
            return Some(CodeSource::Script(a.clone()));
        }
    }
    Some(CodeSource::Stdin)
}

fn echo(program: &str, args: &[Field]) -> Emits {
    if args.iter().any(|a| !a.is_literal()) {
        return Emits::Data;
    }
    let words: Vec<&str> = args.iter().map(|a| a.value.as_str()).collect();
    if program == "echo" {
        let opts: Vec<&str> = words
            .iter()
            .copied()
            .take_while(|w| {
                w.len() > 1 && w.starts_with('-') && w.chars().skip(1).all(|c| "neE".contains(c))
            })
            .collect();
        let escapes = opts.iter().rev().find_map(|o| {
            if o.contains('e') {
                Some(true)
            } else if o.contains('E') {
                Some(false)
            } else {
                None
            }
        });
        let newline = if opts.iter().any(|o| o.contains('n')) {
            ""
        } else {
            "\n"
        };
        let text = words.get(opts.len()..).unwrap_or(&[]).join(" ");
        let text = if escapes == Some(true) {
            decode_ansi_c(&text.replace("\\0", "\\"))
        } else {
            text
        };
        return Emits::Literal(text + newline);
    }
    let words = match words.as_slice() {
        ["--", rest @ ..] => rest,
        all => all,
    };
    let Some((format, rest)) = words.split_first() else {
        return Emits::Data;
    };
    printf(format, rest).map_or(Emits::Data, Emits::Literal)
}

/// `printf FORMAT ARGS…` as it prints: escapes decoded in the format, `%s` and `%b` (escapes
/// decoded) filled in, the format reused while arguments remain. Other conversions: `None`.
fn printf(format: &str, args: &[&str]) -> Option<String> {
    let mut out = String::new();
    let mut next = 0;
    for _round in 0..=args.len() {
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' {
                let mut escape = String::from('\\');
                escape.extend(chars.next());
                while escape.len() < 4 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
                    escape.extend(chars.next());
                }
                out.push_str(&decode_ansi_c(&escape));
                continue;
            }
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('%') => out.push('%'),
                Some('s') => {
                    out.push_str(args.get(next).copied().unwrap_or(""));
                    next += 1;
                }
                Some('b') => {
                    out.push_str(&decode_ansi_c(args.get(next).copied().unwrap_or("")));
                    next += 1;
                }
                _ => return None,
            }
        }
        if next >= args.len() {
            break;
        }
    }
    Some(out)
}

/// `mv`/`cp`/`install`/`ln`: sources and a destination (last operand or `-t DIR`).
fn copy_like(program: &str, args: &[Field], p: &Places<'_>, fx: &mut Effects) {
    let short = match program {
        "install" => "mogtS",
        "ln" | "cp" | "mv" => "tS",
        _ => "",
    };
    let parsed = parse_opts(args, short, &["--target-directory", "--suffix"]);
    if program == "install" && parsed.has(&["-d", "--directory"]) {
        for f in &parsed.operands {
            fx.write(p, f);
        }
        return;
    }
    let target = parsed.values(&["-t", "--target-directory"]).next().cloned();
    let (sources, dest) = match target {
        Some(t) => (parsed.operands.as_slice(), Some(t)),
        None => match parsed.operands.split_last() {
            Some((last, rest)) if !rest.is_empty() => (rest, Some(last.clone())),
            // `ln -s target` links into the current folder.
            Some((only, _)) if program == "ln" => (std::slice::from_ref(only), None),
            _ => (parsed.operands.as_slice(), None),
        },
    };
    for f in sources {
        fx.copies_secret |= p.fact(f).secret;
        if program != "ln" {
            fx.read(p, f);
        }
        if program == "mv" {
            fx.delete(p, f);
        }
    }
    if let Some(dest) = dest {
        fx.write(p, &dest);
    }
}

/// `host:path` or `user@host:path` (a colon before any slash) is remote.
fn is_remote(text: &str) -> bool {
    match text.find(':') {
        Some(colon) => !text.get(..colon).unwrap_or("").contains('/') && colon > 0,
        None => false,
    }
}

fn remote_copy(program: &str, args: &[Field], p: &Places<'_>, fx: &mut Effects) {
    let short = if program == "scp" { "PicoFlSJ" } else { "eTBf" };
    let parsed = parse_opts(
        args,
        short,
        &["--rsh", "--exclude", "--include", "--filter"],
    );
    for f in parsed.values(&["-i", "-F"]) {
        fx.read(p, f);
    }
    let Some((dest, sources)) = parsed.operands.split_last() else {
        return;
    };
    let remote_dest = is_remote(&dest.value);
    fx.network = remote_dest || sources.iter().any(|s| is_remote(&s.value));
    for s in sources.iter().filter(|s| !is_remote(&s.value)) {
        fx.copies_secret |= p.fact(s).secret;
        fx.read(p, s);
        if remote_dest {
            fx.upload(p, s);
        }
    }
    if !remote_dest {
        fx.write(p, dest);
        if program == "rsync" && parsed.opts.iter().any(|o| o.name.starts_with("--delete")) {
            let mut all = dest.clone();
            all.fixed.get_or_insert(all.value.len());
            all.value = format!("{}/**", all.value.trim_end_matches('/'));
            all.glob = true;
            fx.delete(p, &all);
        }
    }
}

/// curl's options that take a value (short letters, then long names): one table for the file
/// effects here and the destinations in `sinks`.
pub(super) const CURL_SHORT: &str = "dFoTKHuAeErxXwbcDzY";
pub(super) const CURL_LONG: &[&str] = &[
    "--data",
    "--data-binary",
    "--data-raw",
    "--data-ascii",
    "--data-urlencode",
    "--form",
    "--output",
    "--upload-file",
    "--config",
    "--json",
    "--header",
    "--cert",
    "--key",
    "--cacert",
    "--user",
    "--request",
    "--url",
    "--cookie",
    "--cookie-jar",
    "--dump-header",
    "--resolve",
    "--connect-to",
    "--proxy",
    "--preproxy",
    "--user-agent",
    "--referer",
    "--max-time",
    "--connect-timeout",
    "--retry",
    "--write-out",
    "--oauth2-bearer",
];

fn curl(args: &[Field], stdin: &Flow, p: &Places<'_>, fx: &mut Effects) {
    fx.network = true;
    fx.emits = Emits::Download;
    let parsed = parse_opts(args, CURL_SHORT, CURL_LONG);
    for opt in &parsed.opts {
        let Some(v) = &opt.value else { continue };
        let text = v.value.as_str();
        let at_file = |offset: usize| {
            let file = v.tail(offset);
            if file.value == "-" { None } else { Some(file) }
        };
        match opt.name.as_str() {
            "-d" | "--data" | "--data-binary" | "--data-ascii" | "--json" | "--data-urlencode" => {
                let at = if opt.name == "--data-urlencode" {
                    text.find('@')
                } else {
                    text.starts_with('@').then_some(0)
                };
                match at.map(|i| at_file(i + 1)) {
                    Some(Some(file)) => fx.upload(p, &file),
                    Some(None) => fx.uploads.extend(stdin.files().iter().cloned()),
                    None => {}
                }
            }
            "-F" | "--form" => {
                if let Some(i) = text.find(['@', '<'])
                    && text.get(..i).is_some_and(|k| k.ends_with('='))
                {
                    let end = text
                        .get(i + 1..)
                        .and_then(|t| t.find(';'))
                        .map_or(text.len(), |e| e + i + 1);
                    let mut file = v.tail(i + 1);
                    file.value.truncate(end - i - 1);
                    file.arg = file.value.clone();
                    fx.upload(p, &file);
                }
            }
            "-T" | "--upload-file" => match at_file(0) {
                Some(file) => fx.upload(p, &file),
                None => fx.uploads.extend(stdin.files().iter().cloned()),
            },
            "-o" | "--output" | "-c" | "--cookie-jar" | "-D" | "--dump-header" => fx.write(p, v),
            "-K" | "--config" | "--cert" | "-E" | "--key" | "--cacert" => fx.read(p, v),
            "-H" | "--header" if text.starts_with('@') => fx.read(p, &v.tail(1)),
            _ => {}
        }
    }
}

fn wget(args: &[Field], p: &Places<'_>, fx: &mut Effects) {
    fx.network = true;
    fx.emits = Emits::Download;
    let parsed = parse_opts(
        args,
        "OoaPiteU",
        &[
            "--output-document",
            "--output-file",
            "--input-file",
            "--directory-prefix",
        ],
    );
    for opt in &parsed.opts {
        let Some(v) = &opt.value else { continue };
        match opt.name.as_str() {
            "-O" | "--output-document" | "-o" | "--output-file" | "-a" => fx.write(p, v),
            "-i" | "--input-file" => fx.read(p, v),
            "--post-file" | "--body-file" => fx.upload(p, v),
            _ => {}
        }
    }
}

fn tar(args: &[Field], p: &Places<'_>, fx: &mut Effects) {
    // Old style `tar czf out.tgz dir`: the first word is a letter cluster without a dash.
    let mut args = args.to_vec();
    if let Some(first) = args.first()
        && !first.value.starts_with('-')
        && first.value.chars().all(|c| c.is_ascii_alphabetic())
    {
        let mut dashed = first.clone();
        dashed.value = format!("-{}", first.value);
        dashed.arg = dashed.value.clone();
        if let Some(slot) = args.first_mut() {
            *slot = dashed;
        }
    }
    let parsed = parse_opts(
        &args,
        "fCTXb",
        &["--file", "--directory", "--files-from", "--exclude-from"],
    );
    let create = parsed.has(&["-c", "--create", "-r", "--append", "-u", "--update"]);
    let extract = parsed.has(&["-x", "--extract", "--get"]);
    let archive = parsed.values(&["-f", "--file"]).next().cloned();
    let dir = parsed.values(&["-C", "--directory"]).next().cloned();
    if create {
        if let Some(a) = &archive {
            fx.write(p, a);
        }
        for f in &parsed.operands {
            fx.read(p, f);
        }
    } else {
        if let Some(a) = &archive {
            fx.read(p, a);
        }
        if extract {
            fx.write(p, &dir.unwrap_or_else(|| Field::literal(".")));
        }
    }
}

/// `find ROOT… [tests] -delete | -exec rm {} ;`: deletes a glob under each root.
fn find(args: &[Field], p: &Places<'_>, fx: &mut Effects) {
    let is_expr = |f: &Field| {
        let v = f.value.as_str();
        v.starts_with('-') || v == "(" || v == "!" || v == ")"
    };
    let mut roots: Vec<Field> = args.iter().take_while(|f| !is_expr(f)).cloned().collect();
    if roots.is_empty() {
        roots.push(Field::literal("."));
    }
    let expr = args.get(roots.len().min(args.len())..).unwrap_or(&[]);
    let mut name = None;
    let mut path = None;
    let mut deletes = false;
    let mut i = 0;
    while let Some(f) = expr.get(i) {
        i += 1;
        match f.value.as_str() {
            "-name" | "-iname" => name = expr.get(i).cloned(),
            "-path" | "-ipath" | "-wholename" => path = expr.get(i).cloned(),
            "-delete" => deletes = true,
            "-exec" | "-execdir" | "-ok" | "-okdir" => {
                let words: Vec<Field> = expr
                    .iter()
                    .skip(i)
                    .take_while(|w| w.value != ";" && w.value != "+")
                    .cloned()
                    .collect();
                i += words.len();
                let program = words.first().map(|w| super::basename(&w.value));
                if matches!(program, Some("rm" | "unlink" | "rmdir" | "shred")) {
                    deletes = true;
                } else if !words.is_empty() {
                    fx.exec = Some(words);
                }
            }
            "-fprint" | "-fprint0" | "-fprintf" | "-fls" => {
                if let Some(t) = expr.get(i) {
                    fx.write(p, t);
                }
            }
            _ => {}
        }
    }
    // `-exec CMD {} ;` with `-name PATTERN`: `{}` is a file under a root matching the pattern.
    if let (Some(words), Some(name), Some(root)) = (fx.exec.as_mut(), &name, roots.first())
        && !name.dynamic
        && !root.dynamic
    {
        for w in words.iter_mut().filter(|w| w.value == "{}") {
            let mut found = root.clone();
            found.fixed.get_or_insert(found.value.len());
            found.value = format!("{}/**/{}", root.value.trim_end_matches('/'), name.value);
            found.arg = found.value.clone();
            found.glob = true;
            *w = found;
        }
    }
    for root in &roots {
        fx.read(p, root);
        if !deletes {
            continue;
        }
        if path.is_none() && name.is_none() {
            // With no test, the root itself goes too.
            fx.delete(p, root);
        }
        let target = match (&path, &name) {
            (Some(pattern), _) => pattern.clone(),
            (None, name) => {
                let mut all = root.clone();
                // The root itself is known (and deleted too): the pattern starts below it.
                all.fixed
                    .get_or_insert(all.value.trim_end_matches('/').len() + 1);
                let tail = name
                    .as_ref()
                    .map_or("**".to_owned(), |n| format!("**/{}", n.value));
                all.value = format!("{}/{tail}", all.value.trim_end_matches('/'));
                all.arg = all.value.clone();
                all.glob = true;
                all
            }
        };
        let mut target = target;
        if !target.dynamic {
            target.glob = true;
        }
        fx.delete(p, &target);
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
    fn parse_opts_table() {
        let parsed = parse_opts(
            &fields("-rf -o out --data=@x --json y -- -z a"),
            "o",
            &["--json"],
        );
        let names: Vec<&str> = parsed.opts.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["-r", "-f", "-o", "--data", "--json"]);
        let values: Vec<&str> = parsed
            .opts
            .iter()
            .filter_map(|o| o.value.as_ref().map(|v| v.value.as_str()))
            .collect();
        assert_eq!(values, ["out", "@x", "y"]);
        let operands: Vec<&str> = parsed.operands.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(operands, ["-z", "a"]);
        let attached = parse_opts(&fields("-ofile"), "o", &[]);
        assert_eq!(attached.opts[0].value.as_ref().unwrap().value, "file");
    }

    #[test]
    fn echo_table() {
        let cases: &[(&str, &str, Emits)] = &[
            ("echo", "rm -rf /", Emits::Literal("rm -rf /\n".into())),
            ("echo", "-n x", Emits::Literal("x".into())),
            ("echo", "-e \\x72\\x6d", Emits::Literal("rm\n".into())),
            ("echo", "\\x72m", Emits::Literal("\\x72m\n".into())),
            ("printf", "\\x72\\155", Emits::Literal("rm".into())),
            ("printf", "%b \\x72m", Emits::Literal("rm".into())),
            ("printf", "%s%s r m", Emits::Literal("rm".into())),
            ("printf", "%s\\n a b", Emits::Literal("a\nb\n".into())),
            ("printf", "rm", Emits::Literal("rm".into())),
            ("printf", "%s\\n rm", Emits::Literal("rm\n".into())),
            ("printf", "%d 1", Emits::Data),
        ];
        for (program, args, want) in cases {
            assert_eq!(echo(program, &fields(args)), *want, "{program} {args}");
        }
    }

    #[test]
    fn remote_table() {
        let cases: &[(&str, bool)] = &[
            ("host:/x", true),
            ("u@host:x", true),
            ("./a:b", false),
            ("/x", false),
            ("x", false),
            (":x", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_remote(text), *want, "{text}");
        }
    }
}

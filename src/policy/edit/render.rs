//! A statement to add ([`NewStatement`]), the `FIELD OP VALUE` condition syntax of the command
//! line, and how a statement is written as YAML (block style, values in flow style, quoted only
//! when YAML would read them otherwise).

use super::EditError;
use crate::policy::condition::Operator;
use crate::policy::decision::Effect;
use crate::policy::model::MatchMode;
use crate::policy::raw;
use serde_json::Value;

/// A statement as given to `agsec policy add`, before it is written and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct NewStatement {
    /// The new statement's id (must not exist yet).
    pub sid: String,
    /// What it decides when it matches.
    pub effect: Effect,
    /// Action names or globs (`bash.execute`, `file.*`); at least one.
    pub actions: Vec<String>,
    /// Whether all conditions or any one must hold.
    pub match_mode: MatchMode,
    /// Its conditions (may be empty).
    pub conditions: Vec<NewCondition>,
    /// The line shown to the agent when it decides.
    pub reason: Option<String>,
    /// Free text for people reading the policy.
    pub description: Option<String>,
}

/// One condition: a field path, an operator and its value (`None` exactly for `exists` and
/// `not_exists`).
#[derive(Debug, Clone, PartialEq)]
pub struct NewCondition {
    /// The field path (`params.command`).
    pub field: String,
    /// The operator.
    pub op: Operator,
    /// The value (`None` exactly for `exists`/`not_exists`).
    pub value: Option<Value>,
}

impl NewCondition {
    /// Parses `FIELD OP VALUE` (`params.command regex \brm\s`, `params.program in [nc, socat]`,
    /// `params.git.force exists`). VALUE is read as a YAML scalar or flow list (`5`, `true`,
    /// `[a, b]`, `"quoted text"`), except for `contains`, `starts_with`, `ends_with` and `regex`,
    /// whose VALUE is taken literally unless it is quoted.
    pub fn parse(text: &str) -> Result<Self, EditError> {
        let invalid = |message: String, help: Option<String>| EditError::Condition {
            text: text.to_owned(),
            message,
            help,
        };
        let trimmed = text.trim();
        let (field, rest) = split_word(trimmed);
        let (op_text, value_text) = split_word(rest);
        if field.is_empty() || op_text.is_empty() {
            return Err(invalid(
                "expected `FIELD OP VALUE`".to_owned(),
                Some(
                    "for example `params.command regex \\brm\\s` or `params.git.force exists`"
                        .to_owned(),
                ),
            ));
        }
        let op = Operator::parse(op_text).ok_or_else(|| {
            invalid(
                format!("unknown operator `{op_text}`"),
                Some(format!("operators: {}", Operator::NAMES.join(", "))),
            )
        })?;
        let value = if op.takes_value() {
            if value_text.is_empty() {
                return Err(invalid(
                    format!("operator `{op}` needs a value"),
                    Some(format!("write `{field} {op} VALUE`")),
                ));
            }
            Some(parse_value(op, value_text).map_err(|m| {
                invalid(
                    m,
                    Some(
                        "quote the value: `FIELD OP \"text\"`; lists are written `[a, b]`"
                            .to_owned(),
                    ),
                )
            })?)
        } else {
            if !value_text.is_empty() {
                return Err(invalid(
                    format!("operator `{op}` takes no value, found `{value_text}`"),
                    Some(format!("write `{field} {op}`")),
                ));
            }
            None
        };
        Ok(Self {
            field: field.to_owned(),
            op,
            value,
        })
    }

    /// The condition as `FIELD OP VALUE`, the way [`NewCondition::parse`] reads it.
    pub fn summary(&self) -> String {
        match &self.value {
            None => format!("{} {}", self.field, self.op),
            Some(value) => format!("{} {} {}", self.field, self.op, value_summary(value)),
        }
    }
}

/// A value in listings: strings as they are, everything else as JSON.
pub(crate) fn value_summary(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The first whitespace-separated word and the trimmed rest.
fn split_word(text: &str) -> (&str, &str) {
    match text.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (text, ""),
    }
}

fn parse_value(op: Operator, text: &str) -> Result<Value, String> {
    let is_quoted = text.starts_with('"') || text.starts_with('\'');
    let is_textual = matches!(
        op,
        Operator::Contains | Operator::StartsWith | Operator::EndsWith | Operator::Regex
    );
    if is_textual && !is_quoted {
        return Ok(Value::String(text.to_owned()));
    }
    let value: Value =
        raw::parse_yaml(text).map_err(|_| format!("cannot read `{text}` as a YAML value"))?;
    match value {
        // `#` starts a YAML comment: `contains #` would read as nothing at all.
        Value::Null if !matches!(text, "null" | "~" | "Null" | "NULL") => {
            Ok(Value::String(text.to_owned()))
        }
        Value::Object(_) => Err(format!(
            "`{text}` is a mapping; a condition value is a scalar or a list"
        )),
        other => Ok(other),
    }
}

/// The statement as the lines of a YAML list item indented by `indent` spaces, without line
/// endings.
pub(crate) fn render_item(statement: &NewStatement, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    let mut lines = vec![
        format!("{pad}- sid: {}", scalar(&statement.sid)),
        format!("{pad}  effect: {}", statement.effect),
        format!(
            "{pad}  actions: [{}]",
            statement
                .actions
                .iter()
                .map(|a| double_quoted(a))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ];
    if statement.match_mode == MatchMode::Any {
        lines.push(format!("{pad}  match: any"));
    }
    if !statement.conditions.is_empty() {
        lines.push(format!("{pad}  conditions:"));
        for c in &statement.conditions {
            let value = match (c.op, &c.value) {
                (Operator::Eq, Some(v)) if !v.is_null() && !v.is_object() => flow(v),
                (op, Some(v)) => format!("{{op: {}, value: {}}}", scalar(op.as_str()), flow(v)),
                (op, None) => format!("{{op: {}}}", scalar(op.as_str())),
            };
            lines.push(format!("{pad}    {}: {value}", scalar(&c.field)));
        }
    }
    if let Some(reason) = &statement.reason {
        lines.push(format!("{pad}  reason: {}", double_quoted(reason)));
    }
    if let Some(description) = &statement.description {
        lines.push(format!(
            "{pad}  description: {}",
            double_quoted(description)
        ));
    }
    lines
}

/// The statement as a YAML list item at the left margin (the preview `policy add` shows).
pub fn render_statement(statement: &NewStatement) -> String {
    let mut text = render_item(statement, 0).join("\n");
    text.push('\n');
    text
}

/// A value in YAML flow style.
fn flow(value: &Value) -> String {
    match value {
        Value::String(s) => scalar(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", scalar(k), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        // null, booleans and numbers: JSON and YAML write them alike.
        other => other.to_string(),
    }
}

/// A string as a YAML scalar: plain when YAML reads it back as the same string, single-quoted
/// when it has backslashes (regexes read best that way), double-quoted otherwise.
fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_owned()
    } else if text.contains('\\') && !text.chars().any(char::is_control) {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        double_quoted(text)
    }
}

/// A JSON string literal, which YAML reads as the same double-quoted string.
fn double_quoted(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

/// Whether `text` can be written unquoted, in block and in flow context, and read back as the
/// same string. Deliberately narrow: letters, digits and `_ . / * -`, not starting with an
/// indicator, and nothing YAML 1.1 or 1.2 would read as a boolean, null or number.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphanumeric() || first == '_' || first == '/') {
        return false;
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '*' | '-'))
    {
        return false;
    }
    const RESERVED: [&str; 12] = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf", "~",
    ];
    let lower = text.to_ascii_lowercase();
    if RESERVED.contains(&lower.as_str()) {
        return false;
    }
    // Anything that starts like a number (`1.0`, `0x1f`, `1e3`, `2024-01-01`) stays quoted.
    !(first.is_ascii_digit() || lower.starts_with(".inf") || lower.starts_with(".nan"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_conditions() {
        let cases: [(&str, &str, Operator, Option<Value>); 10] = [
            (
                "params.command regex \\brm\\s",
                "params.command",
                Operator::Regex,
                Some(json!("\\brm\\s")),
            ),
            (
                "params.command regex [a-z]+",
                "params.command",
                Operator::Regex,
                Some(json!("[a-z]+")),
            ),
            (
                "params.command contains #",
                "params.command",
                Operator::Contains,
                Some(json!("#")),
            ),
            (
                "params.command contains 'a b'",
                "params.command",
                Operator::Contains,
                Some(json!("a b")),
            ),
            (
                "params.program in [nc, socat]",
                "params.program",
                Operator::In,
                Some(json!(["nc", "socat"])),
            ),
            (
                "params.count > 5",
                "params.count",
                Operator::Gt,
                Some(json!(5)),
            ),
            (
                "params.force == true",
                "params.force",
                Operator::Eq,
                Some(json!(true)),
            ),
            (
                "  params.git.force   exists  ",
                "params.git.force",
                Operator::Exists,
                None,
            ),
            (
                "params.url starts_with https://x.test/a b",
                "params.url",
                Operator::StartsWith,
                Some(json!("https://x.test/a b")),
            ),
            (
                "params.x == \"5\"",
                "params.x",
                Operator::Eq,
                Some(json!("5")),
            ),
        ];
        for (text, field, op, value) in cases {
            let c = NewCondition::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                (c.field.as_str(), c.op, c.value),
                (field, op, value),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_bad_conditions() {
        let cases = [
            (
                "params.command",
                "invalid condition `params.command`: expected `FIELD OP VALUE`",
            ),
            (
                "params.command regexp x",
                "invalid condition `params.command regexp x`: unknown operator `regexp`",
            ),
            (
                "params.command regex",
                "invalid condition `params.command regex`: operator `regex` needs a value",
            ),
            (
                "params.x exists 1",
                "invalid condition `params.x exists 1`: operator `exists` takes no value, found `1`",
            ),
            (
                "params.x == {a: 1}",
                "invalid condition `params.x == {a: 1}`: `{a: 1}` is a mapping; a condition value is a scalar or a list",
            ),
            (
                "params.x in [a, b",
                "invalid condition `params.x in [a, b`: cannot read `[a, b` as a YAML value",
            ),
        ];
        for (text, expected) in cases {
            let err = NewCondition::parse(text).unwrap_err().to_string();
            assert_eq!(err.lines().next(), Some(expected), "{text}");
            assert!(err.contains("help: "), "{text}: {err}");
        }
    }

    #[test]
    fn quotes_only_what_needs_it() {
        let cases = [
            ("DenyRm", "DenyRm"),
            (
                "params.deletes.*.inside_workspace",
                "params.deletes.*.inside_workspace",
            ),
            ("*.secret", "\"*.secret\""),
            ("true", "\"true\""),
            ("No", "\"No\""),
            ("1.0", "\"1.0\""),
            ("a b", "\"a b\""),
            ("a: b", "\"a: b\""),
            ("\\brm\\s", "'\\brm\\s'"),
            ("it's \\d", "'it''s \\d'"),
            ("", "\"\""),
            ("#x", "\"#x\""),
            ("==", "\"==\""),
            ("line\nbreak", "\"line\\nbreak\""),
        ];
        for (text, expected) in cases {
            assert_eq!(scalar(text), expected, "{text:?}");
        }
    }

    #[test]
    fn renders_a_statement() {
        let statement = NewStatement {
            sid: "DenyRm".to_owned(),
            effect: Effect::Deny,
            actions: vec!["bash.execute".to_owned(), "file.*".to_owned()],
            match_mode: MatchMode::Any,
            conditions: vec![
                NewCondition::parse("params.command regex \\brm\\s").unwrap(),
                NewCondition::parse("params.program == rm").unwrap(),
                NewCondition::parse("params.force exists").unwrap(),
                NewCondition::parse("params.n >= 3").unwrap(),
            ],
            reason: Some("no \"rm\" here".to_owned()),
            description: None,
        };
        assert_eq!(
            render_statement(&statement),
            concat!(
                "- sid: DenyRm\n",
                "  effect: deny\n",
                "  actions: [\"bash.execute\", \"file.*\"]\n",
                "  match: any\n",
                "  conditions:\n",
                "    params.command: {op: regex, value: '\\brm\\s'}\n",
                "    params.program: rm\n",
                "    params.force: {op: exists}\n",
                "    params.n: {op: \">=\", value: 3}\n",
                "  reason: \"no \\\"rm\\\" here\"\n",
            )
        );
    }
}

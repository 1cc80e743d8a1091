//! Conditions: dotted field paths into an action (`params.args.0`, `context.cwd`, bare keys), the
//! operators, and their value semantics, compatible with the Python agsec: `==` follows Python
//! equality (`True == 1`, `5 == 5.0`), string operators read other values in Python's text form,
//! and a comparison that has no meaning evaluates to [`Truth::Error`], which never grants.

use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// The operators of the policy language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `==`: Python equality (`True == 1`, `5 == 5.0`).
    Eq,
    /// `!=`: not Python-equal.
    Ne,
    /// `>`: numeric or string order; other pairs are an error.
    Gt,
    /// `<`: numeric or string order; other pairs are an error.
    Lt,
    /// `>=`: numeric or string order; other pairs are an error.
    Ge,
    /// `<=`: numeric or string order; other pairs are an error.
    Le,
    /// `in`: the field equals an item of the list value, or is a substring of the string value.
    In,
    /// `not_in`: the negation of `in` (an error stays an error).
    NotIn,
    /// `contains`: the value's text is a substring of the field's text (Python `str()` forms).
    Contains,
    /// `starts_with`: the field's text starts with the value's text.
    StartsWith,
    /// `ends_with`: the field's text ends with the value's text.
    EndsWith,
    /// `regex`: the pattern (Python syntax, translated at load) matches the field's text.
    Regex,
    /// `exists`: the field is present (takes no value).
    Exists,
    /// `not_exists`: the field is absent (takes no value).
    NotExists,
}

impl Operator {
    /// Every operator as written in policies, in documentation order.
    pub(crate) const NAMES: [&'static str; 14] = [
        "==",
        "!=",
        ">",
        "<",
        ">=",
        "<=",
        "in",
        "not_in",
        "contains",
        "starts_with",
        "ends_with",
        "regex",
        "exists",
        "not_exists",
    ];

    /// Parses an operator exactly as written (operators are case-sensitive).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "==" => Self::Eq,
            "!=" => Self::Ne,
            ">" => Self::Gt,
            "<" => Self::Lt,
            ">=" => Self::Ge,
            "<=" => Self::Le,
            "in" => Self::In,
            "not_in" => Self::NotIn,
            "contains" => Self::Contains,
            "starts_with" => Self::StartsWith,
            "ends_with" => Self::EndsWith,
            "regex" => Self::Regex,
            "exists" => Self::Exists,
            "not_exists" => Self::NotExists,
            _ => return None,
        })
    }

    /// The operator as written in policies.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eq => "==",
            Self::Ne => "!=",
            Self::Gt => ">",
            Self::Lt => "<",
            Self::Ge => ">=",
            Self::Le => "<=",
            Self::In => "in",
            Self::NotIn => "not_in",
            Self::Contains => "contains",
            Self::StartsWith => "starts_with",
            Self::EndsWith => "ends_with",
            Self::Regex => "regex",
            Self::Exists => "exists",
            Self::NotExists => "not_exists",
        }
    }

    /// Whether the operator compares against a `value`.
    pub(crate) fn takes_value(self) -> bool {
        !matches!(self, Self::Exists | Self::NotExists)
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a condition reads its field. Invariant: `segments` may be empty only for
/// `Params`/`Context` (the whole object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    /// The object the path starts from.
    pub root: Root,
    /// The keys (or list indexes, or `*`) below it, in order (`args`, `0` for `params.args.0`).
    pub segments: Vec<String>,
}

/// The object a field path starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// `params.…`: the action's parameters.
    Params,
    /// `context.…`: where and by whom the action is taken (`cwd`, `agent` …).
    Context,
    /// A bare key (`command`): `params` first, then `context` when absent or null there.
    Bare,
}

impl FieldPath {
    /// Parses `params.a.b`, `context.x`, `params`, `context` or a bare `a.b`. A `*` segment
    /// stands for every element of a list (or every value of an object): the condition holds
    /// when it holds for any of them.
    pub fn parse(text: &str) -> Self {
        let mut parts = text.split('.');
        let first = parts.next().unwrap_or_default();
        let (root, segments): (Root, Vec<String>) = match first {
            "params" => (Root::Params, parts.map(str::to_owned).collect()),
            "context" => (Root::Context, parts.map(str::to_owned).collect()),
            _ => (Root::Bare, text.split('.').map(str::to_owned).collect()),
        };
        Self { root, segments }
    }

    /// Every value the path reaches (nulls excluded: a null field is a missing field).
    pub fn resolve<'a>(
        &self,
        params: &'a Map<String, Value>,
        context: &'a Map<String, Value>,
    ) -> Vec<Cow<'a, Value>> {
        match self.root {
            Root::Params => walk_object(params, &self.segments),
            Root::Context => walk_object(context, &self.segments),
            Root::Bare => {
                let found = walk_object(params, &self.segments);
                if found.is_empty() {
                    walk_object(context, &self.segments)
                } else {
                    found
                }
            }
        }
    }
}

fn walk_object<'a>(object: &'a Map<String, Value>, segments: &[String]) -> Vec<Cow<'a, Value>> {
    let mut out = Vec::new();
    match segments.split_first() {
        // The whole `params`/`context` object: rare, so a copy is fine.
        None => out.push(Cow::Owned(Value::Object(object.clone()))),
        Some((first, rest)) => {
            if first == "*" {
                for v in object.values() {
                    walk(v, rest, &mut out);
                }
            } else if let Some(v) = object.get(first.as_str()) {
                walk(v, rest, &mut out);
            }
        }
    }
    out
}

fn walk<'a>(value: &'a Value, segments: &[String], out: &mut Vec<Cow<'a, Value>>) {
    let Some((first, rest)) = segments.split_first() else {
        if !value.is_null() {
            out.push(Cow::Borrowed(value));
        }
        return;
    };
    match value {
        Value::Object(map) => {
            if first == "*" {
                for v in map.values() {
                    walk(v, rest, out);
                }
            } else if let Some(v) = map.get(first.as_str()) {
                walk(v, rest, out);
            }
        }
        Value::Array(items) => {
            if first == "*" {
                for v in items {
                    walk(v, rest, out);
                }
            } else if let Some(v) = first.parse::<usize>().ok().and_then(|i| items.get(i)) {
                walk(v, rest, out);
            }
        }
        _ => {}
    }
}

/// The outcome of one condition: [`Truth::Error`] means the comparison had no meaning (a type
/// mismatch, a regex that failed to compile or ran out of budget); it never grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// The condition holds.
    True,
    /// The condition does not hold.
    False,
    /// The comparison had no meaning; counts as holding in deny/review statements, never in allow.
    Error,
}

impl From<bool> for Truth {
    fn from(b: bool) -> Self {
        if b { Truth::True } else { Truth::False }
    }
}

/// A compiled condition. Invariant: `value` is `Some` exactly when `op.takes_value()`; for
/// `regex`, `pattern` holds the translated pattern, validated at load time.
#[derive(Debug)]
pub struct Condition {
    /// The field as written in the policy (`params.command`).
    pub field: String,
    /// The field, parsed.
    pub path: FieldPath,
    /// The operator.
    pub op: Operator,
    /// The value compared against (`None` for `exists`/`not_exists`).
    pub value: Option<Value>,

    pub(crate) regex: Option<LazyRegex>,
}

impl Condition {
    /// Evaluates the condition against an action's params and context.
    pub fn evaluate(&self, params: &Map<String, Value>, context: &Map<String, Value>) -> Truth {
        let found = self.path.resolve(params, context);
        match self.op {
            Operator::Exists => return (!found.is_empty()).into(),
            Operator::NotExists => return found.is_empty().into(),
            _ => {}
        }
        let mut saw_error = false;
        for field in found {
            match self.compare(&field) {
                Truth::True => return Truth::True,
                Truth::Error => saw_error = true,
                Truth::False => {}
            }
        }
        if saw_error {
            Truth::Error
        } else {
            Truth::False
        }
    }

    fn compare(&self, field: &Value) -> Truth {
        let Some(value) = &self.value else {
            return Truth::Error;
        };
        match self.op {
            Operator::Eq => py_eq(field, value).into(),
            Operator::Ne => (!py_eq(field, value)).into(),
            Operator::Gt => ordering(field, value, |o| o.is_gt()),
            Operator::Lt => ordering(field, value, |o| o.is_lt()),
            Operator::Ge => ordering(field, value, |o| o.is_ge()),
            Operator::Le => ordering(field, value, |o| o.is_le()),
            Operator::In => membership(field, value),
            Operator::NotIn => match membership(field, value) {
                Truth::True => Truth::False,
                Truth::False => Truth::True,
                Truth::Error => Truth::Error,
            },
            Operator::Contains => py_str(field).contains(py_str(value).as_ref()).into(),
            Operator::StartsWith => py_str(field).starts_with(py_str(value).as_ref()).into(),
            Operator::EndsWith => py_str(field).ends_with(py_str(value).as_ref()).into(),
            Operator::Regex => match &self.regex {
                Some(regex) => regex.is_match(&py_str(field)),
                None => Truth::Error,
            },
            Operator::Exists | Operator::NotExists => Truth::Error,
        }
    }
}

/// Python's `==` between JSON values: numbers and booleans compare numerically, lists and
/// objects element-wise, anything else only with its own kind.
pub(crate) fn py_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| py_eq(v, w)))
        }
        (Value::Null, Value::Null) => true,
        _ => match (as_number(a), as_number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

/// A number or boolean as f64 (Python treats `True` as 1).
fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

fn ordering(field: &Value, value: &Value, test: impl Fn(std::cmp::Ordering) -> bool) -> Truth {
    match (field, value) {
        (Value::String(x), Value::String(y)) => test(x.as_str().cmp(y.as_str())).into(),
        _ => match (as_number(field), as_number(value)) {
            (Some(x), Some(y)) => x.partial_cmp(&y).map_or(Truth::Error, |o| test(o).into()),
            _ => Truth::Error,
        },
    }
}

fn membership(field: &Value, value: &Value) -> Truth {
    match value {
        Value::Array(items) => items.iter().any(|item| py_eq(field, item)).into(),
        Value::String(haystack) => match field {
            Value::String(needle) => haystack.contains(needle.as_str()).into(),
            _ => Truth::Error,
        },
        _ => Truth::Error,
    }
}

/// Python's `str()` of a JSON value: strings as they are, `True`/`False`/`None`, floats with a
/// `.0`, lists and objects in repr form (`['a', 1]`, `{'k': 'v'}`).
pub(crate) fn py_str(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s),
        other => {
            let mut out = String::new();
            py_repr(other, &mut out);
            Cow::Owned(out)
        }
    }
}

fn py_repr(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => {
            if n.is_f64() {
                let f = n.as_f64().unwrap_or(0.0);
                if f.fract() == 0.0 && f.abs() < 1e16 {
                    out.push_str(&format!("{f:.1}"));
                } else {
                    out.push_str(&format!("{f}"));
                }
            } else {
                out.push_str(&n.to_string());
            }
        }
        Value::String(s) => {
            let quote = if s.contains('\'') && !s.contains('"') {
                '"'
            } else {
                '\''
            };
            out.push(quote);
            for c in s.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if c == quote => {
                        out.push('\\');
                        out.push(c);
                    }
                    c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                        out.push_str(&format!("\\x{:02x}", c as u32));
                    }
                    c => out.push(c),
                }
            }
            out.push(quote);
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_repr(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_repr(&Value::String(k.clone()), out);
                out.push_str(": ");
                py_repr(item, out);
            }
            out.push('}');
        }
    }
}

/// Longest regex pattern accepted, in characters (the Python agsec's limit).
pub(crate) const MAX_REGEX_LEN: usize = 500;
/// Backtracking budget for patterns that need the fallback engine (look-around, backreferences).
const BACKTRACK_LIMIT: usize = 100_000;

/// A regex compiled on first use: policies often hold dozens of patterns and a check evaluates
/// only those of statements whose actions match, so compiling lazily keeps `check` fast.
/// Validity is checked at load time ([`validate_regex`]).
#[derive(Debug)]
pub(crate) struct LazyRegex {
    pattern: String,
    /// `None`: not checked at load (a set from the cache): try the linear engine first.
    needs_fallback: Option<bool>,
    compiled: OnceLock<Option<Matcher>>,
}

#[derive(Debug)]
enum Matcher {
    Linear(regex_automata::meta::Regex),
    Backtracking(fancy_regex::Regex),
}

impl LazyRegex {
    fn is_match(&self, text: &str) -> Truth {
        let compiled = self
            .compiled
            .get_or_init(|| compile(&self.pattern, self.needs_fallback).ok());
        match compiled {
            Some(Matcher::Linear(re)) => re.is_match(text).into(),
            Some(Matcher::Backtracking(re)) => match re.is_match(text) {
                Ok(b) => b.into(),
                Err(_) => Truth::Error,
            },
            None => Truth::Error,
        }
    }

    /// Compiles now and reports any error (for `validate`).
    pub(crate) fn compile_now(&self) -> Result<(), String> {
        if self.compiled.get().is_some_and(Option::is_some) {
            return Ok(());
        }
        let result = compile(&self.pattern, self.needs_fallback);
        match result {
            Ok(m) => {
                let _ = self.compiled.set(Some(m));
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

fn compile(pattern: &str, needs_fallback: Option<bool>) -> Result<Matcher, String> {
    if needs_fallback.is_none() {
        return compile(pattern, Some(false)).or_else(|_| compile(pattern, Some(true)));
    }
    if needs_fallback == Some(true) {
        fancy_regex::RegexBuilder::new(pattern)
            .backtrack_limit(BACKTRACK_LIMIT)
            .build()
            .map(Matcher::Backtracking)
            .map_err(|e| e.to_string())
    } else {
        // What `regex::Regex` is, minus its fully compiled DFA: the meta engine builds one for
        // every small pattern, and with Unicode classes (`\s`, `\b`, `(?i)`) that costs about
        // a millisecond per regex, on every check that evaluates it; the lazy DFA it falls back
        // to matches the same (`regex::Regex` is a wrapper of this engine).
        const SIZE_LIMIT: usize = 1 << 22;
        regex_automata::meta::Regex::builder()
            .configure(
                regex_automata::meta::Regex::config()
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .dfa(false),
            )
            .build(pattern)
            .map(Matcher::Linear)
            .map_err(|e| match (e.syntax_error(), e.size_limit()) {
                (Some(syntax), _) => syntax.to_string(),
                (None, Some(limit)) => {
                    format!("Compiled regex exceeds size limit of {limit} bytes.")
                }
                (None, None) => e.to_string(),
            })
    }
}

/// Checks a policy regex (Python `re` syntax) and prepares it for lazy compilation.
pub(crate) fn validate_regex(pattern: &str) -> Result<LazyRegex, String> {
    if pattern.chars().count() > MAX_REGEX_LEN {
        return Err(format!(
            "regex is {} characters long, more than the limit of {MAX_REGEX_LEN}",
            pattern.chars().count()
        ));
    }
    let translated = translate_python_regex(pattern)?;
    let needs_fallback = match regex_syntax::ast::parse::Parser::new().parse(&translated) {
        Ok(_) => false,
        Err(err) => match err.kind() {
            regex_syntax::ast::ErrorKind::UnsupportedLookAround
            | regex_syntax::ast::ErrorKind::UnsupportedBackreference
            | regex_syntax::ast::ErrorKind::GroupNameInvalid
            | regex_syntax::ast::ErrorKind::FlagUnrecognized
            | regex_syntax::ast::ErrorKind::RepetitionMissing => true,
            _ => return Err(first_line(&err.to_string())),
        },
    };
    let lazy = LazyRegex {
        pattern: translated,
        needs_fallback: Some(needs_fallback),
        compiled: OnceLock::new(),
    };
    if needs_fallback {
        // Rare (look-around, backreferences, atomic groups): compile now to surface errors.
        lazy.compile_now().map_err(|e| first_line(&e))?;
    }
    Ok(lazy)
}

/// A regex of a policy set that already loaded cleanly (from the cache): no checks, compiled on
/// first use. `None` if it cannot even be translated (then the caller loads afresh).
pub(crate) fn trusted_regex(pattern: &str) -> Option<LazyRegex> {
    Some(LazyRegex {
        pattern: translate_python_regex(pattern).ok()?,
        needs_fallback: None,
        compiled: OnceLock::new(),
    })
}

/// The regex crate's errors span several lines with a caret diagram; keep the message.
fn first_line(message: &str) -> String {
    message
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| {
            l.trim_start()
                .trim_start_matches("error:")
                .trim()
                .to_owned()
        })
        .unwrap_or_else(|| message.lines().next().unwrap_or_default().to_owned())
}

/// Translates the differences between Python's `re` and the regex crates that change meaning:
/// `\Z` (end of text), `$` (end, or before a final newline, unless multi-line), and rejects
/// global flags after the start, which Python rejects too. Hand-rolled: no crate translates
/// Python regex syntax, and only these three spots differ for the patterns policies use.
fn translate_python_regex(pattern: &str) -> Result<String, String> {
    let multiline = leading_flags(pattern).is_some_and(|f| f.contains('m'));
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.char_indices().peekable();
    let mut in_class = false;
    let mut class_start = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next().map(|(_, n)| n);
                match next {
                    Some('Z') if !in_class => out.push_str("\\z"),
                    Some(n) => {
                        out.push('\\');
                        out.push(n);
                    }
                    None => return Err("pattern ends with a lone `\\`".to_owned()),
                }
                class_start = false;
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                class_start = true;
                out.push(c);
                if chars.peek().is_some_and(|(_, n)| *n == '^') {
                    out.push('^');
                    chars.next();
                }
                continue;
            }
            ']' if in_class && !class_start => in_class = false,
            '$' if !in_class && !multiline => {
                out.push_str("(?:\\n?\\z)");
                class_start = false;
                continue;
            }
            '(' if !in_class && i > 0 => {
                if let Some(flags) = pattern.get(i..).and_then(leading_flags) {
                    return Err(format!(
                        "global flags `(?{flags})` must be at the start of the pattern"
                    ));
                }
            }
            _ => {}
        }
        class_start = false;
        out.push(c);
    }
    Ok(out)
}

/// The flags of a `(?flags)` group at the start of `text` (not `(?flags:…)`), if any.
fn leading_flags(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("(?")?;
    let end = rest.find(')')?;
    let flags = rest.get(..end)?;
    (!flags.is_empty() && flags.chars().all(|c| "aiLmsux".contains(c))).then_some(flags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_text_form() {
        let cases = [
            (json!("abc"), "abc"),
            (json!(true), "True"),
            (json!(null), "None"),
            (json!(5), "5"),
            (json!(5.0), "5.0"),
            (json!(2.5), "2.5"),
            (json!(["a", 1]), "['a', 1]"),
            (json!({"k": "rm"}), "{'k': 'rm'}"),
            (json!(["it's"]), "[\"it's\"]"),
        ];
        for (value, text) in cases {
            assert_eq!(py_str(&value), text, "{value}");
        }
    }

    #[test]
    fn python_equality() {
        assert!(py_eq(&json!(true), &json!(1)));
        assert!(py_eq(&json!(5), &json!(5.0)));
        assert!(!py_eq(&json!("5"), &json!(5)));
        assert!(py_eq(&json!([1, 2]), &json!([1.0, 2])));
        assert!(!py_eq(&json!(null), &json!(0)));
    }

    #[test]
    fn regex_translation() {
        assert_eq!(translate_python_regex(r"\.env\Z").unwrap(), r"\.env\z");
        assert_eq!(translate_python_regex(r"a$").unwrap(), r"a(?:\n?\z)");
        assert_eq!(translate_python_regex(r"[$]").unwrap(), r"[$]");
        assert_eq!(translate_python_regex(r"(?m)a$").unwrap(), r"(?m)a$");
        assert!(translate_python_regex("abc(?i)").is_err());
        assert!(translate_python_regex("(?i)abc").is_ok());
        assert!(translate_python_regex("(?i:a)bc").is_ok());
    }

    #[test]
    fn regex_validation() {
        assert!(validate_regex("([a-").is_err());
        assert!(validate_regex(&"x|".repeat(251)).is_err());
        let look = validate_regex("(?<=--)force").unwrap();
        assert_eq!(look.is_match("git push --force"), Truth::True);
        let dollar = validate_regex(r"\.env$").unwrap();
        assert_eq!(dollar.is_match("/p/.env\n"), Truth::True);
        assert_eq!(dollar.is_match("/p/.env.x"), Truth::False);
    }

    #[test]
    fn wildcard_paths_fan_out() {
        let params = json!({"cmds": [{"p": "ls"}, {"p": "rm"}]});
        let params = params.as_object().unwrap();
        let path = FieldPath::parse("params.cmds.*.p");
        let empty = Map::new();
        let found = path.resolve(params, &empty);
        let found: Vec<Value> = found.into_iter().map(Cow::into_owned).collect();
        assert_eq!(found, vec![json!("ls"), json!("rm")]);
        let one = FieldPath::parse("params.cmds.1.p").resolve(params, &empty);
        assert_eq!(one.first().map(|v| v.as_ref()), Some(&json!("rm")));
    }
}

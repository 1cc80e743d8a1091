//! The human-readable explanation: the call, the action it became, each evaluation with its facts,
//! every statement considered and every condition with the values it found, then the decision.
//! Effects are coloured (deny red, review yellow, allow green) only when `color` is set.

use super::CallExplanation;
use crate::cli::output::{Color, paint};
use agsec::explanation::{CommandFacts, Explanation, PathSummary, Variant, VariantKind};
use agsec::policy::{
    ConditionTrace, Decision, Effect, Location, MatchMode, MatchedBy, Operator, StatementTrace,
    Trace, Truth,
};
use agsec::text::truncate;
use serde_json::Value;
use std::fmt::Write;
use std::path::Path;

/// Longest value shown, in characters (longer ones end with `…`).
const MAX_VALUE_CHARS: usize = 80;
/// Longest command text shown in a heading, in characters.
const MAX_COMMAND_CHARS: usize = 200;
/// Most values shown for one condition.
const MAX_VALUES: usize = 5;

/// The explanation as text, one trailing newline.
pub(super) fn render(call: &CallExplanation<'_>, color: bool) -> String {
    let mut out = Out {
        text: String::new(),
        color,
        cwd: &call.cwd,
    };
    out.line(
        0,
        &format!("tool call: {} ({})", call.tool_name, call.agent),
    );
    let count = call.actions.len();
    for (i, explanation) in call.actions.iter().enumerate() {
        out.blank();
        if count > 1 {
            out.line(0, &format!("=== action {} of {count} ===", i + 1));
        }
        out.explanation(explanation);
    }
    out.blank();
    let decision = out.decision(&call.decision);
    out.line(0, &format!("decision: {decision}"));
    if let Some(reason) = &call.decision.reason {
        out.line(1, &format!("reason: {reason}"));
    }
    out.text
}

struct Out<'a> {
    text: String,
    color: bool,
    /// Policy files under it are shown relative to it.
    cwd: &'a Path,
}

impl Out<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.text.push_str("  ");
        }
        self.text.push_str(text);
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    fn effect(&self, effect: Effect) -> String {
        let color = match effect {
            Effect::Deny => Color::Red,
            Effect::Review => Color::Yellow,
            Effect::Allow => Color::Green,
        };
        paint(effect.as_str(), color, self.color)
    }

    /// `deny by DenyX (explicit_deny)`, `deny by the default (no statement matched)` …
    fn decision(&self, decision: &Decision) -> String {
        let effect = self.effect(decision.effect);
        match (&decision.sid, decision.matched_by) {
            (Some(sid), by) => format!("{effect} by {sid} ({by})"),
            (None, MatchedBy::Default) => {
                format!("{effect} by the default (no statement matched)")
            }
            (None, by) => format!("{effect} by the engine ({by})"),
        }
    }

    fn explanation(&mut self, explanation: &Explanation) {
        let action = &explanation.action;
        self.line(0, &format!("action: {}", action.name));
        for (key, value) in &action.params {
            self.line(1, &format!("params.{key}: {}", short(value)));
        }
        if let Some(target) = &explanation.target {
            self.line(1, &format!("params.target: {}", path_summary(target)));
        }
        if let Some(shell) = &explanation.shell {
            let noun = if shell.commands == 1 {
                "simple command"
            } else {
                "simple commands"
            };
            self.line(0, &format!("shell analysis: {} {noun}", shell.commands));
            if let Some(limit) = &shell.limit {
                self.line(1, &format!("limit hit: {limit}"));
            }
            if let Some(error) = &shell.parse_error {
                self.line(1, &format!("does not parse: {error}"));
            }
        }
        let commands = explanation
            .variants
            .iter()
            .filter(|v| v.kind == VariantKind::Command)
            .count();
        let mut command_index = 0;
        for variant in &explanation.variants {
            self.blank();
            let title = match variant.kind {
                VariantKind::Action => "the whole action".to_owned(),
                VariantKind::WholeText => {
                    "the whole text (deny and review statements only)".to_owned()
                }
                VariantKind::Command => {
                    command_index += 1;
                    format!("command {command_index} of {commands}")
                }
                VariantKind::Unparsed => "the unparsed text".to_owned(),
                VariantKind::Protection => "self-protection (whatever the policies say)".to_owned(),
                VariantKind::Taint => "the secrets this session has seen".to_owned(),
            };
            match &variant.command {
                Some(command) => self.line(0, &format!("{title}: {}", one_line(command))),
                None => self.line(0, &format!("{title}:")),
            }
            self.variant(variant);
        }
        if explanation.variants.is_empty() {
            self.blank();
            self.line(0, "no statement was evaluated");
        }
    }

    fn variant(&mut self, variant: &Variant) {
        if let Some(facts) = &variant.facts {
            self.facts(facts);
        }
        if let Some(trace) = &variant.trace {
            self.trace(trace);
        }
        if let Some(concern) = &variant.floor {
            self.line(
                1,
                &format!(
                    "floor: `{concern}` cannot be checked statically, so allow becomes review"
                ),
            );
        }
        let result = match &variant.decision {
            Some(decision) => self.decision(decision),
            None => "no deny or review statement matched".to_owned(),
        };
        self.line(1, &format!("=> {result}"));
        if matches!(
            variant.kind,
            VariantKind::Unparsed | VariantKind::Taint | VariantKind::Protection
        ) && let Some(reason) = variant.decision.as_ref().and_then(|d| d.reason.as_ref())
        {
            self.line(2, &format!("reason: {reason}"));
        }
    }

    fn facts(&mut self, facts: &CommandFacts) {
        let mut head = format!("program: {}", facts.program.as_deref().unwrap_or("(none)"));
        if !facts.flags.is_empty() {
            let _ = write!(head, "  flags: {}", facts.flags.join(" "));
        }
        if !facts.wrappers.is_empty() {
            let _ = write!(head, "  wrappers: {}", facts.wrappers.join(" "));
        }
        if facts.depth > 0 {
            let _ = write!(head, "  depth: {}", facts.depth);
        }
        if let Some(via) = &facts.via {
            let _ = write!(head, "  via: {via}");
        }
        if facts.dynamic {
            head.push_str("  dynamic");
        }
        if facts.network {
            head.push_str("  network");
        }
        self.line(1, &head);
        for (name, paths) in [
            ("reads", &facts.reads),
            ("writes", &facts.writes),
            ("deletes", &facts.deletes),
            ("uploads", &facts.uploads),
        ] {
            for path in paths {
                self.line(1, &format!("{name}: {}", path_summary(path)));
            }
        }
        if !facts.concerns.is_empty() {
            self.line(1, &format!("concerns: {}", facts.concerns.join(", ")));
        }
        if let Some(git) = &facts.git {
            self.line(1, &format!("git: {}", git_summary(git)));
        }
        let models: [(&str, Option<Value>); 5] = [
            (
                "cloud",
                facts
                    .cloud
                    .as_ref()
                    .and_then(|f| serde_json::to_value(f).ok()),
            ),
            (
                "container",
                facts
                    .container
                    .as_ref()
                    .and_then(|f| serde_json::to_value(f).ok()),
            ),
            (
                "sql",
                facts
                    .sql
                    .as_ref()
                    .and_then(|f| serde_json::to_value(f).ok()),
            ),
            (
                "publishes",
                facts
                    .publishes
                    .as_ref()
                    .and_then(|f| serde_json::to_value(f).ok()),
            ),
            (
                "system",
                facts
                    .system
                    .as_ref()
                    .and_then(|f| serde_json::to_value(f).ok()),
            ),
        ];
        for (name, value) in models {
            if let Some(value) = value {
                self.line(1, &format!("{name}: {}", value_summary(value)));
            }
        }
    }

    fn trace(&mut self, trace: &Trace) {
        if trace.statements.is_empty() {
            self.line(1, &format!("no statement concerns `{}`", trace.action));
        }
        for statement in &trace.statements {
            self.statement(statement);
        }
        let mut skipped = Vec::new();
        match trace.allow_skipped {
            0 => {}
            1 => skipped.push("1 allow statement not considered".to_owned()),
            n => skipped.push(format!("{n} allow statements not considered")),
        }
        match trace.other_actions {
            0 => {}
            1 => skipped.push("1 statement concerns other actions".to_owned()),
            n => skipped.push(format!("{n} statements concern other actions")),
        }
        if !skipped.is_empty() {
            self.line(1, &format!("({})", skipped.join("; ")));
        }
    }

    /// `policies/10-bash.yaml:11:5` when the file is under the working directory.
    fn location(&self, location: &Location) -> String {
        match location.file.strip_prefix(self.cwd) {
            Ok(relative) => Location {
                file: relative.to_path_buf(),
                ..location.clone()
            }
            .to_string(),
            Err(_) => location.to_string(),
        }
    }

    fn statement(&mut self, statement: &StatementTrace) {
        let verdict = match (statement.matched, statement.decided) {
            (true, true) => paint("MATCH, decides", Color::Bold, self.color),
            (true, false) => paint("MATCH", Color::Bold, self.color),
            (false, _) => "no match".to_owned(),
        };
        let mode = match (statement.match_mode, statement.conditions.len()) {
            (_, 0) => ", no conditions",
            (MatchMode::Any, _) => ", any condition",
            (MatchMode::All, _) => "",
        };
        self.line(
            1,
            &format!(
                "{} {} ({}{mode}): {verdict}",
                self.effect(statement.effect),
                statement.sid,
                self.location(&statement.location)
            ),
        );
        for condition in &statement.conditions {
            let text = condition_line(condition, statement.effect);
            self.line(2, &text);
        }
    }
}

/// `params.program in ["ls","cat"]: found "rm" -> false`.
fn condition_line(condition: &ConditionTrace, effect: Effect) -> String {
    let test = match &condition.value {
        Some(value) => format!("{} {} {}", condition.field, condition.op, short(value)),
        None => format!("{} {}", condition.field, condition.op),
    };
    let found = match condition.found.as_slice() {
        [] => "absent".to_owned(),
        [one] => format!("found {}", short(one)),
        many => {
            let shown: Vec<String> = many.iter().take(MAX_VALUES).map(short).collect();
            let more = many.len().saturating_sub(MAX_VALUES);
            if more > 0 {
                format!("found {} … ({more} more)", shown.join(", "))
            } else {
                format!("found {}", shown.join(", "))
            }
        }
    };
    let why = match condition.op {
        Operator::Regex => "the regex ran out of its backtracking budget",
        _ => "the values cannot be compared",
    };
    let truth = match (condition.truth, condition.holds) {
        (Truth::True, _) => "true".to_owned(),
        (Truth::False, _) => "false".to_owned(),
        (Truth::Error, true) => {
            format!("error ({why}): counts as a match in a {effect} statement (never grants)")
        }
        (Truth::Error, false) => {
            format!("error ({why}): counts as no match in an allow statement (never grants)")
        }
    };
    format!("{test}: {found} -> {truth}")
}

/// `/w/ws/.env [inside_workspace, secret]`.
fn path_summary(path: &PathSummary) -> String {
    if path.flags.is_empty() {
        path.path.clone()
    } else {
        format!("{} [{}]", path.path, path.flags.join(", "))
    }
}

/// The git facts that are set: `subcommand=push remote=origin branches=["main"] force`.
fn git_summary(git: &agsec::shell::GitFacts) -> String {
    value_summary(serde_json::to_value(git).unwrap_or(Value::Null))
}

/// The fields of a facts object that are set: true flags by name, strings and non-empty lists
/// as `key=value`.
fn value_summary(value: Value) -> String {
    let Value::Object(fields) = value else {
        return String::new();
    };
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|(key, value)| match value {
            Value::Bool(true) => Some(key.clone()),
            Value::String(text) => Some(format!("{key}={text}")),
            Value::Array(items) if items.iter().any(|i| i.get("path").is_some()) => {
                let paths: Vec<String> = items.iter().map(mount_summary).collect();
                Some(format!("{key}=[{}]", paths.join(", ")))
            }
            Value::Array(items) if !items.is_empty() => Some(format!("{key}={value}")),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        "(no facts)".to_owned()
    } else {
        parts.join(" ")
    }
}

/// A resolved path inside a facts list (a container mount): `/h [in_home, is_home_root] -> /h`.
fn mount_summary(item: &Value) -> String {
    let path = item.get("path").and_then(Value::as_str).unwrap_or("");
    let flags: Vec<&str> = item
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| v.as_bool() == Some(true))
                .map(|(k, _)| k.as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut text = path.to_owned();
    if !flags.is_empty() {
        text.push_str(&format!(" [{}]", flags.join(", ")));
    }
    if let Some(target) = item.get("target").and_then(Value::as_str) {
        text.push_str(&format!(" -> {target}"));
    }
    text
}

/// A value as compact JSON, on one line, at most [`MAX_VALUE_CHARS`] characters; a string in
/// double quotes with only its quotes and control characters escaped (a regex reads as written).
fn short(value: &Value) -> String {
    let text = match value {
        Value::String(text) => {
            let mut quoted = String::with_capacity(text.len() + 2);
            quoted.push('"');
            for c in text.chars() {
                match c {
                    '"' => quoted.push_str("\\\""),
                    '\n' => quoted.push_str("\\n"),
                    '\t' => quoted.push_str("\\t"),
                    '\r' => quoted.push_str("\\r"),
                    c if c.is_control() => {
                        let _ = write!(quoted, "\\u{{{:x}}}", u32::from(c));
                    }
                    c => quoted.push(c),
                }
            }
            quoted.push('"');
            quoted
        }
        other => other.to_string(),
    };
    truncate(&text, MAX_VALUE_CHARS)
}

/// A command text on one line, at most [`MAX_COMMAND_CHARS`] characters.
fn one_line(text: &str) -> String {
    agsec::text::one_line_max(text, MAX_COMMAND_CHARS)
}

//! Loading: a directory's `*.yaml`/`*.yml` files in file-name order → raw → validated model.
//! Collects every problem (not just the first) and merges `default:` (the strictest wins).

use super::condition::{Condition, FieldPath, Operator, trusted_regex, validate_regex};
use super::decision::Effect;
use super::error::{LoadError, LoadErrors, Location, did_you_mean};
use super::index::ActionIndex;
use super::model::{Example, MatchMode, PolicySet, Statement, Statements};
use super::permissions;
use super::raw::{self, RawFile, RawPermissions, RawStatement};
use serde_json::Value;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The policy files of `dir`, in load order: regular files named `*.yaml` or `*.yml` (lowercase),
/// not hidden, sorted by name. Sub-directories are not searched.
pub fn policy_files(dir: &Path) -> Result<Vec<PathBuf>, LoadErrors> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        LoadErrors::one(
            LoadError::new(
                Location::file(dir),
                format!("cannot read policy directory: {}", io_reason(&e)),
            )
            .help("run `agsec init` to create one, or pass `--policy-dir`"),
        )
    })?;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut errors = Vec::new();
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                errors.push(
                    LoadError::new(
                        Location::file(dir),
                        format!("cannot list the policy directory: {}", io_reason(&e)),
                    )
                    .help("fix the directory's permissions"),
                );
                continue;
            }
        };
        if !has_policy_name(&path) {
            continue;
        }
        // A policy-named entry that is not a readable regular file is an error, never skipped:
        // skipping it would silently drop its statements (fail open), and reading a FIFO hangs.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => files.push(path),
            Ok(meta) => errors.push(
                LoadError::new(
                    Location::file(&path),
                    format!("is {}, not a regular file", file_kind(&meta)),
                )
                .help("policy files must be regular YAML files; remove or replace this entry"),
            ),
            Err(e) => errors.push(
                LoadError::new(
                    Location::file(&path),
                    format!(
                        "cannot be read (a dangling symlink or a symlink loop?): {}",
                        io_reason(&e)
                    ),
                )
                .help("point the symlink at a readable policy file, or remove it"),
            ),
        }
    }
    if let Some(errors) = LoadErrors::from_vec(errors) {
        return Err(errors);
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    if files.is_empty() {
        return Err(LoadErrors::one(
            LoadError::new(
                Location::file(dir),
                "no policy files (`*.yaml`, `*.yml`) in directory",
            )
            .help("run `agsec init` to write the default policies"),
        ));
    }
    Ok(files)
}

fn has_policy_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    !name.starts_with('.') && (name.ends_with(".yaml") || name.ends_with(".yml"))
}

/// What a file that is not a regular file is (for the error).
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    crate::files::kind_name(&meta.file_type()).unwrap_or("a special file")
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// The name of the policy directory `agsec init` writes and `check` looks for.
pub const POLICY_DIR_NAME: &str = "policies";

/// The nearest `policies/` directory at or above `start`.
pub fn find_policy_dir(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(POLICY_DIR_NAME))
        .find(|candidate| candidate.is_dir())
}

/// Loads and merges every policy file of `dir`.
pub fn load_dir(dir: &Path) -> Result<PolicySet, LoadErrors> {
    let files = policy_files(dir)?;
    let mut sources = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for file in files {
        match crate::files::read_text(&file, crate::files::MAX_POLICY_BYTES) {
            Ok(text) => sources.push((file, text)),
            Err(crate::files::ReadError::Io(e)) => errors.push(LoadError::new(
                Location::file(&file),
                format!("cannot read policy file: {}", io_reason(&e)),
            )),
            Err(e) => errors.push(LoadError::new(
                Location::file(&file),
                format!("cannot read policy file: {e}"),
            )),
        }
    }
    let loaded = load_sources(&sources);
    match (loaded, LoadErrors::from_vec(errors)) {
        (Ok(set), None) => Ok(set),
        (Ok(_), Some(errs)) => Err(errs),
        (Err(mut errs), read_errors) => {
            if let Some(read_errors) = read_errors {
                let mut all = read_errors.errors().to_vec();
                all.extend(errs.errors().iter().cloned());
                errs = LoadErrors::from_vec(all).unwrap_or(errs);
            }
            Err(errs)
        }
    }
}

/// Loads and merges policy texts given with the file names they are reported under, in order.
pub fn load_sources(sources: &[(PathBuf, String)]) -> Result<PolicySet, LoadErrors> {
    let mut loader = Loader::default();
    for (file, text) in sources {
        loader.file(file, text);
    }
    loader.finish(sources.iter().map(|(f, _)| f.clone()).collect())
}

#[derive(Default)]
struct Loader {
    statements: Vec<Statement>,
    default: Option<Effect>,
    errors: Vec<LoadError>,
    warnings: Vec<LoadError>,
    sids: HashMap<String, Location>,
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn at<T>(file: &Path, spanned: &Spanned<T>) -> Location {
    Location::new(
        file,
        clamp(spanned.referenced.line()),
        clamp(spanned.referenced.column()),
    )
}

impl Loader {
    fn file(&mut self, file: &Path, text: &str) {
        let raw: RawFile = match raw::parse(text) {
            Ok(Some(raw)) => raw,
            Ok(None) => return,
            Err(e) => {
                self.errors.push(yaml_error(file, &e));
                return;
            }
        };
        if let Some(version) = &raw.version {
            let ok = match &version.value {
                Value::String(s) => s == "1.0" || s == "1",
                Value::Number(n) => n.as_f64() == Some(1.0),
                _ => false,
            };
            if !ok {
                self.errors.push(
                    LoadError::new(
                        at(file, version),
                        format!("unsupported policy version `{}`", version.value),
                    )
                    .help("write `version: \"1.0\"`"),
                );
            }
        }
        if let Some(default) = &raw.default {
            match parse_effect(&default.value) {
                Some(effect) => self.default = Some(self.default.map_or(effect, |d| d.max(effect))),
                None => self.errors.push(
                    LoadError::new(
                        at(file, default),
                        format!("unknown default `{}`", default.value),
                    )
                    .help("`default:` is one of allow, deny, review"),
                ),
            }
        }
        for statement in raw.statements.unwrap_or_default() {
            self.statement(file, statement);
        }
        if let Some(permissions) = raw.permissions {
            self.permissions(file, permissions);
        }
    }

    /// Compiles a permission list into ordinary statements (see `permissions.rs`).
    fn permissions(&mut self, file: &Path, spanned: Spanned<RawPermissions>) {
        let raw = spanned.value;
        if let Some(default) = &raw.default {
            match parse_effect(&default.value)
                .or_else(|| (default.value == "ask").then_some(Effect::Review))
            {
                Some(effect) => self.default = Some(self.default.map_or(effect, |d| d.max(effect))),
                None => self.errors.push(
                    LoadError::new(
                        at(file, default),
                        format!("unknown default `{}`", default.value),
                    )
                    .help("`permissions.default` is one of allow, ask, deny"),
                ),
            }
        }
        for (effect, entries) in [
            (Effect::Deny, raw.deny),
            (Effect::Review, raw.ask),
            (Effect::Allow, raw.allow),
        ] {
            for entry in entries {
                let location = at(file, &entry);
                match permissions::compile(&entry.value, effect) {
                    Ok(compiled) => {
                        for statement in compiled {
                            self.push_compiled(statement, &location);
                        }
                    }
                    Err((message, help)) => {
                        let mut e = LoadError::new(
                            location,
                            format!("{message} in permission `{}`", entry.value),
                        );
                        if let Some(help) = help {
                            e = e.help(help);
                        }
                        self.errors.push(e);
                    }
                }
            }
        }
    }

    fn push_compiled(&mut self, compiled: permissions::Compiled, location: &Location) {
        if self.sids.contains_key(&compiled.sid) {
            return; // the same entry twice: one statement is enough
        }
        let mut conditions = Vec::new();
        for (field, raw) in &compiled.conditions {
            match condition(field, raw, true) {
                Ok(c) => conditions.push(c),
                Err((message, _)) => {
                    self.errors.push(LoadError::new(
                        location.clone(),
                        format!("{message} in permission `{}`", compiled.sid),
                    ));
                    return;
                }
            }
        }
        self.sids.insert(compiled.sid.clone(), location.clone());
        self.statements.push(Statement {
            sid: compiled.sid,
            effect: compiled.effect,
            actions: compiled.actions,
            match_mode: MatchMode::All,
            conditions,
            reason: Some(compiled.reason),
            description: None,
            location: location.clone(),
            examples: Vec::new(),
        });
    }

    fn statement(&mut self, file: &Path, spanned: Spanned<RawStatement>) {
        let location = at(file, &spanned);
        let raw = spanned.value;
        let errors_before = self.errors.len();

        let sid = match &raw.sid {
            Some(sid) if !sid.value.trim().is_empty() => {
                let loc = at(file, sid);
                if let Some(first) = self.sids.get(&sid.value) {
                    self.errors.push(
                        LoadError::new(loc, format!("duplicate sid `{}`", sid.value)).help(
                            format!(
                                "sids must be unique across the directory; the first is at {first}"
                            ),
                        ),
                    );
                } else {
                    self.sids.insert(sid.value.clone(), loc);
                }
                sid.value.clone()
            }
            _ => {
                self.errors.push(
                    LoadError::new(location.clone(), "statement has no `sid`")
                        .help("give every statement a unique `sid:` so decisions can name it"),
                );
                String::new()
            }
        };
        let name = if sid.is_empty() {
            "?".to_owned()
        } else {
            sid.clone()
        };

        let effect = match &raw.effect {
            Some(effect) => parse_effect(&effect.value).unwrap_or_else(|| {
                let mut err = LoadError::new(
                    at(file, effect),
                    format!("unknown effect `{}` in statement `{name}`", effect.value),
                );
                err = match did_you_mean(&effect.value, &["allow", "deny", "review", "block"]) {
                    Some(s) => {
                        err.help(format!("did you mean `{s}`? effects: allow, deny, review"))
                    }
                    None => err.help("effects: allow, deny, review (block is a synonym of deny)"),
                };
                self.errors.push(err);
                Effect::Deny
            }),
            None => {
                self.errors.push(
                    LoadError::new(
                        location.clone(),
                        format!("statement `{name}` has no `effect`"),
                    )
                    .help("add `effect: allow`, `deny` or `review`"),
                );
                Effect::Deny
            }
        };

        let match_mode = match &raw.match_mode {
            None => MatchMode::All,
            Some(m) if m.value == "all" => MatchMode::All,
            Some(m) if m.value == "any" => MatchMode::Any,
            Some(m) => {
                self.errors.push(
                    LoadError::new(
                        at(file, m),
                        format!("unknown match mode `{}` in statement `{name}`", m.value),
                    )
                    .help(
                        "`match:` is `all` (every condition) or `any` (at least one), in lowercase",
                    ),
                );
                MatchMode::All
            }
        };

        // No `actions` key: every action, as the Python agsec read it (a migrated policy keeps
        // its meaning, and a forgotten key never makes a deny silently apply to nothing). An
        // explicitly empty list applies to nothing, as it did there: a warning says so.
        let actions = match raw.actions {
            None => {
                self.warnings.push(
                    LoadError::new(
                        location.clone(),
                        format!("statement `{name}` has no `actions`: it applies to every action"),
                    )
                    .help("write `actions: [\"*\"]` to say so, or list the actions it is for (globs such as `file.*` work)"),
                );
                vec!["*".to_owned()]
            }
            Some(list) => {
                let actions = list.value.into_vec();
                if actions.is_empty() {
                    self.warnings.push(
                        LoadError::new(
                            location.clone(),
                            format!("statement `{name}` has an empty `actions` list and never applies"),
                        )
                        .help("list the actions it is for, e.g. `actions: [\"bash.execute\"]`, or `[\"*\"]` for every action"),
                    );
                }
                actions
            }
        };

        let mut conditions = Vec::new();
        for (key, value) in raw.conditions.map(|c| c.0).unwrap_or_default() {
            match condition(&key.value, &value.value, true) {
                Ok(c) => conditions.push(c),
                Err(err) => {
                    let (message, help) = err;
                    let mut e = LoadError::new(
                        at(file, &value),
                        format!(
                            "{message} in condition `{}` of statement `{name}`",
                            key.value
                        ),
                    );
                    if let Some(help) = help {
                        e = e.help(help);
                    }
                    self.errors.push(e);
                }
            }
        }

        let examples = raw
            .examples
            .map(|e| {
                let located = |should_match: bool| {
                    move |v: Spanned<Value>| Example {
                        should_match,
                        location: at(file, &v),
                        call: v.value,
                    }
                };
                let mut all: Vec<Example> = e.matches.into_iter().map(located(true)).collect();
                all.extend(e.not_match.into_iter().map(located(false)));
                all
            })
            .unwrap_or_default();
        if self.errors.len() == errors_before {
            self.statements.push(Statement {
                sid,
                effect,
                actions,
                match_mode,
                conditions,
                reason: raw.reason,
                description: raw.description,
                examples,
                location,
            });
        }
    }

    fn finish(self, files: Vec<PathBuf>) -> Result<PolicySet, LoadErrors> {
        if let Some(errors) = LoadErrors::from_vec(self.errors) {
            return Err(errors);
        }
        let index = ActionIndex::new(self.statements.iter().enumerate().flat_map(
            |(owner, statement)| statement.actions.iter().map(move |p| (p.as_str(), owner)),
        ));
        Ok(PolicySet {
            statements: Statements::Loaded(self.statements),
            default: self.default.unwrap_or(Effect::Deny),
            files,
            index,
            warnings: self.warnings,
        })
    }
}

fn parse_effect(text: &str) -> Option<Effect> {
    match text.to_ascii_lowercase().as_str() {
        "allow" => Some(Effect::Allow),
        "deny" | "block" => Some(Effect::Deny),
        "review" => Some(Effect::Review),
        _ => None,
    }
}

pub(crate) type ConditionError = (String, Option<String>);

/// Compiles one condition as written (`{op, value}` or a bare value). `checked`: validate regexes
/// now (loading files); unchecked is for sets from the cache, which loaded cleanly before.
pub(crate) fn condition(
    key: &str,
    value: &Value,
    checked: bool,
) -> Result<Condition, ConditionError> {
    if key.is_empty() {
        return Err((
            "empty field path".to_owned(),
            Some("write a path such as `params.command`".to_owned()),
        ));
    }
    let (op, operand) = match value {
        Value::Object(map) => {
            for k in map.keys() {
                if k != "op" && k != "value" {
                    let help = did_you_mean(k, &["op", "value"])
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| "a condition has `op` and `value`".to_owned());
                    return Err((format!("unknown key `{k}`"), Some(help)));
                }
            }
            let op_text = match map.get("op") {
                Some(Value::String(s)) => s.as_str(),
                Some(other) => {
                    return Err((format!("operator must be a string, found `{other}`"), None));
                }
                None => {
                    return Err((
                        "missing `op`".to_owned(),
                        Some(format!(
                            "write `{{op: \"==\", value: …}}`; operators: {}",
                            Operator::NAMES.join(", ")
                        )),
                    ));
                }
            };
            let op = Operator::parse(op_text).ok_or_else(|| {
                let list = Operator::NAMES.join(", ");
                let help = match did_you_mean(op_text, &Operator::NAMES) {
                    Some(s) => format!("did you mean `{s}`? operators: {list}"),
                    None => format!("operators: {list}"),
                };
                (format!("unknown operator `{op_text}`"), Some(help))
            })?;
            let operand = if op.takes_value() {
                match map.get("value") {
                    Some(v) => Some(v.clone()),
                    None => {
                        return Err((
                            format!("operator `{op}` needs a `value`"),
                            Some(format!("write `{{op: \"{op}\", value: …}}`")),
                        ));
                    }
                }
            } else {
                None
            };
            (op, operand)
        }
        // A bare null means "this field is absent"; any other bare value is `==` shorthand.
        Value::Null => (Operator::NotExists, None),
        other => (Operator::Eq, Some(other.clone())),
    };
    compiled_condition(key, op, operand, checked)
}

/// The condition on field `key` with operator `op` and its operand, compiled: the operand's type
/// checked, a regex translated (and with `checked`, validated now; without, a set from the
/// policy cache, whose regexes were validated when it was written).
pub(crate) fn compiled_condition(
    key: &str,
    op: Operator,
    operand: Option<Value>,
    checked: bool,
) -> Result<Condition, ConditionError> {
    let path = FieldPath::parse(key);
    check_operand(op, operand.as_ref())?;
    let regex = match (op, &operand) {
        (Operator::Regex, Some(v)) => {
            let pattern = super::condition::py_str(v);
            if !checked {
                let regex = trusted_regex(&pattern)
                    .ok_or_else(|| ("untranslatable regex".to_owned(), None))?;
                return Ok(Condition {
                    field: key.to_owned(),
                    path,
                    op,
                    value: operand,
                    regex: Some(regex),
                });
            }
            Some(validate_regex(&pattern).map_err(|e| (format!("invalid regex `{pattern}`: {e}"), Some(
                "regexes use Rust `regex` syntax (Python-compatible for common patterns); look-around and backreferences are supported with a bounded cost".to_owned(),
            )))?)
        }
        _ => None,
    };
    Ok(Condition {
        field: key.to_owned(),
        path,
        op,
        value: operand,
        regex,
    })
}

fn check_operand(op: Operator, value: Option<&Value>) -> Result<(), ConditionError> {
    let Some(value) = value else { return Ok(()) };
    let ok = match op {
        Operator::Eq | Operator::Ne => true,
        Operator::Gt | Operator::Lt | Operator::Ge | Operator::Le => {
            value.is_number() || value.is_string()
        }
        Operator::In | Operator::NotIn => value.is_array() || value.is_string(),
        Operator::Contains | Operator::StartsWith | Operator::EndsWith | Operator::Regex => {
            value.is_string() || value.is_number() || value.is_boolean()
        }
        Operator::Exists | Operator::NotExists => true,
    };
    if ok {
        Ok(())
    } else {
        let wanted = match op {
            Operator::In | Operator::NotIn => "a list or a string",
            Operator::Gt | Operator::Lt | Operator::Ge | Operator::Le => "a number or a string",
            _ => "a string",
        };
        Err((
            format!("operator `{op}` needs {wanted}, found `{value}`"),
            None,
        ))
    }
}

/// A YAML or shape error as a located load error (with `did you mean` for unknown keys).
pub(crate) fn yaml_error(file: &Path, e: &serde_saphyr::Error) -> LoadError {
    let location = e.location().map_or_else(
        || Location::file(file),
        |l| Location::new(file, clamp(l.line()), clamp(l.column())),
    );
    let full = e.without_snippet().to_string();
    let message = strip_location_suffix(&full).to_owned();
    let mut err = LoadError::new(location, message.clone());
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let candidates: Vec<&str> = rest
            .split_once("expected one of ")
            .map(|(_, list)| list.split(", ").map(|c| c.trim_matches('`')).collect())
            .unwrap_or_default();
        err = match did_you_mean(field, &candidates) {
            Some(s) => err.help(format!("did you mean `{s}`?")),
            None => err.help(format!("allowed keys: {}", candidates.join(", "))),
        };
    }
    err
}

/// serde-saphyr appends ` at line L column C` to messages; the location is shown separately.
fn strip_location_suffix(message: &str) -> &str {
    let first = message.lines().next().unwrap_or(message);
    match first.rfind(" at line ") {
        Some(i) => first.get(..i).unwrap_or(first),
        None => first,
    }
}

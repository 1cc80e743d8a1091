//! Word expansion as far as it can be known statically: quote removal, `~`, known variables,
//! field splitting of literal variables; `$(…)` and unknown variables make a field dynamic.
//! Also the data that flows between commands ([`Flow`]) and its [`Taint`].

use super::parse::{Part, Word};
use crate::paths::PathFact;

/// Where data came from, for `curl … | sh`-style concerns. Ordered by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Taint {
    #[default]
    None,
    Decoded,
    Download,
}

/// What a command writes to its standard output, as far as it is known.
#[derive(Debug, Clone, Default)]
pub(crate) enum Flow {
    /// Nothing is piped in.
    #[default]
    Nothing,
    /// Known text (`echo 'rm -rf /'`, a quoted here-doc).
    Literal(String),
    /// Run-time data, derived from these files and of this origin. `names`: it lists names of
    /// files under `files` (`find`, `ls`, `git ls-files`, filtered by `grep`, `sort` …), so a
    /// word taken from it (`| xargs cat`, `$(…)`) is one of those files, not any file.
    Unknown {
        taint: Taint,
        files: Vec<PathFact>,
        names: bool,
    },
}

impl Flow {
    pub(crate) fn taint(&self) -> Taint {
        match self {
            Flow::Unknown { taint, .. } => *taint,
            _ => Taint::None,
        }
    }

    /// Run-time data without a name, the default for what a program prints.
    pub(crate) fn data(taint: Taint, files: Vec<PathFact>) -> Self {
        Flow::Unknown {
            taint,
            files,
            names: false,
        }
    }

    /// A listing of file names under `files` (see [`Flow::Unknown`]).
    pub(crate) fn names(&self) -> bool {
        matches!(self, Flow::Unknown { names: true, .. })
    }

    pub(crate) fn files(&self) -> &[PathFact] {
        match self {
            Flow::Unknown { files, .. } => files,
            _ => &[],
        }
    }
}

/// A variable's value as the analysis knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Var {
    /// Assigned a literal earlier in the script: expanded everywhere.
    Literal(String),
    /// From the environment (`HOME`, `PWD`): expanded in paths, kept as written in `args`.
    Env(String),
    /// One file name matching a glob (`for f in src/*.rs`): classified as the pattern.
    Glob(String),
    /// Only known at run time.
    Unknown,
}

/// What expansion needs from the walker: variables, the home folder, and running substitutions.
pub(crate) trait Scope {
    fn var(&self, name: &str) -> Var;
    fn home(&self) -> String;
    /// Analyse the text of `$(…)` (nested commands); returns what it prints.
    fn substitute(&mut self, script: &str) -> Flow;
    /// Analyse `<(…)`; returns what it prints.
    fn process_substitute(&mut self, script: &super::parse::Script) -> Flow;
    /// The secrets a variable's value carries (`T=$(cat .env)`, `$GITHUB_TOKEN`).
    fn carried(&self, name: &str) -> Vec<PathFact> {
        super::sources::variable_origin(name, self.var(name))
            .into_iter()
            .collect()
    }
}

/// One field after expansion.
#[derive(Debug, Clone, Default)]
pub(crate) struct Field {
    /// For `args`: quotes removed, literal variables expanded, `$HOME`, `~` and unknowns as written.
    pub(crate) arg: String,
    /// Fully expanded; unknown parts as written.
    pub(crate) value: String,
    /// Leading bytes of `value` that are literal and not a glob.
    pub(crate) fixed: Option<usize>,
    pub(crate) dynamic: bool,
    pub(crate) glob: bool,
    /// The word came from `$(…)`/`<(…)` output of this origin.
    pub(crate) taint: Taint,
    /// A process substitution (`<(…)`): a `/dev/fd` path at run time.
    pub(crate) proc_subst: bool,
    /// Secrets the word carries: `$(…)` output derived from them, secret variables.
    pub(crate) carries: Vec<PathFact>,
    /// Names a program listed (`$(git ls-files)`, xargs input from `find`): one of the files
    /// under what it listed (a secret one when `carries` holds it), not any file.
    pub(crate) listing: bool,
    /// A word xargs takes from its input.
    pub(crate) from_input: bool,
}

impl Field {
    /// A field for a literal text (synthesised words, tests).
    pub(crate) fn literal(text: &str) -> Self {
        Field {
            arg: text.to_owned(),
            value: text.to_owned(),
            ..Field::default()
        }
    }

    /// The field from byte `offset` of its value on (an option's attached value: `-ofile`,
    /// `--output=file`, `of=file`). The skipped prefix is literal, so `arg` shares it.
    pub(crate) fn tail(&self, offset: usize) -> Self {
        let value = self.value.get(offset..).unwrap_or("").to_owned();
        let arg = self
            .arg
            .get(offset..)
            .map_or_else(|| value.clone(), str::to_owned);
        Field {
            arg,
            value,
            fixed: self.fixed.map(|f| f.saturating_sub(offset)),
            ..self.clone()
        }
    }

    /// Known and not a glob: its value is exactly what runs.
    pub(crate) fn is_literal(&self) -> bool {
        !self.dynamic && !self.glob
    }

    pub(crate) fn fixed_len(&self) -> usize {
        self.fixed.unwrap_or(self.value.len())
    }

    fn mark_unknown(&mut self) {
        self.dynamic = true;
        self.fixed.get_or_insert(self.value.len());
    }

    fn push(&mut self, arg: &str, value: &str) {
        self.arg.push_str(arg);
        self.value.push_str(value);
    }
}

/// Expand one word into fields (usually one; none for an unquoted empty variable).
pub(crate) fn expand(word: &Word, scope: &mut dyn Scope) -> Vec<Field> {
    match super::parse::brace_expand(word) {
        Some(Ok(words)) => words.iter().flat_map(|w| expand_word(w, scope)).collect(),
        // Over the bound: what the braces make is unknown.
        Some(Err(())) => {
            let mut field = Field::literal(&word.source);
            field.mark_unknown();
            field.fixed = Some(0);
            vec![field]
        }
        None => expand_word(word, scope),
    }
}

/// Expand one word after brace expansion.
fn expand_word(word: &Word, scope: &mut dyn Scope) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut current = Field::default();
    // Whether `current` holds something that keeps it even when empty (quotes, literal text).
    let mut solid = false;
    for part in &word.parts {
        match part {
            Part::Text { text, quoted } => {
                if !quoted && let Some(i) = glob_at(text) {
                    current.glob = true;
                    current.fixed.get_or_insert(current.value.len() + i);
                }
                current.push(text, text);
                solid = true;
            }
            Part::Tilde { user } => {
                let value = match user.as_deref() {
                    None => scope.home(),
                    Some("root") => "/root".to_owned(),
                    Some(_) => String::new(),
                };
                let written = format!("~{}", user.as_deref().unwrap_or(""));
                if value.is_empty() {
                    current.mark_unknown();
                    current.push(&written, &written);
                } else {
                    current.push(&written, &value);
                }
                solid = true;
            }
            Part::Param {
                name,
                source,
                quoted,
            } => {
                current.carries.extend(scope.carried(name));
                match scope.var(name) {
                    Var::Literal(v) if *quoted && name != "@" => {
                        current.push(&v, &v);
                        solid = true;
                    }
                    Var::Literal(v) => {
                        // Unquoted (or `"$@"`, one field per argument): split on IFS.
                        let ifs = match scope.var("IFS") {
                            Var::Literal(ifs) if !*quoted => ifs,
                            _ => " \t\n".to_owned(),
                        };
                        let mut pieces = v.split(|c| ifs.contains(c)).peekable();
                        while let Some(piece) = pieces.next() {
                            current.push(piece, piece);
                            solid |= !piece.is_empty();
                            if pieces.peek().is_some() && solid {
                                fields.push(std::mem::take(&mut current));
                                solid = false;
                            }
                        }
                    }
                    Var::Env(v) => {
                        current.push(source, &v);
                        solid = true;
                    }
                    Var::Glob(pattern) => {
                        let at = pattern.find(['*', '?', '[']).unwrap_or(0);
                        current.glob = true;
                        current.fixed.get_or_insert(current.value.len() + at);
                        current.push(&pattern, &pattern);
                        solid = true;
                    }
                    Var::Unknown => {
                        current.mark_unknown();
                        current.push(source, source);
                        solid = true;
                    }
                }
            }
            Part::Subst {
                script,
                source,
                quoted,
            } => {
                let flow = scope.substitute(script);
                carry(&mut current, &flow);
                current.taint = current.taint.max(flow.taint());
                match flow {
                    // `$(echo ~/.bashrc)`, `$(printf '\x72m')`: known output, used as bash
                    // would (trailing newlines removed, split on IFS when unquoted).
                    Flow::Literal(text) => {
                        let text = text.trim_end_matches('\n');
                        if *quoted {
                            current.push(text, text);
                            solid = true;
                        } else {
                            let ifs = match scope.var("IFS") {
                                Var::Literal(ifs) => ifs,
                                _ => " \t\n".to_owned(),
                            };
                            let mut pieces = text
                                .split(|c| ifs.contains(c))
                                .filter(|p| !p.is_empty())
                                .peekable();
                            while let Some(piece) = pieces.next() {
                                current.push(piece, piece);
                                solid = true;
                                if pieces.peek().is_some() {
                                    fields.push(std::mem::take(&mut current));
                                }
                            }
                        }
                    }
                    flow => {
                        current.listing |= flow.names();
                        current.mark_unknown();
                        current.push(source, source);
                        solid = true;
                    }
                }
            }
            Part::ProcSubst { script, source } => {
                let flow = scope.process_substitute(script);
                carry(&mut current, &flow);
                current.taint = current.taint.max(flow.taint());
                current.proc_subst = true;
                current.mark_unknown();
                current.push(source, source);
                solid = true;
            }
            // `$((n+1))` of known numbers is a number: `0` stands for it (same class of path).
            Part::Dynamic { source, inner } if arithmetic_of_numbers(source, inner, scope) => {
                current.push(source, "0");
                solid = true;
            }
            Part::Dynamic { source, inner } => {
                for name in super::sources::names_in(source) {
                    current.carries.extend(scope.carried(name));
                }
                for nested in inner {
                    run_inner(nested, scope, &mut current);
                }
                current.mark_unknown();
                current.push(source, source);
                solid = true;
            }
        }
    }
    if solid {
        fields.push(current);
    }
    fields
}

/// Where a glob starts in unquoted text: `*`, `?`, or a `[` closed by a later `]` (a lone `[`, as
/// in `[ -f x ]`, matches itself).
fn glob_at(text: &str) -> Option<usize> {
    text.char_indices().find_map(|(i, c)| {
        let glob = match c {
            '*' | '?' => true,
            '[' => text.get(i + 1..).is_some_and(|rest| rest.contains(']')),
            _ => false,
        };
        glob.then_some(i)
    })
}

/// Whether `$((…))` only reads variables holding plain numbers (a variable holding other text
/// is evaluated as an expression too, subscripts and substitutions included) and runs nothing.
fn arithmetic_of_numbers(source: &str, inner: &[Part], scope: &dyn Scope) -> bool {
    if !(source.starts_with("$((") || source.starts_with("$[")) {
        return false;
    }
    let number = |name: &str| match scope.var(name) {
        Var::Literal(v) => v.trim().is_empty() || v.trim().parse::<i64>().is_ok(),
        _ => false,
    };
    inner.iter().all(|part| match part {
        Part::Text { text, .. } => {
            let mut chars = text.char_indices().peekable();
            while let Some((start, c)) = chars.next() {
                if !(c.is_ascii_alphanumeric() || c == '_') {
                    if matches!(c, '$' | '`' | '[' | ']' | '\\' | '"' | '\'' | '{' | '}') {
                        return false;
                    }
                    continue;
                }
                let mut end = start + c.len_utf8();
                while let Some((i, n)) = chars.peek().copied() {
                    if !(n.is_ascii_alphanumeric() || n == '_' || n == '#') {
                        break;
                    }
                    end = i + n.len_utf8();
                    chars.next();
                }
                let token = text.get(start..end).unwrap_or("");
                if !c.is_ascii_digit() && !number(token) {
                    return false;
                }
            }
            true
        }
        Part::Param { name, .. } => number(name),
        _ => false,
    })
}

/// The secret files a flow derives from, onto the field it expands into.
fn carry(field: &mut Field, flow: &Flow) {
    field
        .carries
        .extend(flow.files().iter().filter(|f| f.secret).cloned());
}

/// Run the substitutions hidden inside a run-time expression (`${X:-$(cmd)}`).
fn run_inner(part: &Part, scope: &mut dyn Scope, field: &mut Field) {
    match part {
        Part::Subst { script, .. } => {
            let flow = scope.substitute(script);
            carry(field, &flow);
            field.taint = field.taint.max(flow.taint());
        }
        Part::ProcSubst { script, .. } => {
            let flow = scope.process_substitute(script);
            carry(field, &flow);
            field.taint = field.taint.max(flow.taint());
        }
        Part::Dynamic { inner, .. } => {
            for nested in inner {
                run_inner(nested, scope, field);
            }
        }
        Part::Text { .. } | Part::Tilde { .. } | Part::Param { .. } => {}
    }
}

/// Expand every word of a list.
pub(crate) fn expand_all(words: &[Word], scope: &mut dyn Scope) -> Vec<Field> {
    words.iter().flat_map(|w| expand(w, scope)).collect()
}

/// Expand a word that is not split (assignment values, here-documents, redirection targets):
/// its fields joined by one space.
pub(crate) fn expand_joined(word: &Word, scope: &mut dyn Scope) -> Field {
    let mut fields = expand(word, scope).into_iter();
    let mut out = fields.next().unwrap_or_default();
    for f in fields {
        if f.fixed.is_some() && out.fixed.is_none() {
            out.fixed = Some(out.value.len() + 1 + f.fixed_len());
        }
        out.push(" ", " ");
        out.push(&f.arg, &f.value);
        out.dynamic |= f.dynamic;
        out.glob |= f.glob;
        out.taint = out.taint.max(f.taint);
        out.carries.extend(f.carries);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::parse::word;
    use super::*;
    use std::collections::HashMap;

    struct TestScope {
        vars: HashMap<&'static str, Var>,
        substitutions: Vec<String>,
    }

    impl Scope for TestScope {
        fn var(&self, name: &str) -> Var {
            self.vars.get(name).cloned().unwrap_or(Var::Unknown)
        }
        fn home(&self) -> String {
            "/home/u".to_owned()
        }
        fn substitute(&mut self, script: &str) -> Flow {
            self.substitutions.push(script.to_owned());
            if script.starts_with("curl") {
                Flow::data(Taint::Download, vec![])
            } else {
                Flow::Nothing
            }
        }
        fn process_substitute(&mut self, _: &super::super::parse::Script) -> Flow {
            Flow::Nothing
        }
    }

    /// `arg|value|flags` for each field, joined by ` ; `.
    fn show(source: &str) -> String {
        let mut scope = TestScope {
            vars: HashMap::from([
                ("X", Var::Literal("rm".to_owned())),
                ("S", Var::Literal("rm -rf".to_owned())),
                ("HOME", Var::Env("/home/u".to_owned())),
                ("E", Var::Literal(String::new())),
            ]),
            substitutions: vec![],
        };
        expand(&word(source), &mut scope)
            .iter()
            .map(|f| {
                let mut flags = String::new();
                if f.dynamic {
                    flags.push('d');
                }
                if f.glob {
                    flags.push('g');
                }
                if f.taint == Taint::Download {
                    flags.push('t');
                }
                format!("{}|{}|{}{flags}", f.arg, f.value, f.fixed_len())
            })
            .collect::<Vec<_>>()
            .join(" ; ")
    }

    #[test]
    fn expand_table() {
        let cases: &[(&str, &str)] = &[
            ("rm", "rm|rm|2"),
            (r"\rm", "rm|rm|2"),
            ("r''m", "rm|rm|2"),
            ("\"rm\"", "rm|rm|2"),
            (r"$'\x72\x6d'", "rm|rm|2"),
            ("$X", "rm|rm|2"),
            ("\"$S\"", "rm -rf|rm -rf|6"),
            ("$S", "rm|rm|2 ; -rf|-rf|3"),
            ("$E", ""),
            ("\"$E\"", "||0"),
            ("~", "~|/home/u|7"),
            ("~/x", "~/x|/home/u/x|9"),
            ("$HOME/x", "$HOME/x|/home/u/x|9"),
            ("\"${HOME}\"", "${HOME}|/home/u|7"),
            ("$Y", "$Y|$Y|0d"),
            ("a$Y", "a$Y|a$Y|1d"),
            ("*.log", "*.log|*.log|0g"),
            ("'*.log'", "*.log|*.log|5"),
            ("src/*.rs", "src/*.rs|src/*.rs|4g"),
            ("$(echo rm)", "$(echo rm)|$(echo rm)|0d"),
            ("`echo rm`", "`echo rm`|`echo rm`|0d"),
            ("\"$(curl x)\"", "$(curl x)|$(curl x)|0dt"),
            ("rm$IFS-rf", "rm$IFS-rf|rm$IFS-rf|2d"),
            ("${Y:-$(curl x)}", "${Y:-$(curl x)}|${Y:-$(curl x)}|0dt"),
        ];
        for (source, want) in cases {
            assert_eq!(show(source), *want, "{source}");
        }
    }
}

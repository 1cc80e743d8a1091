//! The `apply_patch` format Codex edits files with: `*** Begin Patch`, then `*** Add File:`,
//! `*** Update File:` (optionally `*** Move to:`) and `*** Delete File:` sections, then
//! `*** End Patch`. Parsed only far enough to know which files change and how; hunks are kept as
//! text. Hand-rolled because no crate parses this format.
//!
//! Safety rule: every file Codex would touch must be found here. Where Codex's own parser
//! (codex-rs/apply-patch) is tolerant, this one is too (markers may carry surrounding whitespace,
//! a heredoc wrapper `<<'EOF'` … `EOF` is accepted); where a patch is ambiguous or malformed this
//! parser refuses it, and the caller denies.

/// One file a patch touches, with its path exactly as written (not yet resolved against `cwd`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileOp {
    /// A new file and its whole content (the `+` lines, each ending in `\n`).
    Add { path: String, content: String },
    /// Changes to an existing file (its hunk lines, `@@` markers included), maybe renamed.
    Update {
        path: String,
        move_to: Option<String>,
        hunks: String,
    },
    /// A file removed.
    Delete { path: String },
}

/// Why a patch was refused: a 1-based line of the patch text and a one-line message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PatchError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

impl PatchError {
    fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

const BEGIN: &str = "*** Begin Patch";
const END: &str = "*** End Patch";
const ADD: &str = "*** Add File:";
const UPDATE: &str = "*** Update File:";
const DELETE: &str = "*** Delete File:";
/// Codex only recognises a move on the line right after `*** Update File:`, without trimming.
const MOVE_TO: &str = "*** Move to: ";
const END_OF_FILE: &str = "*** End of File";
/// Longest excerpt of an offending line quoted in a message.
const EXCERPT_CHARS: usize = 80;

/// Where the parser is: what the next line may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Between file sections: only a header (or a blank line) may come.
    Header,
    /// In an `*** Add File:` section: `+` lines.
    Add,
    /// Right after `*** Update File:`: a `*** Move to:` line or the first hunk line.
    UpdateStart,
    /// In an update's hunks: ` `, `+`, `-`, `@@` lines and `*** End of File`.
    Update,
}

/// Parses a whole patch into the files it touches, in patch order. Never returns an empty list.
pub(crate) fn parse(text: &str) -> Result<Vec<FileOp>, PatchError> {
    let numbered: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let first = numbered.iter().position(|(_, l)| !l.trim().is_empty());
    let last = numbered.iter().rposition(|(_, l)| !l.trim().is_empty());
    let lines = match (first, last) {
        (Some(first), Some(last)) => numbered.get(first..=last).unwrap_or_default(),
        _ => return Err(PatchError::new(1, "empty patch")),
    };
    let lines = strip_heredoc(lines);

    let Some((&(begin_line, begin), rest)) = lines.split_first() else {
        return Err(PatchError::new(1, "empty patch"));
    };
    if begin.trim() != BEGIN {
        return Err(PatchError::new(
            begin_line,
            format!("expected `{BEGIN}`, found `{}`", excerpt(begin)),
        ));
    }
    let Some((&(end_line, end), body)) = rest.split_last() else {
        return Err(PatchError::new(begin_line, format!("missing `{END}`")));
    };
    if end.trim() != END {
        return Err(PatchError::new(
            end_line,
            format!("missing `{END}`: the last line is `{}`", excerpt(end)),
        ));
    }

    let mut ops: Vec<FileOp> = Vec::new();
    let mut section = Section::Header;
    for &(number, line) in body {
        if section == Section::UpdateStart {
            section = Section::Update;
            if let Some(dest) = line.strip_prefix(MOVE_TO) {
                if dest.trim().is_empty() {
                    return Err(PatchError::new(number, "empty path after `*** Move to:`"));
                }
                if let Some(FileOp::Update { move_to, .. }) = ops.last_mut() {
                    *move_to = Some(dest.to_owned());
                }
                continue;
            }
        }
        if section == Section::Add
            && let Some(added) = line.strip_prefix('+')
        {
            if let Some(FileOp::Add { content, .. }) = ops.last_mut() {
                content.push_str(added);
                content.push('\n');
            }
            continue;
        }
        // Like Codex, a line starting with `*` ends an update's hunks (except its end marker).
        if section == Section::Update && (!line.starts_with('*') || line.trim() == END_OF_FILE) {
            if !is_hunk_line(line) {
                return Err(PatchError::new(
                    number,
                    format!(
                        "unexpected line `{}` in an update: hunk lines start with ` `, `+`, `-` or `@@`",
                        excerpt(line)
                    ),
                ));
            }
            if let Some(FileOp::Update { hunks, .. }) = ops.last_mut() {
                hunks.push_str(line);
                hunks.push('\n');
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let (op, next) = header(number, trimmed)?;
        ops.push(op);
        section = next;
    }
    if ops.is_empty() {
        return Err(PatchError::new(end_line, "patch changes no file"));
    }
    Ok(ops)
}

/// Removes a heredoc wrapper (`<<EOF`, `<<'EOF'` or `<<"EOF"` … `EOF`), as Codex tolerates one.
fn strip_heredoc<'a>(lines: &'a [(usize, &'a str)]) -> &'a [(usize, &'a str)] {
    match lines {
        [(_, first), inner @ .., (_, last)]
            if matches!(first.trim(), "<<EOF" | "<<'EOF'" | "<<\"EOF\"")
                && last.trim().ends_with("EOF")
                && inner.len() >= 2 =>
        {
            inner
        }
        _ => lines,
    }
}

/// A file header (already trimmed): the operation it opens and the section that follows.
fn header(number: usize, trimmed: &str) -> Result<(FileOp, Section), PatchError> {
    if let Some(rest) = trimmed.strip_prefix(ADD) {
        let path = header_path(number, rest, ADD)?;
        let op = FileOp::Add {
            path,
            content: String::new(),
        };
        return Ok((op, Section::Add));
    }
    if let Some(rest) = trimmed.strip_prefix(UPDATE) {
        let path = header_path(number, rest, UPDATE)?;
        let op = FileOp::Update {
            path,
            move_to: None,
            hunks: String::new(),
        };
        return Ok((op, Section::UpdateStart));
    }
    if let Some(rest) = trimmed.strip_prefix(DELETE) {
        let path = header_path(number, rest, DELETE)?;
        return Ok((FileOp::Delete { path }, Section::Header));
    }
    let message = if trimmed.starts_with(MOVE_TO.trim_end()) {
        "`*** Move to:` must directly follow an `*** Update File:` line".to_owned()
    } else if trimmed == END || trimmed == BEGIN {
        format!("unexpected `{trimmed}` inside the patch")
    } else if trimmed.starts_with("***") {
        format!("unknown patch line `{}`", excerpt(trimmed))
    } else {
        format!(
            "expected `*** Add File:`, `*** Update File:` or `*** Delete File:`, found `{}`",
            excerpt(trimmed)
        )
    };
    Err(PatchError::new(number, message))
}

/// The path after a header marker: one separating space removed, the rest kept as Codex keeps it.
fn header_path(number: usize, rest: &str, marker: &str) -> Result<String, PatchError> {
    let path = rest.strip_prefix(' ').unwrap_or(rest);
    if path.trim().is_empty() {
        return Err(PatchError::new(
            number,
            format!("empty path after `{marker}`"),
        ));
    }
    Ok(path.to_owned())
}

/// Whether a line may appear among an update's hunks.
fn is_hunk_line(line: &str) -> bool {
    line.trim().is_empty()
        || line.trim() == END_OF_FILE
        || line.starts_with("@@")
        || line.starts_with([' ', '+', '-'])
}

/// The start of a line, for quoting in a message.
fn excerpt(line: &str) -> String {
    let mut chars = line.chars();
    let head: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(path: &str, content: &str) -> FileOp {
        FileOp::Add {
            path: path.into(),
            content: content.into(),
        }
    }
    fn update(path: &str, move_to: Option<&str>, hunks: &str) -> FileOp {
        FileOp::Update {
            path: path.into(),
            move_to: move_to.map(Into::into),
            hunks: hunks.into(),
        }
    }
    fn delete(path: &str) -> FileOp {
        FileOp::Delete { path: path.into() }
    }

    #[test]
    fn parses_well_formed_patches() {
        let cases: Vec<(&str, &str, Vec<FileOp>)> = vec![
            (
                "add",
                "*** Begin Patch\n*** Add File: a.txt\n+one\n+\n+two\n*** End Patch",
                vec![add("a.txt", "one\n\ntwo\n")],
            ),
            (
                "add empty file",
                "*** Begin Patch\n*** Add File: empty\n*** End Patch\n",
                vec![add("empty", "")],
            ),
            (
                "update",
                "*** Begin Patch\n*** Update File: /p/f\n@@\n-hello world\n+HACKED world\n*** End Patch",
                vec![update("/p/f", None, "@@\n-hello world\n+HACKED world\n")],
            ),
            (
                "update without @@, context and end of file",
                "*** Begin Patch\n*** Update File: f.py\n import os\n+x = 1\n\n@@ def f():\n-  pass\n*** End of File\n*** End Patch",
                vec![update(
                    "f.py",
                    None,
                    " import os\n+x = 1\n\n@@ def f():\n-  pass\n*** End of File\n",
                )],
            ),
            (
                "delete",
                "*** Begin Patch\n*** Delete File: old.rs\n*** End Patch",
                vec![delete("old.rs")],
            ),
            (
                "move",
                "*** Begin Patch\n*** Update File: a.rs\n*** Move to: b/a.rs\n@@\n-x\n+y\n*** End Patch",
                vec![update("a.rs", Some("b/a.rs"), "@@\n-x\n+y\n")],
            ),
            (
                "move without hunks",
                "*** Begin Patch\n*** Update File: a.rs\n*** Move to: b.rs\n*** End Patch",
                vec![update("a.rs", Some("b.rs"), "")],
            ),
            (
                "several files",
                "*** Begin Patch\n*** Add File: n\n+x\n*** Delete File: d\n*** Update File: u\n@@\n+y\n*** Add File: m\n+z\n*** End Patch",
                vec![
                    add("n", "x\n"),
                    delete("d"),
                    update("u", None, "@@\n+y\n"),
                    add("m", "z\n"),
                ],
            ),
            (
                "markers with surrounding whitespace",
                "\n\n  *** Begin Patch  \n  *** Add File: a b.txt  \n+x\n *** End Patch \n\n",
                vec![add("a b.txt", "x\n")],
            ),
            (
                "heredoc wrapper",
                "<<'EOF'\n*** Begin Patch\n*** Delete File: x\n*** End Patch\nEOF\n",
                vec![delete("x")],
            ),
            (
                "crlf line ends",
                "*** Begin Patch\r\n*** Add File: w\r\n+a\r\n*** End Patch\r\n",
                vec![add("w", "a\n")],
            ),
            (
                "an indented header line inside a hunk is context, as in codex",
                "*** Begin Patch\n*** Update File: u\n@@\n *** Delete File: other\n*** End Patch",
                vec![update("u", None, "@@\n *** Delete File: other\n")],
            ),
            (
                "a header right after add lines opens the next file",
                "*** Begin Patch\n*** Add File: a\n+1\n   *** Add File: b\n+2\n*** End Patch",
                vec![add("a", "1\n"), add("b", "2\n")],
            ),
            (
                "an indented move line is hunk context, as in codex",
                "*** Begin Patch\n*** Update File: a\n *** Move to: b\n*** End Patch",
                vec![update("a", None, " *** Move to: b\n")],
            ),
        ];
        for (name, text, expected) in cases {
            assert_eq!(parse(text), Ok(expected), "case `{name}`");
        }
    }

    #[test]
    fn refuses_malformed_patches() {
        let cases: &[(&str, &str, usize, &str)] = &[
            ("empty", "", 1, "empty patch"),
            ("blank", " \n\t\n", 1, "empty patch"),
            (
                "no begin",
                "*** Add File: a\n+x\n*** End Patch",
                1,
                "expected `*** Begin Patch`, found `*** Add File: a`",
            ),
            (
                "no end",
                "*** Begin Patch\n*** Add File: a\n+x",
                3,
                "missing `*** End Patch`: the last line is `+x`",
            ),
            (
                "begin only",
                "*** Begin Patch",
                1,
                "missing `*** End Patch`",
            ),
            (
                "no file",
                "*** Begin Patch\n*** End Patch",
                2,
                "patch changes no file",
            ),
            (
                "unknown marker",
                "*** Begin Patch\n*** Rename File: a\n*** End Patch",
                2,
                "unknown patch line `*** Rename File: a`",
            ),
            (
                "lowercase marker",
                "*** Begin Patch\n*** add file: a\n*** End Patch",
                2,
                "unknown patch line `*** add file: a`",
            ),
            (
                "empty add path",
                "*** Begin Patch\n*** Add File:\n+x\n*** End Patch",
                2,
                "empty path after `*** Add File:`",
            ),
            (
                "blank update path",
                "*** Begin Patch\n*** Update File:    \n@@\n*** End Patch",
                2,
                "empty path after `*** Update File:`",
            ),
            (
                "empty delete path",
                "*** Begin Patch\n*** Delete File: \n*** End Patch",
                2,
                "empty path after `*** Delete File:`",
            ),
            (
                "empty move path",
                "*** Begin Patch\n*** Update File: a\n*** Move to:  \n*** End Patch",
                3,
                "empty path after `*** Move to:`",
            ),
            (
                "move outside an update",
                "*** Begin Patch\n*** Delete File: a\n*** Move to: b\n*** End Patch",
                3,
                "`*** Move to:` must directly follow an `*** Update File:` line",
            ),
            (
                "move after hunks",
                "*** Begin Patch\n*** Update File: a\n@@\n+x\n*** Move to: b\n*** End Patch",
                5,
                "`*** Move to:` must directly follow an `*** Update File:` line",
            ),
            (
                "end patch in the middle",
                "*** Begin Patch\n*** Delete File: a\n*** End Patch\n*** Delete File: b\n*** End Patch",
                3,
                "unexpected `*** End Patch` inside the patch",
            ),
            (
                "text before the first header",
                "*** Begin Patch\nhello\n*** Delete File: a\n*** End Patch",
                2,
                "expected `*** Add File:`, `*** Update File:` or `*** Delete File:`, found `hello`",
            ),
            (
                "unprefixed line after add lines",
                "*** Begin Patch\n*** Add File: a\n+x\ny\n*** End Patch",
                4,
                "expected `*** Add File:`, `*** Update File:` or `*** Delete File:`, found `y`",
            ),
            (
                "bad hunk line",
                "*** Begin Patch\n*** Update File: a\n@@\nplain\n*** End Patch",
                4,
                "unexpected line `plain` in an update: hunk lines start with ` `, `+`, `-` or `@@`",
            ),
            (
                "star line in an update that is no header",
                "*** Begin Patch\n*** Update File: a\n@@\n+x\n** not a header\n*** End Patch",
                5,
                "expected `*** Add File:`, `*** Update File:` or `*** Delete File:`, found `** not a header`",
            ),
        ];
        for &(name, text, line, message) in cases {
            assert_eq!(
                parse(text),
                Err(PatchError::new(line, message)),
                "case `{name}`"
            );
        }
    }

    #[test]
    fn long_lines_are_cut_in_messages() {
        let long = format!("*** Begin Patch\n*** {}\n*** End Patch", "x".repeat(200));
        let err = parse(&long).unwrap_err();
        assert!(err.message.ends_with("…`"), "{}", err.message);
        assert!(err.message.chars().count() < 120, "{}", err.message);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_never_returns_an_empty_list(text in "(\\*\\*\\* |[+@ -]|\n|[a-z:]){0,200}") {
            if let Ok(ops) = parse(&text) {
                proptest::prop_assert!(!ops.is_empty());
            }
        }
    }
}

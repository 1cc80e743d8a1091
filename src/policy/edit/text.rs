//! Text-level editing of a policy file's `statements:` list: appending an item and removing one,
//! leaving every other byte (comments, blank lines, quoting, key order) as it was. Works on lines
//! and indentation only, so it handles any statement keys; the caller re-loads the result.
//!
//! What a statement owns (and `remove` deletes):
//! - its `- ` line and every following line indented deeper than that dash (its keys and values,
//!   and comments among them), up to the next item or the end of the list;
//! - the comment lines directly above it (no blank line between) when they name its sid;
//!   other comments above it are kept, since they often head a group of statements;
//! - the blank lines after it (or, for the last item of the list, before it), so that the
//!   spacing between the remaining items stays as it was.

/// Why a file's text could not be edited (the caller adds the file name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextError {
    /// 1-based line the problem is on (0: the whole file).
    pub(crate) line: u32,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// One line of a file, without its line ending.
struct Line<'a> {
    text: &'a str,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
    fn is_comment(&self) -> bool {
        self.text.trim_start().starts_with('#')
    }
    /// A line at the left margin that is YAML content (a key, a document marker).
    fn is_top_level(&self) -> bool {
        self.indent() == 0 && !self.is_blank() && !self.is_comment()
    }
    /// A sequence item at `indent`: `- …` or a bare `-`.
    fn is_item_at(&self, indent: usize) -> bool {
        if self.indent() != indent {
            return false;
        }
        let rest = self.text.trim_start_matches(' ');
        rest == "-" || rest.starts_with("- ")
    }
}

/// The `statements:` list of a file as line indexes (0-based).
struct List {
    /// The first line after the list (a top-level key, or the number of lines).
    end: usize,
    /// The item indentation and the first line of every item, in order.
    indent: Option<usize>,
    items: Vec<usize>,
}

/// The file split into lines, with the line ending it uses.
struct Doc<'a> {
    lines: Vec<Line<'a>>,
    eol: &'static str,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Self {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let lines = text
            .lines()
            .map(|l| Line {
                text: l.strip_suffix('\r').unwrap_or(l),
            })
            .collect();
        Self { lines, eol }
    }

    fn line(&self, index: usize) -> Option<&Line<'a>> {
        self.lines.get(index)
    }

    /// The value after `statements:` on its own line, when the key is there.
    fn statements_key(&self) -> Option<(usize, &'a str)> {
        self.lines.iter().enumerate().find_map(|(i, line)| {
            let rest = line.text.strip_prefix("statements:")?;
            (rest.is_empty() || rest.starts_with([' ', '#'])).then_some((i, rest.trim()))
        })
    }

    fn list(&self, key: usize) -> List {
        let end = (key + 1..self.lines.len())
            .find(|&i| {
                self.line(i)
                    .is_some_and(|l| l.is_top_level() && !l.is_item_at(0))
            })
            .unwrap_or(self.lines.len());
        let indent = (key + 1..end)
            .filter_map(|i| self.line(i))
            .find(|l| !l.is_blank() && !l.is_comment())
            .filter(|l| l.is_item_at(l.indent()))
            .map(Line::indent);
        let items = match indent {
            Some(indent) => (key + 1..end)
                .filter(|&i| self.line(i).is_some_and(|l| l.is_item_at(indent)))
                .collect(),
            None => Vec::new(),
        };
        List { end, indent, items }
    }

    /// The last line of `range` that is not blank and not a comment at the left margin (those
    /// belong to what follows the list).
    fn last_content(&self, from: usize, to: usize) -> Option<usize> {
        (from..to).rev().find(|&i| {
            self.line(i)
                .is_some_and(|l| !(l.is_blank() || (l.is_comment() && l.indent() == 0)))
        })
    }

    fn join(&self, lines: impl IntoIterator<Item = String>) -> String {
        let mut out = String::new();
        for line in lines {
            out.push_str(&line);
            out.push_str(self.eol);
        }
        out
    }

    fn owned_lines(&self) -> Vec<String> {
        self.lines.iter().map(|l| l.text.to_owned()).collect()
    }
}

/// `text` with the item rendered by `render(indent)` appended to its `statements:` list (created
/// at the end of the file when there is none). Items are indented like the existing ones (two
/// spaces in a new list) and set off by a blank line when the existing ones are.
pub(crate) fn append_item(
    text: &str,
    render: impl Fn(usize) -> Vec<String>,
) -> Result<String, TextError> {
    let doc = Doc::new(text);
    let mut lines = doc.owned_lines();
    let Some((key, value)) = doc.statements_key() else {
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        lines.push("statements:".to_owned());
        lines.extend(render(2));
        return Ok(doc.join(lines));
    };
    let value_only = if value.starts_with('#') {
        ""
    } else {
        value.split(" #").next().unwrap_or(value).trim()
    };
    match value_only {
        "" => {}
        "[]" | "~" | "null" => {
            if let Some(line) = lines.get_mut(key) {
                *line = "statements:".to_owned();
            }
        }
        _ => {
            return Err(TextError {
                line: u32::try_from(key + 1).unwrap_or(u32::MAX),
                message: "cannot add to a `statements:` list written in flow style (`[...]`)"
                    .to_owned(),
                help: Some(
                    "write the list one `- sid: …` item per line, then run the command again"
                        .to_owned(),
                ),
            });
        }
    }
    let list = doc.list(key);
    let indent = list.indent.unwrap_or(2);
    let spaced = list.items.iter().skip(1).any(|&item| {
        item.checked_sub(1)
            .and_then(|i| doc.line(i))
            .is_some_and(Line::is_blank)
    });
    let after = doc.last_content(key + 1, list.end).unwrap_or(key);
    let mut insert: Vec<String> = Vec::new();
    if spaced && !list.items.is_empty() {
        insert.push(String::new());
    }
    insert.extend(render(indent));
    let at = after + 1;
    lines.splice(at..at, insert);
    Ok(doc.join(lines))
}

/// `text` without the item of the `statements:` list that contains 1-based `line` (a statement's
/// location), with the 1-based range of the lines removed. See the module comment for what an
/// item owns; `sid` decides which comments above it go with it.
pub(crate) fn remove_item(
    text: &str,
    line: u32,
    sid: &str,
) -> Result<(String, std::ops::RangeInclusive<usize>), TextError> {
    let doc = Doc::new(text);
    let not_found = || TextError {
        line,
        message: format!("statement `{sid}` is not an item of a `statements:` list"),
        help: Some(
            "remove it by hand; `agsec policy remove` edits block-style lists only".to_owned(),
        ),
    };
    let target = usize::try_from(line)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    let (key, _) = doc.statements_key().ok_or_else(not_found)?;
    let list = doc.list(key);
    let indent = list.indent.ok_or_else(not_found)?;
    let position = list
        .items
        .iter()
        .rposition(|&start| start <= target)
        .ok_or_else(not_found)?;
    let start = *list.items.get(position).ok_or_else(not_found)?;
    let next = list.items.get(position + 1).copied().unwrap_or(list.end);
    if target >= next {
        return Err(not_found());
    }
    // The item's own lines: up to its last line indented deeper than the dash.
    let last = (start..next)
        .rev()
        .find(|&i| {
            doc.line(i)
                .is_some_and(|l| i == start || (!l.is_blank() && l.indent() > indent))
        })
        .unwrap_or(start);
    // Comments directly above that name the sid.
    let mut first = start;
    let mut above = start;
    while above > key + 1
        && doc
            .line(above - 1)
            .is_some_and(|l| l.is_comment() && !l.is_blank())
    {
        above -= 1;
    }
    if (above..start).any(|i| doc.line(i).is_some_and(|l| names(l.text, sid))) {
        first = above;
    }
    // Spacing: drop the blank lines after the item when more of the list follows, else those
    // before it.
    let mut end = last;
    let rest_of_list = doc.last_content(last + 1, list.end).is_some();
    if rest_of_list {
        while doc.line(end + 1).is_some_and(Line::is_blank) {
            end += 1;
        }
    } else {
        while first > key + 1 && doc.line(first - 1).is_some_and(Line::is_blank) {
            first -= 1;
        }
    }
    let mut lines = doc.owned_lines();
    lines.drain(first..=end);
    let mut out = doc.join(lines);
    if !text.ends_with('\n') && out.ends_with(doc.eol) && end + 1 < doc.lines.len() {
        out.truncate(out.len() - doc.eol.len());
    }
    Ok((out, first + 1..=end + 1))
}

/// Whether the comment `line` names `sid` as a word.
fn names(line: &str, sid: &str) -> bool {
    line.match_indices(sid).any(|(at, _)| {
        let before = line.get(..at).and_then(|s| s.chars().next_back());
        let after = line.get(at + sid.len()..).and_then(|s| s.chars().next());
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !is_word(before) && !is_word(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(indent: usize) -> Vec<String> {
        let pad = " ".repeat(indent);
        vec![format!("{pad}- sid: New"), format!("{pad}  effect: deny")]
    }

    #[test]
    fn appends_to_every_shape_of_list() {
        let cases = [
            // (name, before, after)
            (
                "no list",
                "version: \"1.0\"\n",
                "version: \"1.0\"\nstatements:\n  - sid: New\n    effect: deny\n",
            ),
            (
                "no list, trailing blanks",
                "default: deny\n\n\n",
                "default: deny\nstatements:\n  - sid: New\n    effect: deny\n",
            ),
            (
                "empty file",
                "",
                "statements:\n  - sid: New\n    effect: deny\n",
            ),
            (
                "empty key",
                "statements:\n",
                "statements:\n  - sid: New\n    effect: deny\n",
            ),
            (
                "empty key, comment",
                "statements: # none\n",
                "statements: # none\n  - sid: New\n    effect: deny\n",
            ),
            (
                "empty flow",
                "statements: []  # none yet\ndefault: deny\n",
                "statements:\n  - sid: New\n    effect: deny\ndefault: deny\n",
            ),
            (
                "null",
                "statements: ~\n",
                "statements:\n  - sid: New\n    effect: deny\n",
            ),
            (
                "tight list, key after",
                "statements:\n  - sid: A\n    effect: allow\n# about default\ndefault: deny\n",
                "statements:\n  - sid: A\n    effect: allow\n  - sid: New\n    effect: deny\n# about default\ndefault: deny\n",
            ),
            (
                "spaced list at margin",
                "statements:\n- sid: A\n  effect: allow\n\n- sid: B\n  effect: allow\n\n\n",
                "statements:\n- sid: A\n  effect: allow\n\n- sid: B\n  effect: allow\n\n- sid: New\n  effect: deny\n\n\n",
            ),
            (
                "indented trailing comment stays before",
                "statements:\n    - sid: A\n      effect: allow\n    # add more here\n",
                "statements:\n    - sid: A\n      effect: allow\n    # add more here\n    - sid: New\n      effect: deny\n",
            ),
            (
                "no final newline, crlf",
                "statements:\r\n  - sid: A\r\n    effect: allow",
                "statements:\r\n  - sid: A\r\n    effect: allow\r\n  - sid: New\r\n    effect: deny\r\n",
            ),
        ];
        for (name, before, after) in cases {
            assert_eq!(append_item(before, item).unwrap(), after, "{name}");
        }
    }

    #[test]
    fn refuses_flow_lists() {
        let err = append_item("version: 1\nstatements: [{sid: A}]\n", item).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("flow style"), "{}", err.message);
    }

    const SPACED: &str = "\
# header
version: \"1.0\"
statements:
  # --- Group -----
  - sid: A
    effect: allow
    # a comment inside A
    actions: [x]

  # B: the one to remove
  - sid: B
    effect: deny
    conditions:
      params.x:
        - 1
    reason: >
      folded
      text

  - sid: C
    effect: deny
# trailer
default: deny
";

    #[test]
    fn removes_exactly_the_item() {
        let cases = [
            // (line, sid, after, removed lines)
            (
                5,
                "A",
                "# header\nversion: \"1.0\"\nstatements:\n  # --- Group -----\n  # B: the one to remove\n  - sid: B\n    effect: deny\n    conditions:\n      params.x:\n        - 1\n    reason: >\n      folded\n      text\n\n  - sid: C\n    effect: deny\n# trailer\ndefault: deny\n",
                5..=9,
            ),
            (
                11,
                "B",
                "# header\nversion: \"1.0\"\nstatements:\n  # --- Group -----\n  - sid: A\n    effect: allow\n    # a comment inside A\n    actions: [x]\n\n  - sid: C\n    effect: deny\n# trailer\ndefault: deny\n",
                10..=19,
            ),
            (
                20,
                "C",
                "# header\nversion: \"1.0\"\nstatements:\n  # --- Group -----\n  - sid: A\n    effect: allow\n    # a comment inside A\n    actions: [x]\n\n  # B: the one to remove\n  - sid: B\n    effect: deny\n    conditions:\n      params.x:\n        - 1\n    reason: >\n      folded\n      text\n# trailer\ndefault: deny\n",
                19..=21,
            ),
        ];
        for (line, sid, after, range) in cases {
            let (text, removed) = remove_item(SPACED, line, sid).unwrap();
            assert_eq!(text, after, "{sid}");
            assert_eq!(removed, range, "{sid}");
        }
    }

    #[test]
    fn removes_the_item_containing_a_line() {
        // A location may point at the `sid:` key below a bare dash.
        let text = "statements:\n-\n  sid: A\n  effect: allow\n- sid: B\n  effect: deny\n";
        let (out, _) = remove_item(text, 3, "A").unwrap();
        assert_eq!(out, "statements:\n- sid: B\n  effect: deny\n");
    }

    #[test]
    fn removes_items_with_any_keys() {
        // Keys the loader may learn later (`examples:`), nested lists at the key's indentation,
        // a comment at the margin inside the item, and a block scalar.
        let text = "statements:\n  - sid: A\n    examples:\n      match:\n        - rm -rf /\n        - {action: file.read}\n# a margin comment inside A\n      not_match:\n      - ls\n    reason: |\n      two\n      lines\n  - sid: B\n    effect: deny\n";
        let (out, removed) = remove_item(text, 2, "A").unwrap();
        assert_eq!(out, "statements:\n  - sid: B\n    effect: deny\n");
        assert_eq!(removed, 2..=12);
        let (out, _) = remove_item(text, 13, "B").unwrap();
        assert_eq!(out, text.replace("  - sid: B\n    effect: deny\n", ""));
    }

    #[test]
    fn removing_the_only_item_leaves_an_empty_list() {
        let (out, _) = remove_item("statements:\n  - sid: A\n    effect: allow", 2, "A").unwrap();
        assert_eq!(out, "statements:\n");
    }

    #[test]
    fn refuses_lines_outside_a_list() {
        let err = remove_item("version: 1\nstatements:\n  - sid: A\n", 1, "A").unwrap_err();
        assert_eq!(
            err.message,
            "statement `A` is not an item of a `statements:` list"
        );
        assert!(remove_item("statements: [{sid: A}]\n", 1, "A").is_err());
    }

    #[test]
    fn comment_names_sid_as_a_word() {
        assert!(names("# B: the one", "B"));
        assert!(names("# see `DenyRm`", "DenyRm"));
        assert!(!names("# DenyRmRf", "DenyRm"));
        assert!(!names("# Backup", "B"));
    }
}

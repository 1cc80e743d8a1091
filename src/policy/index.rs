//! The action index: from an action name to the statements whose action globs can match it, so an
//! evaluation touches only those. Patterns without a glob character (`*`, `?`, `[`) are exact
//! names; the others are grouped by their literal prefix (what comes before the first glob
//! character), and a name only tries the globs whose prefix it starts with.
//!
//! The index is one flat little-endian byte table, sorted, searched by bisection: a set loaded from
//! YAML builds it, and the policy cache stores the same bytes and opens them without decoding
//! anything per statement. [`ActionIndex::from_bytes`] checks only the table's size: the cache's
//! checksum already refuses a damaged table, and every read stays bounds-checked (an entry out of
//! bounds is skipped, never a panic). Checking every entry's order and UTF-8 at every open cost
//! more than the rest of a check with 10,000 statements, and stops no forgery: whoever can write
//! a cache with a valid checksum can as well write a well-formed table of other statements.

use super::glob::ActionGlob;
use std::ops::Range;
use std::sync::Arc;

/// Bytes per exact entry: name offset, name length, owner.
const EXACT: usize = 12;
/// Bytes per glob entry: prefix length, pattern offset, pattern length, owner.
const GLOB: usize = 16;
/// Bytes of the header: how many exact entries, glob entries and distinct prefix lengths.
const HEADER: usize = 12;

/// The index of a policy set's action patterns (see the module docs): built by
/// [`ActionIndex::new`], or read back by [`ActionIndex::from_bytes`] from a checksummed cache.
#[derive(Debug, Clone)]
pub(crate) struct ActionIndex {
    /// The buffer holding the table (for a cached set, the cache's whole front part, shared
    /// rather than copied) and where in it the table is.
    bytes: Arc<Vec<u8>>,
    range: Range<usize>,
    exact: usize,
    globs: usize,
    lens: usize,
}

/// Two indexes are equal when their tables are.
impl PartialEq for ActionIndex {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for ActionIndex {}

/// The literal prefix of a pattern in bytes, or `None` when the pattern has no glob character (an
/// exact name). An unclosed `[` is literal to the matcher, but ending the prefix there only adds
/// candidates, which the glob then rejects.
fn literal_prefix(pattern: &str) -> Option<usize> {
    pattern.find(['*', '?', '['])
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl ActionIndex {
    /// Indexes `(pattern, statement index)` pairs.
    pub(crate) fn new<'a>(patterns: impl IntoIterator<Item = (&'a str, usize)>) -> Self {
        let mut exact: Vec<(&str, usize)> = Vec::new();
        let mut globs: Vec<(&str, usize, usize)> = Vec::new();
        for (pattern, owner) in patterns {
            match literal_prefix(pattern) {
                None => exact.push((pattern, owner)),
                Some(prefix) => globs.push((pattern, prefix, owner)),
            }
        }
        exact.sort_unstable();
        exact.dedup();
        let prefix_of = |(p, n, _): &(&'a str, usize, usize)| p.get(..*n).unwrap_or_default();
        globs.sort_unstable_by(|a, b| (prefix_of(a), a.2, a.0).cmp(&(prefix_of(b), b.2, b.0)));
        globs.dedup();
        let mut lens: Vec<usize> = globs.iter().map(|g| g.1).collect();
        lens.sort_unstable();
        lens.dedup();

        let strings_at = HEADER + exact.len() * EXACT + globs.len() * GLOB + lens.len() * 4;
        let mut bytes = Vec::with_capacity(strings_at);
        let mut strings: Vec<u8> = Vec::new();
        let push =
            |bytes: &mut Vec<u8>, n: usize| bytes.extend_from_slice(&u32_of(n).to_le_bytes());
        push(&mut bytes, exact.len());
        push(&mut bytes, globs.len());
        push(&mut bytes, lens.len());
        for (name, owner) in &exact {
            push(&mut bytes, strings_at + strings.len());
            push(&mut bytes, name.len());
            push(&mut bytes, *owner);
            strings.extend_from_slice(name.as_bytes());
        }
        for (pattern, prefix, owner) in &globs {
            push(&mut bytes, *prefix);
            push(&mut bytes, strings_at + strings.len());
            push(&mut bytes, pattern.len());
            push(&mut bytes, *owner);
            strings.extend_from_slice(pattern.as_bytes());
        }
        for len in &lens {
            push(&mut bytes, *len);
        }
        bytes.extend_from_slice(&strings);
        Self {
            range: 0..bytes.len(),
            bytes: Arc::new(bytes),
            exact: exact.len(),
            globs: globs.len(),
            lens: lens.len(),
        }
    }

    /// The table as bytes (what the policy cache stores).
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(self.range.clone()).unwrap_or_default()
    }

    /// Reads a table written by [`ActionIndex::as_bytes`] at `range` of `bytes`; `None` unless
    /// its three tables fit there (the entries themselves are checked by the cache's checksum,
    /// see the module docs).
    pub(crate) fn from_bytes(bytes: Arc<Vec<u8>>, range: Range<usize>) -> Option<Self> {
        let table = bytes.get(range.clone())?;
        let word = |at: usize| read_u32(table, at);
        let (exact, globs, lens) = (word(0)?, word(4)?, word(8)?);
        let len = table.len();
        let index = Self {
            bytes,
            range,
            exact,
            globs,
            lens,
        };
        let end = index.lens_at().checked_add(lens.checked_mul(4)?)?;
        (end <= len).then_some(index)
    }

    /// Indexes of the statements whose action globs match `action`, ascending (load order).
    /// Names and prefixes are compared as bytes (the order of `str`), so the bisection validates
    /// no UTF-8; only a glob whose prefix matched is read as text.
    pub(crate) fn candidates(&self, action: &str) -> Vec<usize> {
        let mut owners = Vec::new();
        // Exact names: the run of entries equal to `action`.
        let wanted = action.as_bytes();
        let first = partition(self.exact, |i| {
            self.exact_entry(i).is_some_and(|(name, _)| name < wanted)
        });
        for i in first..self.exact {
            match self.exact_entry(i) {
                Some((name, owner)) if name == wanted => owners.push(owner),
                _ => break,
            }
        }
        // Globs: for each prefix length, the run whose prefix is that much of `action`.
        let mut chars: Option<Vec<char>> = None;
        for l in 0..self.lens {
            let Some(len) = self.word(self.lens_at() + l * 4) else {
                continue;
            };
            let Some(prefix) = action.get(..len).map(str::as_bytes) else {
                continue;
            };
            let first = partition(self.globs, |i| {
                self.glob_entry(i).is_some_and(|(p, _, _)| p < prefix)
            });
            for i in first..self.globs {
                match self.glob_entry(i) {
                    Some((p, pattern, owner)) if p == prefix => {
                        let Ok(pattern) = std::str::from_utf8(pattern) else {
                            break;
                        };
                        let text = chars.get_or_insert_with(|| action.chars().collect());
                        if ActionGlob::new(pattern).is_match_chars(text) {
                            owners.push(owner);
                        }
                    }
                    _ => break,
                }
            }
        }
        owners.sort_unstable();
        owners.dedup();
        owners
    }

    fn globs_at(&self) -> usize {
        HEADER + self.exact * EXACT
    }

    fn lens_at(&self) -> usize {
        self.globs_at() + self.globs * GLOB
    }

    fn word(&self, at: usize) -> Option<usize> {
        read_u32(self.as_bytes(), at)
    }

    fn bytes_at(&self, at: usize, len: usize) -> Option<&[u8]> {
        self.as_bytes().get(at..at.checked_add(len)?)
    }

    /// Exact entry `i`: the name and its statement.
    fn exact_entry(&self, i: usize) -> Option<(&[u8], usize)> {
        let at = HEADER + i * EXACT;
        Some((
            self.bytes_at(self.word(at)?, self.word(at + 4)?)?,
            self.word(at + 8)?,
        ))
    }

    /// Glob entry `i`: its literal prefix, the whole pattern, and its statement.
    fn glob_entry(&self, i: usize) -> Option<(&[u8], &[u8], usize)> {
        let at = self.globs_at() + i * GLOB;
        let pattern = self.bytes_at(self.word(at + 4)?, self.word(at + 8)?)?;
        Some((pattern.get(..self.word(at)?)?, pattern, self.word(at + 12)?))
    }
}

fn read_u32(bytes: &[u8], at: usize) -> Option<usize> {
    let word: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    usize::try_from(u32::from_le_bytes(word)).ok()
}

/// The first index in `0..len` for which `before` is false (`before` holds for a prefix).
fn partition(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table read back from its bytes.
    fn reread(bytes: Vec<u8>) -> Option<ActionIndex> {
        let len = bytes.len();
        ActionIndex::from_bytes(Arc::new(bytes), 0..len)
    }
    use proptest::prelude::*;

    /// What the index replaces: every pattern of every statement tried in turn.
    fn linear(patterns: &[(String, usize)], action: &str) -> Vec<usize> {
        let mut owners: Vec<usize> = patterns
            .iter()
            .filter(|(p, _)| ActionGlob::new(p).is_match(action))
            .map(|(_, o)| *o)
            .collect();
        owners.sort_unstable();
        owners.dedup();
        owners
    }

    fn index_of(patterns: &[(String, usize)]) -> ActionIndex {
        ActionIndex::new(patterns.iter().map(|(p, o)| (p.as_str(), *o)))
    }

    /// Names and patterns over a small alphabet, so that they often overlap; patterns mix glob
    /// characters (`*`, `?`, classes, unclosed `[`) anywhere, and multi-byte characters.
    const NAME: &str = "[ab.é]{0,6}";
    const PATTERN: &str = r"([ab.é*?]|\[!?[abé-]{0,3}\]?){0,5}";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn the_index_finds_what_a_linear_scan_finds(
            patterns in proptest::collection::vec((PATTERN, 0usize..12), 0..24),
            actions in proptest::collection::vec(prop_oneof![NAME, PATTERN], 1..8),
        ) {
            let index = index_of(&patterns);
            let again = reread(index.as_bytes().to_vec());
            prop_assert_eq!(again.as_ref(), Some(&index));
            for action in &actions {
                prop_assert_eq!(index.candidates(action), linear(&patterns, action), "{}", action);
            }
        }
    }

    #[test]
    fn exact_names_and_prefix_groups() {
        let patterns: Vec<(String, usize)> = [
            ("bash.execute", 0),
            ("file.*", 1),
            ("file.write", 2),
            ("*", 3),
            ("mcp.github.*", 4),
            ("mcp.git?ub.read", 5),
            ("bash.execute", 6),
        ]
        .into_iter()
        .map(|(p, o)| (p.to_owned(), o))
        .collect();
        let index = index_of(&patterns);
        let cases: [(&str, &[usize]); 5] = [
            ("bash.execute", &[0, 3, 6]),
            ("file.write", &[1, 2, 3]),
            ("mcp.github.read", &[3, 4, 5]),
            ("mcp.gitlab.read", &[3]),
            ("", &[3]),
        ];
        for (action, want) in cases {
            assert_eq!(index.candidates(action), want, "{action}");
        }
    }

    /// A table whose three tables do not fit is refused; whatever its bytes, a search never
    /// panics (an entry out of bounds is skipped). Damaged entries are the cache checksum's job.
    #[test]
    fn a_short_or_garbled_table_never_panics() {
        let patterns: Vec<(String, usize)> = ["b", "a", "c*", "a?"]
            .into_iter()
            .enumerate()
            .map(|(o, p)| (p.to_owned(), o))
            .collect();
        let index = index_of(&patterns);
        let strings_at = index.lens_at() + index.lens * 4;
        let bytes = index.as_bytes().to_vec();
        let search = |index: &ActionIndex| {
            for action in ["a", "b", "a1", "c", "c9", ""] {
                let _ = index.candidates(action);
            }
        };
        assert_eq!(reread(bytes.clone()).as_ref(), Some(&index));
        for cut in 0..bytes.len() {
            let short = bytes.get(..cut).unwrap_or_default().to_vec();
            match reread(short) {
                None => assert!(cut < strings_at, "cut at {cut} refused"),
                Some(index) => {
                    assert!(cut >= strings_at, "cut at {cut} accepted");
                    search(&index);
                }
            }
        }
        for at in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut bad = bytes.clone();
                bad[at] ^= flip;
                if let Some(index) = reread(bad) {
                    search(&index);
                }
            }
        }
    }
}

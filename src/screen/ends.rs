//! A multi-pattern search that reports only where each match ends and which pattern it is, for
//! searches whose callers need no start (a sentence feature belongs to the sentence its match
//! ends in). The forward lazy DFA alone finds the same leftmost-first, non-overlapping matches
//! as `meta::Regex::find_iter`, without the reverse search a start needs and without the meta
//! engine's per-match overhead: on text holding a match every few bytes (a megabyte of pseudo-
//! tags) that halves the cost of the pass.
//!
//! Building fails (and the caller has no search) for patterns a lazy DFA cannot run: Unicode
//! word boundaries (`(?-u:\b)` is what the screen uses) or a pattern that can match the empty
//! string (whose iteration rules need the start). Built once; each thread keeps its own cache of
//! DFA states, so a warm process determinizes nothing twice.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::{Input, MatchKind};
use std::cell::RefCell;

/// A compiled end-only search.
pub(crate) struct EndSearch {
    dfa: DFA,
    /// Which per-thread cache slot this search uses.
    slot: usize,
}

// Per-thread DFA caches, by `EndSearch::slot`.
thread_local! {
    static CACHES: RefCell<Vec<Option<Cache>>> = const { RefCell::new(Vec::new()) };
}

/// Slots handed out so far.
static SLOTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl EndSearch {
    /// Compiles `patterns` (leftmost-first, like `meta::Regex::build_many`) with a lazy-DFA cache
    /// of `cache_bytes`; `None` if a pattern does not compile, can match the empty string or
    /// needs a Unicode word boundary.
    pub(crate) fn new(patterns: &[&str], cache_bytes: usize) -> Option<Self> {
        for pattern in patterns {
            let hir = regex_automata::util::syntax::parse(pattern).ok()?;
            if hir.properties().minimum_len().is_none_or(|len| len == 0) {
                return None;
            }
        }
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::LeftmostFirst)
                    .cache_capacity(cache_bytes),
            )
            .build_many(patterns)
            .ok()?;
        let slot = SLOTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some(Self { dfa, slot })
    }

    /// Calls `each(end, pattern)` for every leftmost-first, non-overlapping match in `haystack`,
    /// in order. A search error (none is possible for a search [`EndSearch::new`] built) ends
    /// the walk.
    pub(crate) fn each_end(&self, haystack: &str, mut each: impl FnMut(usize, usize)) {
        CACHES.with_borrow_mut(|caches| {
            if caches.len() <= self.slot {
                caches.resize_with(self.slot + 1, || None);
            }
            let Some(cache) = caches.get_mut(self.slot) else {
                return;
            };
            let cache = cache.get_or_insert_with(|| self.dfa.create_cache());
            let mut at = 0;
            while at < haystack.len() {
                let input = Input::new(haystack).range(at..);
                let Ok(Some(found)) = self.dfa.try_search_fwd(cache, &input) else {
                    return;
                };
                each(found.offset(), found.pattern().as_usize());
                // Every match holds at least one byte (checked when built): the next search
                // starts where this match ended, as `find_iter` does.
                at = found.offset().max(at + 1);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::meta::Regex;

    /// The ends and patterns `meta::Regex::find_iter` reports.
    fn meta_ends(patterns: &[&str], haystack: &str) -> Vec<(usize, usize)> {
        let regex = Regex::new_many(patterns).unwrap();
        regex
            .find_iter(haystack)
            .map(|m| (m.end(), m.pattern().as_usize()))
            .collect()
    }

    fn ends(search: &EndSearch, haystack: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        search.each_end(haystack, |end, pattern| out.push((end, pattern)));
        out
    }

    const PATTERNS: &[&str] = &[
        r"(?-u:\b)(?:ab|abc|a)(?-u:\b)",
        r"(?m)^[ >]*b+ ?:",
        r"c[a-c]{0,3}",
        r"<(?:x|xy)[^<>\n]{0,4}>",
    ];

    #[test]
    fn refuses_what_a_lazy_dfa_cannot_run_the_same_way() {
        assert!(EndSearch::new(&[r"a*"], 1 << 20).is_none(), "empty match");
        assert!(
            EndSearch::new(&[r"\bword\b"], 1 << 20).is_none(),
            "Unicode \\b"
        );
        assert!(EndSearch::new(&[r"("], 1 << 20).is_none(), "syntax error");
        assert!(EndSearch::new(PATTERNS, 1 << 20).is_some());
    }

    #[test]
    fn finds_what_find_iter_finds_on_known_cases() {
        let search = EndSearch::new(PATTERNS, 1 << 20).unwrap();
        for haystack in [
            "ab abc a",
            "b:\n > bb :x",
            "cabcab <xy><x ab>",
            "",
            "é ab é",
        ] {
            assert_eq!(
                ends(&search, haystack),
                meta_ends(PATTERNS, haystack),
                "{haystack:?}"
            );
        }
    }

    /// Two searches built once, sharing each test thread's caches.
    static SEARCHES: std::sync::LazyLock<[EndSearch; 2]> = std::sync::LazyLock::new(|| {
        [
            EndSearch::new(PATTERNS, 1 << 20).unwrap(),
            EndSearch::new(&PATTERNS[2..], 1 << 20).unwrap(),
        ]
    });

    proptest::proptest! {
        /// Same ends and patterns as `find_iter`, on text dense in overlapping matches, and
        /// from two searches sharing this thread.
        #[test]
        fn finds_what_find_iter_finds(haystack in "([abc <>xy:\n]|é|b+ ?:){0,60}") {
            let [search, other] = &*SEARCHES;
            proptest::prop_assert_eq!(ends(search, &haystack), meta_ends(PATTERNS, &haystack));
            proptest::prop_assert_eq!(ends(other, &haystack), meta_ends(&PATTERNS[2..], &haystack));
        }
    }
}

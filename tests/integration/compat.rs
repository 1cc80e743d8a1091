//! Runs every case of `../shared/corpus/policy-compat` (recorded from the Python agsec 0.2.2)
//! through the library and lists every mismatch before failing.
//!
//! Deliberate differences (README, "Compatibility"): agsec rejects at load time what the Python
//! engine silently ignored at evaluation time: invalid regexes, regexes over 500 characters and
//! global flags in the middle of a pattern. For the `ops` directory, which mixes such statements
//! with valid ones, the test asserts that loading fails naming exactly those statements, then
//! evaluates the cases against the directory without them.

use crate::support::shared_dir;
use agsec::Action;
use agsec::policy::{self, LoadErrors};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Statements of the `ops` directory that agsec refuses to load, and why.
const REJECTED_IN_OPS: [(&str, &str); 3] = [
    ("RegexInvalid", "invalid regex"),
    ("RegexMidFlag", "global flags"),
    ("RegexLong", "more than the limit"),
];

/// Cases whose label says the value was a 1,500-character string while the stored value is the
/// four characters `"1500"`. The Python engine skipped regexes on long input (so a deny statement
/// silently did not apply: unsafe, not kept). agsec gives Python's answer for the stored value.
const DIFFERENT_BY_DESIGN: [(&str, &str); 3] = [
    ("op-GtStr-str_1500", "allow"),
    ("op-RegexBackref-str_1500", "deny"),
    ("op-RegexDigits-str_1500", "deny"),
];

fn corpus() -> PathBuf {
    shared_dir().join("corpus/policy-compat")
}

/// Loads a corpus directory the way agsec does; for `ops`, checks the rejections and loads the rest.
fn load(dir: &Path) -> Result<policy::PolicySet, LoadErrors> {
    let loaded = policy::load_dir(dir);
    if !dir.ends_with("ops") {
        return loaded;
    }
    let errors = loaded.expect_err("the ops directory holds statements agsec must reject");
    let messages: Vec<String> = errors.errors().iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), REJECTED_IN_OPS.len(), "{messages:#?}");
    for (sid, why) in REJECTED_IN_OPS {
        assert!(
            messages
                .iter()
                .any(|m| m.contains(&format!("`{sid}`")) && m.contains(why)),
            "no load error for {sid} ({why}) in {messages:#?}"
        );
    }
    let mut sources = Vec::new();
    for file in policy::policy_files(dir).expect("files") {
        let text = std::fs::read_to_string(&file).expect("read");
        sources.push((
            file,
            without_statements(&text, &REJECTED_IN_OPS.map(|(s, _)| s)),
        ));
    }
    policy::load_sources(&sources)
}

/// Drops the list items `- sid: "X"` … up to the next item, for the given sids.
fn without_statements(text: &str, sids: &[&str]) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if let Some(rest) = line.trim_start().strip_prefix("- sid:") {
            let sid = rest.trim().trim_matches('"');
            skipping = sids.contains(&sid);
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn python_agsec_decisions_are_kept() {
    let text = std::fs::read_to_string(corpus().join("cases.jsonl")).expect("compat corpus");
    let mut sets: BTreeMap<String, Result<policy::PolicySet, LoadErrors>> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("case json");
        count += 1;
        let dir = case["policy_dir"].as_str().expect("policy_dir").to_owned();
        let set = sets
            .entry(dir.clone())
            .or_insert_with(|| load(&corpus().join(&dir)));
        let action = Action {
            name: case["action"].as_str().unwrap_or_default().to_owned(),
            params: case["params"].as_object().cloned().unwrap_or_default(),
            context: case["context"].as_object().cloned().unwrap_or_default(),
        };
        let (got, sid) = match set {
            Ok(set) => {
                let d = policy::evaluate(set, &action);
                (d.effect.as_str().to_owned(), d.sid)
            }
            Err(_) => ("deny".to_owned(), None),
        };
        let id = case["id"].as_str().unwrap_or_default();
        let overridden = DIFFERENT_BY_DESIGN.iter().find(|(i, _)| *i == id);
        let want =
            overridden.map_or_else(|| case["expect"].as_str().unwrap_or_default(), |(_, d)| *d);
        let want_sid = if overridden.is_some() {
            None
        } else {
            case["expect_sid"].as_str()
        };
        if got != want || (want_sid.is_some() && sid.as_deref() != want_sid) {
            failures.push(format!(
                "{}: {} {} -> {got} {sid:?}, want {want} {want_sid:?}",
                id,
                action.name,
                Value::Object(action.params.clone()),
            ));
        }
    }
    assert!(count > 2000, "corpus has only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

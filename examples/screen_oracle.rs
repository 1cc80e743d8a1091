//! A harness for work on the screen's speed, which must not change any result.
//!
//! - `dump [mix-file]`: every finding, at every sensitivity, of every sample under
//!   `tests/data/screen/` (the corpora and the generated `eval/` sets), of the 1 MB mix and
//!   plain prose, and of each 8 MB adversarial text, one JSON line per text and sensitivity.
//!   Run it before and after a change and `diff` the outputs: they must be identical. The mix
//!   holds the crate's own source, so pass a frozen copy (`freeze`) to compare across changes.
//! - `freeze FILE`: writes the 1 MB mix to FILE.
//! - `time [mix-file] [name-filter] [runs]`: the median time of `scan` on each bench text.
//! - `once NAME [mix-file] [runs]`: scans of one bench text (for `valgrind --tool=callgrind`).
//!
//! `cargo run --release --example screen_oracle -- dump /tmp/mix.txt > after.jsonl`

#[path = "../benches/support/scan_texts.rs"]
mod texts;

use agsec::screen::{ScreenSettings, Sensitivity, scan};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Every `.jsonl` file under `dir`, sorted.
fn corpus_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            corpus_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "jsonl") {
            out.push(path);
        }
    }
}

/// The bench texts by name: the mix (from `mix_file` when given), prose, and the adversarial
/// kinds.
fn bench_texts(mix_file: Option<&str>) -> Vec<(String, String)> {
    bench_names()
        .into_iter()
        .map(|name| {
            let text = bench_text(&name, mix_file);
            (name, text)
        })
        .collect()
}

/// The names of the bench texts.
fn bench_names() -> Vec<String> {
    let mut names = vec!["1 MB mix".to_owned(), "1 MB plain prose".to_owned()];
    names.extend(
        texts::ADVERSARIAL
            .iter()
            .map(|(name, _)| (*name).to_owned()),
    );
    names
}

/// One bench text by name (the mix from `mix_file` when given).
fn bench_text(name: &str, mix_file: Option<&str>) -> String {
    match name {
        "1 MB mix" => mix_file
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_else(texts::mixed_megabyte),
        "1 MB plain prose" => texts::plain_prose(),
        _ => texts::ADVERSARIAL
            .iter()
            .find(|(kind, _)| *kind == name)
            .map(|(_, unit)| texts::adversarial(unit))
            .unwrap_or_default(),
    }
}

const SENSITIVITIES: [Sensitivity; 3] = [Sensitivity::Low, Sensitivity::Medium, Sensitivity::High];

fn settings(sensitivity: Sensitivity) -> ScreenSettings {
    ScreenSettings {
        sensitivity,
        ..ScreenSettings::default()
    }
}

fn print_findings(label: &str, text: &str) {
    for sensitivity in SENSITIVITIES {
        let findings = scan(text, &settings(sensitivity));
        let line = serde_json::json!({
            "text": label,
            "sensitivity": sensitivity.as_str(),
            "findings": findings,
        });
        println!("{line}");
    }
}

fn dump(mix_file: Option<&str>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    corpus_files(&root.join("tests/data/screen"), &mut files);
    for file in files {
        let name = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        for (line, text) in texts::corpus_texts(&file).iter().enumerate() {
            print_findings(&format!("{name}:{}", line + 1), text);
        }
    }
    for (name, text) in bench_texts(mix_file) {
        print_findings(&name, &text);
    }
}

fn time(mix_file: Option<&str>, filter: &str, runs: usize) {
    let settings = ScreenSettings::default();
    for name in bench_names() {
        if !name.contains(filter) {
            continue;
        }
        let text = bench_text(&name, mix_file);
        let _ = scan(&text, &settings);
        let mut laps: Vec<f64> = (0..runs.max(1))
            .map(|_| {
                let start = Instant::now();
                let found = scan(&text, &settings);
                std::hint::black_box(found);
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        laps.sort_by(f64::total_cmp);
        let median = laps.get(laps.len() / 2).copied().unwrap_or_default();
        let best = laps.first().copied().unwrap_or_default();
        println!(
            "{name:<32} {:>6.2} MB  median {median:>8.2} ms  best {best:>8.2} ms",
            text.len() as f64 / texts::MB as f64
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    match arg(0) {
        Some("dump") => dump(arg(1)),
        Some("freeze") => {
            if let Some(path) = arg(1)
                && std::fs::write(path, texts::mixed_megabyte()).is_err()
            {
                eprintln!("cannot write {path}");
            }
        }
        Some("time") => time(
            arg(1).filter(|a| !a.is_empty()),
            arg(2).unwrap_or(""),
            arg(3).and_then(|n| n.parse().ok()).unwrap_or(5),
        ),
        Some("once") => {
            let text = bench_text(
                arg(1).unwrap_or("1 MB mix"),
                arg(2).filter(|a| !a.is_empty()),
            );
            for _ in 0..arg(3).and_then(|n| n.parse().ok()).unwrap_or(1) {
                let _ = scan(&text, &ScreenSettings::default());
            }
        }
        _ => eprintln!(
            "usage: screen_oracle dump [mix] | freeze FILE | time [mix] [filter] [runs] | once NAME [mix] [runs]"
        ),
    }
}

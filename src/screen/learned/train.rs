//! Training the learned scorer (tests only): logistic regression by stochastic gradient descent,
//! deterministic (fixed example order and seed), on [`TRAINED_ON`]: the dev split and held-out
//! v1 of the generated evaluation data, the harmless corpus, and the training corpus
//! `train/train.jsonl` and `train/train_r4.jsonl` (their own grammars, `train/generate_train.py`
//! and `train/generate_train_r4.py`). Positives are the sentences of
//! each injected output's `payload`; negatives are every other sentence of those outputs (the
//! e-mail, calendar, file … the payload sits in) and of the harmless corpus. Held-out v2 to v6
//! are never read here.

use super::{BUCKETS, Model, features, sigmoid};
use crate::screen::intent::sentence_spans;
use crate::screen::normalize::Folded;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The data trained on, under `tests/data/screen/`.
pub(crate) const TRAINED_ON: &[&str] = &[
    "eval/dev.jsonl",
    "eval/heldout.jsonl",
    "harmless.jsonl",
    "train/train.jsonl",
    "train/train_r4.jsonl",
];

const EPOCHS: usize = 30;
const LEARNING_RATE: f32 = 0.3;
const L2: f32 = 1e-5;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/screen")
}

/// The trimmed sentences of `text` once folded, of at least two words.
fn sentences(text: &str) -> Vec<String> {
    let folded = Folded::new(text).text;
    sentence_spans(&folded)
        .into_iter()
        .filter_map(|(start, end)| folded.get(start..end))
        .map(|s| s.trim().to_owned())
        .filter(|s| s.split_whitespace().nth(1).is_some())
        .collect()
}

/// The training examples: (sentence, is an injection), distinct, in a fixed order.
pub(crate) fn examples() -> Vec<(String, bool)> {
    let mut set = BTreeSet::new();
    let mut lines = String::new();
    for file in TRAINED_ON {
        lines.push_str(&std::fs::read_to_string(data_dir().join(file)).unwrap_or_default());
        lines.push('\n');
    }
    for line in lines.lines() {
        let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let text = case.get("text").and_then(|t| t.as_str()).unwrap_or("");
        let payload = case.get("payload").and_then(|t| t.as_str());
        let Some(payload) = payload else {
            set.extend(sentences(text).into_iter().map(|s| (s, false)));
            continue;
        };
        let injected = sentences(payload);
        let folded_payload = Folded::new(payload).text;
        for sentence in sentences(text) {
            let is_payload = folded_payload.contains(sentence.trim_matches(['"', ',', ' ']))
                || injected.iter().any(|p| sentence.contains(p.as_str()));
            if !is_payload {
                set.insert((sentence, false));
            }
        }
        set.extend(injected.into_iter().map(|s| (s, true)));
    }
    set.into_iter().collect()
}

/// Trains on `examples`; returns (bias, weights).
pub(crate) fn train(examples: &[(String, bool)]) -> (f32, Vec<f32>) {
    let encoded: Vec<(Vec<u16>, bool)> = examples
        .iter()
        .map(|(text, label)| {
            let mut buckets = Vec::new();
            features(text, &mut buckets);
            (buckets, *label)
        })
        .collect();
    let positives = encoded.iter().filter(|(_, label)| *label).count().max(1);
    let negatives = encoded.len().saturating_sub(positives).max(1);
    // Each class weighs as much as the other in total.
    let positive_weight = negatives as f32 / positives as f32;
    let mut model = Model {
        bias: 0.0,
        weights: vec![0.0; BUCKETS],
    };
    let mut order: Vec<usize> = (0..encoded.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for epoch in 0..EPOCHS {
        // Fisher-Yates with xorshift: a fixed, platform-independent order.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let rate = LEARNING_RATE / (1.0 + epoch as f32 * 0.2);
        for &i in &order {
            let Some((buckets, label)) = encoded.get(i) else {
                continue;
            };
            let target = if *label { 1.0 } else { 0.0 };
            let weight = if *label { positive_weight } else { 1.0 };
            let error = (sigmoid(model.logit(buckets)) - target) * weight;
            let norm = 1.0 / (buckets.len().max(1) as f32).sqrt();
            for &bucket in buckets {
                if let Some(w) = model.weights.get_mut(usize::from(bucket)) {
                    *w -= rate * (error * norm + L2 * *w);
                }
            }
            model.bias -= rate * error * 0.1;
        }
    }
    (model.bias, model.weights)
}

fn weights_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/screen/learned.weights")
}

/// Regenerates `src/screen/learned.weights`:
/// `cargo test --lib screen::learned::train::write_weights -- --ignored`.
#[test]
#[ignore = "writes the weights file; run after changing the training data or the features"]
fn write_weights() {
    let examples = examples();
    let (bias, weights) = train(&examples);
    std::fs::write(weights_path(), Model::encode(bias, &weights)).expect("write weights");
    let positives = examples.iter().filter(|(_, l)| *l).count();
    println!("{} examples, {positives} injected", examples.len());
}

/// The stored weights are what training on the stored data gives (up to one quantization step,
/// for floating-point differences between platforms' `exp`).
#[test]
fn stored_weights_are_what_training_gives() {
    let examples = examples();
    assert!(examples.iter().filter(|(_, l)| *l).count() >= 100);
    assert!(examples.iter().filter(|(_, l)| !*l).count() >= 500);
    let (bias, weights) = train(&examples);
    let fresh = Model::decode(&Model::encode(bias, &weights)).expect("decodes");
    let stored = Model::decode(&std::fs::read(weights_path()).expect("weights file")).expect("ok");
    assert!(
        (fresh.bias - stored.bias).abs() < 1e-3,
        "stale weights: rerun write_weights"
    );
    let step = weights.iter().fold(0f32, |m, w| m.max(w.abs())) / 127.0;
    let off = fresh
        .weights
        .iter()
        .zip(&stored.weights)
        .filter(|(a, b)| (*a - *b).abs() > step * 1.5)
        .count();
    assert_eq!(off, 0, "stale weights: rerun write_weights");
}

/// Training data stays clear of the held-out splits: no held-out sentence is a training example.
#[test]
fn training_never_reads_the_held_out_splits() {
    let examples = examples();
    let trained: BTreeSet<&str> = examples.iter().map(|(s, _)| s.as_str()).collect();
    for split in [
        "heldout2.jsonl",
        "heldout3.jsonl",
        "heldout4.jsonl",
        "heldout5.jsonl",
        "heldout6.jsonl",
    ] {
        let text = std::fs::read_to_string(data_dir().join("eval").join(split)).unwrap_or_default();
        let mut shared = 0;
        let mut injected_sentences = 0;
        for line in text.lines() {
            let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let Some(payload) = case.get("payload").and_then(|t| t.as_str()) else {
                continue;
            };
            for sentence in sentences(payload) {
                injected_sentences += 1;
                shared += usize::from(trained.contains(sentence.as_str()));
            }
        }
        // Payload sentences of held-out families are new wordings, not training sentences.
        assert!(
            shared * 20 <= injected_sentences,
            "{split}: {shared} of {injected_sentences}"
        );
    }
}

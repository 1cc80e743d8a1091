//! Throughput of the injection screen (`agsec::screen::scan`) on a realistic 1 MB of tool output:
//! HTML pages, logs, JSON and the crate's own Rust source, with a few injections mixed in (so
//! the scoring path runs too), alone and with the secret search `agsec scan` adds for taint.
//! Also 8 MB of adversarial repetition (one phrase, one character, near misses).
//! Run: `cargo bench --bench scan`. Targets: < 20 ms per MB of tool output, < 100 ms per 8 MB
//! of adversarial text.

use agsec::screen::{ScreenSettings, Sensitivity, scan};
use agsec::taint::find_tracked;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
#[path = "support/scan_texts.rs"]
mod texts;

use texts::{ADVERSARIAL, adversarial, mixed_megabyte, plain_prose};

fn bench(c: &mut Criterion) {
    let text = mixed_megabyte();
    let mut group = c.benchmark_group("screen");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(30);
    for sensitivity in [Sensitivity::Medium, Sensitivity::High] {
        let settings = ScreenSettings {
            sensitivity,
            ..ScreenSettings::default()
        };
        group.bench_function(format!("scan 1 MB mix ({})", sensitivity.as_str()), |b| {
            b.iter(|| scan(black_box(&text), &settings))
        });
    }
    // What `agsec scan` does per output besides I/O: the injection screen and the secret search
    // whose matches are remembered for taint.
    let settings = ScreenSettings::default();
    group.bench_function("scan + secrets 1 MB mix (medium)", |b| {
        b.iter(|| {
            let findings = scan(black_box(&text), &settings);
            let secrets = find_tracked(black_box(&text));
            (findings.len(), secrets.len())
        })
    });
    group.bench_function(
        "scan and secrets on two threads, as agsec scan does (1 MB mix)",
        |b| {
            b.iter(|| {
                std::thread::scope(|scope| {
                    let secrets =
                        scope.spawn(|| agsec::audit::redact::find_secrets(black_box(&text)).len());
                    let findings = scan(black_box(&text), &settings).len();
                    (findings, secrets.join().unwrap_or_default())
                })
            })
        },
    );
    group.bench_function("secrets only 1 MB mix", |b| {
        b.iter(|| find_tracked(black_box(&text)).len())
    });
    let ascii_prose = plain_prose();
    group.bench_function("scan 1 MB plain prose", |b| {
        b.iter(|| scan(black_box(&ascii_prose), &ScreenSettings::default()))
    });
    group.finish();

    // Adversarial repetition, 8 MB each: the screen must stay linear (issue target < 100 ms).
    let mut group = c.benchmark_group("screen adversarial 8 MB");
    group.sample_size(10);
    for &(name, unit) in ADVERSARIAL {
        let text = adversarial(unit);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| scan(black_box(&text), &ScreenSettings::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

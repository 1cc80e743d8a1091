//! Times the phases of one check in a fresh process (first calls pay lazy initialisation):
//! `cargo run --release --example phases -- <policy-dir> < payload.json`.

use std::io::Read;
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let lap = |name: &str| {
        eprintln!("{name:<14} {:>8.3} ms", t.elapsed().as_secs_f64() * 1000.0);
    };
    let dir = std::env::args().nth(1).unwrap_or_default();
    let mut input = String::new();
    let _ = std::io::stdin().read_to_string(&mut input);
    lap("start");
    let call = agsec::agents::parse(&input, None).ok();
    lap("parse");
    let engine = agsec::Engine::load(std::path::Path::new(&dir)).ok();
    lap("load");
    let cwd = std::env::current_dir().unwrap_or_default();
    let env = agsec::engine::Environment::detect(&cwd, &[]);
    lap("environment");
    let _ = agsec::paths::is_secret("/x/.env");
    lap("secret globs");
    let ctx = agsec::paths::PathContext {
        cwd: cwd.clone(),
        home: env.home.clone(),
        workspace: env.workspace.clone(),
        protected: vec![],
    };
    let _ = agsec::shell::analyze("git status && cargo test -q 2>&1 | tail -5", &ctx);
    lap("analyze");
    let _ = agsec::shell::analyze("git status && cargo test -q 2>&1 | tail -5", &ctx);
    lap("analyze again");
    if let (Some(call), Some(engine)) = (call, engine) {
        for action in &call.actions {
            let d = engine.check(action, &env);
            lap("check");
            let d2 = engine.check(action, &env);
            lap("check again");
            eprintln!("{:?} {:?}", d.effect, d2.sid);
        }
    }
}

//! Prints what the shell analysis finds in a command: `cargo run --example analyze -- '<command>'`.

use agsec::paths::PathContext;
use std::path::PathBuf;

fn main() {
    let command = std::env::args().nth(1).unwrap_or_default();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from);
    let ctx = PathContext {
        cwd: cwd.clone(),
        home,
        workspace: cwd,
        protected: Vec::new(),
    };
    let analysis = agsec::shell::analyze(&command, &ctx);
    println!(
        "{}",
        serde_json::to_string_pretty(&analysis).unwrap_or_default()
    );
}

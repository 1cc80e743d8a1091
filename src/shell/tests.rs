//! Unit tests of the whole analysis (the big example tables are in tests/integration/shell.rs).

use super::*;
use std::path::PathBuf;

fn ctx() -> PathContext {
    PathContext {
        cwd: PathBuf::from("/home/u/proj"),
        home: PathBuf::from("/home/u"),
        workspace: PathBuf::from("/home/u/proj"),
        protected: vec![],
    }
}

#[test]
fn smoke() {
    let a = analyze("rm -rf /", &ctx());
    assert_eq!(a.commands.len(), 1);
    assert_eq!(a.commands[0].program.as_deref(), Some("rm"));
    assert!(a.commands[0].deletes[0].is_root);
}

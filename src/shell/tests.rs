//! Unit tests of the whole analysis (the big example tables are in tests/integration/shell.rs).

use super::*;

fn ctx() -> PathContext {
    crate::shell::test_context("/home/u/proj", "/home/u")
}

#[test]
fn smoke() {
    let a = analyze("rm -rf /", &ctx());
    assert_eq!(a.commands.len(), 1);
    assert_eq!(a.commands[0].program.as_deref(), Some("rm"));
    assert!(a.commands[0].deletes[0].is_root);
}

fn ctx_in(dir: &std::path::Path) -> PathContext {
    crate::shell::test_context(dir.to_path_buf(), dir.join("home"))
}

fn write(path: &std::path::Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_glob_over_the_listing_bound_is_unknown_not_harmless() {
    let small = tempfile::tempdir().unwrap();
    write(&small.path().join("id_rsa"), "key\n");
    write(&small.path().join("a.txt"), "a\n");
    let a = analyze("cat *", &ctx_in(small.path()));
    assert!(a.commands[0].reads.iter().any(|r| r.secret), "{a:?}");
    let big = tempfile::tempdir().unwrap();
    for i in 0..600 {
        write(&big.path().join(format!("f{i}.txt")), "");
    }
    let a = analyze("cat *", &ctx_in(big.path()));
    assert!(a.commands[0].reads.iter().all(|r| r.dynamic), "{a:?}");
    assert!(
        a.commands[0].concerns.contains(&Concern::DynamicTarget),
        "{a:?}"
    );
}

#[test]
fn scripts_over_the_size_or_count_bound_are_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx_in(dir.path());
    write(&dir.path().join("small.sh"), "rm -rf ~\n");
    let a = analyze("bash small.sh", &ctx);
    assert!(
        a.commands
            .iter()
            .any(|c| c.deletes.iter().any(|d| d.is_home_root)),
        "{a:?}"
    );
    let big = format!("{}rm -rf ~\n", "# padding line\n".repeat(5000));
    assert!(big.len() > walk::MAX_SCRIPT_BYTES);
    write(&dir.path().join("big.sh"), &big);
    let a = analyze("bash big.sh", &ctx);
    assert!(a.commands[0].concerns.contains(&Concern::Unknown), "{a:?}");
    assert_eq!(a.commands[0].runs_files.len(), 1);
    let mut text = Vec::new();
    for i in 0..=walk::MAX_SCRIPTS {
        write(&dir.path().join(format!("s{i}.sh")), "true\n");
        text.push(format!("bash s{i}.sh"));
    }
    let a = analyze(&text.join("; "), &ctx);
    let last = a
        .commands
        .iter()
        .rfind(|c| c.program.as_deref() == Some("bash"));
    assert!(
        last.is_some_and(|c| c.concerns.contains(&Concern::Unknown)),
        "{a:?}"
    );
    let first = a
        .commands
        .iter()
        .find(|c| c.program.as_deref() == Some("bash"));
    assert!(first.is_some_and(|c| c.concerns.is_empty()), "{a:?}");
}

#[test]
fn positional_parameters_are_followed_through_set_and_shift() {
    let deletes = |text: &str| -> Vec<String> {
        analyze(text, &ctx())
            .commands
            .iter()
            .flat_map(|c| c.deletes.iter().map(|d| d.path.clone()))
            .collect()
    };
    assert_eq!(deletes("set -- a b; rm \"$1\""), ["/home/u/proj/a"]);
    assert_eq!(deletes("set -- a b; shift; rm \"$1\""), ["/home/u/proj/b"]);
    assert_eq!(
        deletes("set -x -- a ~; shift 1; rm -rf \"$1\""),
        ["/home/u"]
    );
    assert_eq!(
        deletes("f() { shift 2; rm \"$@\"; }; f x y z"),
        ["/home/u/proj/z"]
    );
    // A shift by an unknown count, or of unknown parameters, leaves them unknown.
    let a = analyze("set -- a b; shift $N; rm \"$1\"", &ctx());
    assert!(
        a.commands
            .iter()
            .any(|c| c.deletes.iter().any(|d| d.dynamic))
    );
    let a = analyze("shift; rm \"$1\"", &ctx());
    assert!(
        a.commands
            .iter()
            .any(|c| c.deletes.iter().any(|d| d.dynamic))
    );
    // `set -euo pipefail` keeps them.
    assert_eq!(
        deletes("f() { set -euo pipefail; rm \"$1\"; }; f a"),
        ["/home/u/proj/a"]
    );
}

#[test]
fn loop_variables_hold_each_word_then_are_unknown() {
    let deletes = |text: &str| -> Vec<(String, bool)> {
        analyze(text, &ctx())
            .commands
            .iter()
            .flat_map(|c| c.deletes.iter().map(|d| (d.path.clone(), d.dynamic)))
            .collect()
    };
    assert_eq!(
        deletes("for d in target dist; do rm -rf \"$d\"; done"),
        [
            ("/home/u/proj/target".to_owned(), false),
            ("/home/u/proj/dist".to_owned(), false)
        ]
    );
    assert_eq!(
        deletes("for d in a ~; do rm -rf \"$d\"; done")[1],
        ("/home/u".to_owned(), false)
    );
    // After the loop (a `break` may stop at any word) the variable is unknown.
    let after = deletes("V=x; for V in a; do :; done; rm -rf \"$V\"");
    assert!(after.iter().all(|(_, dynamic)| *dynamic), "{after:?}");
    // A glob word: the variable is one of its matches, classified as the pattern.
    let a = analyze("for f in .en*; do cat \"$f\"; done", &ctx());
    assert!(a.commands.iter().any(|c| c.reads.iter().any(|r| r.secret)));
}

#[test]
fn reads_of_names_only_known_at_run_time_are_concerns() {
    let concern = |text: &str| {
        analyze(text, &ctx())
            .commands
            .iter()
            .any(|c| c.concerns.contains(&Concern::DynamicTarget))
    };
    assert!(concern("cat \"$f\""));
    assert!(concern("grep -r key \"$d/\""));
    assert!(concern("head $(cat list | head -1)"));
    assert!(concern("cat list | xargs cat"));
    // Names from a listing of tracked or name-filtered files are those files; a folder's
    // listing may name any file in it.
    assert!(concern("head $(ls | head -1)"));
    assert!(concern("head \"$(ls -a | grep env)\""));
    assert!(!concern("git ls-files | xargs wc -l"));
    assert!(!concern("find . -name '*.rs' | xargs grep x"));
    assert!(concern("cat < \"$f\""));
    assert!(!concern("cat \"$d/main.rs\""));
    assert!(!concern("cat README.md"));
    assert!(!concern("x=$((1+2)); cat \"log$x.txt\""));
    assert!(concern("cat \"log$((n+1)).txt\""));
}

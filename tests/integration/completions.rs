//! The generated files in `completions/` (shell completions and the man page) match what the
//! binary generates now. When a command-line change makes them stale, refresh them with
//! `cargo run -- completions --write completions`.

use crate::support::agsec;
use std::path::PathBuf;

const FILES: [&str; 6] = [
    "agsec.bash",
    "agsec.zsh",
    "agsec.fish",
    "agsec.ps1",
    "agsec.elv",
    "agsec.1",
];

fn committed(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn committed_files_are_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    agsec()
        .args(["completions", "--write"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(format!("wrote 6 files to {}\n", dir.path().display()));
    let stale: Vec<&str> = FILES
        .into_iter()
        .filter(|name| std::fs::read_to_string(dir.path().join(name)).unwrap() != committed(name))
        .collect();
    assert!(
        stale.is_empty(),
        "completions/{{{}}} are stale: the command line changed.\n  help: run `cargo run -- completions --write completions` and commit the result",
        stale.join(",")
    );
}

#[test]
fn each_shell_prints_its_script() {
    for (shell, file) in [
        ("bash", "agsec.bash"),
        ("zsh", "agsec.zsh"),
        ("fish", "agsec.fish"),
        ("powershell", "agsec.ps1"),
        ("elvish", "agsec.elv"),
    ] {
        let out = agsec().args(["completions", shell]).assert().success();
        let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert_eq!(script, committed(file), "{shell}");
        for word in ["policy", "completions", "dry-run", "policy-dir"] {
            assert!(script.contains(word), "{shell} does not complete `{word}`");
        }
    }
    let man = agsec().arg("man").assert().success();
    let man = String::from_utf8(man.get_output().stdout.clone()).unwrap();
    assert_eq!(man, committed("agsec.1"));
    assert!(man.contains(".TH agsec 1"), "{man}");
    assert!(
        man.contains("agsec \\- an action firewall for AI coding agents"),
        "{man}"
    );
}

#[test]
fn the_bash_script_parses() {
    let Ok(status) = std::process::Command::new("bash")
        .arg("-n")
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions/agsec.bash"))
        .status()
    else {
        return; // no bash on this machine: nothing to check the syntax with
    };
    assert!(status.success());
}

#[test]
fn completions_needs_a_shell() {
    agsec()
        .arg("completions")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "the following required arguments were not provided",
        ));
    agsec()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid value 'tcsh'"));
}

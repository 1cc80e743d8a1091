//! Table tests for path resolution and classification.

use super::*;

fn ctx() -> PathContext {
    PathContext {
        cwd: PathBuf::from("/home/u/proj"),
        home: PathBuf::from("/home/u"),
        workspace: PathBuf::from("/home/u/proj"),
        protected: vec![
            PathBuf::from("/home/u/proj/.agsec"),
            PathBuf::from("/home/u/.config/agsec"),
        ],
    }
}

/// Flags in a fixed order, so one table line states them all.
fn flags(f: &PathFact) -> String {
    let all = [
        ("dyn", f.dynamic),
        ("glob", f.glob),
        ("ws", f.inside_workspace),
        ("wsroot", f.is_workspace_root),
        ("home", f.in_home),
        ("homeroot", f.is_home_root),
        ("root", f.is_root),
        ("sys", f.system),
        ("tmp", f.temp),
        ("secret", f.secret),
        ("prot", f.protected),
        ("hasprot", f.contains_protected),
        ("startup", f.shell_startup),
        ("git", f.git_internal),
    ];
    all.iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn resolve_table() {
    let cases: &[(&str, &str, &str)] = &[
        ("/", "/", "wsroot,homeroot,root,sys,hasprot"),
        ("/etc/passwd", "/etc/passwd", "sys"),
        ("/var/tmp/x", "/var/tmp/x", "tmp"),
        ("/var/log/x", "/var/log/x", "sys"),
        ("/dev/sda", "/dev/sda", "sys"),
        ("src/main.rs", "/home/u/proj/src/main.rs", "ws,home"),
        (
            "./src/../src//main.rs",
            "/home/u/proj/src/main.rs",
            "ws,home",
        ),
        (".", "/home/u/proj", "ws,wsroot,home,hasprot"),
        ("..", "/home/u", "wsroot,home,homeroot,hasprot"),
        ("~", "/home/u", "wsroot,home,homeroot,hasprot"),
        ("~/", "/home/u", "wsroot,home,homeroot,hasprot"),
        ("$HOME", "/home/u", "wsroot,home,homeroot,hasprot"),
        ("${HOME}/.bashrc", "/home/u/.bashrc", "home,startup"),
        (
            "~/.config/fish/config.fish",
            "/home/u/.config/fish/config.fish",
            "home,startup",
        ),
        ("/etc/profile", "/etc/profile", "sys,startup"),
        ("/etc/profile.d/x.sh", "/etc/profile.d/x.sh", "sys,startup"),
        ("/etc/bash.bashrc", "/etc/bash.bashrc", "sys,startup"),
        ("/home/other/.zshrc", "/home/other/.zshrc", "startup"),
        ("/home", "/home", "wsroot,homeroot,hasprot"),
        (".env", "/home/u/proj/.env", "ws,home,secret"),
        ("./.ENV", "/home/u/proj/.ENV", "ws,home,secret"),
        (".env.example", "/home/u/proj/.env.example", "ws,home"),
        ("~/.ssh/id_rsa", "/home/u/.ssh/id_rsa", "home,secret"),
        ("~/.ssh", "/home/u/.ssh", "home,secret"),
        ("/tmp/x", "/tmp/x", "tmp"),
        (
            ".agsec/policies/a.yaml",
            "/home/u/proj/.agsec/policies/a.yaml",
            "ws,home,prot",
        ),
        ("~/.config", "/home/u/.config", "home,hasprot"),
        (
            ".git/hooks/pre-commit",
            "/home/u/proj/.git/hooks/pre-commit",
            "ws,home,git",
        ),
        (".GIT/config", "/home/u/proj/.GIT/config", "ws,home,git"),
        ("*.log", "/home/u/proj/*.log", "glob,ws,home"),
        ("*", "/home/u/proj/*", "glob,ws,wsroot,home,prot,hasprot"),
        ("/*", "/*", "glob,wsroot,homeroot,root,sys,hasprot"),
        ("src/**/*.pyc", "/home/u/proj/src/**/*.pyc", "glob,ws,home"),
        ("~/.bash*", "/home/u/.bash*", "glob,home,startup"),
        ("~/.ssh/*", "/home/u/.ssh/*", "glob,home,secret"),
        (".env*", "/home/u/proj/.env*", "glob,ws,home,secret"),
        ("$X", "$X", "dyn"),
        ("/$X", "/$X", "dyn,wsroot,homeroot,root,sys,hasprot"),
        ("$HOME/$X", "/home/u/$X", "dyn,wsroot,home,homeroot,hasprot"),
        ("/tmp/$X", "/tmp/$X", "dyn"),
        ("build/$X", "/home/u/proj/build/$X", "dyn,home"),
        ("", "", ""),
    ];
    let ctx = ctx();
    let mut failures = Vec::new();
    for (raw, path, want) in cases {
        let fact = resolve(raw, &ctx.cwd, &ctx);
        let got = flags(&fact);
        if fact.path != *path || got != *want || fact.raw != *raw {
            failures.push(format!(
                "{raw:?}: got {} [{got}], want {path} [{want}]",
                fact.path
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn workspace_under_system_folder_is_not_system() {
    let ctx = PathContext {
        cwd: PathBuf::from("/srv/app"),
        home: PathBuf::from("/root"),
        workspace: PathBuf::from("/srv/app"),
        protected: vec![],
    };
    let cases: &[(&str, bool)] = &[
        ("src/x", false),
        ("/srv/other", true),
        ("/root/.bashrc", false),
        ("/etc/x", true),
    ];
    for (raw, system) in cases {
        assert_eq!(resolve(raw, &ctx.cwd, &ctx).system, *system, "{raw}");
    }
}

#[test]
fn symlinks_of_existing_prefix_are_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().canonicalize().unwrap();
    std::fs::create_dir(real.join("target")).unwrap();
    std::os::unix::fs::symlink("/etc", real.join("link")).unwrap();
    let ctx = PathContext {
        cwd: real.clone(),
        home: PathBuf::from("/home/u"),
        workspace: real.clone(),
        protected: vec![],
    };
    let inside = resolve("target/new/file", &real, &ctx);
    assert_eq!(inside.path, real.join("target/new/file").to_string_lossy());
    assert!(inside.inside_workspace);
    let out = resolve("link/passwd", &real, &ctx);
    assert_eq!(out.path, "/etc/passwd");
    assert!(!out.inside_workspace);
    assert!(out.system);
}

#[test]
fn normalize_table() {
    let cases: &[(&str, &str, &str)] = &[
        ("/a/b", "c", "/a/b/c"),
        ("/a/b", "../../../..", "/"),
        ("/a/b", "/x//y/./z/..", "/x/y"),
        ("/", "", "/"),
        ("/a", "./", "/a"),
    ];
    for (base, value, want) in cases {
        assert_eq!(
            normalize(Path::new(base), value),
            PathBuf::from(want),
            "{value}"
        );
    }
}

/// What [`Resolver::prefix`] replaced, kept as its oracle: `realpath` of the path, then of each
/// ancestor in turn, until one resolves.
fn prefix_by_ancestors(path: &Path) -> PathBuf {
    for ancestor in path.ancestors() {
        if let Ok(real) = std::fs::canonicalize(ancestor) {
            return match path.strip_prefix(ancestor) {
                Ok(rest) if !rest.as_os_str().is_empty() => real.join(rest),
                _ => real,
            };
        }
    }
    path.to_path_buf()
}

/// Path words over a tree of folders, files and symlinks (relative, absolute, chained, to a
/// file, dangling, looping).
const TREE_WORDS: &[&str] = &[
    "dir", "file", "up", "ld", "abs", "dangling", "loop", "ffile", "back", "missing", "passwd",
    "..", ".",
];

proptest::proptest! {
    /// One resolver resolving many paths (remembering prefixes) gives what `realpath` of each
    /// path's longest resolvable ancestor gives.
    #[test]
    fn the_resolver_resolves_like_realpath(
        paths in proptest::collection::vec(
            proptest::collection::vec(0..TREE_WORDS.len(), 0..6), 1..12)
    ) {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir(root.join("dir")).unwrap();
        std::fs::write(root.join("dir/file"), "").unwrap();
        std::fs::write(root.join("file"), "").unwrap();
        symlink("..", root.join("up")).unwrap();
        symlink("dir", root.join("ld")).unwrap();
        symlink("/etc", root.join("abs")).unwrap();
        symlink("missing", root.join("dangling")).unwrap();
        symlink("loop", root.join("loop")).unwrap();
        symlink("file", root.join("ffile")).unwrap();
        symlink("../ld", root.join("dir/back")).unwrap();
        let mut resolver = Resolver::default();
        for words in paths {
            let mut text = root.to_string_lossy().into_owned();
            for &w in &words {
                text.push('/');
                text.push_str(TREE_WORDS.get(w).copied().unwrap_or("x"));
            }
            let path = normalize(Path::new("/"), &text);
            proptest::prop_assert_eq!(resolver.prefix(&path), prefix_by_ancestors(&path), "{}", text);
        }
    }
}

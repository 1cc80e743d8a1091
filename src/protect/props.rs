//! The self-protection property test: every operation, by any tool, that deletes, moves,
//! renames, truncates, overwrites or replaces a protected path or a folder above one is denied.
//! Operations (rm, mv, cp, ln, truncate, redirections, `sed -i`, `dd`, `find -delete`, git, agsec's
//! own state-changing subcommands, database tools …) are crossed with protected targets (hook
//! settings and their folders, the policies, `agsec.yaml`, the audit store, journal, head witness
//! and cache, the workspace and its parent) and with spellings of each target (`./x`, `x/`, `//`,
//! `a/../x`, `"$PWD"/x`, quotes, globs, braces, `~`, `cd` first). With a policy set that allows
//! everything, each must be denied by self-protection alone; wrapped in random layers of the
//! shell composition test ([`crate::shell::compose`]) under the default policies, none may be
//! allowed. Shrunk failures are kept as named regressions at the end of this file.

use crate::engine::{Engine, Environment};
use crate::policy::{Effect, Preset, load_defaults, load_sources};
use crate::shell::compose;
use crate::{Action, Decision};
use proptest::prelude::*;
use std::path::PathBuf;

/// A protected target: how it is spelled relative to the workspace (`rel`, for targets inside
/// it) or the home (`home`), and whether it is a directory.
#[derive(Debug, Clone, Copy)]
struct Target {
    /// The path below the workspace (`""` for the workspace itself, `".."` for its parent), or
    /// below the home when `in_home`.
    rel: &'static str,
    in_home: bool,
    dir: bool,
}

const fn ws(rel: &'static str, dir: bool) -> Target {
    Target {
        rel,
        in_home: false,
        dir,
    }
}

const fn home(rel: &'static str, dir: bool) -> Target {
    Target {
        rel,
        in_home: true,
        dir,
    }
}

/// The audit store below the home (where `check` keeps it by default).
const DB: &str = ".local/share/agsec/audit.db";

const TARGETS: &[Target] = &[
    ws(".claude", true),
    ws(".claude/settings.json", false),
    ws(".codex", true),
    ws(".codex/hooks.json", false),
    ws("policies", true),
    ws("policies/00.yaml", false),
    ws("agsec.yaml", false),
    ws("", true),
    ws("..", true),
    home(".claude/settings.json", false),
    home(".claude", true),
    home(DB, false),
    home(".local/share/agsec/audit.db.spool.jsonl", false),
    home(".local/share/agsec/audit.db.head", false),
    home(".local/share/agsec/audit.db-wal", false),
    home(".local/share/agsec", true),
    home(".cache/agsec/policies/0123.bin", false),
    home(".cache/agsec", true),
];

/// Spellings of a target, as shell words (`None`: this spelling does not apply to it). The
/// command runs in the workspace (`ws`, below `root`), except where a spelling `cd`s first: then
/// it is the prefix to run before the command.
fn spell(t: Target, k: usize) -> Option<(String, String)> {
    let none = String::new;
    if t.in_home {
        let rel = t.rel;
        let (first, rest) = rel.split_once('/').unwrap_or((rel, ""));
        let glob_first = format!("{}*", first.get(..first.len().checked_sub(2)?)?);
        let word = match k % 12 {
            0 => format!("~/{rel}"),
            1 => format!("\"$HOME\"/{rel}"),
            2 => format!("$HOME/{rel}"),
            3 => format!("~//{rel}"),
            4 => format!("~/./{rel}"),
            5 => format!("~/{first}/../{rel}"),
            6 if t.dir => format!("~/{rel}/"),
            7 if !rest.is_empty() => format!("~/{glob_first}/{rest}"),
            8 => format!("'{}'", home_abs(rel)),
            9 => home_abs(rel),
            10 => return Some(("cd ~ && ".to_owned(), rel.to_owned())),
            11 => format!("~/{}", seq_brace(rel)?),
            _ => return None,
        };
        return Some((none(), word));
    }
    let rel = t.rel;
    if rel.is_empty() || rel == ".." {
        let word = match (rel, k % 8) {
            ("", 0) => ".".to_owned(),
            ("", 1) => "./".to_owned(),
            ("", 2) => "\"$PWD\"".to_owned(),
            ("", 3) => return Some(("cd src && ".to_owned(), "..".to_owned())),
            ("", 4) => "../ws".to_owned(),
            ("", 5) => return Some(("cd .. && ".to_owned(), "ws".to_owned())),
            ("", 6) => "$(pwd)".to_owned(),
            ("", _) => "../w*".to_owned(),
            (_, 0) => "..".to_owned(),
            (_, 1) => "../".to_owned(),
            (_, 2) => "\"$PWD\"/..".to_owned(),
            (_, 3) => return Some(("cd src && ".to_owned(), "../..".to_owned())),
            (_, 4) => "src/../..".to_owned(),
            (_, 5) => return Some(("cd .. && ".to_owned(), "../root".to_owned())),
            (_, 6) => "$(dirname \"$PWD\")".to_owned(),
            _ => ".././".to_owned(),
        };
        return Some((none(), word));
    }
    let (first, rest) = rel.split_once('/').unwrap_or((rel, ""));
    let glob_first = format!("{}*", first.get(..first.len().checked_sub(2)?)?);
    let word = match k % 16 {
        0 => rel.to_owned(),
        1 => format!("./{rel}"),
        2 if t.dir => format!("{rel}/"),
        3 => format!(".//{rel}"),
        4 => format!("src/../{rel}"),
        5 => format!("\"$PWD\"/{rel}"),
        6 => format!("'{rel}'"),
        7 => format!("\"{rel}\""),
        8 if rest.is_empty() => glob_first,
        8 => format!("{glob_first}/{rest}"),
        9 => seq_brace(rel)?,
        10 => return Some(("cd src && ".to_owned(), format!("../{rel}"))),
        11 => format!("$PWD/{rel}"),
        12 => format!("{}/{rel}", ws_abs()),
        13 => format!("../ws/{rel}"),
        14 => return Some(("cd .. && ".to_owned(), format!("ws/{rel}"))),
        15 => format!("{first}//{rest}"),
        _ => return None,
    };
    Some((none(), word))
}

/// `rel` with its first letter spelled as a one-word brace sequence (`.{c..c}laude`): the same
/// single word after brace expansion.
fn seq_brace(rel: &str) -> Option<String> {
    let (i, c) = rel.char_indices().find(|(_, c)| c.is_ascii_alphabetic())?;
    Some(format!(
        "{}{{{c}..{c}}}{}",
        rel.get(..i)?,
        rel.get(i + c.len_utf8()..)?
    ))
}

/// Operations on one target word `{t}` (`dir`: whether they apply to a directory, a file, or
/// both), each of which deletes, moves, truncates, overwrites or replaces it.
const OPS: &[(&str, Applies)] = &[
    ("rm -rf {t}", Applies::Both),
    ("rm -f {t}", Applies::File),
    ("rm -r -- {t}", Applies::Both),
    ("rmdir {t}", Applies::Dir),
    ("unlink {t}", Applies::File),
    ("shred -u {t}", Applies::File),
    ("mv {t} /tmp/agsec-x", Applies::Both),
    ("mv /tmp/agsec-x {t}", Applies::File),
    ("mv -t /tmp {t}", Applies::Both),
    ("cp /tmp/agsec-x {t}", Applies::File),
    ("cp -f /etc/hostname {t}", Applies::File),
    ("install /tmp/agsec-x {t}", Applies::File),
    ("rsync /tmp/agsec-x {t}", Applies::File),
    ("rsync -a --delete /tmp/empty/ {t}/", Applies::Dir),
    ("ln -sf /dev/null {t}", Applies::File),
    ("truncate -s 0 {t}", Applies::File),
    ("> {t}", Applies::File),
    (": > {t}", Applies::File),
    ("echo x >| {t}", Applies::File),
    ("echo x > {t}", Applies::File),
    ("echo x | tee {t}", Applies::File),
    ("sed -i s/a/b/ {t}", Applies::File),
    ("perl -pi -e s/a/b/ {t}", Applies::File),
    ("find {t} -delete", Applies::Both),
    ("dd if=/dev/zero of={t}", Applies::File),
    ("git rm -rf {t}", Applies::Both),
    ("git checkout HEAD~1 -- {t}", Applies::Both),
    ("git restore --source HEAD~1 {t}", Applies::Both),
    ("git mv {t} moved", Applies::Both),
    ("agsec audit export --output {t}", Applies::File),
    ("sqlite3 {t} 'DELETE FROM decisions'", Applies::File),
    ("chmod 000 {t}", Applies::File),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Applies {
    File,
    Dir,
    Both,
}

/// Commands naming a protected path among other operands (brace expansion, several operands):
/// each operand is deleted or written, so each is denied.
const MULTI: &[&str] = &[
    "rm -rf {.claude,x}",
    "rm -rf x {.claude,.codex}",
    "rm -rf {x,policies}/",
    "rm -rf ~/{x,.claude}",
    "rmdir x .codex",
    "shred -u x agsec.yaml",
    "echo x | tee x {.claude/settings.json,y}",
    "sed -i s/a/b/ x {agsec.yaml,y}",
    "truncate -s 0 {x,policies/00.yaml}",
    "find x {.claude,y} -delete",
    "git rm -rf x {.codex,y}",
    "mv -t /tmp x {.claude,y}",
    "chmod 000 {x,.claude/settings.json}",
];

/// Whole-tree operations that remove or rewrite protected files in the work tree, and agsec's
/// state-changing subcommands: denied whatever their spelling of options.
const TREE_OPS: &[&str] = &[
    "git stash -u",
    "git stash --all",
    "git stash push --include-untracked",
    "git clean -x -f",
    "git clean -X -f",
    "git clean -fdx",
    "git checkout --orphan x",
    "git switch --orphan x",
    "git reset --hard HEAD~1",
    "agsec init --force",
    "agsec install claude-code",
    "agsec policy add",
    "agsec policy remove X",
    "agsec approve 1",
    "agsec reject 1",
    "agsec audit prune --older-than 1d",
    "agsec audit verify --reset-witness",
];

/// Interpreters writing or deleting the target from inline code: not looked into by
/// self-protection (README), reviewed by the default policies; never allowed.
const INLINE: &[&str] = &[
    "python3 -c \"open('{t}', 'w').write('x')\"",
    "python3 -c \"import shutil; shutil.rmtree('{t}')\"",
    "node -e \"require('fs').rmSync('{t}', {recursive: true})\"",
    "perl -e \"unlink '{t}'\"",
    "ruby -e \"File.delete('{t}')\"",
];

fn ws_abs() -> String {
    FIXTURE.with(|f| f.env.workspace.display().to_string())
}

fn home_abs(rel: &str) -> String {
    FIXTURE.with(|f| f.env.home.join(rel).display().to_string())
}

struct Fixture {
    /// Allows everything: what remains is self-protection.
    open: Engine,
    /// The default policies.
    defaults: Engine,
    env: Environment,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    // `root/ws` so that the workspace's parent is spelled `../root` from it too.
    let root = dir.path().join("root");
    let ws = root.join("ws");
    let home = dir.path().join("home");
    let write = |path: PathBuf, text: &str| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    };
    std::fs::create_dir_all(ws.join(".git")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(ws.join("src")).unwrap_or_else(|e| panic!("{e}"));
    write(ws.join(".claude/settings.json"), "{}");
    write(ws.join(".codex/hooks.json"), "{}");
    write(ws.join("policies/00.yaml"), "statements: []\n");
    write(ws.join("agsec.yaml"), "{}\n");
    write(ws.join("src/main.rs"), "fn main() {}\n");
    write(home.join(".claude/settings.json"), "{}");
    let db = home.join(DB);
    for file in crate::audit::store_files(&db)
        .into_iter()
        .filter(|f| f.starts_with(&home))
    {
        write(file, "");
    }
    write(home.join(".cache/agsec/policies/0123.bin"), "");
    let mut protected = vec![ws.join("policies"), ws.join("agsec.yaml")];
    protected.extend(crate::audit::store_files(&db));
    protected.extend(crate::environment::hook_settings_files(&ws, &home));
    protected.push(home.join(".local/share/agsec"));
    protected.push(home.join(".cache/agsec"));
    let env = Environment {
        cwd: ws.clone(),
        home,
        workspace: ws,
        protected,
    };
    let open = load_sources(&[(
        PathBuf::from("00.yaml"),
        "default: allow\nstatements: []\n".to_owned(),
    )])
    .unwrap_or_else(|e| panic!("{e}"));
    Fixture {
        open: Engine::new(open),
        defaults: Engine::new(load_defaults(Preset::Standard).unwrap_or_else(|e| panic!("{e}"))),
        env,
        _dir: dir,
    }
}

thread_local! {
    static FIXTURE: Fixture = fixture();
}

fn judge(command: &str, defaults: bool) -> Decision {
    FIXTURE.with(|f| {
        let engine = if defaults { &f.defaults } else { &f.open };
        engine.check(
            &Action::new("bash.execute").param("command", command),
            &f.env,
        )
    })
}

/// The command of operation `op` on target `t` spelled `k`, if it applies.
fn command(op: usize, t: usize, k: usize) -> Option<String> {
    let target = *TARGETS.get(t % TARGETS.len())?;
    let (template, applies) = *OPS.get(op % OPS.len())?;
    let fits = match applies {
        Applies::Both => true,
        Applies::File => !target.dir,
        Applies::Dir => target.dir,
    };
    if !fits {
        return None;
    }
    if !target.in_home && (target.rel.is_empty() || target.rel == "..") && k >= 8 {
        return None;
    }
    if target.in_home && k >= 12 {
        return None;
    }
    let (prefix, word) = spell(target, k)?;
    let command = template.replace("{t}", &word);
    // Braces keep a `cd` and the command together under any layer (`echo x | cd src && …`
    // runs the `cd` alone in a pipeline stage).
    Some(if prefix.is_empty() {
        command
    } else {
        format!("{{ {prefix}{command}; }}")
    })
}

/// Every operation × target × spelling: the commands self-protection let through.
fn escapes() -> (usize, Vec<String>) {
    let mut tried = 0;
    let mut out = Vec::new();
    for op in 0..OPS.len() {
        for t in 0..TARGETS.len() {
            for k in 0..16 {
                let Some(cmd) = command(op, t, k) else {
                    continue;
                };
                tried += 1;
                // A path known only when the command runs cannot be shown to be protected:
                // reviewed.
                let expected = if cmd.contains("$(") {
                    Effect::Review
                } else {
                    Effect::Deny
                };
                let effect = judge(&cmd, false).effect;
                if effect != expected && effect != Effect::Deny {
                    out.push(cmd);
                }
            }
        }
    }
    (tried, out)
}

/// The whole cross product, exhaustively: each must be denied by self-protection alone.
#[test]
fn every_operation_on_every_protected_target_is_denied() {
    let (tried, escapes) = escapes();
    assert!(tried > 2000, "{tried}");
    assert!(
        escapes.is_empty(),
        "{} of {tried} let through:\n{}",
        escapes.len(),
        escapes.join("\n")
    );
}

#[test]
fn whole_tree_operations_and_agsec_state_changes_are_denied() {
    for cmd in TREE_OPS.iter().chain(MULTI) {
        let d = judge(cmd, false);
        assert_eq!(d.effect, Effect::Deny, "{cmd}: {:?}", d.reason);
    }
}

#[test]
fn inline_code_touching_protected_paths_is_never_allowed() {
    for template in INLINE {
        for t in [".claude", ".claude/settings.json", "policies", DB] {
            let cmd = template.replace("{t}", t);
            assert_ne!(judge(&cmd, true).effect, Effect::Allow, "{cmd}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Wrapped in the shell composition test's layers, under the default policies: never
    /// allowed (a layer may turn a deny into a review: `ssh`, scripts).
    #[test]
    fn wrapped_operations_are_never_allowed(
        op in 0..OPS.len() + TREE_OPS.len(),
        t in 0..TARGETS.len(),
        k in 0usize..16,
        layers in proptest::collection::vec((0usize..64, 0usize..4096), 1..4),
    ) {
        let core = match op.checked_sub(OPS.len()) {
            Some(i) => TREE_OPS.get(i).map(|c| (*c).to_owned()),
            None => command(op, t, k),
        };
        if let Some(core) = core {
            let text = compose::compose(&core, &layers);
            let d = judge(&text, true);
            prop_assert_ne!(d.effect, Effect::Allow, "allowed: {}", text);
        }
    }
}

/// Not a check: counts what the exhaustive cross product lets through
/// (`cargo test --lib protect::props::survey -- --ignored --nocapture`).
#[test]
#[ignore = "a survey for development, not a check"]
fn survey() {
    let (tried, escapes) = escapes();
    for e in &escapes {
        let defaults = judge(e, true).effect;
        println!("ESCAPE {e}   (default policies: {defaults:?})");
    }
    for cmd in TREE_OPS.iter().chain(MULTI) {
        if judge(cmd, false).effect != Effect::Deny {
            println!("ESCAPE {cmd}");
        }
    }
    println!("{} escapes of {tried}", escapes.len());
}

/// Shrunk failures the property tests found, kept so they are checked on every run.
#[test]
fn regressions() {
    let cases: &[(&str, Effect)] = &[
        // `find ROOT -delete` deletes ROOT itself: the pattern was split inside ROOT.
        ("find .claude/settings.json -delete", Effect::Deny),
        ("find policies -delete", Effect::Deny),
        ("find ~/.cache/agsec -delete", Effect::Deny),
        ("find .. -delete", Effect::Deny),
        // A glob matching a protected folder, or reaching below one.
        ("rm -rf .clau*", Effect::Deny),
        ("mv .cod* /tmp/x", Effect::Deny),
        ("rm -f polici*/00.yaml", Effect::Deny),
        (
            "truncate -s 0 ~/.cac*/agsec/policies/0123.bin",
            Effect::Deny,
        ),
        ("rm -rf ../w*", Effect::Deny),
        // bash expands `~` after the `=` of an assignment-shaped argument.
        ("dd if=/dev/zero of=~/.claude/settings.json", Effect::Deny),
        (
            "dd if=/dev/zero of=~/.local/share/agsec/audit.db",
            Effect::Deny,
        ),
        // Wholly unknown paths: reviewed whatever the policies say.
        ("rm -rf $(cat d)", Effect::Review),
        ("mv $(dirname \"$PWD\") /tmp/x", Effect::Review),
        ("git checkout HEAD~1 -- $(cat d)", Effect::Review),
        ("git restore --source HEAD~1 $(cat d)", Effect::Review),
        // `$(pwd)` is the folder it runs in: here the workspace, which holds agsec's files.
        ("rm -rf $(pwd)", Effect::Deny),
        // `find ROOT -delete` with a glob root deletes what the glob names.
        ("find .clau*/settings.json -delete", Effect::Deny),
        ("find ~/.loc*/share/agsec/audit.db -delete", Effect::Deny),
        // Brace expansion comes before parameter expansion (found by the wrapped property).
        ("mv -t /tmp {$PWD/.claude,$PWD/.claude}", Effect::Deny),
        ("rm -rf {\"$HOME\"/.cache/agsec,x}", Effect::Deny),
        // A glob that reaches into a protected folder only through what exists there.
        ("find . -name '*.pyc' -delete", Effect::Allow),
        ("rm -f ./*/*.pyc", Effect::Allow),
        ("rm -f ./*/*.yaml", Effect::Deny),
        // A word after `git stash -u` that is not a stash subcommand is a pathspec of an implied
        // push, also when only xargs knows it (found by the wrapped property on CI).
        ("xargs -a /dev/null git stash -u", Effect::Deny),
        ("git stash -u -- .claude", Effect::Deny),
        ("git stash --all $(cat list)", Effect::Deny),
        // git takes an unambiguous prefix of a long option.
        ("git stash --include-unt", Effect::Deny),
        ("git stash push --al", Effect::Deny),
        ("git switch --orph x", Effect::Deny),
        ("git checkout --orp=x", Effect::Deny),
        ("git reset --ha", Effect::Deny),
    ];
    for (c, effect) in cases {
        assert_eq!(judge(c, false).effect, *effect, "{c}");
    }
    // The same argument shape without a name before `=` stays literal, as in bash.
    assert_eq!(
        judge("cp /tmp/x --y=~/.claude/settings.json", false).effect,
        Effect::Allow
    );
}

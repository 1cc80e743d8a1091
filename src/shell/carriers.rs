//! Programs that run commands given in their own options or their own language: one
//! declarative table ([`CARRIERS`]) of which options (and operands, `+CMD` words, standard
//! input) carry code, and in which language (a shell string, a vim Ex command, an Emacs Lisp
//! form, a `less` command, a tar checkpoint action, a sqlite3 dot-command, a psql meta-command,
//! a gdb command, a sed or awk script). Each language's reader turns the text into the shell
//! commands it runs ([`Carried::Shell`], analysed nested by the walk like `bash -c`) or says that
//! it runs something it cannot see ([`Carried::Unknown`], the `inline_code` concern): so
//! `tar --to-command='rm -rf ~'` is the `rm` it runs, `tar --to-command=cat` is harmless, and
//! `vim -c 'py3 …'` is reviewed.

use super::expand::{Field, Flow};

/// What a carrier runs.
#[derive(Debug, Clone)]
pub(crate) enum Carried {
    /// A shell command string (run by `sh -c` or split the same way).
    Shell(Field),
    /// Code in a language agsec does not follow (Lisp, Python in vim, a script file).
    Unknown,
}

/// The language an option's value is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    /// A shell command string.
    Shell,
    /// Code or a file of code agsec does not read: always unknown.
    Opaque,
    /// Like [`Lang::Opaque`], except for the values that load nothing (`vim -u NONE`).
    VimRc,
    /// A vim/ex command line (`!cmd`, `r !cmd`, `call system('…')`, `g/re/cmd`).
    Ex,
    /// An Emacs Lisp form: the literal strings given to `shell-command` & co are analysed, the
    /// rest is unknown.
    Elisp,
    /// An initial `less` command (`+G`, `+/re`, `+!cmd`).
    Less,
    /// `tar --checkpoint-action=exec=CMD`.
    TarCheckpoint,
    /// sqlite3 dot-commands (`.shell`, `.system`, `.output |cmd`) and SQL.
    SqliteDot,
    /// psql/mysql meta-commands (`\! cmd`, `system cmd`, `\o |cmd`) and SQL.
    PsqlMeta,
    /// gdb commands (`shell cmd`, `!cmd`, `python …`).
    Gdb,
    /// A sed script (`e cmd`, `s/…/…/e`).
    Sed,
    /// An awk program (`system("cmd")`, pipes, `getline`).
    Awk,
    /// fzf `--bind` actions (`execute(…)`, `become(…)`, `reload(…)`).
    FzfBind,
    /// tmux commands (`new-session -d CMD`, `send-keys KEYS Enter`, `if-shell CMD …`), read
    /// from all the operands together ([`TMUX`]).
    Tmux,
}

/// One program that runs commands from its options or language.
struct Carrier {
    programs: &'static [&'static str],
    /// Short option letters whose value is code (`tar -I CMD`, `rsync -e CMD`).
    short: &'static [(char, Lang)],
    /// Other short option letters that take a value (so `-fI` is not `-I`).
    short_values: &'static str,
    /// Long options (or single-dash words such as gdb's `-ex`) whose value is code; `--x=v` or
    /// `--x v`.
    long: &'static [(&'static str, Lang)],
    /// Other long options (or single-dash words) that take the next word as value.
    long_values: &'static [&'static str],
    /// Long options that are no code although a code option starts with them (`--checkpoint`).
    long_flags: &'static [&'static str],
    /// GNU getopt: an unambiguous prefix of a long option is that option (`--to-com=…`).
    abbreviations: bool,
    /// Old-style first word without a dash (`tar xIf CMD a.tar`): its letters take values in turn.
    old_style: bool,
    /// `+CMD` words (vim, less).
    plus: Option<Lang>,
    /// Operands from this index on are code (`sqlite3 DB CMD…`), in this language.
    operands: Option<(usize, Lang)>,
    /// Only when no code option was given (`sed SCRIPT file` but `sed -e SCRIPT file`).
    operands_unless_option: bool,
    /// Its own options end at the first operand (`tmux -L s new -d CMD`: `-d` is `new`'s).
    options_first: bool,
    /// Standard input is code in this language (a literal one is read; an unknown one is
    /// unknown only when `stdin_unknown` is set).
    stdin: Option<Lang>,
    stdin_unknown: bool,
}

const BASE: Carrier = Carrier {
    programs: &[],
    short: &[],
    short_values: "",
    long: &[],
    long_values: &[],
    long_flags: &[],
    abbreviations: false,
    old_style: false,
    plus: None,
    operands: None,
    operands_unless_option: false,
    options_first: false,
    stdin: None,
    stdin_unknown: false,
};

/// Every program that runs commands given in its options or its own language.
const CARRIERS: &[Carrier] = &[
    Carrier {
        programs: &["tar", "gtar", "bsdtar"],
        short: &[('I', Lang::Shell), ('F', Lang::Shell)],
        short_values: "fbCgHKLNTVX",
        long: &[
            ("--to-command", Lang::Shell),
            ("--use-compress-program", Lang::Shell),
            ("--info-script", Lang::Shell),
            ("--new-volume-script", Lang::Shell),
            ("--rsh-command", Lang::Shell),
            ("--rmt-command", Lang::Shell),
            ("--checkpoint-action", Lang::TarCheckpoint),
        ],
        long_values: &["--file", "--directory", "--files-from", "--exclude-from"],
        long_flags: &["--checkpoint"],
        abbreviations: true,
        old_style: true,
        ..BASE
    },
    Carrier {
        programs: &["man"],
        short: &[('P', Lang::Shell), ('C', Lang::Opaque)],
        short_values: "MSsemLRp",
        long: &[
            ("--pager", Lang::Shell),
            ("--html", Lang::Shell),
            ("--config-file", Lang::Opaque),
        ],
        long_flags: &["--path"],
        abbreviations: true,
        ..BASE
    },
    Carrier {
        programs: &["zip"],
        long: &[("-TT", Lang::Shell), ("--unzip-command", Lang::Shell)],
        ..BASE
    },
    Carrier {
        programs: &["rsync"],
        short: &[('e', Lang::Shell)],
        short_values: "BfMT",
        long: &[("--rsh", Lang::Shell)],
        abbreviations: true,
        ..BASE
    },
    Carrier {
        programs: &["scp", "sftp"],
        short: &[('S', Lang::Shell)],
        short_values: "cDFiJloPBRsX",
        ..BASE
    },
    Carrier {
        programs: &[
            "vi", "vim", "nvim", "ex", "view", "gvim", "vimdiff", "nvi", "rvim", "evim",
        ],
        // vim does not cluster short options (`-es` is Ex mode, silent).
        long: &[
            ("-c", Lang::Ex),
            ("--cmd", Lang::Ex),
            ("-S", Lang::Opaque),
            ("-u", Lang::VimRc),
            ("-U", Lang::VimRc),
        ],
        long_values: &["-i", "-T", "-t", "-r", "-q", "-w", "-W", "-s", "--listen"],
        plus: Some(Lang::Ex),
        stdin: Some(Lang::Ex),
        stdin_unknown: true,
        ..BASE
    },
    Carrier {
        programs: &["emacs", "emacsclient", "emacs-nox"],
        long: &[
            ("--eval", Lang::Elisp),
            ("-eval", Lang::Elisp),
            ("-e", Lang::Elisp),
            ("-l", Lang::Opaque),
            ("--load", Lang::Opaque),
            ("-f", Lang::Opaque),
            ("--funcall", Lang::Opaque),
            ("--script", Lang::Opaque),
            ("-x", Lang::Opaque),
        ],
        ..BASE
    },
    Carrier {
        programs: &["less", "more", "most"],
        plus: Some(Lang::Less),
        short: &[('k', Lang::Opaque)],
        short_values: "bhjopPTxyz",
        long: &[("--lesskey-file", Lang::Opaque)],
        ..BASE
    },
    Carrier {
        programs: &["sqlite3", "duckdb"],
        long: &[
            ("-cmd", Lang::SqliteDot),
            ("--cmd", Lang::SqliteDot),
            ("-init", Lang::Opaque),
            ("--init", Lang::Opaque),
        ],
        long_values: &[
            "-separator",
            "-newline",
            "-nullvalue",
            "-vfs",
            "-maxsize",
            "-mmap",
            "-escape",
        ],
        operands: Some((1, Lang::SqliteDot)),
        stdin: Some(Lang::SqliteDot),
        ..BASE
    },
    Carrier {
        programs: &["psql"],
        short: &[('c', Lang::PsqlMeta)],
        short_values: "dhpUfFoPRTvLL",
        long: &[("--command", Lang::PsqlMeta)],
        stdin: Some(Lang::PsqlMeta),
        ..BASE
    },
    Carrier {
        programs: &["mysql", "mariadb"],
        short: &[('e', Lang::PsqlMeta)],
        short_values: "DhPuSpT",
        long: &[("--execute", Lang::PsqlMeta)],
        stdin: Some(Lang::PsqlMeta),
        ..BASE
    },
    Carrier {
        programs: &["gdb"],
        long: &[
            ("-ex", Lang::Gdb),
            ("--ex", Lang::Gdb),
            ("-iex", Lang::Gdb),
            ("--iex", Lang::Gdb),
            ("-eval-command", Lang::Gdb),
            ("--eval-command", Lang::Gdb),
            ("-x", Lang::Opaque),
            ("--command", Lang::Opaque),
            ("-ix", Lang::Opaque),
            ("--init-command", Lang::Opaque),
        ],
        stdin: Some(Lang::Gdb),
        ..BASE
    },
    Carrier {
        programs: &["sed", "gsed"],
        short: &[('e', Lang::Sed), ('f', Lang::Opaque)],
        short_values: "l",
        long: &[("--expression", Lang::Sed), ("--file", Lang::Opaque)],
        long_values: &["--line-length"],
        operands: Some((0, Lang::Sed)),
        operands_unless_option: true,
        ..BASE
    },
    Carrier {
        programs: &["awk", "gawk", "mawk", "nawk", "busybox-awk"],
        short: &[('e', Lang::Awk), ('f', Lang::Opaque)],
        short_values: "vF",
        long: &[
            ("--source", Lang::Awk),
            ("--file", Lang::Opaque),
            ("--include", Lang::Opaque),
            ("--load", Lang::Opaque),
        ],
        long_values: &["--assign", "--field-separator"],
        operands: Some((0, Lang::Awk)),
        operands_unless_option: true,
        ..BASE
    },
    Carrier {
        programs: &["tmux"],
        short: &[('c', Lang::Shell), ('f', Lang::Opaque)],
        short_values: "LST",
        operands: Some((0, Lang::Tmux)),
        options_first: true,
        ..BASE
    },
    Carrier {
        programs: &["fzf", "sk"],
        long: &[("--preview", Lang::Shell), ("--bind", Lang::FzfBind)],
        ..BASE
    },
];

/// What `program args…` (with `stdin`) runs from its options or language.
pub(crate) fn commands(program: &str, args: &[Field], stdin: &Flow) -> Vec<Carried> {
    let Some(carrier) = CARRIERS.iter().find(|c| c.programs.contains(&program)) else {
        return Vec::new();
    };
    let (code, operands) = scan(carrier, args);
    let mut out = Vec::new();
    let had_code = !code.is_empty();
    for (lang, field) in code {
        read(lang, &field, &mut out);
    }
    if let Some((from, lang)) = carrier.operands
        && !(carrier.operands_unless_option && had_code)
    {
        let to = if carrier.operands_unless_option {
            from + 1
        } else {
            operands.len()
        };
        let operands = operands.get(from..to).unwrap_or(&[]);
        if lang == Lang::Tmux {
            tmux(operands, &mut out);
        } else {
            for field in operands {
                read(lang, field, &mut out);
            }
        }
    }
    // `vim -` reads text, not commands, on standard input.
    let stdin_is_text = operands.iter().any(|o| o.value == "-");
    if let Some(lang) = carrier.stdin.filter(|_| !stdin_is_text) {
        match stdin {
            Flow::Literal(text) => read(lang, &Field::literal(text), &mut out),
            Flow::Unknown { .. } if carrier.stdin_unknown => out.push(Carried::Unknown),
            Flow::Unknown { .. } | Flow::Nothing => {}
        }
    }
    out
}

/// The code-carrying option values of one invocation, and its operands.
fn scan(c: &Carrier, args: &[Field]) -> (Vec<(Lang, Field)>, Vec<Field>) {
    let mut code = Vec::new();
    let mut operands = Vec::new();
    let mut i = 0;
    if c.old_style
        && let Some(first) = args.first()
        && !first.value.starts_with('-')
        && first.value.chars().all(|ch| ch.is_ascii_alphabetic())
    {
        i = 1;
        for letter in first.value.chars() {
            let lang = c.short.iter().find(|(l, _)| *l == letter).map(|(_, g)| *g);
            if lang.is_some() || c.short_values.contains(letter) {
                if let (Some(lang), Some(value)) = (lang, args.get(i)) {
                    code.push((lang, value.clone()));
                }
                i += 1;
            }
        }
    }
    while let Some(arg) = args.get(i) {
        i += 1;
        let text = arg.value.as_str();
        if text == "--" {
            operands.extend(args.iter().skip(i).cloned());
            break;
        }
        if let Some(lang) = c.plus
            && text.starts_with('+')
        {
            code.push((
                lang,
                arg.tail(text.len() - text.trim_start_matches('+').len()),
            ));
            continue;
        }
        if !text.starts_with('-') || text.len() < 2 {
            operands.push(arg.clone());
            if c.options_first {
                operands.extend(args.iter().skip(i).cloned());
                break;
            }
            continue;
        }
        let (name, attached) = match text.split_once('=') {
            Some((n, _)) => (n, Some(arg.tail(n.len() + 1))),
            None => (text, None),
        };
        if c.long_flags.contains(&name) {
            continue;
        }
        if c.long_values.contains(&name) {
            if attached.is_none() {
                i += 1;
            }
            continue;
        }
        let abbreviated = || {
            (c.abbreviations && name.starts_with("--") && name.len() >= 4)
                .then(|| {
                    c.long
                        .iter()
                        .find(|(o, _)| o.starts_with("--") && o.starts_with(name))
                })
                .flatten()
        };
        let long = c.long.iter().find(|(o, _)| *o == name).or_else(abbreviated);
        if let Some((_, lang)) = long {
            let value = attached.or_else(|| {
                i += 1;
                args.get(i - 1).cloned()
            });
            code.extend(value.map(|v| (*lang, v)));
            continue;
        }
        if text.starts_with("--") {
            continue;
        }
        for (pos, letter) in text.char_indices().skip(1) {
            let lang = c.short.iter().find(|(l, _)| *l == letter).map(|(_, g)| *g);
            if lang.is_none() && !c.short_values.contains(letter) {
                continue;
            }
            let rest = pos + letter.len_utf8();
            let value = if rest < text.len() {
                Some(arg.tail(rest))
            } else {
                i += 1;
                args.get(i - 1).cloned()
            };
            if let (Some(lang), Some(value)) = (lang, value) {
                code.push((lang, value));
            }
            break;
        }
    }
    (code, operands)
}

/// What the operands of a tmux command are.
#[derive(Debug, Clone, Copy)]
enum TmuxArgs {
    /// Nothing runs (`ls`, `attach -t x`, `kill-session -t x`).
    Nothing,
    /// A shell command, the operands joined (`new-session -d 'make test'`); none: a shell.
    Shell,
    /// Keys typed into the pane, as shell text (`send-keys 'cargo test' Enter`).
    Keys,
    /// `if-shell CMD TMUX-COMMAND [TMUX-COMMAND]`.
    IfShell,
}

/// tmux commands agsec follows: names, the option letters that take a value, what the operands
/// are. Any other command (`set-option`, `bind-key`, `source-file`, `display-message` …) may run
/// commands agsec does not see: unknown.
const TMUX: &[(&[&str], &str, TmuxArgs)] = &[
    (&["new-session", "new"], "cefFnstxy", TmuxArgs::Shell),
    (&["new-window", "neww"], "cenFt", TmuxArgs::Shell),
    (&["split-window", "splitw"], "celpFt", TmuxArgs::Shell),
    (&["respawn-pane", "respawnp"], "cet", TmuxArgs::Shell),
    (&["respawn-window", "respawnw"], "cet", TmuxArgs::Shell),
    (&["run-shell", "run"], "cdt", TmuxArgs::Shell),
    (&["display-popup", "popup"], "bcdehsStTwxy", TmuxArgs::Shell),
    (&["pipe-pane", "pipep"], "t", TmuxArgs::Shell),
    (&["send-keys", "send"], "Nt", TmuxArgs::Keys),
    (&["if-shell", "if"], "t", TmuxArgs::IfShell),
    (
        &["attach-session", "attach", "a", "at"],
        "ct",
        TmuxArgs::Nothing,
    ),
    (&["has-session", "has"], "t", TmuxArgs::Nothing),
    (&["kill-session"], "t", TmuxArgs::Nothing),
    (&["kill-server"], "", TmuxArgs::Nothing),
    (&["kill-window", "killw"], "t", TmuxArgs::Nothing),
    (&["kill-pane", "killp"], "t", TmuxArgs::Nothing),
    (&["list-sessions", "ls"], "Ff", TmuxArgs::Nothing),
    (&["list-windows", "lsw"], "Fft", TmuxArgs::Nothing),
    (&["list-panes", "lsp"], "Fft", TmuxArgs::Nothing),
    (&["select-window", "selectw"], "t", TmuxArgs::Nothing),
    (&["select-pane", "selectp"], "Tt", TmuxArgs::Nothing),
    (&["rename-session", "rename"], "t", TmuxArgs::Nothing),
    (&["rename-window", "renamew"], "t", TmuxArgs::Nothing),
    (&["resize-pane", "resizep"], "txy", TmuxArgs::Nothing),
    (&["capture-pane", "capturep"], "bESt", TmuxArgs::Nothing),
    (&["start-server", "start"], "", TmuxArgs::Nothing),
];

/// Key names `send-keys` turns into keys, not text: what each types into a shell.
fn tmux_key(word: &str) -> Option<&'static str> {
    match word {
        "Enter" | "KPEnter" | "C-m" | "C-j" => Some("\n"),
        "Space" => Some(" "),
        "Tab" => Some("\t"),
        "Escape" | "BSpace" | "Up" | "Down" | "Left" | "Right" | "Home" | "End" | "PageUp"
        | "PgUp" | "PageDown" | "PgDn" | "NPage" | "PPage" | "IC" | "DC" | "BTab" => Some(""),
        _ if word.len() == 3 && (word.starts_with("C-") || word.starts_with("M-")) => Some(""),
        _ => None,
    }
}

/// tmux commands, separated by `;` words (`\;` in a shell).
fn tmux(words: &[Field], out: &mut Vec<Carried>) {
    // `#(cmd)` in a format runs a shell command.
    if words.iter().any(|w| w.dynamic || w.value.contains("#(")) {
        out.push(Carried::Unknown);
        return;
    }
    let mut command: Vec<Field> = Vec::new();
    for w in words {
        match w.value.strip_suffix(';') {
            Some(head) if !head.ends_with('\\') => {
                if !head.is_empty() {
                    command.push(Field::literal(head));
                }
                tmux_command(&std::mem::take(&mut command), out);
            }
            _ => command.push(w.clone()),
        }
    }
    if !command.is_empty() {
        tmux_command(&command, out);
    }
}

/// One tmux command: its name, options, operands.
fn tmux_command(words: &[Field], out: &mut Vec<Carried>) {
    let Some((name, rest)) = words.split_first() else {
        return;
    };
    let Some((_, values, kind)) = TMUX
        .iter()
        .find(|(names, _, _)| names.contains(&name.value.as_str()))
    else {
        out.push(Carried::Unknown);
        return;
    };
    let mut literal = false;
    let mut i = 0;
    while let Some(w) = rest.get(i) {
        let text = w.value.as_str();
        if text == "--" {
            i += 1;
            break;
        }
        if !text.starts_with('-') || text.len() < 2 {
            break;
        }
        i += 1;
        for (pos, letter) in text.char_indices().skip(1) {
            literal |= letter == 'l';
            // `-H`: keys given as hexadecimal.
            if letter == 'H' && matches!(kind, TmuxArgs::Keys) {
                out.push(Carried::Unknown);
            }
            if values.contains(letter) {
                if pos + letter.len_utf8() == text.len() {
                    i += 1;
                }
                break;
            }
        }
    }
    let operands = rest.get(i..).unwrap_or(&[]);
    match kind {
        TmuxArgs::Nothing => {}
        TmuxArgs::Shell => {
            if !operands.is_empty() {
                let joined: Vec<&str> = operands.iter().map(|w| w.value.as_str()).collect();
                out.push(shell(&joined.join(" ")));
            }
        }
        TmuxArgs::Keys => {
            let typed: String = operands
                .iter()
                .map(|w| match tmux_key(&w.value) {
                    Some(key) if !literal => key.to_owned(),
                    _ => w.value.clone(),
                })
                .collect();
            if !typed.trim().is_empty() {
                out.push(shell(&typed));
            }
        }
        TmuxArgs::IfShell => {
            let mut operands = operands.iter();
            if let Some(condition) = operands.next() {
                out.push(shell(&condition.value));
            }
            for then in operands {
                tmux(&super::normalize::split_string(then), out);
            }
        }
    }
}

/// Read one piece of code in its language.
fn read(lang: Lang, field: &Field, out: &mut Vec<Carried>) {
    let text = field.value.as_str();
    // A value only known at run time: a shell string stays a (dynamic) shell string, anything
    // else is unknown code.
    if field.dynamic && lang != Lang::Shell {
        out.push(Carried::Unknown);
        return;
    }
    match lang {
        Lang::Shell => out.push(Carried::Shell(field.clone())),
        Lang::Opaque => out.push(Carried::Unknown),
        Lang::VimRc => {
            if !matches!(text, "NONE" | "NORC" | "DEFAULTS") {
                out.push(Carried::Unknown);
            }
        }
        Lang::Ex => {
            for line in text.lines() {
                ex(line, out);
            }
        }
        Lang::Elisp => elisp(text, out),
        Lang::Less => less(text, out),
        Lang::TarCheckpoint => match text.split_once('=') {
            Some(("exec", cmd)) => out.push(shell(cmd)),
            Some(("echo" | "ttyout" | "sleep" | "wait", _)) => {}
            None if matches!(text, "bell" | "dot" | "." | "echo" | "ttyout" | "totals") => {}
            _ => out.push(Carried::Unknown),
        },
        Lang::SqliteDot => {
            for line in text.lines().map(str::trim_start) {
                sqlite_dot(line, out);
            }
        }
        Lang::PsqlMeta => {
            for line in text.lines() {
                psql_meta(line, out);
            }
        }
        Lang::Gdb => {
            for line in text.lines() {
                gdb(line.trim_start(), out);
            }
        }
        Lang::Sed => sed(text, out),
        Lang::Tmux => tmux(&super::normalize::split_string(field), out),
        Lang::Awk => awk(text, out),
        Lang::FzfBind => {
            let runs = [
                "execute",
                "become",
                "reload",
                "preview",
                "transform",
                "change-preview",
            ];
            if runs.iter().any(|r| text.contains(r)) {
                out.push(Carried::Unknown);
            }
        }
    }
}

fn shell(text: &str) -> Carried {
    Carried::Shell(Field::literal(text))
}

/// Ex commands that run nothing outside the editor (options, motion, buffers, writing back).
const EX_HARMLESS: &[&str] = &[
    "set",
    "se",
    "setl",
    "setlocal",
    "setg",
    "setglobal",
    "w",
    "write",
    "wq",
    "x",
    "xit",
    "xa",
    "xall",
    "wa",
    "wall",
    "wqa",
    "wqall",
    "q",
    "quit",
    "qa",
    "qall",
    "quita",
    "quitall",
    "e",
    "edit",
    "sp",
    "split",
    "vs",
    "vsplit",
    "new",
    "vnew",
    "tabe",
    "tabedit",
    "tabnew",
    "b",
    "buffer",
    "bn",
    "bnext",
    "bp",
    "bprevious",
    "syntax",
    "syn",
    "filetype",
    "filet",
    "colo",
    "colorscheme",
    "noh",
    "nohlsearch",
    "h",
    "help",
    "redraw",
    "d",
    "delete",
    "y",
    "yank",
    "m",
    "move",
    "t",
    "co",
    "copy",
    "j",
    "join",
    "u",
    "undo",
    "red",
    "redo",
    "le",
    "left",
    "ri",
    "right",
    "ce",
    "center",
    "retab",
    "ret",
    "sort",
    "sor",
    "update",
    "up",
    "f",
    "file",
    "cd",
    "lcd",
    "pwd",
    "p",
    "print",
    "nu",
    "number",
    "=",
    "ma",
    "mark",
    "k",
    "diffupdate",
    "diffu",
    "only",
    "on",
    "close",
    "clo",
    "wincmd",
    "winc",
    "vimgrep",
    "vim",
    "cw",
    "cwindow",
    "copen",
    "cope",
    "cn",
    "cnext",
    "cp",
    "cprevious",
    "bd",
    "bdelete",
    "ls",
    "files",
    "buffers",
    "startinsert",
    "star",
    "stopinsert",
    "stopi",
    "fold",
    "fo",
    "foldopen",
    "foldo",
    "ene",
    "enew",
    "argadd",
    "arga",
    "next",
    "n",
    "prev",
    "N",
    "rew",
    "rewind",
    "last",
    "la",
];

/// Ex commands whose argument is the rest of the line (a `|` belongs to it).
const EX_TAKES_BAR: &[&str] = &["g", "global", "v", "vglobal", "norm", "normal"];

/// One Ex command line (`:` optional): a leading range, then a command.
fn ex(line: &str, out: &mut Vec<Carried>) {
    let rest = skip_range(line.trim_start().trim_start_matches([':', ' ', '\t']));
    let rest = rest.trim_start();
    if rest.is_empty() || rest.starts_with('"') {
        return;
    }
    if let Some(cmd) = rest.strip_prefix('!') {
        // `:!cmd`, `:{range}!filter`: the rest of the line is a shell command.
        out.push(shell(cmd));
        return;
    }
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let (name, after) = rest.split_at(name_len);
    if name.is_empty() {
        out.push(Carried::Unknown);
        return;
    }
    let bang = after.starts_with('!');
    let after = if bang {
        after.get(1..).unwrap_or("")
    } else {
        after
    };
    // `g/re/cmd`, `v/re/cmd`: cmd runs on each matching line.
    if matches!(name, "g" | "global" | "v" | "vglobal") {
        match after.chars().next() {
            Some(delim) if !delim.is_alphanumeric() && delim != ' ' => {
                let body = after.get(delim.len_utf8()..).unwrap_or("");
                let end = unescaped(body, delim).unwrap_or(body.len());
                let cmd = body.get(end + delim.len_utf8()..).unwrap_or("");
                ex(if cmd.is_empty() { "p" } else { cmd }, out);
            }
            _ => out.push(Carried::Unknown),
        }
        return;
    }
    let (args, next) = if EX_TAKES_BAR.contains(&name)
        || matches!(name, "r" | "read" | "w" | "write" | "term" | "terminal")
            && after.trim_start().starts_with('!')
        || matches!(name, "term" | "terminal" | "sil" | "silent")
    {
        (after, None)
    } else {
        match unescaped(after, '|') {
            Some(i) => (after.get(..i).unwrap_or(""), after.get(i + 1..)),
            None => (after, None),
        }
    };
    match name {
        "sil" | "silent" => ex(args, out),
        "r" | "read" | "w" | "write" if !bang && args.trim_start().starts_with('!') => {
            out.push(shell(args.trim_start().trim_start_matches('!')));
        }
        "term" | "terminal" => {
            let cmd = args.trim_start().trim_start_matches('+');
            if cmd.trim().is_empty() {
                out.push(Carried::Unknown);
            } else {
                out.push(shell(cmd));
            }
        }
        "cal" | "call" => match vim_system_call(args) {
            Some(cmd) => out.push(shell(&cmd)),
            None => out.push(Carried::Unknown),
        },
        "s" | "substitute" | "sno" | "snomagic" | "sm" | "smagic" => {
            // `\=expr` in the replacement evaluates an expression (`system()` …).
            if args.contains("\\=") {
                out.push(Carried::Unknown);
            }
        }
        _ if EX_HARMLESS.contains(&name) && !evaluates(args) => {}
        _ => out.push(Carried::Unknown),
    }
    if let Some(next) = next {
        ex(next, out);
    }
}

/// Whether Ex arguments evaluate code (`set foo=\`cmd\``, backticks expand by a shell).
fn evaluates(args: &str) -> bool {
    args.contains('`') || args.contains("system") || args.contains("=%!")
}

/// `call system('cmd')` / `call systemlist("cmd")` with one literal string.
fn vim_system_call(args: &str) -> Option<String> {
    let a = args.trim();
    let inner = a
        .strip_prefix("system(")
        .or_else(|| a.strip_prefix("systemlist("))?
        .strip_suffix(')')?
        .trim();
    let quote = inner.chars().next().filter(|q| *q == '\'' || *q == '"')?;
    let body = inner.strip_prefix(quote)?.strip_suffix(quote)?;
    (!body.contains(quote) && !body.contains('\\')).then(|| body.to_owned())
}

/// The byte index of the first `ch` not preceded by a backslash.
fn unescaped(text: &str, ch: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ch {
            return Some(i);
        }
    }
    None
}

/// Skip an Ex range: line numbers, `.`, `$`, `%`, marks, `/re/`, `?re?`, offsets.
fn skip_range(text: &str) -> &str {
    let mut rest = text;
    loop {
        let Some(c) = rest.chars().next() else {
            return rest;
        };
        if c.is_ascii_digit() || ".,;$%+- \t".contains(c) {
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        } else if c == '\'' {
            rest = rest.get(2..).unwrap_or("");
        } else if c == '/' || c == '?' {
            let body = rest.get(1..).unwrap_or("");
            rest = unescaped(body, c)
                .and_then(|i| body.get(i + 1..))
                .unwrap_or("");
        } else {
            return rest;
        }
    }
}

/// Emacs Lisp: the literal strings given to the shell-running functions are analysed; the
/// form as a whole is unknown (Lisp is not followed).
fn elisp(text: &str, out: &mut Vec<Carried>) {
    const RUNNERS: &[&str] = &[
        "(shell-command-to-string",
        "(shell-command",
        "(async-shell-command",
        "(call-process-shell-command",
        "(process-lines-handling-status",
    ];
    for runner in RUNNERS {
        let mut rest = text;
        while let Some(i) = rest.find(runner) {
            rest = rest.get(i + runner.len()..).unwrap_or("");
            let arg = rest.trim_start();
            if let Some(body) = arg.strip_prefix('"')
                && let Some(end) = unescaped(body, '"')
            {
                let literal = body
                    .get(..end)
                    .unwrap_or("")
                    .replace("\\\"", "\"")
                    .replace("\\\\", "\\");
                out.push(shell(&literal));
            }
        }
    }
    out.push(Carried::Unknown);
}

/// An initial `less` command: a search, a line number or `G`/`F` run nothing; `!cmd` runs a
/// shell command; anything else (`|`, `v` …) is unknown.
fn less(text: &str, out: &mut Vec<Carried>) {
    if text.starts_with(['/', '?', '&']) {
        return;
    }
    let digits = text.trim_start_matches(|c: char| c.is_ascii_digit());
    if matches!(digits, "" | "g" | "G" | "p" | "%" | "F" | "P") {
        return;
    }
    if let Some((_, cmd)) = text.split_once('!') {
        out.push(shell(cmd.trim_end_matches(['\n', '\r'])));
    }
    out.push(Carried::Unknown);
}

/// One sqlite3 input line: `.shell`/`.system` run a command; `.once`/`.output`/`.import`/`.read`
/// with `|cmd` pipe through one; `.load` loads native code.
fn sqlite_dot(line: &str, out: &mut Vec<Carried>) {
    let Some(dot) = line.strip_prefix('.') else {
        return;
    };
    let (name, rest) = dot.split_once([' ', '\t']).unwrap_or((dot, ""));
    let rest = rest.trim();
    match name {
        "shell" | "system" => out.push(shell(rest)),
        "once" | "output" | "import" | "read" | "excel" => {
            let target = rest
                .rsplit(' ')
                .find(|w| w.starts_with(['|', '\'', '"']))
                .unwrap_or(rest);
            let target = target.trim_matches(['\'', '"']);
            if let Some(cmd) = target.strip_prefix('|') {
                out.push(shell(cmd));
            } else if rest.contains('|') {
                out.push(Carried::Unknown);
            }
        }
        "load" => out.push(Carried::Unknown),
        _ => {}
    }
}

/// One psql/mysql input line: `\! cmd` and mysql's `system cmd` run a shell command; output
/// piped to a command (`\o |cmd`, `\g |cmd`) or `COPY … PROGRAM` is unknown.
fn psql_meta(line: &str, out: &mut Vec<Carried>) {
    let trimmed = line.trim_start();
    if let Some(cmd) = trimmed.strip_prefix("system ") {
        out.push(shell(cmd));
    }
    if let Some((_, cmd)) = line.split_once("\\!") {
        out.push(shell(cmd));
    }
    let lower = line.to_ascii_lowercase();
    let piped = ["\\o", "\\g", "\\gx", "\\w"]
        .iter()
        .any(|m| lower.contains(&format!("{m} |")) || lower.contains(&format!("{m}|")));
    if piped || lower.contains(" program ") || lower.contains("\\setenv") {
        out.push(Carried::Unknown);
    }
}

/// One gdb command: `shell cmd`/`!cmd` run a shell command; Python, `pipe` and `source` are
/// unknown.
fn gdb(line: &str, out: &mut Vec<Carried>) {
    if let Some(cmd) = line
        .strip_prefix("shell ")
        .or_else(|| line.strip_prefix('!'))
    {
        out.push(shell(cmd));
        return;
    }
    let word = line.split_whitespace().next().unwrap_or("");
    if matches!(
        word,
        "python" | "py" | "pi" | "python-interactive" | "pipe" | "|" | "source" | "guile" | "gu"
    ) || line.starts_with('|')
    {
        out.push(Carried::Unknown);
    }
}

/// A sed script: `e cmd` runs `cmd`; a bare `e` or `s///e` runs text only known at run time;
/// `w /dev/stdout`-style writes are the file model's.
fn sed(script: &str, out: &mut Vec<Carried>) {
    for line in script.lines() {
        for command in line.split(';') {
            let c = command.trim_start().trim_start_matches(|ch: char| {
                ch.is_ascii_digit() || matches!(ch, ',' | '$' | ' ' | '!' | '{' | '}')
            });
            // An address regex: `/re/e cmd`.
            let c = if let Some(rest) = c.strip_prefix('/') {
                unescaped(rest, '/')
                    .and_then(|i| rest.get(i + 1..))
                    .unwrap_or("")
                    .trim_start()
            } else {
                c
            };
            if c == "e" {
                out.push(Carried::Unknown);
                continue;
            }
            if let Some(cmd) = c.strip_prefix("e ") {
                // The command runs to the end of the line, `;` included.
                let at = line.find(cmd).unwrap_or(0);
                out.push(shell(line.get(at..).unwrap_or(cmd)));
                break;
            }
            let mut chars = c.chars();
            if chars.next() == Some('s')
                && let Some(delim) = chars.next()
                && !delim.is_alphanumeric()
                && delim != ' '
            {
                let parts: Vec<&str> = c
                    .get(1 + delim.len_utf8()..)
                    .unwrap_or("")
                    .split(delim)
                    .collect();
                if parts.get(2).is_some_and(|flags| flags.contains('e')) {
                    out.push(Carried::Unknown);
                }
            }
        }
    }
}

/// An awk program: `system("literal")` runs that command; any other `system`, a pipe to or
/// from a command, or `getline` from one is unknown.
fn awk(code: &str, out: &mut Vec<Carried>) {
    let mut rest = code;
    let mut unknown = false;
    while let Some(i) = rest.find("system") {
        rest = rest.get(i + "system".len()..).unwrap_or("");
        let arg = rest.trim_start();
        let literal = arg
            .strip_prefix('(')
            .map(str::trim_start)
            .and_then(|a| a.strip_prefix('"'))
            .and_then(|body| {
                let end = unescaped(body, '"')?;
                let after = body.get(end + 1..)?.trim_start();
                after
                    .starts_with(')')
                    .then(|| body.get(..end).unwrap_or("").to_owned())
            });
        match literal {
            Some(cmd) if !cmd.contains('\\') => out.push(shell(&cmd)),
            _ => unknown = true,
        }
    }
    let piped = code.replace("||", "").contains('|');
    if unknown || piped || code.contains("getline") {
        out.push(Carried::Unknown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(program: &str, words: &[&str]) -> Vec<String> {
        let args: Vec<Field> = words.iter().map(|w| Field::literal(w)).collect();
        commands(program, &args, &Flow::Nothing)
            .into_iter()
            .map(|c| match c {
                Carried::Shell(f) => f.value,
                Carried::Unknown => "?".to_owned(),
            })
            .collect()
    }

    #[test]
    fn tar_options_that_run_commands() {
        assert_eq!(
            run("tar", &["--to-command=rm -rf ~", "-xf", "a"]),
            ["rm -rf ~"]
        );
        assert_eq!(run("tar", &["--to-command", "cat", "-xf", "a"]), ["cat"]);
        assert_eq!(run("tar", &["--to-com=sh x", "-xf", "a"]), ["sh x"]);
        assert_eq!(run("tar", &["-xI", "zstd -d", "-f", "a"]), ["zstd -d"]);
        assert_eq!(run("tar", &["-Izstd", "-xf", "a"]), ["zstd"]);
        assert_eq!(run("tar", &["xIf", "unzstd", "a.tar"]), ["unzstd"]);
        assert_eq!(run("tar", &["-xfI", "a"]), Vec::<String>::new());
        assert_eq!(
            run(
                "tar",
                &[
                    "--checkpoint=1",
                    "--checkpoint-action=exec=id",
                    "-cf",
                    "a",
                    "."
                ]
            ),
            ["id"]
        );
        assert_eq!(
            run("tar", &["--checkpoint-action=dot", "-cf", "a", "."]),
            Vec::<String>::new()
        );
        assert_eq!(run("tar", &["xzf", "a.tgz"]), Vec::<String>::new());
        assert_eq!(
            run("tar", &["-czf", "out.tgz", "src"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn editors_and_pagers() {
        assert_eq!(run("vim", &["-c", "!rm -rf ~", "f"]), ["rm -rf ~"]);
        assert_eq!(run("vim", &["+:silent !id", "f"]), ["id"]);
        assert_eq!(
            run("nvim", &["-c", "set ft=rust | wq", "f"]),
            Vec::<String>::new()
        );
        assert_eq!(run("vim", &["+42", "f"]), Vec::<String>::new());
        assert_eq!(run("vim", &["+/needle", "f"]), Vec::<String>::new());
        assert_eq!(run("vim", &["-c", "g/x/!rm y", "f"]), ["rm y"]);
        assert_eq!(run("vim", &["-c", "call system('touch a')"]), ["touch a"]);
        assert_eq!(run("vim", &["-c", "r !ls ~"]), ["ls ~"]);
        assert_eq!(run("vim", &["-c", "w !sh"]), ["sh"]);
        assert_eq!(run("vim", &["-c", "w! out.txt"]), Vec::<String>::new());
        assert_eq!(run("vim", &["-c", "py3 import os"]), ["?"]);
        assert_eq!(run("vim", &["-c", "%s/a/\\=system('id')/"]), ["?"]);
        assert_eq!(run("vim", &["-u", "NONE", "f"]), Vec::<String>::new());
        assert_eq!(run("vim", &["file.txt"]), Vec::<String>::new());
        assert_eq!(
            run("emacs", &["--eval", "(shell-command \"rm -rf ~\")"]),
            ["rm -rf ~", "?"]
        );
        assert_eq!(run("less", &["+!rm -rf ~", "log"]), ["rm -rf ~", "?"]);
        assert_eq!(run("less", &["+G", "log"]), Vec::<String>::new());
        assert_eq!(run("less", &["log"]), Vec::<String>::new());
        assert_eq!(run("man", &["-P", "rm -rf ~", "ls"]), ["rm -rf ~"]);
        assert_eq!(run("man", &["--pager=cat", "ls"]), ["cat"]);
        assert_eq!(run("man", &["ls"]), Vec::<String>::new());
    }

    #[test]
    fn languages_with_shell_escapes() {
        assert_eq!(
            run("zip", &["-T", "-TT", "rm -rf ~", "a.zip", "f"]),
            ["rm -rf ~"]
        );
        assert_eq!(
            run("rsync", &["-avze", "ssh -p 22", "a", "h:b"]),
            ["ssh -p 22"]
        );
        assert_eq!(run("rsync", &["--rsh=sh -c id", "a", "h:b"]), ["sh -c id"]);
        assert_eq!(run("scp", &["-S", "./x", "a", "h:b"]), ["./x"]);
        assert_eq!(run("sqlite3", &["db", ".shell rm -rf ~"]), ["rm -rf ~"]);
        assert_eq!(run("sqlite3", &["db", ".once |sh"]), ["sh"]);
        assert_eq!(run("sqlite3", &["db", "select 1"]), Vec::<String>::new());
        assert_eq!(run("psql", &["-c", "\\! rm -rf ~"]), [" rm -rf ~"]);
        assert_eq!(run("gdb", &["-batch", "-ex", "shell id"]), ["id"]);
        assert_eq!(run("sed", &["1e rm -rf ~; echo", "f"]), ["rm -rf ~; echo"]);
        assert_eq!(run("sed", &["s/a/b/e", "f"]), ["?"]);
        assert_eq!(run("sed", &["-i", "s/a/b/", "f"]), Vec::<String>::new());
        assert_eq!(run("sed", &["-e", "s/a/b/", "e"]), Vec::<String>::new());
        assert_eq!(run("awk", &["BEGIN{system(\"rm -rf ~\")}"]), ["rm -rf ~"]);
        assert_eq!(run("awk", &["{print $1}", "f"]), Vec::<String>::new());
        assert_eq!(run("awk", &["{print | \"sh\"}"]), ["?"]);
        assert_eq!(run("fzf", &["--preview", "cat {}"]), ["cat {}"]);
    }

    #[test]
    fn ex_reads_commands_on_standard_input() {
        let out = commands(
            "ex",
            &[Field::literal("f")],
            &Flow::Literal("%s/a/b/\n!id\nwq\n".into()),
        );
        assert!(matches!(out.as_slice(), [Carried::Shell(f)] if f.value == "id"));
        let unknown = Flow::data(super::super::expand::Taint::None, Vec::new());
        assert!(matches!(
            commands("vim", &[], &unknown).as_slice(),
            [Carried::Unknown]
        ));
    }
}

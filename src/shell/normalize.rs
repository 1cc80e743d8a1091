//! From expanded words to the command that really runs: wrappers (`sudo`, `env`, `timeout`,
//! `xargs` …) unwrapped with their own options, the program's basename, normalised flags, the
//! normalised command text, and how shells and interpreters get their code (`-c`, stdin, file).

use super::expand::Field;
use super::quote::{quote, quote_program};

/// How xargs adds its input to the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Xargs {
    /// Input words appended (the default).
    Append,
    /// `-I R`: arguments containing R are replaced.
    Replace(String),
}

/// A simple command after unwrapping.
#[derive(Debug, Clone, Default)]
pub(crate) struct Invocation {
    pub(crate) wrappers: Vec<String>,
    /// The program word; `None` when there are no words at all.
    pub(crate) program: Option<Field>,
    pub(crate) args: Vec<Field>,
    pub(crate) xargs: Option<Xargs>,
    /// `env -C DIR` / `env --chdir=DIR`.
    pub(crate) chdir: Option<Field>,
    /// `env NAME=value …` assignments (`None`: not literal).
    pub(crate) env: Vec<(String, Option<String>)>,
}

/// A wrapper: its name, short options taking a value, long options taking a value, and how
/// many operands come before the wrapped command (`timeout 5 cmd`).
struct Wrapper {
    name: &'static str,
    short_values: &'static str,
    long_values: &'static [&'static str],
    operands: usize,
}

const WRAPPERS: &[Wrapper] = &[
    Wrapper {
        name: "sudo",
        short_values: "uUgpCDrtTR",
        long_values: &[
            "--user",
            "--group",
            "--prompt",
            "--close-from",
            "--chdir",
            "--role",
            "--type",
            "--other-user",
            "--host",
            "--command-timeout",
            "--chroot",
        ],
        operands: 0,
    },
    w("doas", "uC", 0),
    Wrapper {
        name: "env",
        short_values: "uCS",
        long_values: &["--unset", "--chdir", "--split-string"],
        operands: 0,
    },
    w("command", "", 0),
    w("builtin", "", 0),
    w("exec", "a", 0),
    w("nohup", "", 0),
    Wrapper {
        name: "nice",
        short_values: "n",
        long_values: &["--adjustment"],
        operands: 0,
    },
    Wrapper {
        name: "time",
        short_values: "fo",
        long_values: &["--format", "--output"],
        operands: 0,
    },
    Wrapper {
        name: "timeout",
        short_values: "sk",
        long_values: &["--signal", "--kill-after"],
        operands: 1,
    },
    Wrapper {
        name: "stdbuf",
        short_values: "ioe",
        long_values: &["--input", "--output", "--error"],
        operands: 0,
    },
    w("ionice", "cnp", 0),
    w("taskset", "", 1),
    w("setsid", "", 0),
    w("unbuffer", "", 0),
    w("caffeinate", "tw", 0),
    w("busybox", "", 0),
    Wrapper {
        name: "chroot",
        short_values: "",
        long_values: &["--userspec", "--groups"],
        operands: 1,
    },
    Wrapper {
        name: "xargs",
        short_values: "adEILnPs",
        long_values: &[
            "--arg-file",
            "--delimiter",
            "--max-args",
            "--max-lines",
            "--max-procs",
            "--max-chars",
            "--process-slot-var",
        ],
        operands: 0,
    },
];

const fn w(name: &'static str, short_values: &'static str, operands: usize) -> Wrapper {
    Wrapper {
        name,
        short_values,
        long_values: &[],
        operands,
    }
}

/// The last path component of a program word (`/bin/rm` → `rm`).
pub(crate) fn basename(text: &str) -> &str {
    text.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(text)
}

/// Unwrap wrappers until the real program.
pub(crate) fn unwrap(mut fields: Vec<Field>) -> Invocation {
    let mut inv = Invocation::default();
    let mut start = 0;
    while let Some(first) = fields.get(start) {
        if !first.is_literal() {
            break;
        }
        let name = basename(&first.value).to_owned();
        let Some(wrapper) = WRAPPERS.iter().find(|w| w.name == name) else {
            break;
        };
        let rest = fields.get(start + 1..).unwrap_or(&[]);
        let Some(step) = skip_wrapper(wrapper, rest, &mut inv) else {
            break;
        };
        let mut next = start + 1 + step.skip;
        if let Some(split) = step.split {
            // `env -S 'rm -rf /'`: the string is split into words, which come first.
            let words: Vec<Field> = split.value.split_whitespace().map(Field::literal).collect();
            let tail = fields.split_off(next.min(fields.len()));
            fields.truncate(start + 1);
            fields.extend(words);
            fields.extend(tail);
            next = start + 1;
        }
        if next >= fields.len() {
            // The wrapper runs nothing else (`sudo -i`, bare `xargs` runs echo).
            if name == "xargs" {
                inv.wrappers.push(name);
                fields.push(Field::literal("echo"));
                start = next;
            }
            break;
        }
        inv.wrappers.push(name);
        start = next;
    }
    let mut rest = fields.into_iter().skip(start);
    inv.program = rest.next();
    inv.args = rest.collect();
    inv
}

struct Step {
    /// Words after the wrapper name up to the wrapped command.
    skip: usize,
    split: Option<Field>,
}

fn skip_wrapper(wrapper: &Wrapper, rest: &[Field], inv: &mut Invocation) -> Option<Step> {
    let mut i = 0;
    let mut split = None;
    let mut operands = wrapper.operands;
    while let Some(arg) = rest.get(i) {
        let text = arg.value.as_str();
        if text == "--" {
            i += 1;
            break;
        }
        if wrapper.name == "env" && text.contains('=') && !text.starts_with('-') {
            let (name, value) = text.split_once('=').unwrap_or((text, ""));
            inv.env
                .push((name.to_owned(), arg.is_literal().then(|| value.to_owned())));
            i += 1;
            continue;
        }
        if wrapper.name == "busybox" && text.starts_with("--") {
            return None;
        }
        let is_option = text.starts_with('-') && text.len() > 1;
        if !is_option || (wrapper.name == "env" && text == "-") {
            if is_option {
                i += 1;
                continue;
            }
            if operands > 0 {
                operands -= 1;
                i += 1;
                continue;
            }
            break;
        }
        // Queries that run nothing: `command -v rm`, `ionice -p 1`, `taskset -p 1`.
        if matches!(
            (wrapper.name, text),
            ("command", "-v" | "-V") | ("ionice" | "taskset", "-p")
        ) {
            return None;
        }
        let (name, inline) = match text.split_once('=') {
            Some((n, v)) if text.starts_with("--") => (n, Some(v)),
            _ => (text, None),
        };
        let mut value = inline.map(Field::literal);
        let mut consumed = 1;
        if text.starts_with("--") {
            if value.is_none() && wrapper.long_values.contains(&name) {
                value = rest.get(i + 1).cloned();
                consumed = 2;
            }
        } else if let Some((pos, c)) = text
            .char_indices()
            .skip(1)
            .find(|(_, c)| wrapper.short_values.contains(*c))
        {
            let attached = text.get(pos + c.len_utf8()..).unwrap_or("");
            if attached.is_empty() {
                value = rest.get(i + 1).cloned();
                consumed = 2;
            } else {
                value = Some(Field::literal(attached));
            }
        }
        let short = text.chars().nth(1).unwrap_or(' ');
        match wrapper.name {
            "env" if name == "--chdir" || (short == 'C' && !text.starts_with("--")) => {
                inv.chdir = value.clone();
            }
            "env" if name == "--split-string" || (short == 'S' && !text.starts_with("--")) => {
                split = value.clone();
            }
            "xargs" => {
                if let Some(r) = xargs_replace(name, text, value.as_ref()) {
                    inv.xargs = Some(Xargs::Replace(r));
                }
            }
            _ => {}
        }
        i += consumed;
    }
    if wrapper.name == "xargs" && inv.xargs.is_none() {
        inv.xargs = Some(Xargs::Append);
    }
    Some(Step { skip: i, split })
}

fn xargs_replace(name: &str, text: &str, value: Option<&Field>) -> Option<String> {
    if text == "-I" || (text.starts_with("-I") && !text.starts_with("--")) {
        return value.map(|v| v.value.clone());
    }
    if let Some(r) = text.strip_prefix("-i") {
        return Some(if r.is_empty() { "{}" } else { r }.to_owned());
    }
    if name == "--replace" {
        return Some(text.split_once('=').map_or("{}", |(_, r)| r).to_owned());
    }
    None
}

/// Programs whose options are single-dash words, not letter clusters.
const WORD_OPTIONS: &[&str] = &[
    "find",
    "java",
    "javac",
    "gcc",
    "g++",
    "cc",
    "clang",
    "clang++",
    "go",
    "ffmpeg",
    "convert",
    "magick",
    "tcpdump",
    "iptables",
    "ip",
    "openssl",
    "xcodebuild",
    "dd",
];

/// Option flags before `--`: `-rf` → `-r -f`, `--x=y` → `--x`, `-n5` → `-n`.
pub(crate) fn flags(program: &str, args: &[Field]) -> Vec<String> {
    let mut out = Vec::new();
    for arg in args {
        let text = arg.arg.as_str();
        if text == "--" {
            break;
        }
        if !text.starts_with('-') || text.len() < 2 {
            continue;
        }
        if let Some(long) = text.strip_prefix("--") {
            let name = long.split_once('=').map_or(long, |(n, _)| n);
            out.push(format!("--{name}"));
        } else if WORD_OPTIONS.contains(&program)
            || text.bytes().skip(1).all(|b| b.is_ascii_digit())
        {
            out.push(text.to_owned());
        } else {
            for c in text.chars().skip(1).take_while(char::is_ascii_alphabetic) {
                out.push(format!("-{c}"));
            }
            if text
                .chars()
                .nth(1)
                .is_some_and(|c| !c.is_ascii_alphabetic())
            {
                out.push(text.to_owned());
            }
        }
    }
    out
}

/// The normalised command text: program then arguments, quoted where needed.
pub(crate) fn command_text(program: &str, args: &[String]) -> String {
    let mut out = quote_program(program);
    for arg in args {
        out.push(' ');
        out.push_str(&quote(arg));
    }
    out
}

/// Shells whose code can come from `-c`, standard input or a file.
pub(crate) const SHELLS: &[&str] = &[
    "sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish", "csh", "tcsh", "yash", "rbash",
];

/// Where a shell gets its code.
#[derive(Debug, Clone)]
pub(crate) enum ShellInput {
    /// `-c TEXT`.
    Command(Field),
    /// Standard input (`-s`, `-`, no operands, `/dev/stdin`).
    Stdin,
    /// A script file (or `<(…)`).
    File(Field),
}

/// How a shell invocation gets its code; `None` for `su` without `-c`.
pub(crate) fn shell_input(program: &str, args: &[Field]) -> Option<ShellInput> {
    let mut command = false;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let text = arg.value.as_str();
        i += 1;
        if text == "--" || text == "-" {
            break;
        }
        if program == "su" {
            if text == "-c" || text == "--command" {
                return args.get(i).cloned().map(ShellInput::Command);
            }
            if let Some(c) = text.strip_prefix("--command=") {
                return Some(ShellInput::Command(Field::literal(c)));
            }
            if text == "-s" || text == "--shell" {
                i += 1;
            }
            continue;
        }
        if text.starts_with("--") {
            if matches!(text, "--rcfile" | "--init-file") {
                i += 1;
            }
            continue;
        }
        if (text.starts_with('-') || text.starts_with('+')) && text.len() > 1 {
            command |= text.contains('c') && text.starts_with('-');
            if text.contains('s') && text.starts_with('-') {
                return Some(ShellInput::Stdin);
            }
            if text.ends_with('o') || text.ends_with('O') {
                i += 1;
            }
            continue;
        }
        i -= 1;
        break;
    }
    if program == "su" {
        return None;
    }
    match args.get(i) {
        Some(first) if command => Some(ShellInput::Command(first.clone())),
        Some(first) if first.value == "/dev/stdin" => Some(ShellInput::Stdin),
        Some(first) => Some(ShellInput::File(first.clone())),
        None => Some(ShellInput::Stdin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Field> {
        text.split(' ').map(Field::literal).collect()
    }

    fn unwrapped(text: &str) -> String {
        let inv = unwrap(fields(text));
        let args: Vec<&str> = inv.args.iter().map(|a| a.value.as_str()).collect();
        format!(
            "{} | {} | {}",
            inv.wrappers.join(","),
            inv.program.map(|p| p.value).unwrap_or_default(),
            args.join(" ")
        )
    }

    #[test]
    fn unwrap_table() {
        let cases: &[(&str, &str)] = &[
            ("rm -rf /", " | rm | -rf /"),
            ("sudo -u root rm -rf /", "sudo | rm | -rf /"),
            ("sudo --user=root rm x", "sudo | rm | x"),
            ("timeout 5 rm -rf /", "timeout | rm | -rf /"),
            ("timeout -s KILL 5 rm x", "timeout | rm | x"),
            ("nice -n 5 rm -rf /", "nice | rm | -rf /"),
            ("nice -10 rm x", "nice | rm | x"),
            ("nohup rm -rf /", "nohup | rm | -rf /"),
            ("exec rm -rf /", "exec | rm | -rf /"),
            ("env rm -rf /", "env | rm | -rf /"),
            ("env -i A=1 B=2 rm x", "env | rm | x"),
            ("env -u HOME rm x", "env | rm | x"),
            ("command rm -rf /", "command | rm | -rf /"),
            ("command -v rm", " | command | -v rm"),
            ("busybox rm -rf /", "busybox | rm | -rf /"),
            ("sudo env nice -n 1 rm x", "sudo,env,nice | rm | x"),
            ("stdbuf -oL rm x", "stdbuf | rm | x"),
            ("xargs rm -rf", "xargs | rm | -rf"),
            ("xargs -0 -n 1 rm", "xargs | rm | "),
            ("xargs", "xargs | echo | "),
            ("sudo", " | sudo | "),
            ("sudo -i", " | sudo | -i"),
            ("/usr/bin/sudo /bin/rm x", "sudo | /bin/rm | x"),
            ("chroot /mnt rm x", "chroot | rm | x"),
        ];
        for (text, want) in cases {
            assert_eq!(unwrapped(text), *want, "{text}");
        }
    }

    #[test]
    fn env_split_string_and_chdir() {
        let mut words = fields("env -C /tmp -S");
        words.push(Field::literal("rm -rf /"));
        let inv = unwrap(words);
        assert_eq!(inv.program.unwrap().value, "rm");
        assert_eq!(inv.args.len(), 2);
        assert_eq!(inv.chdir.unwrap().value, "/tmp");
    }

    #[test]
    fn xargs_modes() {
        let inv = unwrap(fields("xargs -I {} rm {}"));
        assert_eq!(inv.xargs, Some(Xargs::Replace("{}".to_owned())));
        assert_eq!(
            unwrap(fields("xargs -I% rm %")).xargs,
            Some(Xargs::Replace("%".into()))
        );
        assert_eq!(unwrap(fields("xargs rm")).xargs, Some(Xargs::Append));
        assert_eq!(unwrap(fields("rm x")).xargs, None);
    }

    #[test]
    fn flags_table() {
        let cases: &[(&str, &str, &str)] = &[
            ("rm", "-rf /", "-r -f"),
            ("rm", "-r -f /", "-r -f"),
            ("rm", "--recursive --force /", "--recursive --force"),
            ("rm", "-rf -- -x", "-r -f"),
            ("git", "push --force-with-lease=main", "--force-with-lease"),
            ("head", "-5 x", "-5"),
            ("tail", "-n5 x", "-n"),
            ("find", ". -name x -delete", "-name -delete"),
            ("ls", "- x", ""),
        ];
        for (program, args, want) in cases {
            assert_eq!(flags(program, &fields(args)).join(" "), *want, "{args}");
        }
    }

    #[test]
    fn shell_input_table() {
        let cases: &[(&str, &str, &str)] = &[
            ("bash", "-c x", "c:x"),
            ("sh", "-lc x", "c:x"),
            ("bash", "-o pipefail -c x", "c:x"),
            ("bash", "-x -c x y z", "c:x"),
            ("bash", "script.sh arg", "f:script.sh"),
            ("bash", "-s", "stdin"),
            ("bash", "-", "stdin"),
            ("bash", "/dev/stdin", "stdin"),
            ("bash", "--norc", "stdin"),
            ("su", "-c x root", "c:x"),
            ("su", "root", "none"),
        ];
        for (program, args, want) in cases {
            let args: Vec<Field> = args.split(' ').map(Field::literal).collect();
            let got = match shell_input(program, &args) {
                Some(ShellInput::Command(f)) => format!("c:{}", f.value),
                Some(ShellInput::File(f)) => format!("f:{}", f.value),
                Some(ShellInput::Stdin) => "stdin".to_owned(),
                None => "none".to_owned(),
            };
            assert_eq!(got, *want, "{program} {args:?}");
        }
    }
}

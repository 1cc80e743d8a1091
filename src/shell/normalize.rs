//! From expanded words to the command that really runs: wrappers (`sudo`, `env`, `timeout`,
//! `xargs` …) unwrapped with their own options, the program's basename, normalised flags, the
//! normalised command text, and how shells and interpreters get their code (`-c`, stdin, file).

use super::basename;
use super::concern::Concern;
use super::expand::Field;
use super::quote::{quote, quote_program};
use super::wrappers::{self, Inner, Wrapper};

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
    /// `xargs -a FILE`: its input is not standard input.
    pub(crate) xargs_arg_file: bool,
    /// `env -C DIR` / `env --chdir=DIR`.
    pub(crate) chdir: Option<Field>,
    /// Command strings a wrapper runs in a shell (`flock -c '…'`, `ssh host '…'`), with the
    /// wrapper's name.
    pub(crate) scripts: Vec<(Field, &'static str)>,
    /// The program reads a shell script on standard input (`at`, `batch`).
    pub(crate) stdin_script: bool,
    /// A command the program runs elsewhere (`docker exec c CMD…`), analysed nested.
    pub(crate) nested: Option<(Vec<Field>, &'static str)>,
    /// What the unwrapping could not model (an unknown wrapper option).
    pub(crate) concerns: Vec<Concern>,
    /// `env NAME=value …` and `sudo NAME=value …` assignments (`None`: not literal).
    pub(crate) env: Vec<(String, Option<String>)>,
}

/// Unwrap wrappers (the table in `wrappers.rs`) until the real program.
pub(crate) fn unwrap(mut fields: Vec<Field>) -> Invocation {
    let mut inv = Invocation::default();
    let mut start = 0;
    let mut package = false;
    while let Some(first) = fields.get(start) {
        if !first.is_literal() {
            break;
        }
        if first.value == "!" && fields.len() > start + 1 {
            // `time time ! cmd`: bash reads `!` as negation where brush left a word.
            start += 1;
            continue;
        }
        let words = fields
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .map(|f| f.value.as_str());
        let Some((wrapper, name_words)) = wrappers::find(words) else {
            break;
        };
        let rest = fields.get(start + name_words..).unwrap_or(&[]);
        let Some(step) = skip_wrapper(wrapper, rest, &mut inv) else {
            break;
        };
        let mut next = start + name_words + step.skip;
        if let Some(split) = step.split {
            // `env -S 'rm -rf /'`: the string is split into words, which come first.
            let words: Vec<Field> = split_string(&split);
            let tail = fields.split_off(next.min(fields.len()));
            fields.truncate(start + name_words);
            fields.extend(words);
            fields.extend(tail);
            next = start + name_words;
        }
        let stop_here = match wrapper.inner {
            Inner::Argv => step.ran_option,
            Inner::OptionOnly => true,
            Inner::Stdin => {
                inv.stdin_script = !step.ran_option;
                true
            }
            Inner::Nested => {
                let words = fields.get(next..).unwrap_or(&[]).to_vec();
                if !words.is_empty() {
                    inv.nested = Some((words, wrapper.name));
                }
                true
            }
            Inner::Parallel => {
                let options = fields.get(start + name_words..next).unwrap_or(&[]);
                parallel(options, fields.get(next..).unwrap_or(&[]), &mut inv);
                true
            }
            Inner::Joined => {
                if let Some(text) = join(fields.get(next..).unwrap_or(&[])) {
                    inv.scripts.push((text, wrapper.name));
                }
                true
            }
        };
        if stop_here {
            // The wrapper itself is the program; what it runs is in `scripts`/`stdin_script`.
            break;
        }
        if next >= fields.len() {
            // The wrapper runs nothing else (`sudo -i`, bare `xargs` runs echo).
            if wrapper.name == "xargs" {
                inv.wrappers.push(wrapper.name.to_owned());
                fields.push(Field::literal("echo"));
                start = next;
            }
            break;
        }
        inv.wrappers.push(wrapper.name.to_owned());
        package = wrappers::PACKAGE_RUNNERS.contains(&wrapper.name);
        start = next;
    }
    let mut rest = fields.into_iter().skip(start);
    inv.program = rest.next();
    if package && let Some(p) = inv.program.as_mut().filter(|p| p.is_literal()) {
        // `npx rimraf@5 x` runs the package's binary: `rimraf`.
        p.value = wrappers::package_program(basename(&p.value));
        p.arg = p.value.clone();
    }
    inv.args = rest.collect();
    inv
}

/// At most this many `parallel` arguments are analysed (more are `unknown`).
const MAX_PARALLEL_ARGS: usize = 16;

/// GNU parallel (see [`Inner::Parallel`]): the command texts it runs go to `inv.scripts`; an
/// argument only known at run time is the always-dynamic word `${parallel_input:?}`.
fn parallel(options: &[Field], words: &[Field], inv: &mut Invocation) {
    let is_separator = |w: &Field| matches!(w.value.as_str(), ":::" | "::::" | ":::+" | "::::+");
    let cut = words.iter().position(is_separator).unwrap_or(words.len());
    let (template, sources) = words.split_at(cut);
    let mut run_time = options.iter().any(|o| {
        let t = o.value.as_str();
        (t.starts_with("-a") && !t.starts_with("--")) || t.starts_with("--arg-file")
    });
    let stdin = sources.is_empty() && !run_time;
    let mut literal = Vec::new();
    let mut from_files = false;
    for w in sources {
        if is_separator(w) {
            from_files = w.value.starts_with("::::");
        } else if from_files {
            run_time = true;
        } else {
            literal.push(w.clone());
        }
    }
    if literal.len() > MAX_PARALLEL_ARGS {
        inv.concerns.push(Concern::Unknown);
    }
    let literal = literal.iter().take(MAX_PARALLEL_ARGS);
    match join(template) {
        None => {
            // No template: every argument is a command line.
            inv.scripts.extend(literal.map(|a| (a.clone(), "parallel")));
            if run_time {
                inv.concerns.push(Concern::EvalDynamic);
            }
            inv.stdin_script |= stdin;
        }
        Some(template) => {
            for a in literal {
                inv.scripts
                    .push((fill_template(&template, &quote(&a.value), a), "parallel"));
            }
            if run_time || stdin {
                let input = Field::default();
                let filled = fill_template(&template, "\"${parallel_input:?}\"", &input);
                inv.scripts.push((filled, "parallel"));
            }
        }
    }
}

/// A `parallel` template with one (shell-quoted) argument: in its replacement strings (`{}`,
/// `{.}` …), else appended.
fn fill_template(template: &Field, quoted: &str, arg: &Field) -> Field {
    let mut out = template.clone();
    let mut replaced = false;
    for r in ["{}", "{.}", "{/}", "{//}", "{/.}"] {
        if out.value.contains(r) {
            out.value = out.value.replace(r, quoted);
            replaced = true;
        }
    }
    if !replaced {
        out.value.push(' ');
        out.value.push_str(quoted);
    }
    out.arg = out.value.clone();
    out.dynamic |= arg.dynamic;
    out.glob |= arg.glob;
    out.taint = out.taint.max(arg.taint);
    out
}

/// Words joined with spaces into one shell text (`ssh host rm -rf x`).
fn join(words: &[Field]) -> Option<Field> {
    let first = words.first()?;
    let mut out = first.clone();
    for w in words.get(1..).unwrap_or(&[]) {
        out.value.push(' ');
        out.value.push_str(&w.value);
        out.arg.push(' ');
        out.arg.push_str(&w.arg);
        out.dynamic |= w.dynamic;
        out.glob |= w.glob;
        out.taint = out.taint.max(w.taint);
    }
    Some(out)
}

/// `env -S STRING` split as env does (and, near enough, xargs its input): on blanks, with single and double quotes and backslash
/// escapes; a word holding `${NAME}` is dynamic from there on.
pub(crate) fn split_string(split: &Field) -> Vec<Field> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut started = false;
    let mut quote: Option<char> = None;
    let mut chars = split.value.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, ' ' | '\t' | '\n') => {
                if started {
                    words.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), _) if c == q => quote = None,
            (None | Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    current.push(match n {
                        'n' => '\n',
                        't' => '\t',
                        '_' => ' ',
                        other => other,
                    });
                }
                started = true;
            }
            _ => {
                current.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(current);
    }
    words
        .into_iter()
        .map(|w| {
            let mut f = Field::literal(&w);
            f.dynamic = split.dynamic;
            f.taint = split.taint;
            if let Some(at) = w.find('$') {
                f.dynamic = true;
                f.fixed = Some(at);
            }
            f
        })
        .collect()
}

struct Step {
    /// Words after the wrapper name up to the wrapped command.
    skip: usize,
    split: Option<Field>,
    /// A command-string option was given: the wrapper runs that, not an argv.
    ran_option: bool,
}

/// Whether `-x…` is a known short option cluster of `wrapper`; the position of a value-taking
/// letter if there is one.
fn short_cluster(wrapper: &Wrapper, text: &str) -> Result<Option<(usize, char)>, ()> {
    for (pos, c) in text.char_indices().skip(1) {
        if wrapper.short_values.contains(c) {
            return Ok(Some((pos, c)));
        }
        if !wrapper.short_flags.contains(c) {
            return Err(());
        }
    }
    Ok(None)
}

fn skip_wrapper(wrapper: &Wrapper, rest: &[Field], inv: &mut Invocation) -> Option<Step> {
    let mut i = 0;
    let mut split = None;
    let mut ran_option = false;
    let mut operands = wrapper.operands;
    // After `--` no word is an option, but operands and `NAME=value` words still come
    // (`sudo -- X=1 cmd`, `timeout -- 5 cmd`).
    let mut options_done = false;
    while let Some(arg) = rest.get(i) {
        let text = arg.value.as_str();
        if text == "--" && !options_done {
            options_done = true;
            i += 1;
            continue;
        }
        // Only a wrapper that runs an argv takes assignments; in shell text (`watch 'X=1 cmd'`)
        // they belong to the command.
        if wrapper.assignments
            && wrapper.inner == Inner::Argv
            && operands == 0
            && !text.starts_with('-')
            && text.split_once('=').is_some_and(|(n, _)| is_name(n))
        {
            // `sudo X=1 cmd`, `env A=1 cmd`: an environment assignment.
            let (name, value) = text.split_once('=').unwrap_or((text, ""));
            inv.env
                .push((name.to_owned(), arg.is_literal().then(|| value.to_owned())));
            i += 1;
            continue;
        }
        let is_option = !options_done && text.starts_with('-') && text.len() > 1 && !arg.dynamic;
        if !is_option {
            if wrapper.name == "env" && text == "-" && !options_done {
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
        if wrapper.queries.contains(&text) || (wrapper.name == "busybox" && text.starts_with("--"))
        {
            return None;
        }
        let long = text.starts_with("--");
        let (name, inline) = match text.split_once('=') {
            Some((n, _)) if long => (n, Some(arg.tail(n.len() + 1))),
            _ => (text, None),
        };
        let mut value = inline;
        let mut consumed = 1;
        let mut value_letter = None;
        if long {
            let known = wrapper.long_values.contains(&name) || wrapper.long_flags.contains(&name);
            let free = wrappers::FREE_LONG_OPTIONS.contains(&wrapper.name);
            if value.is_none() && wrapper.long_values.contains(&name) {
                value = rest.get(i + 1).cloned();
                consumed = 2;
            } else if !known && !free {
                inv.concerns.push(Concern::Unknown);
            }
        } else if is_word_option(wrapper, text) {
            // `nice -10`, `gdb -ex CMD`: whole-word options.
            if wrapper.command_opts.contains(&text) || text == "-x" {
                value = rest.get(i + 1).cloned();
                consumed = 2;
            }
        } else {
            match short_cluster(wrapper, text) {
                Ok(Some((pos, c))) => {
                    value_letter = Some(c);
                    let attached = pos + c.len_utf8();
                    if attached < text.len() {
                        value = Some(arg.tail(attached));
                    } else {
                        value = rest.get(i + 1).cloned();
                        consumed = 2;
                    }
                }
                Ok(None) => {}
                Err(()) => inv.concerns.push(Concern::Unknown),
            }
        }
        let letter = if long {
            ' '
        } else {
            value_letter.unwrap_or_else(|| text.chars().nth(1).unwrap_or(' '))
        };
        let opt_key = if long {
            name.to_owned()
        } else {
            format!("-{letter}")
        };
        match wrapper.name {
            "env" if name == "--chdir" || letter == 'C' => inv.chdir = value.clone(),
            "env" if name == "--split-string" || letter == 'S' => split = value.clone(),
            "xargs" => {
                inv.xargs_arg_file |= letter == 'a' || name == "--arg-file";
                if let Some(r) = xargs_replace(name, text, value.as_ref()) {
                    inv.xargs = Some(Xargs::Replace(r));
                }
            }
            "ssh" if letter == 'o' => {
                // `-o ProxyCommand=…`, `-oLocalCommand …`: a command run locally.
                if let Some(v) = &value {
                    let key = v.value.split(['=', ' ']).next().unwrap_or("");
                    let option = format!("-o{key}");
                    if let Some(found) = wrapper
                        .command_opts
                        .iter()
                        .find(|o| o.eq_ignore_ascii_case(&option))
                    {
                        let at = key.len() + 1;
                        inv.scripts.push((v.tail(at.min(v.value.len())), found));
                    }
                }
            }
            _ => {}
        }
        if let Some(v) = &value
            && (wrapper.command_opts.contains(&opt_key.as_str())
                || wrapper.command_opts.contains(&text))
            && !(wrapper.name == "ssh" && letter == 'o')
        {
            inv.scripts.push((v.clone(), wrapper.name));
            ran_option = true;
        }
        i += consumed;
    }
    if wrapper.name == "xargs" && inv.xargs.is_none() {
        inv.xargs = Some(Xargs::Append);
    }
    Some(Step {
        skip: i,
        split,
        ran_option,
    })
}

/// Whole-word options: `nice -10`, `gdb -ex CMD`.
fn is_word_option(wrapper: &Wrapper, text: &str) -> bool {
    (wrapper.name == "nice" && text.bytes().skip(1).all(|b| b.is_ascii_digit()))
        || (wrapper.name == "gdb" && (text == "-x" || wrapper.command_opts.contains(&text)))
}

/// A shell variable name.
pub(crate) fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
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
        if program == "su" && matches!(text, "-" | "-l" | "--login") {
            continue;
        }
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
            ("time ! rm x", "time | rm | x"),
            ("sudo -- X=1 rm x", "sudo | rm | x"),
            ("timeout -- 5 rm x", "timeout | rm | x"),
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

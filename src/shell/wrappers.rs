//! The one declarative table of programs that run other programs ([`WRAPPERS`]): for each, the
//! options it knows (which take a value), how many operands come before the command it runs,
//! which options carry a command string, and how the inner command is given (an argv after its
//! options, words joined into shell text, or standard input). [`super::normalize::unwrap`] reads
//! it; an option a wrapper is not known to take makes the command `unknown`. The README lists the
//! table.

/// How a wrapper gives the command it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inner {
    /// The words after its options and operands are the command and its arguments.
    Argv,
    /// The words after its options and operands are joined with spaces and run by a shell
    /// (`ssh host rm -rf x`, `watch 'ls; rm x'`).
    Joined,
    /// Only a command-string option runs anything (`script -c`); other words are its operands.
    OptionOnly,
    /// It reads a shell script on standard input (`at`, `batch`).
    Stdin,
    /// GNU parallel: a command template, then arguments after `:::` (literal) or `::::`/`-a`
    /// (files), else lines of standard input; without a template each argument is a command.
    Parallel,
    /// The words after its options and operands are a command run elsewhere (in a container):
    /// the wrapper stays the program (its own model sees it) and the command is analysed nested.
    Nested,
}

/// One program that runs other programs.
pub(crate) struct Wrapper {
    /// Its name; two words for a subcommand (`pnpm dlx`).
    pub(crate) name: &'static str,
    /// Short options that take a value (`-u root`, `-uroot`).
    pub(crate) short_values: &'static str,
    /// Short options without a value.
    pub(crate) short_flags: &'static str,
    /// Long options that take the next word as value (`--user root`; `--user=root` always works).
    pub(crate) long_values: &'static [&'static str],
    /// Long options without a value (or only with `=`).
    pub(crate) long_flags: &'static [&'static str],
    /// Operands before the command (`timeout 5 cmd`, `flock FILE cmd`, `ssh HOST cmd`).
    pub(crate) operands: usize,
    /// Options whose value is a shell command string (`flock -c`, `su -c`, `ssh -o ProxyCommand=`).
    pub(crate) command_opts: &'static [&'static str],
    pub(crate) inner: Inner,
    /// `NAME=value` words before the command are environment assignments (`sudo X=1 cmd`).
    pub(crate) assignments: bool,
    /// Options that make it run nothing (`command -v`, `ionice -p PID`, `sudo -l`).
    pub(crate) queries: &'static [&'static str],
}

const BASE: Wrapper = Wrapper {
    name: "",
    short_values: "",
    short_flags: "",
    long_values: &[],
    long_flags: &[],
    operands: 0,
    command_opts: &[],
    inner: Inner::Argv,
    assignments: true,
    queries: &[],
};

/// Package runners: their first operand is a package whose binary runs (`npx rimraf x`).
pub(crate) const PACKAGE_RUNNERS: &[&str] = &[
    "npx",
    "pnpm dlx",
    "pnpx",
    "yarn dlx",
    "bunx",
    "bun x",
    "uvx",
    "uv tool run",
    "pipx run",
    "npm exec",
    "pnpm exec",
];

/// Every program that runs another program, with how. Keep alphabetical within groups.
pub(crate) const WRAPPERS: &[Wrapper] = &[
    // --- privilege and identity -----------------------------------------------------------
    Wrapper {
        name: "sudo",
        short_values: "uUgpCDrtTRh",
        short_flags: "AbEeHiKklLnPSsVv",
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
        long_flags: &[
            "--askpass",
            "--background",
            "--preserve-env",
            "--edit",
            "--set-home",
            "--login",
            "--remove-timestamp",
            "--reset-timestamp",
            "--non-interactive",
            "--preserve-groups",
            "--stdin",
            "--shell",
            "--validate",
            "--bell",
        ],
        queries: &[
            "-l",
            "--list",
            "-v",
            "--validate",
            "-k",
            "-K",
            "-V",
            "--version",
        ],
        ..BASE
    },
    Wrapper {
        name: "doas",
        short_values: "uC",
        short_flags: "Lns",
        ..BASE
    },
    Wrapper {
        name: "run0",
        long_values: &[
            "--user",
            "--group",
            "--chdir",
            "--setenv",
            "--property",
            "--unit",
        ],
        long_flags: &["--no-ask-password", "--slice-inherit"],
        short_values: "ugDE",
        ..BASE
    },
    Wrapper {
        name: "runuser",
        short_values: "ugGcsw",
        short_flags: "lmpPfh",
        long_values: &[
            "--user",
            "--group",
            "--supp-group",
            "--shell",
            "--whitelist-environment",
        ],
        long_flags: &["--login", "--preserve-environment", "--pty", "--fast"],
        command_opts: &["-c", "--command", "--session-command"],
        ..BASE
    },
    Wrapper {
        name: "setpriv",
        short_flags: "d",
        long_values: &[
            "--ruid",
            "--euid",
            "--reuid",
            "--rgid",
            "--egid",
            "--regid",
            "--groups",
            "--inh-caps",
            "--ambient-caps",
            "--bounding-set",
            "--securebits",
            "--pdeathsig",
            "--selinux-label",
            "--apparmor-profile",
            "--landlock-access",
            "--landlock-rule",
        ],
        long_flags: &[
            "--keep-groups",
            "--clear-groups",
            "--init-groups",
            "--no-new-privs",
            "--reset-env",
            "--dump",
        ],
        ..BASE
    },
    Wrapper {
        name: "gosu",
        operands: 1,
        ..BASE
    },
    Wrapper {
        name: "su-exec",
        operands: 1,
        ..BASE
    },
    Wrapper {
        name: "setuidgid",
        operands: 1,
        ..BASE
    },
    Wrapper {
        name: "chpst",
        short_values: "ugUeL/nlbm",
        short_flags: "vP012",
        ..BASE
    },
    Wrapper {
        name: "sg",
        operands: 1,
        command_opts: &["-c"],
        ..BASE
    },
    Wrapper {
        name: "fakeroot",
        short_values: "li",
        short_flags: "su",
        long_values: &["--lib", "--faked", "--unknown-is-real", "-fd-base"],
        ..BASE
    },
    Wrapper {
        name: "chroot",
        long_values: &["--userspec", "--groups"],
        long_flags: &["--skip-chdir"],
        operands: 1,
        ..BASE
    },
    // --- the environment --------------------------------------------------------------------
    Wrapper {
        name: "env",
        short_values: "uCSP",
        short_flags: "i0v",
        long_values: &["--unset", "--chdir", "--split-string"],
        long_flags: &[
            "--ignore-environment",
            "--null",
            "--debug",
            "--default-signal",
            "--ignore-signal",
            "--block-signal",
            "--list-signal-handling",
        ],
        ..BASE
    },
    Wrapper {
        name: "command",
        short_flags: "p",
        queries: &["-v", "-V"],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "builtin",
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "exec",
        short_values: "a",
        short_flags: "cl",
        assignments: false,
        ..BASE
    },
    // --- scheduling and limits ----------------------------------------------------------------
    Wrapper {
        name: "nohup",
        ..BASE
    },
    Wrapper {
        name: "nice",
        short_values: "n",
        long_values: &["--adjustment"],
        ..BASE
    },
    Wrapper {
        name: "time",
        short_values: "fo",
        short_flags: "apqv",
        long_values: &["--format", "--output"],
        long_flags: &["--append", "--portability", "--quiet", "--verbose"],
        ..BASE
    },
    Wrapper {
        name: "timeout",
        short_values: "sk",
        short_flags: "v",
        long_values: &["--signal", "--kill-after"],
        long_flags: &["--preserve-status", "--foreground", "--verbose"],
        operands: 1,
        ..BASE
    },
    Wrapper {
        name: "stdbuf",
        short_values: "ioe",
        long_values: &["--input", "--output", "--error"],
        ..BASE
    },
    Wrapper {
        name: "ionice",
        short_values: "cnpPu",
        short_flags: "t",
        long_values: &["--class", "--classdata", "--pid", "--pgid", "--uid"],
        long_flags: &["--ignore"],
        queries: &["-p", "-P", "-u", "--pid", "--pgid", "--uid"],
        ..BASE
    },
    Wrapper {
        name: "taskset",
        short_flags: "ac",
        long_flags: &["--all-tasks", "--cpu-list"],
        operands: 1,
        queries: &["-p", "--pid"],
        ..BASE
    },
    Wrapper {
        name: "chrt",
        short_values: "TPD",
        short_flags: "abdefiorRv",
        long_values: &["--sched-runtime", "--sched-period", "--sched-deadline"],
        long_flags: &[
            "--all-tasks",
            "--batch",
            "--deadline",
            "--ext",
            "--fifo",
            "--idle",
            "--other",
            "--rr",
            "--reset-on-fork",
            "--verbose",
        ],
        operands: 1,
        queries: &["-p", "--pid", "-m", "--max"],
        ..BASE
    },
    Wrapper {
        name: "prlimit",
        short_values: "p",
        long_values: &["--pid", "--output"],
        long_flags: &["--noheadings", "--raw", "--verbose"],
        ..BASE
    },
    Wrapper {
        name: "cpulimit",
        short_values: "lpe",
        short_flags: "zikvfb",
        long_values: &["--limit", "--pid", "--exe"],
        ..BASE
    },
    Wrapper {
        name: "numactl",
        short_values: "NmCpilP",
        short_flags: "as",
        ..BASE
    },
    // `screen -dmS NAME CMD…`; `-X` (a command for a running session), `-c` (a configuration
    // file) and `-s` (the shell) are left unknown.
    Wrapper {
        name: "screen",
        short_values: "ehpStT",
        short_flags: "aAdDmrRxqUlLOi",
        queries: &["-ls", "-list", "-wipe", "-v", "-version"],
        ..BASE
    },
    Wrapper {
        name: "setsid",
        short_flags: "cfw",
        long_flags: &["--ctty", "--fork", "--wait"],
        ..BASE
    },
    Wrapper {
        name: "systemd-run",
        short_values: "upEMHd",
        short_flags: "tPGqrS",
        long_values: &[
            "--unit",
            "--property",
            "--setenv",
            "--machine",
            "--host",
            "--uid",
            "--gid",
            "--nice",
            "--working-directory",
            "--description",
            "--slice",
            "--on-calendar",
            "--on-active",
            "--on-boot",
            "--timer-property",
            "--path-property",
            "--socket-property",
            "--service-type",
        ],
        long_flags: &[
            "--user",
            "--system",
            "--scope",
            "--pty",
            "--pipe",
            "--collect",
            "--wait",
            "--quiet",
            "--no-block",
            "--remain-after-exit",
            "--send-sighup",
            "--same-dir",
            "--no-ask-password",
            "--shell",
        ],
        ..BASE
    },
    Wrapper {
        name: "unshare",
        short_values: "SGRwl",
        short_flags: "muinpUCTrfcMa",
        long_values: &[
            "--setuid",
            "--setgid",
            "--root",
            "--wd",
            "--propagation",
            "--setgroups",
        ],
        long_flags: &[
            "--mount",
            "--uts",
            "--ipc",
            "--net",
            "--pid",
            "--user",
            "--cgroup",
            "--time",
            "--fork",
            "--kill-child",
            "--mount-proc",
            "--map-root-user",
            "--map-current-user",
            "--map-auto",
            "--map-user",
            "--map-group",
            "--keep-caps",
        ],
        ..BASE
    },
    Wrapper {
        name: "nsenter",
        short_values: "tSGrwZ",
        short_flags: "amuinpUCTFe",
        long_values: &["--target", "--setuid", "--setgid", "--root", "--wd"],
        long_flags: &[
            "--all",
            "--mount",
            "--uts",
            "--ipc",
            "--net",
            "--pid",
            "--user",
            "--cgroup",
            "--time",
            "--preserve-credentials",
            "--no-fork",
        ],
        ..BASE
    },
    Wrapper {
        name: "flock",
        short_values: "wEc",
        short_flags: "sxunoFev",
        long_values: &["--timeout", "--conflict-exit-code", "--command"],
        long_flags: &[
            "--shared",
            "--exclusive",
            "--unlock",
            "--nonblock",
            "--close",
            "--no-fork",
            "--verbose",
        ],
        command_opts: &["-c", "--command"],
        operands: 1,
        ..BASE
    },
    // --- tracing and debugging ------------------------------------------------------------------
    Wrapper {
        name: "strace",
        short_values: "eoOpPsSuIbXaE",
        short_flags: "cCdDfFhiqrtTvVwxyzZkn",
        long_values: &[
            "--output",
            "--attach",
            "--string-limit",
            "--user",
            "--env",
            "--trace",
        ],
        ..BASE
    },
    Wrapper {
        name: "ltrace",
        short_values: "aeoupsnlAbDFLx",
        short_flags: "cCfhiSrtTV",
        long_values: &["--output", "--library"],
        ..BASE
    },
    Wrapper {
        name: "valgrind",
        short_flags: "qv",
        ..BASE
    },
    Wrapper {
        name: "gdb",
        short_values: "xp",
        short_flags: "nqb",
        long_flags: &["--args", "--batch", "--quiet", "--nx"],
        command_opts: &["-ex", "--ex", "-iex"],
        ..BASE
    },
    // --- sandboxes and sessions ---------------------------------------------------------------
    Wrapper {
        name: "firejail",
        ..BASE
    },
    Wrapper {
        name: "bwrap",
        ..BASE
    },
    Wrapper {
        name: "xvfb-run",
        short_values: "nefspw",
        short_flags: "ah",
        long_values: &[
            "--server-num",
            "--error-file",
            "--auth-file",
            "--server-args",
            "--xauth-protocol",
            "--wait",
        ],
        long_flags: &["--auto-servernum", "--auto-display"],
        ..BASE
    },
    Wrapper {
        name: "dbus-run-session",
        long_values: &["--config-file", "--dbus-daemon"],
        ..BASE
    },
    Wrapper {
        name: "dbus-launch",
        long_flags: &["--exit-with-session", "--sh-syntax", "--csh-syntax"],
        ..BASE
    },
    Wrapper {
        name: "tini",
        short_values: "ep",
        short_flags: "svgwlh",
        ..BASE
    },
    Wrapper {
        name: "dumb-init",
        short_values: "r",
        short_flags: "cv",
        long_flags: &["--single-child", "--verbose"],
        ..BASE
    },
    Wrapper {
        name: "script",
        short_values: "cEIOBTm",
        short_flags: "aefqkh",
        long_values: &[
            "--command",
            "--echo",
            "--log-in",
            "--log-out",
            "--log-io",
            "--log-timing",
            "--logging-format",
            "--output-limit",
        ],
        long_flags: &["--append", "--return", "--flush", "--force", "--quiet"],
        command_opts: &["-c", "--command"],
        inner: Inner::OptionOnly,
        ..BASE
    },
    Wrapper {
        name: "unbuffer",
        short_flags: "p",
        ..BASE
    },
    Wrapper {
        name: "caffeinate",
        short_values: "tw",
        short_flags: "dimsu",
        ..BASE
    },
    Wrapper {
        name: "busybox",
        ..BASE
    },
    Wrapper {
        name: "eatmydata",
        ..BASE
    },
    Wrapper {
        name: "nocache",
        ..BASE
    },
    Wrapper {
        name: "chronic",
        short_flags: "ev",
        ..BASE
    },
    Wrapper {
        name: "rlwrap",
        ..BASE
    },
    Wrapper {
        name: "torsocks",
        short_values: "uapP",
        short_flags: "di6",
        ..BASE
    },
    Wrapper {
        name: "proxychains",
        short_values: "f",
        short_flags: "q",
        ..BASE
    },
    Wrapper {
        name: "proxychains4",
        short_values: "f",
        short_flags: "q",
        ..BASE
    },
    Wrapper {
        name: "sshpass",
        short_values: "pfdeP",
        short_flags: "v",
        ..BASE
    },
    Wrapper {
        name: "watch",
        short_values: "nq",
        short_flags: "bcdeghtpwrx",
        long_values: &["--interval", "--equexit"],
        long_flags: &[
            "--beep",
            "--color",
            "--no-color",
            "--differences",
            "--errexit",
            "--chgexit",
            "--no-title",
            "--precise",
            "--no-wrap",
            "--no-rerun",
            "--exec",
        ],
        inner: Inner::Joined,
        ..BASE
    },
    Wrapper {
        name: "parallel",
        short_values: "jSPnNIdEaLlsX",
        short_flags: "kqvu0",
        long_values: &[
            "--jobs",
            "--sshlogin",
            "--arg-file",
            "--delimiter",
            "--max-args",
            "--results",
        ],
        long_flags: &[
            "--keep-order",
            "--quote",
            "--verbose",
            "--dry-run",
            "--null",
            "--progress",
            "--bar",
            "--halt",
            "--line-buffer",
            "--group",
            "--ungroup",
            "--will-cite",
            "--no-notice",
        ],
        inner: Inner::Parallel,
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "sem",
        short_values: "j",
        long_values: &["--jobs", "--id"],
        long_flags: &["--fg", "--wait", "--will-cite"],
        inner: Inner::Joined,
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "entr",
        short_flags: "acdnprzs",
        ..BASE
    },
    Wrapper {
        name: "direnv exec",
        operands: 1,
        ..BASE
    },
    Wrapper {
        name: "ip netns exec",
        operands: 1,
        ..BASE
    },
    // --- remote and containers ----------------------------------------------------------------
    Wrapper {
        name: "ssh",
        short_values: "BbcDEeFIiJLlmOopQRSWw",
        short_flags: "46AaCfGgKkMNnqsTtVvXxYy",
        command_opts: &["-oProxyCommand", "-oLocalCommand", "-oRemoteCommand"],
        operands: 1,
        inner: Inner::Joined,
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "docker exec",
        short_values: "euw",
        short_flags: "ditz",
        long_values: &[
            "--env",
            "--env-file",
            "--user",
            "--workdir",
            "--detach-keys",
        ],
        long_flags: &["--detach", "--interactive", "--tty", "--privileged"],
        operands: 1,
        assignments: false,
        inner: Inner::Nested,
        ..BASE
    },
    Wrapper {
        name: "podman exec",
        short_values: "euw",
        short_flags: "ditl",
        long_values: &[
            "--env",
            "--env-file",
            "--user",
            "--workdir",
            "--detach-keys",
        ],
        long_flags: &[
            "--detach",
            "--interactive",
            "--tty",
            "--privileged",
            "--latest",
        ],
        operands: 1,
        assignments: false,
        inner: Inner::Nested,
        ..BASE
    },
    Wrapper {
        name: "kubectl exec",
        short_values: "ncf",
        short_flags: "it",
        long_values: &[
            "--namespace",
            "--container",
            "--filename",
            "--context",
            "--kubeconfig",
        ],
        long_flags: &["--stdin", "--tty", "--quiet"],
        operands: 1,
        assignments: false,
        inner: Inner::Nested,
        ..BASE
    },
    // --- package and environment runners ---------------------------------------------------------
    Wrapper {
        name: "npx",
        short_values: "pc",
        short_flags: "yq",
        long_values: &["--package", "--call", "--workspace"],
        long_flags: &[
            "--yes",
            "--no",
            "--quiet",
            "--no-install",
            "--ignore-existing",
        ],
        command_opts: &["-c", "--call"],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "npm exec",
        short_values: "pcw",
        short_flags: "yq",
        long_values: &["--package", "--call", "--workspace"],
        long_flags: &["--yes", "--no", "--workspaces", "--include-workspace-root"],
        command_opts: &["-c", "--call"],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "pnpm dlx",
        long_values: &["--package", "--allow-build"],
        long_flags: &["--shell-mode", "--silent"],
        short_flags: "cs",
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "pnpx",
        long_values: &["--package"],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "pnpm exec",
        short_flags: "rc",
        long_flags: &["--recursive", "--parallel", "--shell-mode"],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "yarn dlx",
        short_values: "p",
        short_flags: "q",
        long_values: &["--package"],
        long_flags: &["--quiet"],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "yarn exec",
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "bunx",
        short_values: "p",
        long_values: &["--package"],
        long_flags: &["--bun", "--silent", "--verbose", "--no-install"],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "bun x",
        short_values: "p",
        long_values: &["--package"],
        long_flags: &["--bun", "--silent", "--verbose", "--no-install"],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "uvx",
        short_values: "wp",
        long_values: &[
            "--from",
            "--with",
            "--python",
            "--with-requirements",
            "--index-url",
        ],
        long_flags: &[
            "--isolated",
            "--quiet",
            "--offline",
            "--no-cache",
            "--refresh",
        ],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "uv tool run",
        short_values: "wp",
        long_values: &[
            "--from",
            "--with",
            "--python",
            "--with-requirements",
            "--index-url",
        ],
        long_flags: &[
            "--isolated",
            "--quiet",
            "--offline",
            "--no-cache",
            "--refresh",
        ],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "uv run",
        short_values: "wp",
        long_values: &[
            "--with",
            "--python",
            "--package",
            "--with-requirements",
            "--env-file",
        ],
        long_flags: &[
            "--isolated",
            "--quiet",
            "--offline",
            "--no-sync",
            "--frozen",
            "--locked",
            "--no-project",
            "--all-extras",
        ],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "pipx run",
        long_values: &["--spec", "--python", "--pip-args", "--index-url"],
        long_flags: &[
            "--no-cache",
            "--verbose",
            "--quiet",
            "--system-site-packages",
        ],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "poetry run",
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "pipenv run",
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "pdm run",
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "hatch run",
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "bundle exec",
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "conda run",
        short_values: "np",
        long_values: &["--name", "--prefix", "--cwd"],
        long_flags: &["--no-capture-output", "--live-stream"],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "mise exec",
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "asdf exec",
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "nix-shell",
        short_values: "pIA",
        long_values: &["--packages", "--attr", "--arg", "--argstr", "--include"],
        long_flags: &["--pure", "--quiet"],
        command_opts: &["--run", "--command"],
        inner: Inner::OptionOnly,
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "nix develop",
        long_values: &["--command"],
        long_flags: &["--impure", "--ignore-environment"],
        short_values: "c",
        assignments: false,
        ..BASE
    },
    // --- schedulers reading a script ------------------------------------------------------------
    Wrapper {
        name: "at",
        short_values: "qft",
        short_flags: "mMvVl",
        inner: Inner::Stdin,
        queries: &["-l", "-d", "-r", "-c"],
        assignments: false,
        ..BASE
    },
    Wrapper {
        name: "batch",
        short_values: "qf",
        short_flags: "mMvV",
        inner: Inner::Stdin,
        assignments: false,
        ..BASE
    },
    // --- xargs (its input is appended; see `Xargs`) -----------------------------------------
    Wrapper {
        name: "xargs",
        short_values: "adEILnPsi",
        short_flags: "0ortxpe",
        long_values: &[
            "--arg-file",
            "--delimiter",
            "--max-args",
            "--max-lines",
            "--max-procs",
            "--max-chars",
            "--process-slot-var",
            "--replace",
            "--eof",
        ],
        long_flags: &[
            "--null",
            "--no-run-if-empty",
            "--open-tty",
            "--verbose",
            "--exit",
            "--interactive",
            "--show-limits",
        ],
        assignments: false,
        ..BASE
    },
];

/// Options of wrappers that are not given in the short/long lists but take any value
/// (`firejail --private=…`, `valgrind --tool=…`): long options with `=` are accepted for these.
pub(crate) const FREE_LONG_OPTIONS: &[&str] = &[
    "firejail",
    "bwrap",
    "valgrind",
    "setpriv",
    "unshare",
    "nsenter",
    "strace",
    "ltrace",
    "systemd-run",
    "run0",
    "dbus-run-session",
    "uvx",
    "uv tool run",
    "uv run",
    "pipx run",
];

/// Shells whose language agsec does not parse (`pwsh -c …`, `cmd.exe /c …` under WSL): running
/// one makes the command `unknown`. Compared case-insensitively, without `.exe`.
const UNPARSED_SHELLS: &[&str] = &["cmd", "elvish", "nu", "powershell", "pwsh", "xonsh"];

/// Whether `program` is a shell of [`UNPARSED_SHELLS`] (`cmd` only as `cmd.exe`).
pub(crate) fn unparsed_shell(program: &str) -> bool {
    let lower = program.to_ascii_lowercase();
    let (name, exe) = match lower.strip_suffix(".exe") {
        Some(name) => (name, true),
        None => (lower.as_str(), false),
    };
    UNPARSED_SHELLS.contains(&name) && (exe || name != "cmd")
}

/// Environment variables whose value other programs run as a shell command (`PAGER='…' man ls`,
/// `EDITOR`, `LESSOPEN='|…'`): set in front of a command, through `env`/`sudo`, by a bare
/// assignment or `export`, the value is analysed as a nested command. git's own variables
/// (`GIT_SSH_COMMAND` …) are the git model's.
pub(crate) const COMMAND_VARIABLES: &[&str] = &[
    "BROWSER",
    "EDITOR",
    "FCEDIT",
    "LESSCLOSE",
    "LESSOPEN",
    "MANPAGER",
    "PAGER",
    "PROMPT_COMMAND",
    "FZF_DEFAULT_COMMAND",
    "RSYNC_RSH",
    "SSH_ASKPASS",
    "SUDO_ASKPASS",
    "SUDO_EDITOR",
    "SYSTEMD_PAGER",
    "VISUAL",
];

/// Environment variables holding options of a program (read before its command line): their
/// words are read as that program's options for commands they carry ([`super::carriers`]).
pub(crate) const OPTION_VARIABLES: &[(&str, &str)] = &[
    ("TAR_OPTIONS", "tar"),
    ("LESS", "less"),
    ("MANOPT", "man"),
    ("ZIPOPT", "zip"),
    ("FZF_DEFAULT_OPTS", "fzf"),
];

/// Environment variables that load code the analysis cannot see (a library, a startup file,
/// interpreter options): setting one makes the command `unknown`.
pub(crate) const CODE_VARIABLES: &[&str] = &[
    "BASH_ENV",
    "DYLD_INSERT_LIBRARIES",
    "LD_AUDIT",
    "LD_PRELOAD",
    "PERL5OPT",
    "RUBYOPT",
];

/// `NODE_OPTIONS` loads code only with these options.
pub(crate) const NODE_LOADING_OPTIONS: &[&str] = &[
    "--require",
    "-r",
    "--import",
    "--loader",
    "--experimental-loader",
];

/// The wrapper whose name (one or more words) starts `words`, with how many words the name took.
pub(crate) fn find<'a>(
    words: impl Iterator<Item = &'a str> + Clone,
) -> Option<(&'static Wrapper, usize)> {
    let first: Vec<&str> = words.take(3).collect();
    WRAPPERS.iter().find_map(|w| {
        let parts: Vec<&str> = w.name.split(' ').collect();
        let n = parts.len();
        let matches = first.len() >= n
            && parts.iter().zip(&first).enumerate().all(|(i, (p, f))| {
                if i == 0 {
                    super::basename(f) == *p
                } else {
                    p == f
                }
            });
        matches.then_some((w, n))
    })
}

/// The program a package-runner package name runs: `@scope/pkg@1.2` → `pkg`, `del-cli` → `del`.
pub(crate) fn package_program(package: &str) -> String {
    let unscoped = match package.strip_prefix('@') {
        Some(rest) => rest.split_once('/').map_or(rest, |(_, p)| p),
        None => package,
    };
    let name = unscoped.split('@').next().unwrap_or(unscoped);
    let name = name.split("==").next().unwrap_or(name);
    match name {
        "del-cli" => "del".to_owned(),
        "rimraf" | "del" | "trash-cli" | "trash" => name.trim_end_matches("-cli").to_owned(),
        other => other.to_owned(),
    }
}

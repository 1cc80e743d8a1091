//! Terminal output shared by the subcommands: whether to use colour (only on a terminal, never
//! with `NO_COLOR`), and JSON printing.

use std::io::IsTerminal;

/// Which stream a piece of output goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

/// Whether to colour output on `stream`: only on a terminal, and never when `NO_COLOR` is set
/// to a non-empty value (<https://no-color.org>).
pub(crate) fn color_enabled(stream: Stream) -> bool {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    match stream {
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    }
}

/// Wraps `text` in an ANSI colour when `enabled`.
pub(crate) fn paint(text: &str, color: Color, enabled: bool) -> String {
    if !enabled {
        return text.to_owned();
    }
    let code = match color {
        Color::Red => "31",
        Color::Green => "32",
        Color::Yellow => "33",
        Color::Bold => "1",
        Color::Dim => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// The few colours agsec uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Color {
    Red,
    Green,
    Yellow,
    Bold,
    Dim,
}

/// Prints a value as pretty JSON on stdout; a reader that went away (`| head`) is not an error.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    use std::io::Write;
    let text = serde_json::to_string_pretty(value)?;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// The width to fit the table in: the terminal's, else `$COLUMNS`, else unlimited.
pub(crate) fn table_width() -> Option<usize> {
    let stdout = std::io::stdout();
    if stdout.is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size_of(&stdout)
    {
        return Some(usize::from(w));
    }
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok())
}

/// Prints a hook reply (stdout, stderr) and gives its exit code.
pub(crate) fn emit(reply: &agsec::agents::Reply) -> std::process::ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let _ = out.write_all(reply.stdout.as_bytes());
    let _ = err.write_all(reply.stderr.as_bytes());
    let _ = out.flush();
    std::process::ExitCode::from(reply.exit_code)
}

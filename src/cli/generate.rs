//! `agsec completions <shell>` and `agsec man`: shell completion scripts (clap_complete) and the
//! man page (clap_mangen), generated from the command-line definition. `completions --write DIR`
//! writes them all; the repository keeps them in `completions/` and a test fails when they are
//! stale.

use super::Cli;
use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to print the completion script of.
    #[arg(required_unless_present = "write")]
    shell: Option<Shell>,
    /// Write every shell's script and the man page into DIR instead (how the repository's
    /// `completions/` is refreshed: `cargo run -- completions --write completions`).
    #[arg(long, value_name = "DIR", conflicts_with = "shell")]
    write: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ManArgs {}

/// Every generated file: its name and how it is made.
const FILES: [(&str, Option<Shell>); 6] = [
    ("agsec.bash", Some(Shell::Bash)),
    ("agsec.zsh", Some(Shell::Zsh)),
    ("agsec.fish", Some(Shell::Fish)),
    ("agsec.ps1", Some(Shell::PowerShell)),
    ("agsec.elv", Some(Shell::Elvish)),
    ("agsec.1", None),
];

pub(crate) fn completions(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    match (args.shell, args.write) {
        (Some(shell), _) => print!("{}", script(shell)?),
        (None, Some(dir)) => {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            for (name, shell) in FILES {
                let text = match shell {
                    Some(shell) => script(shell)?,
                    None => man_page()?,
                };
                let path = dir.join(name);
                std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            println!("wrote {} files to {}", FILES.len(), dir.display());
        }
        (None, None) => anyhow::bail!("name a shell: bash, zsh, fish, powershell or elvish"),
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn man(_args: ManArgs) -> anyhow::Result<ExitCode> {
    print!("{}", man_page()?);
    Ok(ExitCode::SUCCESS)
}

fn script(shell: Shell) -> anyhow::Result<String> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "agsec", &mut out);
    String::from_utf8(out).context("the completion script is not UTF-8")
}

fn man_page() -> anyhow::Result<String> {
    let mut out = Vec::new();
    // The command's about line starts with "agsec:", which NAME already says.
    let command = Cli::command().about("an action firewall for AI coding agents");
    clap_mangen::Man::new(command)
        .render(&mut out)
        .context("rendering the man page")?;
    String::from_utf8(out).context("the man page is not UTF-8")
}

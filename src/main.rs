//! The `agsec` binary: parse the command line, run one subcommand, print an error once.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse(std::env::args_os());
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("agsec: error: {err:#}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}

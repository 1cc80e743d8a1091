//! `agsec validate [path]`: load a policy directory (or one file) and report every problem with
//! `file:line:column` and a `help:` line; exit 0 only when clean. `--json` for scripts.

use super::PolicyDirArg;
use super::output::{Color, Stream, color_enabled, paint, print_json};
use agsec::Engine;
use agsec::examples::run_examples;
use agsec::policy::{self, LoadError, LoadErrors, PolicySet};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A policy directory or a single policy file (default: `--policy-dir`, `$AGSEC_POLICY_DIR`,
    /// or the nearest `policies/` above the current directory).
    path: Option<PathBuf>,
    #[command(flatten)]
    policy_dir: PolicyDirArg,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Report {
    valid: bool,
    path: String,
    files: Vec<String>,
    statements: usize,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

#[derive(Serialize)]
struct Problem {
    file: String,
    line: u32,
    column: u32,
    message: String,
    help: Option<String>,
}

impl From<&LoadError> for Problem {
    fn from(e: &LoadError) -> Self {
        Self {
            file: e.location.file.display().to_string(),
            line: e.location.line,
            column: e.location.column,
            message: e.message.clone(),
            help: e.help.clone(),
        }
    }
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let path = match args.path {
        Some(path) => path,
        None => args.policy_dir.resolve(&std::env::current_dir()?)?,
    };
    let loaded = load(&path);
    let (set, errors): (Option<PolicySet>, Vec<LoadError>) = match loaded {
        Ok(set) => {
            let mut errors = set.compile_all();
            let engine = Engine::new(set);
            for failed in run_examples(&engine).iter().filter(|r| !r.passed()) {
                errors.push(
                    LoadError::new(failed.location.clone(), failed.describe())
                        .help("fix the statement or the example; `agsec explain` shows why a call matches or not"),
                );
            }
            (Some(engine.into_policies()), errors)
        }
        Err(errors) => (None, errors.errors().to_vec()),
    };
    let warnings: Vec<LoadError> = set
        .as_ref()
        .map(|s| s.warnings().to_vec())
        .unwrap_or_default();
    let valid = errors.is_empty();
    if args.json {
        print_json(&Report {
            valid,
            path: path.display().to_string(),
            files: set
                .as_ref()
                .map(|s| s.files().iter().map(|f| f.display().to_string()).collect())
                .unwrap_or_default(),
            statements: set.as_ref().map_or(0, |s| s.statements().len()),
            errors: errors.iter().map(Problem::from).collect(),
            warnings: warnings.iter().map(Problem::from).collect(),
        })?;
    } else {
        let color = color_enabled(Stream::Stderr);
        for error in &errors {
            eprintln!("{}: {}", paint("error", Color::Red, color), error.render());
        }
        for warning in &warnings {
            eprintln!(
                "{}: {}",
                paint("warning", Color::Yellow, color),
                warning.render()
            );
        }
        match &set {
            Some(set) if valid => println!(
                "{}: {} file(s), {} statement(s), default {}",
                path.display(),
                set.files().len(),
                set.statements().len(),
                set.default_effect()
            ),
            _ => eprintln!("{} problem(s) in {}", errors.len(), path.display()),
        }
    }
    Ok(if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_ERROR)
    })
}

fn load(path: &std::path::Path) -> Result<PolicySet, LoadErrors> {
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| {
            LoadErrors::from(LoadError::new(
                policy::Location::file(path),
                format!("cannot read policy file: {e}"),
            ))
        })?;
        policy::load_sources(&[(path.to_path_buf(), text)])
    } else {
        policy::load_dir(path)
    }
}

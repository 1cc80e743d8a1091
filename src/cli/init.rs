//! `agsec init`: write the default policies (embedded in the binary) into `policies/`.

use agsec::policy::{POLICY_DIR_NAME, Preset, default_policy_files};
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The directory to create `policies/` in [default: the current directory].
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// How much the policies allow: strict (deny by default, allow read-only work), standard
    /// (allow ordinary work, ask about the rest) or permissive (allow by default; every principle kept).
    #[arg(long, default_value = "standard", value_parser = parse_preset)]
    preset: Preset,
    /// Overwrite existing default policy files.
    #[arg(long)]
    force: bool,
}

fn parse_preset(text: &str) -> Result<Preset, String> {
    Preset::parse(text)
        .ok_or_else(|| format!("unknown preset `{text}` (strict, standard, permissive)"))
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = match args.dir {
        Some(dir) => dir,
        None => std::env::current_dir().context("reading the current directory")?,
    };
    let dir = root.join(POLICY_DIR_NAME);
    let files = default_policy_files(args.preset);
    if !args.force {
        let existing: Vec<String> = files
            .iter()
            .map(|(name, _)| dir.join(name))
            .filter(|path| path.exists())
            .map(|path| path.display().to_string())
            .collect();
        if !existing.is_empty() {
            anyhow::bail!(
                "{} already exists\n  help: pass `--force` to overwrite the default policy files (your own files are kept)",
                existing.join(", ")
            );
        }
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, text) in &files {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    // The JSON Schema the files' modeline points to, for editors (hidden: never loaded as policy).
    let schema = dir.join(agsec::policy::SCHEMA_FILE_NAME);
    std::fs::write(&schema, agsec::policy::schema_text())
        .with_context(|| format!("writing {}", schema.display()))?;
    println!(
        "wrote {} policy files ({} preset) to {}",
        files.len(),
        args.preset.as_str(),
        dir.display()
    );
    println!("next: `agsec install claude-code` (or `codex`) to guard your agent");
    Ok(ExitCode::SUCCESS)
}

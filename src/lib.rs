//! agsec: an action firewall for AI coding agents.
//!
//! The library is the engine the `agsec` binary drives and that other Rust programs can embed:
//! - [`action`]: the agent-neutral tool call ([`Action`]).
//! - [`policy`]: the YAML policy language: loading with located errors, evaluation to a [`Decision`].
//! - [`shell`]: static analysis of shell commands (what a `bash.execute` would really run).
//! - [`paths`]: path resolution and classification (workspace, secrets, protected files).
//! - [`engine`]: [`Engine`]: policies plus analysis; what embedders call.
//! - [`skills`]: the shell a Claude Code skill or slash command runs (judged like Bash).
//! - [`explanation`]: why the engine decided as it did (`--explain`, checking policy examples).
//! - [`hook`]: the hook pipeline: payload, judgement (taint included), review, audit row, reply;
//!   `agsec check` and `agsec explain` are thin adapters over it.
//! - [`config`]: the settings file (`agsec.yaml`) and the one resolver of settings every command
//!   uses.
//! - [`agents`]: the hook protocols of Claude Code and Codex (payload in, reply out, installers).
//! - [`audit`]: the SQLite audit trail.
//! - [`screen`]: screening tool output (web pages, files, command output) for prompt injection.
//! - [`network`]: destinations (hosts and addresses in every spelling) of commands and web tools.
//! - [`taint`]: secrets seen in tool output, remembered per session as salted hashes, and kept
//!   from leaving the session in later calls.
//! - [`review`]: asking a person (terminal prompt, the review queue, grants).
//! - [`examples`]: checking the examples policies carry (`agsec test`, `agsec validate`).
//! - [`files`]: reading agsec's input files fail-closed (regular files only, size caps).
//! - [`text`]: one-line, cut-to-length and hex helpers shared by every layer.

#![warn(missing_docs)]

pub mod action;
pub mod agents;
pub mod audit;
pub mod config;
pub mod engine;
mod environment;
pub mod examples;
pub mod explanation;
pub mod files;
pub mod hook;
pub mod network;
pub mod paths;
pub mod policy;
mod protect;
pub mod review;
pub mod screen;
pub mod shell;
pub mod skills;
pub mod taint;
pub mod text;

pub use action::Action;
pub use engine::Engine;
pub use policy::{Decision, Effect, MatchedBy};

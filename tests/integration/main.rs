//! The one integration test binary: each module tests one subcommand or property through the
//! built `agsec` binary (assert_cmd) or the library.

// clippy.toml allows these in `#[test]` functions only; the helpers of a test binary are test code
// too. `pub` items of its modules are reachable by its other modules only.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "test binary"
)]

mod support;

// The source layout: no import cycles between files.
mod layout;

// Skills and slash commands: their shell lines judged like Bash (Skill tool, PreSkillShellCommand).
mod skills;

/// Gemini CLI and Copilot CLI: install, doctor, and every answer in their protocols.
mod agents;

// `agsec check`: decisions, replies per agent, policy location.
mod check;
// Permission lists compiled into statements.
mod permissions;
// The policy engine against the Python agsec's 2,000+ recorded decisions.
mod compat;
// Every call that cannot be judged is denied.
mod fail_closed;
// `init` and `validate`.
mod init_validate;
// Reviews: the terminal prompt and the pending queue.
mod review;
// What check records in the audit store.
mod audit_trail;
// The audit trail under faults: bad journal lines, double imports, cuts, races, kill -9.
mod audit_faults;
// The shared tool-call corpus and our red-team cases through the installed hook command.
mod tool_calls;
// `agsec install`: merging into Claude Code's and Codex's settings files, through the binary.
mod install;
// `agsec audit`: filters, formats, --json shapes, verify exit codes, missing stores, errors.
mod audit;
// Shell analysis: every spelling of a dangerous command, nested shells, concerns, git facts, limits.
mod shell;
// `agsec policy list|add|remove` and `agsec schema`.
mod policy_cli;
// `agsec policy add` asking step by step at a (pseudo-)terminal.
mod policy_add_tty;
// The generated completions and man page in `completions/` are up to date.
mod completions;
// `agsec doctor`: installation, binary, policies, settings, audit store and the probes.
mod doctor;
// `agsec explain` and `check --explain`: the human output, --json, decisions equal to judge's.
mod explain;

// The prompt-injection screen: its labelled corpus, and `agsec scan` as a PostToolUse hook.
mod screen;
// Secret taint: a secret `scan` saw is denied from leaving the session in a later `check`.
mod taint;
// No catalogued secret is written anywhere by check or scan.
mod secrets_leak;
// The embedding API: `Engine::load`, `Engine::check` and the hook pipeline as a library.
mod embed;
// Self-protection: agsec's files and state cannot be changed by the agent, whatever the policies.
mod protect;

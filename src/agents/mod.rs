//! The hook protocols of the agents agsec guards: turning a PreToolUse payload into [`Action`]s,
//! and a final outcome into the exact reply (exit code, stdout, stderr) the agent understands.
//! Installers that register agsec in each agent's settings live in the per-agent modules.

use crate::action::Action;
use std::path::PathBuf;

/// Which agent sent a payload (and so which protocol the reply must speak).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Agent {
    ClaudeCode,
    Codex,
    /// A plain `{"action", "params", "context"}` object from a script or embedding program.
    Plain,
}

/// One tool call as received, with the actions it maps to. Invariant: `actions` is non-empty.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    pub agent: Agent,
    /// The agent's tool name (`Bash`, `apply_patch` …); for plain actions, the action name.
    pub tool_name: String,
    /// The raw `tool_input` (plain actions: their `params`).
    pub tool_input: serde_json::Value,
    pub tool_use_id: Option<String>,
    pub session_id: Option<String>,
    pub cwd: Option<PathBuf>,
    pub actions: Vec<Action>,
}

/// What agsec decided to tell the agent, after any review was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Allow,
    Deny {
        reason: String,
    },
    /// Ask the person through the agent's own prompt (Claude Code); agents without one deny.
    Ask {
        reason: String,
    },
}

/// The exact bytes and exit code to answer the agent with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub exit_code: u8,
    pub stdout: String,
    pub stderr: String,
}

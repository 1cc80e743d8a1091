//! [`CallMeta`]: what identifies one tool call besides its parameters (the agent, its session,
//! the call's id, the directory, the tool and the action it maps to). Read once from the payload
//! (PreToolUse or PostToolUse), it is carried as it is to the audit row, the pending-review queue
//! and the reply, so every layer names a call the same way.

use super::Agent;
use std::path::Path;

/// Who made a tool call and which call it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallMeta {
    /// The agent that sent the payload (and whose protocol the reply speaks).
    pub agent: Agent,
    /// The agent's session (Claude Code's `session_id`, Cline's `taskId` …), when it sends one.
    pub session_id: Option<String>,
    /// The agent's id of this tool call (`toolu_…`, `call_…`), when it sends one.
    pub tool_use_id: Option<String>,
    /// The directory the call runs in, as the payload gives it (always UTF-8: it came as a JSON
    /// string).
    pub cwd: Option<String>,
    /// The agent's tool name (`Bash`, `apply_patch`, `run_shell_command`, `mcp__s__t` …); for a
    /// plain action, the action name.
    pub tool_name: String,
    /// The action the call maps to (`bash.execute`, `file.write` …). A call that maps to several
    /// actions (a Codex patch over several files) names its first; each audit row names its own.
    pub action: String,
}

impl CallMeta {
    /// The directory the call runs in, as a path.
    pub fn cwd_path(&self) -> Option<&Path> {
        self.cwd.as_deref().map(Path::new)
    }

    /// The same call, naming `action` (one audit row per action of a call).
    #[must_use]
    pub(crate) fn for_action(&self, action: &str) -> Self {
        Self {
            action: action.to_owned(),
            ..self.clone()
        }
    }
}

//! The agent-neutral tool call every layer speaks: an action name (`bash.execute`, `file.write`,
//! `mcp.slack.post` …) with its parameters and the context it was made in.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One tool call, as the policies see it. `params` and `context` are JSON objects (possibly empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Dotted action name, e.g. `bash.execute`.
    #[serde(rename = "action")]
    pub name: String,
    /// What the tool was asked to do (`command`, `file_path`, `url` …).
    #[serde(default)]
    pub params: Map<String, Value>,
    /// Where and by whom: `agent`, `session_id`, `cwd`, `permission_mode` …
    #[serde(default)]
    pub context: Map<String, Value>,
}

impl Action {
    /// An action with empty params and context.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            params: Map::new(),
            context: Map::new(),
        }
    }

    /// Sets one parameter (builder style).
    #[must_use]
    pub fn param(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.params.insert(key.to_owned(), value.into());
        self
    }

    /// Sets one context field (builder style).
    #[must_use]
    pub fn context(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.context.insert(key.to_owned(), value.into());
        self
    }

    /// A string parameter, if present and a string.
    pub(crate) fn param_str(&self, key: &str) -> Option<&str> {
        self.params.get(key).and_then(Value::as_str)
    }

    /// A string context field, if present and a string.
    pub(crate) fn context_str(&self, key: &str) -> Option<&str> {
        self.context.get(key).and_then(Value::as_str)
    }
}

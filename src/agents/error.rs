//! [`PayloadError`]: why a hook payload could not be turned into actions. The caller (`check`)
//! denies on every one of them, so each message is one specific line the model can read.

/// A payload agsec cannot judge. Displays as one lowercase line without a final period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    /// Stdin was empty or only whitespace.
    #[error("empty payload: expected one JSON object on stdin")]
    Empty,

    /// Stdin was not valid JSON.
    #[error("malformed JSON payload at line {line} column {column}: {message}")]
    Json {
        /// 1-based line of the error in stdin.
        line: usize,
        /// 1-based column of the error on that line.
        column: usize,
        /// serde_json's description of what was wrong.
        message: String,
    },

    /// Valid JSON, but not an object.
    #[error("payload is a JSON {found}, expected an object")]
    NotAnObject {
        /// The JSON type that was found (`array`, `string` …).
        found: &'static str,
    },

    /// Neither a hook payload (`tool_name`) nor a plain action (`action`).
    #[error("payload has no `tool_name` (nor an `action` for a plain action)")]
    MissingToolName,

    /// `tool_name` is present but not a non-empty string.
    #[error("`tool_name` must be a non-empty string")]
    BadToolName,

    /// `tool_input` is present but not an object.
    #[error("`tool_input` of `{tool}` is a JSON {found}, expected an object")]
    ToolInputNotObject {
        /// The `tool_name` of the call.
        tool: String,
        /// The JSON type that was found instead of an object.
        found: &'static str,
    },

    /// A field the action cannot be judged without is missing or has the wrong type.
    #[error("`{tool}` call has no {expected} `tool_input.{field}`")]
    MissingField {
        /// The `tool_name` of the call.
        tool: String,
        /// The `tool_input` field that is missing or mistyped (`command`, `file_path` …).
        field: &'static str,
        /// The type it must have, as a noun phrase (`string`, `non-empty string` …).
        expected: &'static str,
    },

    /// A shell command given as an argument array that no shell could receive (a NUL byte).
    #[error("`{tool}` command array cannot be joined into a shell command: {message}")]
    BadCommandArray {
        /// The `tool_name` of the call.
        tool: String,
        /// Why the words cannot be joined.
        message: String,
    },

    /// An `apply_patch` whose text is not a well-formed patch.
    #[error("malformed apply_patch at line {line}: {message}")]
    MalformedPatch {
        /// 1-based line of the patch text where parsing failed.
        line: usize,
        /// What was expected there.
        message: String,
    },

    /// A relative path in a patch, and no `cwd` to resolve it against.
    #[error("relative path `{path}` in apply_patch and no `cwd` in the payload")]
    RelativePathWithoutCwd {
        /// The relative path as the patch names it.
        path: String,
    },

    /// A relative path in a tool call, and no `cwd` to resolve it against.
    #[error("relative path `{path}` in a `{tool}` call and no `cwd` in the payload")]
    RelativeToolPath {
        /// The `tool_name` of the call.
        tool: String,
        /// The relative path as the call names it.
        path: String,
    },

    /// A tool's arguments given as a JSON string (Copilot's `toolArgs`) that is not a JSON object.
    #[error("`{field}` of `{tool}` is not a JSON object: {message}")]
    BadArgsString {
        /// The tool name of the call.
        tool: String,
        /// The payload field that holds the string (`toolArgs`).
        field: &'static str,
        /// Why the string is not a JSON object (parse error or the type found).
        message: String,
    },

    /// A plain action object without a usable `action` name.
    #[error("plain action has no non-empty string `action`")]
    MissingAction,

    /// A plain action whose `params` or `context` is not an object.
    #[error("plain action `{field}` is a JSON {found}, expected an object")]
    FieldNotObject {
        /// `params` or `context`.
        field: &'static str,
        /// The JSON type that was found instead of an object.
        found: &'static str,
    },
}

/// The JSON type name of a value, for messages (`array`, `string` …).
pub(crate) fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

//! What the screen reports: a [`Finding`] (kind, byte range in the original text, a one-line
//! excerpt, a score) and the settings that decide which findings count.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A finding before selection: its excerpt is only cut out if it is kept (a text of repeated
/// phrases has hundreds of thousands of candidates and at most `MAX_FINDINGS` findings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) kind: FindingKind,
    /// Byte range in the original text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) score: u8,
    pub(crate) excerpt: Excerpt,
}

/// Where a candidate's excerpt comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Excerpt {
    /// A folded byte range (extended to its line's end when short, see `injection::excerpt_from`).
    Folded(usize, usize),
    /// Already cut (invisible-character findings describe what they saw).
    Owned(String),
}

/// The technique a finding points at.
///
/// `#[non_exhaustive]`: secret detection (the `audit::redact` patterns) is meant to report through
/// this same type later as a `Secret` kind; match with a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// "ignore all previous instructions", "new instructions:", "system prompt override" …
    InstructionOverride,
    /// "you are now in developer mode", "act as … without restrictions", DAN …
    RoleHijack,
    /// "do not tell the user", "without the user noticing" …
    Concealment,
    /// A request to send secrets (`~/.ssh`, `.env`, API keys …) somewhere.
    Exfiltration,
    /// Text addressed to an AI agent telling it what to do ("note to AI agents: run …").
    AgentInstruction,
    /// An HTML comment or markdown comment addressed to AI agents with an instruction.
    AgentDirectedComment,
    /// Instructions in hidden HTML (`display:none`, `aria-hidden`) or markdown alt text / titles.
    HiddenText,
    /// Invisible or bidirectional Unicode used to hide or reorder text.
    InvisibleCharacters,
    /// An order to act on a concrete target (an address, an account, a URL, a file) in data,
    /// with data-specific signs ("the user's …", a secret as the thing sent).
    DirectOrder,
    /// Data telling the agent which tool or function to call, and with which arguments.
    ToolCallInstruction,
    /// Data claiming to be a message from the user (or the developer, the admin) to the model.
    Impersonation,
    /// Role or turn markers, chat-template tokens, pseudo-tags or task lines before an order.
    FakeStructure,
    /// Orders to stop, to answer only with something else, or not to continue the task.
    TaskHijack,
}

impl FindingKind {
    /// The snake_case name used in JSON and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InstructionOverride => "instruction_override",
            Self::RoleHijack => "role_hijack",
            Self::Concealment => "concealment",
            Self::Exfiltration => "exfiltration",
            Self::AgentInstruction => "agent_instruction",
            Self::AgentDirectedComment => "agent_directed_comment",
            Self::HiddenText => "hidden_text",
            Self::InvisibleCharacters => "invisible_characters",
            Self::DirectOrder => "direct_order",
            Self::ToolCallInstruction => "tool_call_instruction",
            Self::Impersonation => "impersonation",
            Self::FakeStructure => "fake_structure",
            Self::TaskHijack => "task_hijack",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a finding looks, derived from its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A score under 60.
    Low,
    /// A score from 60 to 79.
    Medium,
    /// A score of 80 or more.
    High,
}

impl Severity {
    /// The severity band a score (0–100) falls in.
    pub(crate) fn of_score(score: u8) -> Self {
        match score {
            80.. => Self::High,
            60..=79 => Self::Medium,
            _ => Self::Low,
        }
    }
}

/// One place in a text that looks like an instruction to the agent.
/// Invariant: `start <= end <= text.len()`, both on char boundaries of the scanned text;
/// `excerpt` is one line of at most [`EXCERPT_MAX_CHARS`] characters with no control or
/// invisible characters (it is safe to show to the model and on a terminal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What kind of instruction the part looks like.
    pub kind: FindingKind,
    /// Byte offset in the original text where the suspicious part starts.
    pub start: usize,
    /// Byte offset in the original text where it ends (exclusive).
    pub end: usize,
    /// The suspicious part in folded form (lowercase, confusables and invisibles removed).
    pub excerpt: String,
    /// 0–100 after context scoring; compared with the sensitivity's threshold.
    pub score: u8,
    /// The band the score falls in.
    pub severity: Severity,
}

/// Longest excerpt, in characters (an ellipsis is appended when cut).
pub(crate) const EXCERPT_MAX_CHARS: usize = 80;

/// How eager the screen is: the lowest score that becomes a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sensitivity {
    /// Only blatant, unhedged instructions (score ≥ 70).
    Low,
    /// The default (score ≥ 50).
    #[default]
    Medium,
    /// Also weak signals: a lone zero-width space, hedged phrases (score ≥ 30).
    High,
}

impl Sensitivity {
    /// The lowest score reported at this sensitivity.
    pub fn threshold(self) -> u8 {
        match self {
            Self::Low => 70,
            Self::Medium => 50,
            Self::High => 30,
        }
    }

    /// The name settings and reports use (`low`, `medium`, `high`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// What the hook does with a finding. Neither undoes the tool call (it already ran).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScreenAction {
    /// Add a warning to the model's context next to the output.
    #[default]
    Warn,
    /// Use the agent's `decision: block` form, which replaces the output with the warning.
    Block,
}

impl ScreenAction {
    /// The name settings and reports use (`warn`, `block`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warn => "warn",
            Self::Block => "block",
        }
    }
}

/// A value that is not one of the accepted names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}`\n  help: expected one of: {expected}")]
pub struct ParseSettingError {
    what: &'static str,
    value: String,
    expected: &'static str,
}

impl FromStr for Sensitivity {
    type Err = ParseSettingError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "low" => Ok(Self::Low),
            "medium" => Ok(Self::Medium),
            "high" => Ok(Self::High),
            _ => Err(ParseSettingError {
                what: "sensitivity",
                value: s.to_owned(),
                expected: "low, medium, high",
            }),
        }
    }
}

impl FromStr for ScreenAction {
    type Err = ParseSettingError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "warn" => Ok(Self::Warn),
            "block" => Ok(Self::Block),
            _ => Err(ParseSettingError {
                what: "screen action",
                value: s.to_owned(),
                expected: "warn, block",
            }),
        }
    }
}

/// How to screen: a config file can set both (`sensitivity: high`, `action: block`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScreenSettings {
    /// How readily a finding is reported.
    pub sensitivity: Sensitivity,
    /// What the hook does with a reported finding.
    pub action: ScreenAction,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_bands() {
        for (score, want) in [
            (0, Severity::Low),
            (59, Severity::Low),
            (60, Severity::Medium),
            (79, Severity::Medium),
            (80, Severity::High),
            (100, Severity::High),
        ] {
            assert_eq!(Severity::of_score(score), want, "score {score}");
        }
    }

    #[test]
    fn settings_round_trip_lowercase() {
        let settings: ScreenSettings =
            serde_json::from_str(r#"{"sensitivity":"high","action":"block"}"#).unwrap();
        assert_eq!(settings.sensitivity, Sensitivity::High);
        assert_eq!(settings.action, ScreenAction::Block);
        assert_eq!(
            serde_json::to_string(&settings).unwrap(),
            r#"{"sensitivity":"high","action":"block"}"#
        );
        let empty: ScreenSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, ScreenSettings::default());
        assert!(serde_json::from_str::<ScreenSettings>(r#"{"level":"low"}"#).is_err());
    }

    #[test]
    fn parse_errors_name_the_value() {
        let err = "loud".parse::<Sensitivity>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown sensitivity `loud`\n  help: expected one of: low, medium, high"
        );
        assert_eq!("block".parse::<ScreenAction>(), Ok(ScreenAction::Block));
    }

    #[test]
    fn finding_serializes_kind_snake_case() {
        let finding = Finding {
            kind: FindingKind::InstructionOverride,
            start: 3,
            end: 9,
            excerpt: "ignore".into(),
            score: 75,
            severity: Severity::Medium,
        };
        let json = serde_json::to_string(&finding).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"instruction_override","start":3,"end":9,"excerpt":"ignore","score":75,"severity":"medium"}"#
        );
    }
}

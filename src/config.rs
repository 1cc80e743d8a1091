//! The agsec settings file, `agsec.yaml` beside the policy directory: how reviews are resolved,
//! where the audit trail goes, how tool output is screened. Every key is optional; an unknown
//! key or a bad value is a load error with `file:line:column`, as for policies. This is the one
//! home of settings: one type per setting (the screen's own [`Sensitivity`] and
//! [`ScreenAction`]), and one resolver ([`settings_path`], [`Config::audit_db`],
//! [`Config::screen_settings`]) that every command uses, so flags, environment and file always
//! win in the same order.

use crate::policy::{LoadError, LoadErrors, Location, parse_yaml, yaml_error};
use crate::screen::ScreenSettings;
pub use crate::screen::{ScreenAction, Sensitivity};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The settings file's name.
pub(crate) const CONFIG_FILE_NAME: &str = "agsec.yaml";

/// All settings, with their defaults.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// What happens when a policy says `review`.
    pub review: ReviewConfig,
    /// Where decisions are recorded.
    pub audit: AuditConfig,
    /// Claude Code specifics.
    pub claude_code: ClaudeCodeConfig,
    /// Screening of tool output.
    pub screen: ScreenConfig,
    /// Taint tracking of secrets seen in tool output.
    pub taint: TaintConfig,
}

/// What happens when a policy says `review`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewConfig {
    /// Seconds to wait for a person (terminal prompt, or the queue in `wait` mode).
    pub timeout: u64,
    /// What a timeout means.
    pub timeout_action: TimeoutAction,
    /// When no one can be asked right now (Codex, headless runs): deny at once with the command
    /// that approves, or hold the call until someone decides in `agsec pending`.
    pub when_no_one_to_ask: Headless,
    /// Seconds an approval given with `agsec approve` stays valid for the one call it names.
    pub grant_expiry: u64,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        Self {
            timeout: 120,
            timeout_action: TimeoutAction::Reject,
            when_no_one_to_ask: Headless::Deny,
            grant_expiry: 3600,
        }
    }
}

/// What a review that nobody answered in time becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeoutAction {
    /// The call is denied.
    Reject,
    /// The call is allowed.
    Approve,
}

/// How a review is handled when no person can be asked during the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Headless {
    /// Deny now; the reason tells the person how to approve; the approved call then passes once.
    Deny,
    /// Queue the request and wait (polling) until it is decided or times out.
    Wait,
}

/// Where decisions are recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditConfig {
    /// The SQLite store (default: the platform data directory; `AGSEC_AUDIT_DB` overrides).
    pub db: Option<PathBuf>,
    /// Also append every decision as one JSON line to this file (for log shippers).
    pub jsonl_log: Option<PathBuf>,
    /// When neither the store nor its spool can be written: deny the call (default) or allow it.
    pub on_failure: FailureAction,
}

impl Default for AuditConfig {
    fn default() -> Self {
        Self {
            db: None,
            jsonl_log: None,
            on_failure: FailureAction::Deny,
        }
    }
}

/// What to do with a call whose decision could not be recorded anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailureAction {
    /// Deny the call.
    Deny,
    /// Allow the call.
    Allow,
}

/// Claude Code specifics.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClaudeCodeConfig {
    /// Answer `allow` explicitly for allowed calls, which skips Claude Code's own permission
    /// prompt. Off by default: agsec then has no opinion and Claude Code's own rules apply.
    pub approve_allowed: bool,
}

/// Screening of tool output (post-tool hook).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScreenConfig {
    /// How eagerly output is flagged.
    pub sensitivity: Sensitivity,
    /// What a finding does.
    pub action: ScreenAction,
}

impl Default for ScreenConfig {
    fn default() -> Self {
        Self {
            sensitivity: Sensitivity::Medium,
            action: ScreenAction::Warn,
        }
    }
}

/// Taint tracking of secrets seen in tool output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TaintConfig {
    /// Whether secrets seen in output are remembered and kept from leaving the session.
    pub enabled: bool,
    /// Seconds a secret seen in a session is remembered.
    pub retention: u64,
    /// Hosts a remembered secret may be sent to (e.g. the API it belongs to).
    pub allowed_destinations: Vec<String>,
}

impl Default for TaintConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            retention: 86_400,
            allowed_destinations: Vec::new(),
        }
    }
}

/// The settings file for a policy directory: `agsec.yaml` in its parent directory.
pub(crate) fn config_path_for(policy_dir: &Path) -> PathBuf {
    let parent = policy_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(CONFIG_FILE_NAME)
}

/// Where the settings file is: `explicit` (`--config`, `AGSEC_CONFIG`), else `agsec.yaml` beside
/// the policy directory; `None` when there is neither (all defaults).
pub fn settings_path(explicit: Option<&Path>, policy_dir: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| policy_dir.map(config_path_for))
}

impl Config {
    /// The audit store: `explicit` (`--audit-db`, `AGSEC_AUDIT_DB`), else `audit.db` of the
    /// settings, else `audit.db` in the platform data directory (`None`: no home directory).
    pub fn audit_db(&self, explicit: Option<&Path>) -> Option<PathBuf> {
        explicit
            .map(Path::to_path_buf)
            .or_else(|| self.audit.db.clone())
            .or_else(crate::audit::default_db_path)
    }

    /// How tool output is screened: the flags when given, else the settings.
    pub fn screen_settings(
        &self,
        sensitivity: Option<Sensitivity>,
        action: Option<ScreenAction>,
    ) -> ScreenSettings {
        ScreenSettings {
            sensitivity: sensitivity.unwrap_or(self.screen.sensitivity),
            action: action.unwrap_or(self.screen.action),
        }
    }
}

/// Loads settings from `path`; a missing file means all defaults.
pub fn load_config(path: &Path) -> Result<Config, LoadErrors> {
    // A FIFO, device, directory or dangling link is an error at once (never a hang, never the
    // defaults); so is a file over the cap.
    let text = match crate::files::read_text(path, crate::files::MAX_SETTINGS_BYTES) {
        Ok(text) => text,
        Err(crate::files::ReadError::NotFound) => return Ok(Config::default()),
        Err(e) => {
            return Err(LoadError::new(
                Location::file(path),
                format!("cannot read settings file: {e}"),
            )
            .help("`agsec.yaml` must be a regular YAML file (or absent, for the defaults)")
            .into());
        }
    };
    match parse_yaml::<Option<Config>>(&text) {
        Ok(config) => Ok(config.unwrap_or_default()),
        Err(e) => Err(yaml_error(path, &e).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Config, LoadErrors> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE_NAME);
        std::fs::write(&path, text).unwrap();
        load_config(&path)
    }

    #[test]
    fn missing_file_and_empty_file_give_defaults() {
        assert_eq!(
            load_config(Path::new("/nonexistent/agsec.yaml")).unwrap(),
            Config::default()
        );
        assert_eq!(load_text("").unwrap(), Config::default());
    }

    #[test]
    fn settings_are_read() {
        let config = load_text(
            "review:\n  timeout: 5\n  timeout_action: approve\n  when_no_one_to_ask: wait\n",
        )
        .unwrap();
        assert_eq!(config.review.timeout, 5);
        assert_eq!(config.review.timeout_action, TimeoutAction::Approve);
        assert_eq!(config.review.when_no_one_to_ask, Headless::Wait);
        assert_eq!(
            config.review.grant_expiry,
            ReviewConfig::default().grant_expiry
        );
    }

    #[test]
    fn bad_settings_are_located_errors() {
        let err = load_text("review:\n  timout: 5\n").unwrap_err();
        let first = err.first().unwrap();
        assert_eq!(first.location.line, 2);
        assert!(first.message.contains("timout"), "{first:?}");
        assert_eq!(first.help.as_deref(), Some("did you mean `timeout`?"));
        let err = load_text("review:\n  timeout_action: maybe\n").unwrap_err();
        assert!(err.first().unwrap().message.contains("maybe"), "{err}");
    }

    #[test]
    fn config_sits_beside_the_policy_directory() {
        assert_eq!(
            config_path_for(Path::new("/ws/policies")),
            Path::new("/ws/agsec.yaml")
        );
        assert_eq!(
            config_path_for(Path::new("policies")),
            Path::new("./agsec.yaml")
        );
    }

    #[test]
    fn flags_win_over_the_file_and_the_file_over_defaults() {
        let dir = Path::new("/ws/policies");
        assert_eq!(
            settings_path(Some(Path::new("/etc/a.yaml")), Some(dir)),
            Some(PathBuf::from("/etc/a.yaml"))
        );
        assert_eq!(
            settings_path(None, Some(dir)),
            Some(PathBuf::from("/ws/agsec.yaml"))
        );
        assert_eq!(settings_path(None, None), None);

        let config =
            load_text("audit:\n  db: /var/a.db\nscreen:\n  sensitivity: high\n  action: block\n")
                .unwrap();
        assert_eq!(
            config.audit_db(Some(Path::new("/x.db"))),
            Some(PathBuf::from("/x.db"))
        );
        assert_eq!(config.audit_db(None), Some(PathBuf::from("/var/a.db")));
        let file = config.screen_settings(None, None);
        assert_eq!(
            (file.sensitivity, file.action),
            (Sensitivity::High, ScreenAction::Block)
        );
        let flags = config.screen_settings(Some(Sensitivity::Low), Some(ScreenAction::Warn));
        assert_eq!(
            (flags.sensitivity, flags.action),
            (Sensitivity::Low, ScreenAction::Warn)
        );
        let defaults = Config::default().screen_settings(None, None);
        assert_eq!(
            (defaults.sensitivity, defaults.action),
            (Sensitivity::Medium, ScreenAction::Warn)
        );
    }
}

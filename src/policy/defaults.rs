//! The default policies shipped inside the binary (`default-policies/`): what `agsec init` writes
//! and what `check --defaults` evaluates. Presets differ only in `00-base.yaml` (the default
//! effect and what is allowed); the principles live in the shared files.

use super::error::LoadErrors;
use super::load::load_sources;
use super::model::PolicySet;
use std::path::PathBuf;

/// How much the default policies allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// Deny by default; allow read-only work.
    Strict,
    /// Allow ordinary development work; ask about the rest.
    #[default]
    Standard,
    /// Allow by default; keep every principle.
    Permissive,
}

impl Preset {
    /// Every preset, for help texts.
    pub const ALL: [Preset; 3] = [Preset::Strict, Preset::Standard, Preset::Permissive];

    /// The preset's lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Strict => "strict",
            Preset::Standard => "standard",
            Preset::Permissive => "permissive",
        }
    }

    /// Parses a preset name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

const SHARED: [(&str, &str); 9] = [
    (
        "10-bash.yaml",
        include_str!("../../default-policies/10-bash.yaml"),
    ),
    (
        "20-files.yaml",
        include_str!("../../default-policies/20-files.yaml"),
    ),
    (
        "30-web.yaml",
        include_str!("../../default-policies/30-web.yaml"),
    ),
    (
        "40-git.yaml",
        include_str!("../../default-policies/40-git.yaml"),
    ),
    (
        "50-cloud.yaml",
        include_str!("../../default-policies/50-cloud.yaml"),
    ),
    (
        "60-containers.yaml",
        include_str!("../../default-policies/60-containers.yaml"),
    ),
    (
        "70-data.yaml",
        include_str!("../../default-policies/70-data.yaml"),
    ),
    (
        "80-publish.yaml",
        include_str!("../../default-policies/80-publish.yaml"),
    ),
    (
        "90-system.yaml",
        include_str!("../../default-policies/90-system.yaml"),
    ),
];

/// The default policy files of a preset, as (file name, text), in load order.
pub fn default_policy_files(preset: Preset) -> Vec<(&'static str, &'static str)> {
    let base = match preset {
        Preset::Strict => include_str!("../../default-policies/presets/strict.yaml"),
        Preset::Standard => include_str!("../../default-policies/presets/standard.yaml"),
        Preset::Permissive => include_str!("../../default-policies/presets/permissive.yaml"),
    };
    let mut files = vec![("00-base.yaml", base)];
    files.extend(SHARED);
    files
}

/// The default policies of a preset, loaded (reported under `<defaults>/<file>`).
pub fn load_defaults(preset: Preset) -> Result<PolicySet, LoadErrors> {
    let sources: Vec<(PathBuf, String)> = default_policy_files(preset)
        .into_iter()
        .map(|(name, text)| (PathBuf::from("<defaults>").join(name), text.to_owned()))
        .collect();
    load_sources(&sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_loads_cleanly() {
        for preset in Preset::ALL {
            let set = load_defaults(preset).unwrap_or_else(|e| panic!("{}: {e}", preset.as_str()));
            assert!(set.warnings().is_empty(), "{:?}", set.warnings());
            assert!(set.compile_all().is_empty(), "{}", preset.as_str());
        }
        let strict = load_defaults(Preset::Strict).unwrap();
        assert_eq!(strict.default_effect().as_str(), "deny");
        let permissive = load_defaults(Preset::Permissive).unwrap();
        assert_eq!(permissive.default_effect().as_str(), "allow");
    }
}

//! [`Engine`]: a loaded policy set plus the analysis that turns a raw action into what the
//! policies judge. This is what the `check` command and embedding programs call.

use crate::action::Action;
use crate::policy::{self, Decision, LoadErrors, PolicySet};
use std::path::Path;

/// A loaded, ready-to-use firewall.
#[derive(Debug)]
pub struct Engine {
    policies: PolicySet,
}

impl Engine {
    /// Loads every policy file of `dir`.
    pub fn load(dir: &Path) -> Result<Self, LoadErrors> {
        Ok(Self::new(policy::load_dir(dir)?))
    }

    /// An engine over an already loaded policy set.
    pub fn new(policies: PolicySet) -> Self {
        Self { policies }
    }

    /// The policy set.
    pub fn policies(&self) -> &PolicySet {
        &self.policies
    }

    /// Judges one action.
    pub fn check(&self, action: &Action) -> Decision {
        policy::evaluate(&self.policies, action)
    }
}

//! The system (stub).
use super::Input;
use serde::Serialize;

/// What a system administration command does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SystemFacts {
    pub area: String,
}

pub(crate) fn system(_input: &Input<'_>) -> Option<SystemFacts> {
    None
}

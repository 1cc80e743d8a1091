//! Publishing (stub).
use super::Input;
use serde::Serialize;

/// What a publishing command does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PublishFacts {
    pub tool: String,
}

pub(crate) fn publish(_input: &Input<'_>) -> Option<PublishFacts> {
    None
}

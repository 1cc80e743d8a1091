//! Containers (stub).
use super::super::effects::Effects;
use super::Input;
use serde::Serialize;

/// What a container command does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContainerFacts {
    pub engine: String,
}

pub(crate) fn container(_input: &Input<'_>, _fx: &mut Effects) -> Option<ContainerFacts> {
    None
}

//! Cloud and cluster CLIs (stub).
use super::Input;
use serde::Serialize;

/// What a cloud or cluster command does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CloudFacts {
    pub cli: String,
}

pub(crate) fn cloud(_input: &Input<'_>) -> Option<CloudFacts> {
    None
}

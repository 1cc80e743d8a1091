//! Databases (stub).
use super::Input;
use serde::Serialize;

/// What a database command does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SqlFacts {
    pub client: String,
}

pub(crate) fn sql(_input: &Input<'_>) -> Option<SqlFacts> {
    None
}

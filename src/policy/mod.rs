//! The policy language: YAML files of statements (`effect`, `actions`, `conditions`) merged from a
//! directory, validated at load time with located errors, and evaluated IAM style.

mod cache;
mod condition;
mod decision;
mod defaults;
mod edit;
mod encoding;
mod error;
mod eval;
mod glob;
mod index;
mod listing;
mod load;
mod model;
mod permissions;
mod raw;
mod schema;
mod stamps;
mod trace;

pub use cache::inspect as inspect_cache;
pub(crate) use cache::load_dir_cached;
pub use cache::{CacheState, cache_dir};
pub use condition::{Condition, FieldPath, Operator, Root, Truth};
pub use decision::{Decision, Effect, MatchedBy, strictest};
pub use defaults::{Preset, default_policy_files, load_defaults};
pub use edit::{
    Edit, EditError, FileEdit, LOCAL_POLICY_FILE, NewCondition, NewStatement, plan_add,
    plan_remove, render_statement,
};
pub use error::{LoadError, LoadErrors, Location};
pub(crate) use eval::evaluate_observed;
#[cfg(test)]
pub(crate) use eval::evaluate_restrictions;
pub(crate) use eval::restriction;
pub use eval::{Observer, evaluate};
pub use listing::{condition_summary, select_statements};
pub(crate) use load::yaml_error;
pub use load::{POLICY_DIR_NAME, find_policy_dir, load_dir, load_sources, policy_files};
pub use model::{Example, MatchMode, PolicySet, Statement, StatementIter};
pub(crate) use raw::parse_yaml;
pub use schema::{SCHEMA_FILE_NAME, schema, schema_text};
pub use trace::{ConditionTrace, StatementTrace, Trace, TraceBuilder, trace};

//! Plain actions: `{"action": "...", "params": {...}, "context": {...}}` from scripts and
//! embedding programs, and their reply (exit 0 to allow, exit 2 with the reason to refuse).

use super::error::{PayloadError, json_type};
use super::{Outcome, Reply};
use crate::action::Action;
use serde_json::{Map, Value};

/// The one action a plain payload holds. `params` and `context` default to `{}`.
pub(crate) fn action(object: &Map<String, Value>) -> Result<Action, PayloadError> {
    let name = match object.get("action") {
        Some(Value::String(name)) if !name.trim().is_empty() => name.clone(),
        _ => return Err(PayloadError::MissingAction),
    };
    Ok(Action {
        name,
        params: field_object(object, "params")?,
        context: field_object(object, "context")?,
    })
}

fn field_object(
    object: &Map<String, Value>,
    field: &'static str,
) -> Result<Map<String, Value>, PayloadError> {
    match object.get(field) {
        None => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(other) => Err(PayloadError::FieldNotObject {
            field,
            found: json_type(other),
        }),
    }
}

/// A plain caller reads the exit code: 0 runs, 2 does not (a review cannot be asked here).
pub(crate) fn reply(outcome: &Outcome) -> Reply {
    // Exit 0 is already an explicit allow for scripts.
    let Some(reason) = super::stopping_reason(outcome) else {
        return Reply::silent(0);
    };
    Reply {
        exit_code: 2,
        stdout: String::new(),
        stderr: format!("{reason}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn action_of(value: Value) -> Result<Action, PayloadError> {
        let Value::Object(object) = value else {
            unreachable!()
        };
        action(&object)
    }

    #[test]
    fn reads_plain_actions() {
        let got = action_of(
            json!({"action": "web.fetch", "params": {"url": "u"}, "context": {"cwd": "/w"}}),
        )
        .unwrap();
        assert_eq!(
            got,
            Action::new("web.fetch")
                .param("url", "u")
                .context("cwd", "/w")
        );
        assert_eq!(
            action_of(json!({"action": "x.y"})).unwrap(),
            Action::new("x.y")
        );
    }

    #[test]
    fn refuses_bad_plain_actions() {
        let cases = [
            (
                json!({"action": ""}),
                "plain action has no non-empty string `action`",
            ),
            (
                json!({"action": 1}),
                "plain action has no non-empty string `action`",
            ),
            (
                json!({"params": {}}),
                "plain action has no non-empty string `action`",
            ),
            (
                json!({"action": "a", "params": []}),
                "plain action `params` is a JSON array, expected an object",
            ),
            (
                json!({"action": "a", "context": "c"}),
                "plain action `context` is a JSON string, expected an object",
            ),
        ];
        for (payload, expected) in cases {
            assert_eq!(action_of(payload).unwrap_err().to_string(), expected);
        }
    }
}

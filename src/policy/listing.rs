//! How statements are shown and picked in listings (`agsec policy list`): one-line condition
//! summaries, and which statements an action name or glob concerns.

use super::condition::Condition;
use super::decision::Effect;
use super::edit::value_summary;
use super::glob::ActionGlob;
use super::model::{PolicySet, Statement};

/// A condition in one line, as `agsec policy add --condition` reads it: `params.command regex
/// \brm\s`, `params.git.force exists`, `params.program in ["nc","socat"]`.
pub fn condition_summary(condition: &Condition) -> String {
    match &condition.value {
        None => format!("{} {}", condition.field, condition.op),
        Some(value) => format!(
            "{} {} {}",
            condition.field,
            condition.op,
            value_summary(value)
        ),
    }
}

/// The statements of `set`, in load order, with the given effect (when `effect` is set) and
/// concerning `action` (when set): a statement concerns it when one of its action globs matches
/// it as a name (`bash.execute` is concerned by `bash.*`), or when `action`, read as a glob,
/// matches one of the statement's patterns as written (`file.*` finds `file.write`).
pub fn select_statements<'a>(
    set: &'a PolicySet,
    effect: Option<Effect>,
    action: Option<&str>,
) -> Vec<&'a Statement> {
    let by_name = action.map(|a| set.candidates(a));
    // Same dialect as the loader's action globs.
    let as_glob = action.map(ActionGlob::new);
    set.statements()
        .enumerate()
        .filter(|(_, s)| effect.is_none_or(|e| s.effect == e))
        .filter(|(index, s)| match (action, &by_name) {
            (Some(action), Some(by_name)) => {
                by_name.contains(index)
                    || s.actions.iter().any(|pattern| {
                        pattern == action || as_glob.as_ref().is_some_and(|g| g.is_match(pattern))
                    })
            }
            _ => true,
        })
        .map(|(_, s)| s)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::load::load_sources;
    use std::path::PathBuf;

    const POLICY: &str = "\
statements:
  - {sid: Shell, effect: allow, actions: [bash.execute]}
  - {sid: AllFiles, effect: deny, actions: [\"file.*\"]}
  - {sid: Write, effect: review, actions: [file.write, file.edit]}
  - {sid: Mcp, effect: allow, actions: [\"mcp.github.*\"]}
  - {sid: Everything, effect: review, actions: [\"*\"]}
";

    fn sids(effect: Option<Effect>, action: Option<&str>) -> Vec<String> {
        let set = load_sources(&[(PathBuf::from("a.yaml"), POLICY.to_owned())]).unwrap();
        select_statements(&set, effect, action)
            .into_iter()
            .map(|s| s.sid.clone())
            .collect()
    }

    #[test]
    fn selects_by_effect_and_action() {
        let cases: [(Option<Effect>, Option<&str>, &[&str]); 8] = [
            (
                None,
                None,
                &["Shell", "AllFiles", "Write", "Mcp", "Everything"],
            ),
            (Some(Effect::Review), None, &["Write", "Everything"]),
            (None, Some("bash.execute"), &["Shell", "Everything"]),
            (
                None,
                Some("file.write"),
                &["AllFiles", "Write", "Everything"],
            ),
            (None, Some("file.*"), &["AllFiles", "Write", "Everything"]),
            (None, Some("mcp.*"), &["Mcp", "Everything"]),
            (
                Some(Effect::Allow),
                Some("mcp.github.create_issue"),
                &["Mcp"],
            ),
            (Some(Effect::Deny), Some("web.fetch"), &[]),
        ];
        for (effect, action, expected) in cases {
            assert_eq!(sids(effect, action), expected, "{effect:?} {action:?}");
        }
    }

    #[test]
    fn summarizes_conditions() {
        let text = "statements:\n  - sid: A\n    effect: deny\n    actions: [x]\n    conditions:\n      params.command: {op: regex, value: '\\brm\\s'}\n      params.force: {op: exists}\n      params.program: {op: in, value: [nc, socat]}\n      params.n: 5\n";
        let set = load_sources(&[(PathBuf::from("a.yaml"), text.to_owned())]).unwrap();
        let summaries: Vec<String> = set
            .statement(0)
            .unwrap()
            .conditions
            .iter()
            .map(condition_summary)
            .collect();
        assert_eq!(
            summaries,
            [
                "params.command regex \\brm\\s",
                "params.force exists",
                "params.program in [\"nc\",\"socat\"]",
                "params.n == 5",
            ]
        );
    }
}

//! The JSON Schema (draft 2020-12) of a policy file, for editors: `agsec schema` prints it,
//! `agsec init` and `agsec policy add` write it beside the policies as [`SCHEMA_FILE_NAME`], and
//! every policy file starts with [`SCHEMA_MODELINE`] pointing to it.
//!
//! Hand-written rather than derived from `raw.rs`: the raw types carry locations and custom
//! visitors, and what editors need (enums of effects and operators, `{op, value}` or a bare value,
//! descriptions to show on hover) is not in the Rust types. Tests keep it honest: every key the
//! loader accepts is in it, every operator is in it, and the default policies validate against it.

use super::condition::Operator;
use serde_json::{Value, json};

/// The schema's file name inside the policy directory. Hidden, so it is never loaded as policy.
pub const SCHEMA_FILE_NAME: &str = ".schema.json";

/// The first line of policy files: tells yaml-language-server (VS Code, Neovim, Helix, Zed …)
/// to validate and complete the file with the schema beside it. A relative path works offline,
/// needs no published URL, and always matches the agsec that wrote it.
pub(crate) const SCHEMA_MODELINE: &str = "# yaml-language-server: $schema=./.schema.json";

/// The JSON Schema of a policy file.
pub fn schema() -> Value {
    let effect_names = ["allow", "deny", "review", "block"];
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "agsec policy file",
        "description": "Statements that allow, deny or send to review the tool calls of AI coding agents. Every `*.yaml` file of the policy directory is loaded in file-name order; `deny` beats `review` beats `allow` beats the default.",
        "type": ["object", "null"],
        "additionalProperties": false,
        "properties": {
            "version": {
                "description": "The policy language version.",
                "enum": ["1.0", "1", 1]
            },
            "default": {
                "description": "The effect when no statement matches. The strictest `default:` of all files wins; deny when no file sets one.",
                "$ref": "#/$defs/effect"
            },
            "statements": {
                "description": "The policy statements of this file.",
                "type": ["array", "null"],
                "items": {"$ref": "#/$defs/statement"}
            },
            "permissions": {
                "description": "Permission lists in the style of an agent's settings: tool patterns to deny, ask about or allow.",
                "type": ["object", "null"],
                "additionalProperties": false,
                "properties": {
                    "default": {
                        "description": "What happens to calls no list names.",
                        "type": "string"
                    },
                    "deny": {"$ref": "#/$defs/patterns"},
                    "ask": {"$ref": "#/$defs/patterns"},
                    "allow": {"$ref": "#/$defs/patterns"}
                }
            }
        },
        "$defs": {
            "effect": {
                "description": "allow, deny or review (a person decides); `block` is a synonym of deny. Case does not matter.",
                "anyOf": [
                    {"enum": effect_names},
                    {"type": "string", "pattern": case_insensitive_pattern(&effect_names)}
                ]
            },
            "patterns": {
                "type": ["array", "null"],
                "items": {"type": "string"}
            },
            "statement": {
                "type": "object",
                "additionalProperties": false,
                "required": ["sid", "effect", "actions"],
                "properties": {
                    "sid": {
                        "description": "A name unique across the policy directory; decisions and the audit log name the statement by it.",
                        "type": "string",
                        "minLength": 1
                    },
                    "effect": {"$ref": "#/$defs/effect"},
                    "actions": {
                        "description": "The actions the statement applies to: names or globs such as `bash.execute`, `file.*`, `mcp.github.*`.",
                        "anyOf": [
                            {"type": "string"},
                            {"type": "array", "items": {"type": "string"}}
                        ]
                    },
                    "match": {
                        "description": "`all` (default): every condition must hold; `any`: at least one.",
                        "enum": ["all", "any"]
                    },
                    "conditions": {
                        "description": "Field path (`params.command`, `params.deletes.*.secret`, `context.cwd`) → condition. A bare value means `==`; a bare null means the field is absent.",
                        "type": ["object", "null"],
                        "propertyNames": {"minLength": 1},
                        "additionalProperties": {"$ref": "#/$defs/condition"}
                    },
                    "reason": {
                        "description": "Told to the agent (and the person) when the statement decides; say what to do instead.",
                        "type": "string"
                    },
                    "description": {
                        "description": "Free text for people reading the policy.",
                        "type": "string"
                    },
                    "examples": {
                        "description": "Calls the statement must match and must not match; `agsec test` checks them.",
                        "type": ["object", "null"],
                        "additionalProperties": false,
                        "properties": {
                            "match": {"$ref": "#/$defs/examples"},
                            "not_match": {"$ref": "#/$defs/examples"}
                        }
                    }
                }
            },
            "examples": {
                "type": ["array", "null"],
                "items": {
                    "description": "A command line (for shell actions) or an action object.",
                    "type": ["string", "object"]
                }
            },
            "condition": {
                "anyOf": [
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["op"],
                        "properties": {
                            "op": {
                                "description": "The operator.",
                                "enum": Operator::NAMES
                            },
                            "value": {"description": "What the field is compared with."}
                        },
                        "if": {"properties": {"op": {"enum": ["exists", "not_exists"]}}},
                        "else": {"required": ["value"]}
                    },
                    {
                        "description": "Shorthand for `{op: \"==\", value: …}` (null: the field is absent).",
                        "type": ["string", "number", "boolean", "array", "null"]
                    }
                ]
            }
        }
    })
}

/// The schema as the pretty JSON text written to [`SCHEMA_FILE_NAME`] (with a final newline).
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// `^(?:[Aa][Ll]…|…)$`: JSON Schema patterns are ECMA-262 regexes, which have no inline
/// case-insensitive flag.
fn case_insensitive_pattern(words: &[&str]) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .map(|word| {
            word.chars()
                .map(|c| format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase()))
                .collect()
        })
        .collect();
    format!("^(?:{})$", alternatives.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::defaults::{Preset, default_policy_files};
    use crate::policy::load::load_sources;
    use crate::policy::raw::parse_yaml;
    use std::path::PathBuf;

    fn validator() -> (boon::Schemas, boon::SchemaIndex) {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler
            .add_resource("mem:///policy.json", schema())
            .unwrap();
        let index = compiler
            .compile("mem:///policy.json", &mut schemas)
            .unwrap();
        (schemas, index)
    }

    fn check(text: &str) -> Result<(), String> {
        let (schemas, index) = validator();
        let value: Value = parse_yaml(text).map_err(|e| e.to_string())?;
        schemas
            .validate(&value, index)
            .map_err(|e| format!("{e:#}"))
    }

    #[test]
    fn default_policies_validate() {
        for preset in Preset::ALL {
            for (name, text) in default_policy_files(preset) {
                assert_eq!(text.lines().next(), Some(SCHEMA_MODELINE), "{name}");
                check(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
    }

    #[test]
    fn accepts_and_rejects() {
        let cases = [
            (
                "statements:\n  - {sid: A, effect: Allow, actions: x}\n",
                true,
            ),
            (
                "statements:\n  - {sid: A, effect: BLOCK, actions: [x, z], match: any}\n",
                true,
            ),
            ("version: \"1.0\"\ndefault: review\n", true),
            (
                "statements:\n  - sid: A\n    effect: deny\n    actions: [x]\n    conditions:\n      params.a: {op: exists}\n      params.b: {op: regex, value: x}\n      params.c: 5\n      params.d: null\n",
                true,
            ),
            (
                "statements:\n  - sid: A\n    effect: deny\n    actions: [x]\n    examples: {match: [rm -rf /], not_match: [{action: file.read}]}\n",
                true,
            ),
            (
                "permissions:\n  allow: [\"Bash(ls:*)\"]\n  deny: []\n",
                true,
            ),
            ("", true),
            ("statement: []\n", false),
            (
                "statements:\n  - {sid: A, effect: permit, actions: x}\n",
                false,
            ),
            ("statements:\n  - {sid: A, effect: deny}\n", false),
            (
                "statements:\n  - {sid: A, effect: deny, actions: x, match: ALL}\n",
                false,
            ),
            (
                "statements:\n  - {sid: A, effect: deny, actions: x, efect: deny}\n",
                false,
            ),
            (
                "statements:\n  - {sid: A, effect: deny, actions: x, conditions: {p: {op: regexp, value: x}}}\n",
                false,
            ),
            (
                "statements:\n  - {sid: A, effect: deny, actions: x, conditions: {p: {op: regex}}}\n",
                false,
            ),
            (
                "statements:\n  - {sid: A, effect: deny, actions: x, conditions: {p: {op: exists, valeu: 1}}}\n",
                false,
            ),
            ("default: maybe\n", false),
            ("version: 2\n", false),
        ];
        for (text, valid) in cases {
            assert_eq!(check(text).is_ok(), valid, "{text}: {:?}", check(text));
        }
    }

    #[test]
    fn lists_every_operator() {
        let schema = schema();
        let ops = &schema["$defs"]["condition"]["anyOf"][0]["properties"]["op"]["enum"];
        assert_eq!(ops, &json!(Operator::NAMES));
    }

    /// The loader's own list of keys (from its "unknown field" error) against the schema's.
    #[test]
    fn knows_every_key_the_loader_accepts() {
        let schema = schema();
        let cases = [
            ("zzz_unknown: 1\n", &schema["properties"]),
            (
                "statements:\n  - {sid: A, effect: deny, actions: x, zzz_unknown: 1}\n",
                &schema["$defs"]["statement"]["properties"],
            ),
        ];
        for (text, properties) in cases {
            let errors = load_sources(&[(PathBuf::from("a.yaml"), text.to_owned())]).unwrap_err();
            let help = errors
                .first()
                .and_then(|e| e.help.clone())
                .unwrap_or_default();
            let keys = help
                .strip_prefix("allowed keys: ")
                .unwrap_or_else(|| panic!("{help}"));
            for key in keys.split(", ") {
                assert!(
                    properties.get(key).is_some(),
                    "`{key}` is missing from the schema"
                );
            }
        }
    }

    #[test]
    fn effect_pattern_ignores_case() {
        let pattern = regex::Regex::new(&case_insensitive_pattern(&["allow", "deny"])).unwrap();
        for (text, expected) in [
            ("allow", true),
            ("ALLOW", true),
            ("dEnY", true),
            ("allowed", false),
            ("review", false),
        ] {
            assert_eq!(pattern.is_match(text), expected, "{text}");
        }
    }
}

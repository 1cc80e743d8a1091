//! The serde mirror of a policy file, each node with its location. No checks beyond shape:
//! unknown keys are rejected here (`deny_unknown_fields`), meaning is checked in `load`.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_saphyr::Spanned;
use std::fmt;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    #[serde(default)]
    pub(crate) version: Option<Spanned<Value>>,
    #[serde(default)]
    pub(crate) default: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) statements: Option<Vec<Spanned<RawStatement>>>,
    #[serde(default)]
    pub(crate) permissions: Option<Spanned<RawPermissions>>,
}

/// A permission list (the A3S Code / Claude Code style): `Tool(pattern)` entries by effect.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPermissions {
    #[serde(default)]
    pub(crate) default: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) deny: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) ask: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) allow: Vec<Spanned<String>>,
}

/// Examples a statement must (`match`) and must not (`not_match`) trigger on: command strings
/// (Bash) or tool calls (`{tool, input}` or `{action, params}`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExamples {
    #[serde(default, rename = "match")]
    pub(crate) matches: Vec<Spanned<Value>>,
    #[serde(default)]
    pub(crate) not_match: Vec<Spanned<Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatement {
    #[serde(default)]
    pub(crate) sid: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) effect: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) actions: Option<Spanned<OneOrMany>>,
    #[serde(default, rename = "match")]
    pub(crate) match_mode: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) conditions: Option<Conditions>,
    #[serde(default)]
    pub(crate) reason: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) examples: Option<RawExamples>,
}

/// `actions:` may be one string or a list of strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub(crate) fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// The `conditions:` mapping, in file order, with the location of every key and value.
#[derive(Debug, Default)]
pub(crate) struct Conditions(pub(crate) Vec<(Spanned<String>, Spanned<Value>)>);

impl<'de> Deserialize<'de> for Conditions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ConditionsVisitor;
        impl<'de> Visitor<'de> for ConditionsVisitor {
            type Value = Conditions;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of field paths to conditions")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Conditions, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<Spanned<Value>>()?;
                    out.push((key, value));
                }
                Ok(Conditions(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Conditions, E> {
                Ok(Conditions::default())
            }
        }
        deserializer.deserialize_map(ConditionsVisitor)
    }
}

/// Parses one policy file's text.
pub(crate) fn parse(text: &str) -> Result<Option<RawFile>, serde_saphyr::Error> {
    parse_yaml(text)
}

/// Parses any YAML document into `T` (policy files, the agsec config file), keeping the plain
/// message and location of the first error. The one place the YAML crate is called.
pub(crate) fn parse_yaml<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<T, serde_saphyr::Error> {
    let options = serde_saphyr::options! { with_snippet: false, budget: None };
    serde_saphyr::from_str_with_options::<T>(text, options)
}

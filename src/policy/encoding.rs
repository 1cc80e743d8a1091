//! The compact binary form of one statement in the policy cache: what a check decodes for each
//! statement it can match. Length-prefixed little-endian fields in a fixed order (sid, effect,
//! match mode, actions, conditions as field, operator and operand, reason, description, location);
//! condition operands are JSON values in a small tagged form. Decoding allocates only the strings
//! it keeps and parses no text, where a JSON document per statement cost most of a check with
//! many statements. Every read is bounds-checked and the whole input must be consumed: anything
//! else decodes to `None`, which the cache turns into a deny statement, never a gap.

use super::condition::Operator;
use super::decision::Effect;
use super::error::Location;
use super::load::compiled_condition;
use super::model::{MatchMode, Statement};
use serde_json::{Map, Number, Value};
use std::path::PathBuf;

/// Deepest nesting of an operand decoded (a forged cache cannot exhaust the stack).
const MAX_DEPTH: usize = 64;

/// Value tags.
const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const UNSIGNED: u8 = 3;
const SIGNED: u8 = 4;
const FLOAT: u8 = 5;
const STRING: u8 = 6;
const ARRAY: u8 = 7;
const OBJECT: u8 = 8;

/// The byte that stands for `effect` (also in the cache's offset table).
pub(super) fn effect_byte(effect: Effect) -> u8 {
    match effect {
        Effect::Allow => 0,
        Effect::Review => 1,
        Effect::Deny => 2,
    }
}

/// The effect a byte stands for.
pub(super) fn effect_of(byte: u8) -> Option<Effect> {
    match byte {
        0 => Some(Effect::Allow),
        1 => Some(Effect::Review),
        2 => Some(Effect::Deny),
        _ => None,
    }
}

/// Appends the encoding of `s` to `out`; `None` when a length does not fit the format's 32 bits
/// or the location is not UTF-8.
pub(super) fn encode(s: &Statement, out: &mut Vec<u8>) -> Option<()> {
    put_str(out, &s.sid)?;
    out.push(effect_byte(s.effect));
    out.push(u8::from(s.match_mode == MatchMode::Any));
    put_len(out, s.actions.len())?;
    for action in &s.actions {
        put_str(out, action)?;
    }
    put_len(out, s.conditions.len())?;
    for c in &s.conditions {
        put_str(out, &c.field)?;
        let op = Operator::NAMES.iter().position(|n| *n == c.op.as_str())?;
        out.push(u8::try_from(op).ok()?);
        match &c.value {
            Some(v) => {
                out.push(1);
                put_value(out, v)?;
            }
            None => out.push(0),
        }
    }
    put_opt(out, s.reason.as_deref())?;
    put_opt(out, s.description.as_deref())?;
    put_str(out, s.location.file.to_str()?)?;
    out.extend_from_slice(&s.location.line.to_le_bytes());
    out.extend_from_slice(&s.location.column.to_le_bytes());
    Some(())
}

/// The statement `bytes` encode, its conditions compiled; `None` unless `bytes` are exactly one
/// well-formed encoding. Examples are not kept (only `validate` and `test` use them, and they
/// load without the cache).
pub(super) fn decode(bytes: &[u8]) -> Option<Statement> {
    let mut r = Reader { bytes, at: 0 };
    let sid = r.string()?;
    let effect = effect_of(r.byte()?)?;
    let match_mode = match r.byte()? {
        0 => MatchMode::All,
        1 => MatchMode::Any,
        _ => return None,
    };
    let count = r.len()?;
    let mut actions = Vec::with_capacity(count.min(r.left()));
    for _ in 0..count {
        actions.push(r.string()?);
    }
    let count = r.len()?;
    let mut conditions = Vec::with_capacity(count.min(r.left()));
    for _ in 0..count {
        let field = r.str()?;
        let op = Operator::parse(Operator::NAMES.get(usize::from(r.byte()?))?)?;
        let value = match r.byte()? {
            0 => None,
            1 => Some(r.value(0)?),
            _ => return None,
        };
        conditions.push(compiled_condition(field, op, value, false).ok()?);
    }
    let reason = r.opt()?;
    let description = r.opt()?;
    let file = PathBuf::from(r.string()?);
    let (line, column) = (r.u32()?, r.u32()?);
    (r.left() == 0).then_some(Statement {
        sid,
        effect,
        actions,
        match_mode,
        conditions,
        reason,
        description,
        location: Location { file, line, column },
        examples: Vec::new(),
    })
}

fn put_len(out: &mut Vec<u8>, n: usize) -> Option<()> {
    out.extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
    Some(())
}

fn put_str(out: &mut Vec<u8>, s: &str) -> Option<()> {
    put_len(out, s.len())?;
    out.extend_from_slice(s.as_bytes());
    Some(())
}

fn put_opt(out: &mut Vec<u8>, s: Option<&str>) -> Option<()> {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s)
        }
        None => {
            out.push(0);
            Some(())
        }
    }
}

fn put_value(out: &mut Vec<u8>, v: &Value) -> Option<()> {
    match v {
        Value::Null => out.push(NULL),
        Value::Bool(false) => out.push(FALSE),
        Value::Bool(true) => out.push(TRUE),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                out.push(UNSIGNED);
                out.extend_from_slice(&u.to_le_bytes());
            } else if let Some(i) = n.as_i64() {
                out.push(SIGNED);
                out.extend_from_slice(&i.to_le_bytes());
            } else {
                out.push(FLOAT);
                out.extend_from_slice(&n.as_f64()?.to_bits().to_le_bytes());
            }
        }
        Value::String(s) => {
            out.push(STRING);
            put_str(out, s)?;
        }
        Value::Array(items) => {
            out.push(ARRAY);
            put_len(out, items.len())?;
            for item in items {
                put_value(out, item)?;
            }
        }
        Value::Object(map) => {
            out.push(OBJECT);
            put_len(out, map.len())?;
            for (k, item) in map {
                put_str(out, k)?;
                put_value(out, item)?;
            }
        }
    }
    Some(())
}

/// A bounds-checked cursor over an encoding.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let taken = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(taken)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match self.byte()? {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            UNSIGNED => Value::Number(Number::from(self.u64()?)),
            SIGNED => Value::Number(Number::from(i64::from_le_bytes(
                self.take(8)?.try_into().ok()?,
            ))),
            FLOAT => Value::Number(Number::from_f64(f64::from_bits(self.u64()?))?),
            STRING => Value::String(self.string()?),
            ARRAY => {
                let n = self.len()?;
                let mut items = Vec::with_capacity(n.min(self.left()));
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::Array(items)
            }
            OBJECT => {
                let n = self.len()?;
                let mut map = Map::new();
                for _ in 0..n {
                    let k = self.string()?;
                    let v = self.value(depth + 1)?;
                    map.insert(k, v);
                }
                Value::Object(map)
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::load::load_sources;
    use proptest::prelude::*;

    fn same(a: &Statement, b: &Statement) {
        assert_eq!(
            (&a.sid, a.effect, &a.actions),
            (&b.sid, b.effect, &b.actions)
        );
        assert_eq!(
            (a.match_mode, &a.reason, &a.description),
            (b.match_mode, &b.reason, &b.description)
        );
        assert_eq!(a.location, b.location);
        assert_eq!(a.conditions.len(), b.conditions.len());
        for (x, y) in a.conditions.iter().zip(&b.conditions) {
            assert_eq!((&x.field, x.op, &x.value), (&y.field, y.op, &y.value));
            assert_eq!(x.regex.is_some(), y.regex.is_some());
        }
    }

    fn round_trip(s: &Statement) -> Option<Statement> {
        let mut bytes = Vec::new();
        encode(s, &mut bytes)?;
        decode(&bytes)
    }

    /// Every statement of the default policies decodes to what was encoded.
    #[test]
    fn the_default_policies_round_trip() {
        let files = crate::policy::default_policy_files(crate::policy::Preset::Standard);
        let sources: Vec<(PathBuf, String)> = files
            .iter()
            .map(|(name, text)| (PathBuf::from(name), (*text).to_owned()))
            .collect();
        let set = load_sources(&sources).unwrap();
        assert!(set.len() > 40);
        for s in set.statements() {
            same(s, &round_trip(s).unwrap());
        }
    }

    fn operand() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            ".{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec(("[a-z]{1,4}", inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Any `==` operand, strings, and optional texts come back exactly; any cut or
        /// extended encoding is refused.
        #[test]
        fn statements_round_trip_and_damage_is_refused(
            sid in "[A-Za-z0-9]{1,10}",
            value in operand(),
            reason in proptest::option::of(".{0,20}"),
            description in proptest::option::of(".{0,20}"),
            line in any::<u32>(),
            cut in any::<prop::sample::Index>(),
        ) {
            let statement = Statement {
                sid,
                effect: Effect::Review,
                actions: vec!["mcp.x.*".to_owned(), "bash.execute".to_owned()],
                match_mode: MatchMode::Any,
                conditions: vec![compiled_condition("params.x", Operator::Eq, Some(value), false).unwrap()],
                reason,
                description,
                location: Location { file: PathBuf::from("p/ä.yaml"), line, column: 3 },
                examples: Vec::new(),
            };
            let mut bytes = Vec::new();
            encode(&statement, &mut bytes).unwrap();
            same(&statement, &decode(&bytes).unwrap());
            let short = bytes.get(..cut.index(bytes.len())).unwrap();
            prop_assert!(decode(short).is_none());
            bytes.push(0);
            prop_assert!(decode(&bytes).is_none());
        }
    }
}

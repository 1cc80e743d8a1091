//! Reading the store: [`Filter`] (and [`parse_since`] for its time bound), the latest records,
//! a streaming walk for exports, and [`Stats`]. Every aggregate is one `GROUP BY` over a covering
//! index, so stats over a million rows stay well under a second.

use super::record::{Entry, StoredRecord, format_time};
use super::{AuditStore, StoreError};
use crate::policy::Effect;
use globset::Glob;
use jiff::{RoundMode, Span, Timestamp, ToSpan, Unit, ZonedRound, civil::Date, tz::TimeZone};
use rusqlite::Row;
use serde::Serialize;

/// Which records to look at. Every set field must match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only records at or after this time.
    pub since: Option<Timestamp>,
    /// Only records whose policy decision was this effect.
    pub decision: Option<Effect>,
    /// A glob over action names (`mcp.*`, `file.{read,write}`).
    pub action: Option<String>,
    /// Only records from this agent (`claude-code`, `codex` …).
    pub agent: Option<String>,
    /// Only records of this agent session id.
    pub session: Option<String>,
    /// Only records decided by the statement with this `sid`.
    pub sid: Option<String>,
    /// At most this many records (the most recent); `None`: all.
    pub limit: Option<usize>,
}

/// Parses a time bound: a duration back from `now` (`30m`, `1h`, `2d`, `1w`, `1h30m`), an RFC
/// 3339 timestamp, or a date (`YYYY-MM-DD`, midnight UTC).
pub fn parse_since(text: &str, now: Timestamp) -> Result<Timestamp, StoreError> {
    let invalid = || StoreError::InvalidTime(text.to_owned());
    let trimmed = text.trim();
    if let Ok(ts) = trimmed.parse::<Timestamp>() {
        return Ok(ts);
    }
    if let Ok(date) = trimmed.parse::<Date>() {
        return date
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|_| invalid());
    }
    // jiff's "friendly" durations: `2d`, `1h 30m`, `90 minutes`. Only positive spans.
    let span: Span = trimmed.parse().map_err(|_| invalid())?;
    if span.is_negative() || span.is_zero() {
        return Err(invalid());
    }
    now.to_zoned(TimeZone::UTC)
        .checked_sub(span)
        .map(|z| z.timestamp())
        .map_err(|_| invalid())
}

/// A value and how many records had it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    /// The value counted (an effect, an action, a sid, a bucket's time prefix …).
    pub key: String,
    /// How many matching records had it.
    pub count: u64,
    /// `count` over all matching records, 0.0 to 1.0.
    pub share: f64,
}

/// How wide each bar of [`Timeline`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// One minute (key `2025-03-01T10:15`).
    Minute,
    /// One hour (key `2025-03-01T10`).
    Hour,
    /// One UTC day (key `2025-03-01`).
    Day,
    /// One calendar month (key `2025-03`).
    Month,
    /// One calendar year (key `2025`).
    Year,
}

impl Bucket {
    /// Length of the RFC 3339 prefix that names a bucket (`2025-03-01T10` for an hour).
    fn prefix_len(self) -> usize {
        match self {
            Bucket::Minute => 16,
            Bucket::Hour => 13,
            Bucket::Day => 10,
            Bucket::Month => 7,
            Bucket::Year => 4,
        }
    }

    /// The finest bucket giving at most [`MAX_BUCKETS`] bars over `span_secs`.
    fn for_span(span_secs: i64) -> Self {
        let fits = |unit_secs: i64| span_secs / unit_secs < MAX_BUCKETS;
        if fits(60) {
            Bucket::Minute
        } else if fits(3600) {
            Bucket::Hour
        } else if fits(86_400) {
            Bucket::Day
        } else if fits(31 * 86_400) {
            Bucket::Month
        } else {
            Bucket::Year
        }
    }
}

/// At most this many bars in a timeline.
const MAX_BUCKETS: i64 = 60;
/// How many entries the "top" lists keep.
const TOP: usize = 10;

/// Decisions over time: consecutive buckets from the first record to the last, empty ones
/// included. Each key is the bucket's RFC 3339 prefix (`2025-03-01T10` is 10:00–10:59 UTC).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// How wide each bucket is (chosen to give at most 60 buckets).
    pub bucket: Bucket,
    /// The buckets in time order, keyed by their RFC 3339 prefix.
    pub buckets: Vec<Count>,
}

/// Totals and shares over the matching records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// How many records matched.
    pub total: u64,
    /// The policy decisions (allow / deny / review).
    pub by_decision: Vec<Count>,
    /// What agents were finally told (allow / deny / ask).
    pub by_outcome: Vec<Count>,
    /// The most frequent actions (at most 10).
    pub by_action: Vec<Count>,
    /// The statements that decided most often (at most 10).
    pub top_sids: Vec<Count>,
    /// The most often blocked summaries (commands, paths …) among records told `deny` (at most 10).
    pub top_blocked: Vec<Count>,
    /// The agents the calls came from.
    pub by_agent: Vec<Count>,
    /// Records over time.
    pub over_time: Timeline,
}

/// A SQL `WHERE` clause and its parameters (all text).
struct Where {
    sql: String,
    params: Vec<String>,
}

impl Where {
    fn and(&self, condition: &str) -> String {
        if self.sql.is_empty() {
            format!(" WHERE {condition}")
        } else {
            format!("{} AND {condition}", self.sql)
        }
    }
}

/// Every column of `decisions`, in the order [`read_row`] reads them (a macro so that
/// [`SELECT_ALL`] can be built from the same one list at compile time).
macro_rules! columns {
    () => {
        "id, time, agent, session_id, tool_use_id, cwd, tool_name, action, summary, params, \
         decision, outcome, sid, reason, matched_by, duration_us, review_by, review_at, \
         review_comment, prev_hash, hash, uid"
    };
}

const COLUMNS: &str = columns!();

/// The entry, id, prev_hash and hash of a row selected with [`COLUMNS`].
pub(crate) fn read_row(row: &Row<'_>) -> rusqlite::Result<(i64, Entry, String, String)> {
    let entry = Entry {
        time: row.get(1)?,
        agent: row.get(2)?,
        session_id: row.get(3)?,
        tool_use_id: row.get(4)?,
        cwd: row.get(5)?,
        tool_name: row.get(6)?,
        action: row.get(7)?,
        summary: row.get(8)?,
        params: row.get(9)?,
        decision: row.get(10)?,
        outcome: row.get(11)?,
        sid: row.get(12)?,
        reason: row.get(13)?,
        matched_by: row.get(14)?,
        duration_us: row.get(15)?,
        review_by: row.get(16)?,
        review_at: row.get(17)?,
        review_comment: row.get(18)?,
        uid: row.get(21)?,
    };
    Ok((row.get(0)?, entry, row.get(19)?, row.get(20)?))
}

/// `SELECT` of every column ([`COLUMNS`]), for the chain walk.
pub(crate) const SELECT_ALL: &str = concat!("SELECT ", columns!(), " FROM decisions");

impl AuditStore {
    /// The most recent matching records (at most `filter.limit`), oldest first.
    pub fn query(&self, filter: &Filter) -> Result<Vec<StoredRecord>, StoreError> {
        let mut out = Vec::new();
        self.walk(filter, true, |rec| {
            out.push(rec);
            Ok(())
        })?;
        out.reverse();
        Ok(out)
    }

    /// Calls `each` on every matching record (at most `filter.limit`, the most recent), oldest
    /// first, without holding them all in memory.
    pub(crate) fn for_each(
        &self,
        filter: &Filter,
        mut each: impl FnMut(StoredRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        if filter.limit.is_some() {
            for rec in self.query(filter)? {
                each(rec)?;
            }
            return Ok(());
        }
        self.walk(filter, false, each)
    }

    fn walk(
        &self,
        filter: &Filter,
        newest_first: bool,
        mut each: impl FnMut(StoredRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let db = |e| StoreError::sqlite(&self.path, e);
        let clause = self.where_clause(filter)?;
        let order = if newest_first { "DESC" } else { "ASC" };
        let limit = filter
            .limit
            .map(|n| format!(" LIMIT {n}"))
            .unwrap_or_default();
        let sql = format!(
            "SELECT {COLUMNS} FROM decisions{} ORDER BY id {order}{limit}",
            clause.sql
        );
        let mut stmt = self.conn.prepare(&sql).map_err(db)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(&clause.params))
            .map_err(db)?;
        while let Some(row) = rows.next().map_err(db)? {
            let (id, entry, prev, hash) = read_row(row).map_err(db)?;
            each(entry.into_stored(id, prev, hash))?;
        }
        Ok(())
    }

    /// Totals, shares, top lists and a timeline over the matching records (`limit` ignored).
    pub fn stats(&self, filter: &Filter) -> Result<Stats, StoreError> {
        let clause = self.where_clause(filter)?;
        let total = self.count_where(&clause)?;
        let group = |column: &str, extra: Option<&str>, limit: Option<usize>| {
            self.group_by(&clause, column, extra, limit, total)
        };
        Ok(Stats {
            total,
            by_decision: group("decision", None, None)?,
            by_outcome: group("outcome", None, None)?,
            by_action: group("action", None, Some(TOP))?,
            top_sids: group("sid", Some("sid IS NOT NULL"), Some(TOP))?,
            top_blocked: group("summary", Some("outcome = 'deny'"), Some(TOP))?,
            by_agent: group("agent", None, None)?,
            over_time: self.timeline(&clause, total)?,
        })
    }

    fn count_where(&self, clause: &Where) -> Result<u64, StoreError> {
        let sql = format!("SELECT count(*) FROM decisions{}", clause.sql);
        self.conn
            .query_row(&sql, rusqlite::params_from_iter(&clause.params), |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// `column`'s values by count (ties by value), at most `limit` of them.
    fn group_by(
        &self,
        clause: &Where,
        column: &str,
        extra: Option<&str>,
        limit: Option<usize>,
        total: u64,
    ) -> Result<Vec<Count>, StoreError> {
        let db = |e| StoreError::sqlite(&self.path, e);
        let condition = extra.map_or_else(|| clause.sql.clone(), |c| clause.and(c));
        let limit = limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
        let sql = format!(
            "SELECT {column}, count(*) AS n FROM decisions{condition} GROUP BY {column} \
             ORDER BY n DESC, {column}{limit}"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(db)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(&clause.params), |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    r.get::<_, i64>(1)?,
                ))
            })
            .map_err(db)?;
        rows.map(|row| row.map(|(key, n)| count(key, n, total)).map_err(db))
            .collect()
    }

    fn timeline(&self, clause: &Where, total: u64) -> Result<Timeline, StoreError> {
        let db = |e| StoreError::sqlite(&self.path, e);
        let sql = format!("SELECT min(time), max(time) FROM decisions{}", clause.sql);
        let (first, last): (Option<String>, Option<String>) = self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(&clause.params), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(db)?;
        let parse = |t: Option<String>| t.and_then(|t| t.parse::<Timestamp>().ok());
        let (Some(first), Some(last)) = (parse(first), parse(last)) else {
            return Ok(Timeline {
                bucket: Bucket::Minute,
                buckets: Vec::new(),
            });
        };
        let bucket = Bucket::for_span(last.as_second() - first.as_second());
        let len = bucket.prefix_len();
        let sql = format!(
            "SELECT substr(time, 1, {len}) AS b, count(*) FROM decisions{} GROUP BY b ORDER BY b",
            clause.sql
        );
        let mut stmt = self.conn.prepare(&sql).map_err(db)?;
        let counted: Vec<(String, i64)> = stmt
            .query_map(rusqlite::params_from_iter(&clause.params), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(db)?
            .collect::<Result<_, _>>()
            .map_err(db)?;
        let mut buckets = Vec::new();
        let mut counted = counted.into_iter().peekable();
        for key in bucket_keys(bucket, first, last) {
            let n = match counted.peek() {
                Some((k, n)) if *k == key => {
                    let n = *n;
                    counted.next();
                    n
                }
                _ => 0,
            };
            buckets.push(count(key, n, total));
        }
        Ok(Timeline { bucket, buckets })
    }

    /// The `WHERE` clause of `filter`. The action glob is matched in Rust against the distinct
    /// actions in the store (few, and read from an index), then becomes an `IN` list.
    fn where_clause(&self, filter: &Filter) -> Result<Where, StoreError> {
        let mut conditions = Vec::new();
        let mut params = Vec::new();
        let mut equal = |column: &str, value: Option<&str>| {
            if let Some(v) = value {
                conditions.push(format!("{column} = ?"));
                params.push(v.to_owned());
            }
        };
        equal("decision", filter.decision.map(Effect::as_str));
        equal("agent", filter.agent.as_deref());
        equal("session_id", filter.session.as_deref());
        equal("sid", filter.sid.as_deref());
        if let Some(since) = filter.since {
            conditions.push("time >= ?".to_owned());
            params.push(format_time(since));
        }
        if let Some(glob) = &filter.action {
            let matcher = Glob::new(glob)
                .map_err(|e| StoreError::InvalidGlob {
                    glob: glob.clone(),
                    reason: e.kind().to_string(),
                })?
                .compile_matcher();
            let db = |e| StoreError::sqlite(&self.path, e);
            let mut stmt = self
                .conn
                .prepare("SELECT DISTINCT action FROM decisions")
                .map_err(db)?;
            let actions: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .map_err(db)?
                .collect::<Result<_, _>>()
                .map_err(db)?;
            let matching: Vec<String> = actions
                .into_iter()
                .filter(|a| matcher.is_match(a))
                .collect();
            let marks = vec!["?"; matching.len()].join(", ");
            conditions.push(format!("action IN ({marks})"));
            params.extend(matching);
        }
        let sql = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        Ok(Where { sql, params })
    }
}

fn count(key: String, n: i64, total: u64) -> Count {
    let count = u64::try_from(n).unwrap_or(0);
    let share = if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    };
    Count { key, count, share }
}

/// Every bucket key from `first`'s bucket to `last`'s, in order.
fn bucket_keys(bucket: Bucket, first: Timestamp, last: Timestamp) -> Vec<String> {
    let len = bucket.prefix_len();
    let key = |t: &jiff::Zoned| {
        format_time(t.timestamp())
            .get(..len)
            .unwrap_or_default()
            .to_owned()
    };
    let (unit, step) = match bucket {
        Bucket::Minute => (Unit::Minute, 1.minute()),
        Bucket::Hour => (Unit::Hour, 1.hour()),
        Bucket::Day => (Unit::Day, 1.day()),
        Bucket::Month => (Unit::Month, 1.month()),
        Bucket::Year => (Unit::Year, 1.year()),
    };
    let start = first.to_zoned(TimeZone::UTC);
    let start = match unit {
        Unit::Month => start.first_of_month().and_then(|z| z.start_of_day()),
        Unit::Year => start.first_of_year().and_then(|z| z.start_of_day()),
        _ => start.round(ZonedRound::new().smallest(unit).mode(RoundMode::Trunc)),
    };
    let Ok(mut at) = start else {
        return Vec::new();
    };
    let last_key = key(&last.to_zoned(TimeZone::UTC));
    let mut keys = Vec::new();
    while keys.len() <= MAX_BUCKETS as usize + 1 {
        let k = key(&at);
        if k > last_key {
            break;
        }
        keys.push(k);
        match at.checked_add(step) {
            Ok(next) => at = next,
            Err(_) => break,
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::super::record::tests::sample;
    use super::super::record::{NewRecord, Outcome};
    use super::*;
    use crate::agents::CallMeta;
    use crate::policy::MatchedBy;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn since_accepts_durations_and_dates() {
        let now = at("2025-03-10T12:00:00Z");
        let cases = [
            ("30m", "2025-03-10T11:30:00Z"),
            ("1h", "2025-03-10T11:00:00Z"),
            ("2d", "2025-03-08T12:00:00Z"),
            ("1w", "2025-03-03T12:00:00Z"),
            ("1h30m", "2025-03-10T10:30:00Z"),
            ("2025-03-01", "2025-03-01T00:00:00Z"),
            ("2025-03-01T08:15:00Z", "2025-03-01T08:15:00Z"),
            ("2025-03-01T08:15:00+01:00", "2025-03-01T07:15:00Z"),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_since(text, now).unwrap(), at(expected), "{text}");
        }
        for bad in ["", "yesterday", "-1h", "0m", "2025-13-01", "1x"] {
            let err = parse_since(bad, now).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with(&format!("invalid time `{bad}`")),
                "{err}"
            );
        }
    }

    /// agent, action, decision, outcome, sid, session, command.
    type Row = (
        &'static str,
        &'static str,
        Effect,
        Outcome,
        Option<&'static str>,
        &'static str,
        &'static str,
    );

    /// Six records an hour apart from 2025-03-01T00:00Z.
    fn populated(dir: &std::path::Path) -> AuditStore {
        let mut store = AuditStore::open(&dir.join("a.db")).unwrap();
        let rows: [Row; 6] = [
            (
                "claude-code",
                "bash.execute",
                Effect::Allow,
                Outcome::Allow,
                Some("allow-ls"),
                "s1",
                "ls",
            ),
            (
                "claude-code",
                "bash.execute",
                Effect::Deny,
                Outcome::Deny,
                Some("no-rm"),
                "s1",
                "rm -rf /",
            ),
            (
                "codex",
                "file.write",
                Effect::Review,
                Outcome::Ask,
                Some("review-writes"),
                "s2",
                "/p/a",
            ),
            (
                "codex",
                "bash.execute",
                Effect::Deny,
                Outcome::Deny,
                Some("no-rm"),
                "s2",
                "rm -rf /",
            ),
            (
                "codex",
                "mcp.slack.post",
                Effect::Allow,
                Outcome::Allow,
                None,
                "s2",
                "hi",
            ),
            (
                "claude-code",
                "bash.execute",
                Effect::Review,
                Outcome::Deny,
                Some("push"),
                "s3",
                "git push",
            ),
        ];
        for (i, (agent, action, decision, outcome, sid, session, cmd)) in
            rows.into_iter().enumerate()
        {
            let base = sample(cmd);
            let rec = NewRecord {
                time: Timestamp::from_second(1_740_787_200 + i as i64 * 3600).unwrap(),
                meta: CallMeta {
                    agent: agent.parse().unwrap(),
                    action: action.into(),
                    session_id: Some(session.into()),
                    ..base.meta.clone()
                },
                decision,
                outcome,
                sid: sid.map(str::to_owned),
                matched_by: if sid.is_some() {
                    MatchedBy::ExplicitAllow
                } else {
                    MatchedBy::Default
                },
                ..base
            };
            store.record(&rec).unwrap();
        }
        store
    }

    fn ids(store: &AuditStore, filter: Filter) -> Vec<i64> {
        store.query(&filter).unwrap().iter().map(|r| r.id).collect()
    }

    #[test]
    fn filters() {
        let dir = tempfile::tempdir().unwrap();
        let s = populated(dir.path());
        let f = Filter::default;
        let cases: Vec<(Filter, Vec<i64>)> = vec![
            (f(), vec![1, 2, 3, 4, 5, 6]),
            (
                Filter {
                    limit: Some(2),
                    ..f()
                },
                vec![5, 6],
            ),
            (
                Filter {
                    decision: Some(Effect::Deny),
                    ..f()
                },
                vec![2, 4],
            ),
            (
                Filter {
                    action: Some("bash.*".into()),
                    ..f()
                },
                vec![1, 2, 4, 6],
            ),
            (
                Filter {
                    action: Some("{file,mcp}.*".into()),
                    ..f()
                },
                vec![3, 5],
            ),
            (
                Filter {
                    action: Some("web.*".into()),
                    ..f()
                },
                vec![],
            ),
            (
                Filter {
                    agent: Some("codex".into()),
                    ..f()
                },
                vec![3, 4, 5],
            ),
            (
                Filter {
                    session: Some("s1".into()),
                    ..f()
                },
                vec![1, 2],
            ),
            (
                Filter {
                    sid: Some("no-rm".into()),
                    ..f()
                },
                vec![2, 4],
            ),
            (
                Filter {
                    since: Some(at("2025-03-01T03:00:00Z")),
                    ..f()
                },
                vec![4, 5, 6],
            ),
            (
                Filter {
                    agent: Some("codex".into()),
                    decision: Some(Effect::Deny),
                    since: Some(at("2025-03-01T01:00:00Z")),
                    ..f()
                },
                vec![4],
            ),
        ];
        for (filter, expected) in cases {
            assert_eq!(ids(&s, filter.clone()), expected, "{filter:?}");
        }
        let err = s
            .query(&Filter {
                action: Some("bash.[".into()),
                ..f()
            })
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid action glob `bash.[`: "),
            "{err}"
        );
    }

    fn keys(counts: &[Count]) -> Vec<(&str, u64)> {
        counts.iter().map(|c| (c.key.as_str(), c.count)).collect()
    }

    #[test]
    fn stats_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let s = populated(dir.path());
        let st = s.stats(&Filter::default()).unwrap();
        assert_eq!(st.total, 6);
        assert_eq!(
            keys(&st.by_decision),
            [("allow", 2), ("deny", 2), ("review", 2)]
        );
        assert_eq!(
            keys(&st.by_outcome),
            [("deny", 3), ("allow", 2), ("ask", 1)]
        );
        assert_eq!(
            keys(&st.by_action),
            [
                ("bash.execute", 4),
                ("file.write", 1),
                ("mcp.slack.post", 1)
            ]
        );
        assert_eq!(
            keys(&st.top_sids),
            [
                ("no-rm", 2),
                ("allow-ls", 1),
                ("push", 1),
                ("review-writes", 1)
            ]
        );
        assert_eq!(keys(&st.top_blocked), [("rm -rf /", 2), ("git push", 1)]);
        assert_eq!(keys(&st.by_agent), [("claude-code", 3), ("codex", 3)]);
        assert!((st.by_action[0].share - 4.0 / 6.0).abs() < 1e-9);
        assert_eq!(st.over_time.bucket, Bucket::Hour);
        assert_eq!(
            keys(&st.over_time.buckets),
            [
                ("2025-03-01T00", 1),
                ("2025-03-01T01", 1),
                ("2025-03-01T02", 1),
                ("2025-03-01T03", 1),
                ("2025-03-01T04", 1),
                ("2025-03-01T05", 1)
            ]
        );

        let codex = s
            .stats(&Filter {
                agent: Some("codex".into()),
                ..Filter::default()
            })
            .unwrap();
        assert_eq!(codex.total, 3);
        assert_eq!(keys(&codex.top_blocked), [("rm -rf /", 1)]);

        let none = s
            .stats(&Filter {
                agent: Some("nobody".into()),
                ..Filter::default()
            })
            .unwrap();
        assert_eq!(none.total, 0);
        assert!(none.by_decision.is_empty() && none.over_time.buckets.is_empty());
    }

    #[test]
    fn timeline_buckets_fill_gaps() {
        let cases = [
            (
                "2025-03-01T10:05:30Z",
                "2025-03-01T10:08:00Z",
                Bucket::Minute,
                4,
                "2025-03-01T10:05",
            ),
            (
                "2025-03-01T10:05:00Z",
                "2025-03-02T09:00:00Z",
                Bucket::Hour,
                24,
                "2025-03-01T10",
            ),
            (
                "2025-03-01T23:00:00Z",
                "2025-03-20T01:00:00Z",
                Bucket::Day,
                20,
                "2025-03-01",
            ),
            (
                "2024-11-15T00:00:00Z",
                "2025-03-01T00:00:00Z",
                Bucket::Month,
                5,
                "2024-11",
            ),
            (
                "2015-06-01T00:00:00Z",
                "2025-03-01T00:00:00Z",
                Bucket::Year,
                11,
                "2015",
            ),
        ];
        for (first, last, bucket, n, first_key) in cases {
            let span = at(last).as_second() - at(first).as_second();
            assert_eq!(Bucket::for_span(span), bucket, "{first}..{last}");
            let keys = bucket_keys(bucket, at(first), at(last));
            assert_eq!(keys.len(), n, "{first}..{last}: {keys:?}");
            assert_eq!(keys[0], first_key);
        }
    }
}

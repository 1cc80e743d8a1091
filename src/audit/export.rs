//! Getting records out: [`AuditStore::export`] streams matching records as JSON lines or CSV,
//! and [`append_jsonl`] ships one record to a log file as it is recorded.

use super::query::Filter;
use super::record::{Entry, NewRecord, StoredRecord};
use super::{AuditStore, StoreError};
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

/// An export file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object a line, as `--json` prints them.
    Jsonl,
    /// RFC 4180 CSV with a header row; `params` and `review` as JSON text.
    Csv,
}

/// The CSV columns, in order.
const CSV_HEADER: &[&str] = &[
    "id",
    "time",
    "agent",
    "session_id",
    "tool_use_id",
    "cwd",
    "tool_name",
    "action",
    "summary",
    "params",
    "decision",
    "outcome",
    "sid",
    "reason",
    "matched_by",
    "duration_us",
    "review_by",
    "review_at",
    "review_comment",
    "prev_hash",
    "hash",
];

/// Appends `rec`, summarised and redacted exactly as the store keeps it, as one JSON line to
/// `path` (created if missing), for log shippers. One `write`, so concurrent appenders do not
/// interleave.
pub(crate) fn append_jsonl(path: &Path, rec: &NewRecord) -> io::Result<()> {
    let mut line = serde_json::to_vec(&Entry::new(rec))?;
    line.push(b'\n');
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(&line)
}

impl AuditStore {
    /// Writes every matching record, oldest first, to `out`; returns how many.
    pub fn export(
        &self,
        filter: &Filter,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<u64, StoreError> {
        let io = |e: io::Error| StoreError::io(Path::new("<output>"), e);
        let mut count = 0u64;
        match format {
            ExportFormat::Jsonl => {
                self.for_each(filter, |rec| {
                    serde_json::to_writer(&mut *out, &rec).map_err(|e| io(e.into()))?;
                    out.write_all(b"\n").map_err(io)?;
                    count += 1;
                    Ok(())
                })?;
            }
            ExportFormat::Csv => {
                let mut csv = csv::Writer::from_writer(&mut *out);
                let csv_err = |e: csv::Error| io(e.into());
                csv.write_record(CSV_HEADER).map_err(csv_err)?;
                self.for_each(filter, |rec| {
                    csv.write_record(csv_row(&rec)).map_err(csv_err)?;
                    count += 1;
                    Ok(())
                })?;
                csv.flush().map_err(io)?;
            }
        }
        out.flush().map_err(io)?;
        Ok(count)
    }
}

/// One CSV row, in [`CSV_HEADER`] order.
fn csv_row(rec: &StoredRecord) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let review = rec.review.as_ref();
    vec![
        rec.id.to_string(),
        rec.time.clone(),
        rec.agent.clone(),
        opt(&rec.session_id),
        opt(&rec.tool_use_id),
        opt(&rec.cwd),
        rec.tool_name.clone(),
        rec.action.clone(),
        rec.summary.clone(),
        rec.params.to_string(),
        rec.decision.clone(),
        rec.outcome.clone(),
        opt(&rec.sid),
        opt(&rec.reason),
        rec.matched_by.clone(),
        rec.duration_us.to_string(),
        review.map(|r| r.by.clone()).unwrap_or_default(),
        review.and_then(|r| r.at.clone()).unwrap_or_default(),
        review.and_then(|r| r.comment.clone()).unwrap_or_default(),
        rec.prev_hash.clone(),
        rec.hash.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::record::tests::sample;
    use super::*;

    #[test]
    fn exports_jsonl_and_quoted_csv() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = AuditStore::open(&dir.path().join("a.db")).unwrap();
        store.record(&sample("echo \"a, b\"\nls")).unwrap();
        store.record(&sample("pwd")).unwrap();

        let mut jsonl = Vec::new();
        let n = store
            .export(&Filter::default(), ExportFormat::Jsonl, &mut jsonl)
            .unwrap();
        assert_eq!(n, 2);
        let lines: Vec<serde_json::Value> = String::from_utf8(jsonl)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["summary"], "echo \"a, b\"\nls");
        assert_eq!(lines[1]["id"], 2);

        let mut csv = Vec::new();
        store
            .export(&Filter::default(), ExportFormat::Csv, &mut csv)
            .unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert!(text.starts_with("id,time,agent,session_id,"), "{text}");
        assert!(text.contains(",\"echo \"\"a, b\"\"\nls\","), "{text}");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][8], "echo \"a, b\"\nls");
        assert_eq!(rows[0].len(), CSV_HEADER.len());
    }

    #[test]
    fn append_jsonl_adds_one_line_per_record() {
        let dir = tempfile::tempdir().unwrap();
        let rec = sample("curl -H 'Authorization: Bearer abc.def' x");
        let log = dir.path().join("ship.jsonl");
        append_jsonl(&log, &rec).unwrap();
        append_jsonl(&log, &rec).unwrap();
        let text = std::fs::read_to_string(&log).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(
            !text.contains("abc.def") && text.contains("Bearer [REDACTED]"),
            "{text}"
        );
    }
}

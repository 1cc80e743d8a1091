//! [`StoreError`]: everything that can go wrong in the audit module, each naming the file or the
//! text at fault. Underlying errors are part of the message, not a `source` chain, so `{:#}`
//! prints each cause once.

use super::schema::SchemaError;
use std::path::{Path, PathBuf};

/// An audit store, spool or filter problem.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused (cannot open, not a database, locked past the timeout, disk full …).
    #[error("audit store `{}`: {error}", path.display())]
    Sqlite {
        /// The store file.
        path: PathBuf,
        /// What SQLite reported.
        error: rusqlite::Error,
    },
    /// The store was written by a newer agsec.
    #[error(
        "audit store `{}` has schema version {found}, newer than this agsec understands ({supported})\n  help: upgrade agsec",
        path.display()
    )]
    TooNew {
        /// The store file.
        path: PathBuf,
        /// The schema version recorded in the store (`PRAGMA user_version`).
        found: i64,
        /// The newest schema version this build reads.
        supported: i64,
    },
    /// A file or directory next to the store (its directory, a spool, an export) failed.
    #[error("`{}`: {error}", path.display())]
    Io {
        /// The file or directory at fault.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
    /// A store, journal or spool path names a FIFO, a device or a directory: reading or writing
    /// it could hang, so it is refused at once.
    #[error(
        "`{}` is {kind}, not a regular file, so the audit trail cannot use it\n  help: remove it (agsec creates the files it needs), then run `agsec audit verify`",
        path.display()
    )]
    NotAFile {
        /// The path that is not a regular file.
        path: PathBuf,
        /// What it is instead, as a noun phrase (`a FIFO`, `a directory` …).
        kind: &'static str,
    },
    /// Neither the journal, the store nor any spool could take a record.
    #[error("cannot record the decision: {store}; spooling failed too: {spool}")]
    Unrecordable {
        /// Why the store refused the record.
        store: Box<StoreError>,
        /// Why the last journal or spool tried refused it too.
        spool: Box<StoreError>,
    },
    /// A time filter that is neither a duration nor a date.
    #[error(
        "invalid time `{0}`\n  help: use a duration back from now (`30m`, `1h`, `2d`) or a date (`2025-05-01`, `2025-05-01T12:00:00Z`)"
    )]
    InvalidTime(String),
    /// An action filter that is not a valid glob.
    #[error("invalid action glob `{glob}`: {reason}")]
    InvalidGlob {
        /// The glob as given.
        glob: String,
        /// Why it does not compile.
        reason: String,
    },
}

impl StoreError {
    pub(crate) fn sqlite(path: &Path, error: rusqlite::Error) -> Self {
        StoreError::Sqlite {
            path: path.to_owned(),
            error,
        }
    }

    pub(crate) fn schema(path: &Path, err: SchemaError) -> Self {
        match err {
            SchemaError::Sqlite(error) => Self::sqlite(path, error),
            SchemaError::TooNew { found } => StoreError::TooNew {
                path: path.to_owned(),
                found,
                supported: super::schema::VERSION,
            },
        }
    }

    pub(crate) fn not_a_file(path: &Path, meta: &std::fs::Metadata) -> Self {
        StoreError::NotAFile {
            path: path.to_owned(),
            kind: file_kind(&meta.file_type()),
        }
    }

    pub(crate) fn io(path: &Path, error: std::io::Error) -> Self {
        StoreError::Io {
            path: path.to_owned(),
            error,
        }
    }
}

/// What a file that is not a regular file is, in words.
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    crate::files::kind_name(kind).unwrap_or("not a file")
}

//! The SQLite audit trail of decisions. (Being built.)

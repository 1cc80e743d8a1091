use super::*;
use crate::shell::analyze;

fn facts_in(dir: &std::path::Path, text: &str) -> Option<SqlFacts> {
    let ctx = crate::shell::test_context(dir.to_path_buf(), dir.join("home"));
    analyze(text, &ctx)
        .commands
        .iter()
        .find_map(|c| c.sql.clone())
}

fn facts(text: &str) -> SqlFacts {
    let dir = tempfile::tempdir().unwrap();
    facts_in(dir.path(), text).unwrap_or_else(|| panic!("no sql facts for {text}"))
}

fn destructive(sql: &str) -> bool {
    statements(sql).0.iter().any(|s| s.destructive)
}

#[test]
fn destructive_statements() {
    for sql in [
        "DROP TABLE users",
        "drop/**/table users",
        "DrOp TaBlE users;",
        "/* a */ DROP /* nested /* c */ x */ TABLE users",
        "SELECT 1; DROP DATABASE shop",
        "TRUNCATE orders",
        "ALTER TABLE users DROP COLUMN email",
        "DELETE FROM users",
        "DELETE FROM users;",
        "delete from \"users\"",
        "DELETE FROM users WHERE 1=1",
        "DELETE FROM users WHERE 1 = 1 -- all",
        "DELETE FROM users WHERE TRUE",
        "DELETE FROM users WHERE id = id",
        "DELETE FROM users WHERE 'a'='a'",
        "DELETE FROM users WHERE 2 > 1",
        "DELETE FROM users WHERE (1=1)",
        "DELETE FROM users WHERE id = 3 OR 1=1",
        "DELETE FROM users WHERE name LIKE '%'",
        "UPDATE users SET admin = true",
        "UPDATE users SET admin = true WHERE 1",
        "WITH x AS (SELECT 1) DELETE FROM users",
        "EXPLAIN ANALYZE DELETE FROM users",
        "delete from users limit 10",
    ] {
        assert!(destructive(sql), "{sql}");
    }
}

#[test]
fn harmless_statements() {
    for sql in [
        "SELECT * FROM users",
        "select 'DROP TABLE users'",
        "-- DROP TABLE users\nSELECT 1",
        "/* DROP TABLE x */ SELECT 1",
        "DELETE FROM users WHERE id = 3",
        "DELETE FROM sessions WHERE expired = 1;",
        "DELETE FROM users WHERE 1=1 AND id = 4",
        "UPDATE users SET name = 'x' WHERE id = 1",
        "INSERT INTO logs VALUES ('drop table x')",
        "EXPLAIN DELETE FROM users",
        "CREATE TABLE t (id int)",
        "ALTER TABLE users ADD COLUMN age int",
        "SELECT $$DROP TABLE x$$",
        "DELETE FROM t WHERE CURRENT OF c",
    ] {
        assert!(!destructive(sql), "{sql}");
    }
}

#[test]
fn statements_and_kinds() {
    let (s, unknown) = statements("select 1; delete from t where id=1; DROP TABLE x");
    let kinds: Vec<&str> = s.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(kinds, ["select", "delete", "drop"]);
    assert!(!unknown);
    assert!(statements("\\i other.sql").1);
    assert!(statements(".shell rm -rf /").1);
    assert!(!statements("\\dt").1);
}

#[test]
fn text_from_every_source() {
    for text in [
        "psql -c 'DELETE FROM users WHERE 1=1'",
        "psql -c 'DROP/**/TABLE users'",
        "psql --command='drop table users' db",
        "psql -d shop -c 'select 1' -c 'truncate orders'",
        "mysql -e 'DROP DATABASE shop'",
        "mysql -eDROP\\ DATABASE\\ shop",
        "mysql --execute=\"delete from users\"",
        "sqlite3 app.db 'DELETE FROM users;'",
        "sqlite3 -cmd 'drop table x' app.db",
        "duckdb db.duckdb -c 'drop table x'",
        "echo 'TRUNCATE orders;' | mysql shop",
        "psql <<< 'DROP TABLE users'",
        "psql <<'EOF'\nDROP TABLE users;\nEOF",
        "printf 'delete from users' | sqlite3 app.db",
        "redis-cli FLUSHALL",
        "redis-cli -h cache -n 2 flushdb",
        "echo FLUSHALL | redis-cli",
        "mongosh shop --eval 'db.dropDatabase()'",
        "mongosh --eval 'db.users.deleteMany( { } )'",
        "mongo shop --eval 'db.users.drop()'",
        "rails db:drop",
        "bin/rails db:reset",
        "bundle exec rake db:purge",
        "python manage.py flush --noinput",
        "./manage.py flush",
        "npx prisma migrate reset --force",
        "prisma db push --force-reset",
        "dropdb shop",
        "mysqladmin -u root drop shop",
        "sqlcmd -Q 'DROP TABLE x'",
        "clickhouse-client --query 'TRUNCATE TABLE t'",
        "bq query 'DELETE FROM ds.t WHERE true'",
        "bq rm -r -f ds",
    ] {
        let f = facts(text);
        assert!(f.destructive, "{text}: {f:?}");
    }
}

#[test]
fn reads_and_files() {
    for text in [
        "psql -c 'SELECT count(*) FROM users'",
        "psql mydb",
        "sqlite3 app.db '.tables'",
        "redis-cli GET k",
        "mongosh --eval 'db.users.find()'",
        "rails db:migrate",
        "python manage.py migrate",
        "prisma migrate dev",
        "mysql -e 'SELECT 1' shop",
    ] {
        let f = facts_in(tempfile::tempdir().unwrap().path(), text);
        assert!(
            f.as_ref().is_none_or(|f| !f.destructive && !f.unknown),
            "{text}: {f:?}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("wipe.sql"),
        "-- cleanup\nDROP TABLE users;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("ok.sql"), "SELECT 1;\n").unwrap();
    for text in [
        "psql -f wipe.sql",
        "mysql shop < wipe.sql",
        "cat wipe.sql | psql",
        "sqlite3 a.db < wipe.sql",
    ] {
        let f = facts_in(dir.path(), text).unwrap();
        assert!(f.destructive, "{text}: {f:?}");
    }
    let f = facts_in(dir.path(), "psql -f ok.sql").unwrap();
    assert!(!f.destructive && !f.unknown);
    for text in [
        "psql -f missing.sql",
        "pg_dump a | psql b",
        "psql -c \"$SQL\"",
    ] {
        let f = facts_in(dir.path(), text).unwrap();
        assert!(f.unknown, "{text}: {f:?}");
    }
}

#[test]
fn verbs_outside_the_tables_are_unknown() {
    for (text, unknown) in [
        ("psql -c 'FROB TABLE users'", true),
        ("psql -c 'SELECT 1; select now()'", false),
        ("psql -c 'WITH x AS (SELECT 1) SELECT * FROM x'", false),
        ("mysql -e 'SHOW TABLES'", false),
        ("redis-cli FROB x", true),
        ("redis-cli EVAL \"return redis.call('flushall')\" 0", true),
        ("redis-cli GET k", false),
    ] {
        assert_eq!(facts(text).unknown, unknown, "{text}");
    }
    for text in [
        "redis-cli MODULE LOAD /tmp/x.so",
        "redis-cli REPLICAOF 203.0.113.9 6379",
    ] {
        assert!(facts(text).destructive, "{text}");
    }
}

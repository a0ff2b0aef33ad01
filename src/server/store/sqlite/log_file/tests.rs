use rusqlite::Connection;

use super::writes_on_this_thread;
use crate::server::store::sqlite::{DATABASE_FILE, open};

/// A database opened as the backend opens it, with a table of `size`-byte rows.
fn database(dir: &std::path::Path) -> Connection {
    let conn = open(dir).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute_batch("CREATE TABLE notes (n INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        .unwrap();
    conn
}

fn add(conn: &Connection, from: i64, count: i64, size: usize) {
    let last = from + count - 1;
    conn.execute_batch(&format!(
        "WITH RECURSIVE k(n) AS (SELECT {from} UNION ALL SELECT n + 1 FROM k WHERE n < {last}) \
         INSERT INTO notes (n, body) SELECT n, randomblob({size}) FROM k"
    ))
    .unwrap();
}

/// What another connection, through SQLite's own file layer, finds.
fn seen_by_another(dir: &std::path::Path) -> (i64, String) {
    let other = Connection::open(dir.join(DATABASE_FILE)).unwrap();
    let count = other
        .query_row("SELECT COUNT(*) FROM notes", [], |r| r.get(0))
        .unwrap();
    let check = other
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    (count, check)
}

#[test]
fn a_commit_reaches_the_log_in_one_write() {
    let dir = tempfile::tempdir().unwrap();
    let conn = database(dir.path());
    let before = writes_on_this_thread();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    // About 300 pages of 2 KiB: 600 writes of a frame header or a page, one by one.
    add(&conn, 0, 300, 1500);
    conn.execute_batch("COMMIT").unwrap();
    let writes = writes_on_this_thread() - before;
    assert!(
        (1..=2).contains(&writes),
        "a commit of 300 pages took {writes} writes to the log"
    );
    assert_eq!(seen_by_another(dir.path()), (300, "ok".to_string()));
}

#[test]
fn what_is_rolled_back_or_too_big_to_gather_is_kept_right() {
    let dir = tempfile::tempdir().unwrap();
    let conn = database(dir.path());
    // A page cache of 50 pages: a big transaction spills pages to the log before its end.
    conn.pragma_update(None, "cache_size", 50).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    add(&conn, 0, 2_000, 1500);
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(seen_by_another(dir.path()), (0, "ok".to_string()));

    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    add(&conn, 0, 100, 1500);
    conn.execute_batch("COMMIT").unwrap();
    assert_eq!(seen_by_another(dir.path()), (100, "ok".to_string()));

    // More than the buffer holds (4 MiB) in one commit, read back by the same connection.
    conn.pragma_update(None, "cache_size", -16_384).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    add(&conn, 100, 3_000, 1500);
    conn.execute_batch("COMMIT").unwrap();
    let total: i64 = conn
        .query_row("SELECT SUM(length(body)) FROM notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 3_100 * 1500);
    assert_eq!(seen_by_another(dir.path()), (3_100, "ok".to_string()));

    // The log folded into the database and started over: later commits still land.
    conn.query_row("PRAGMA wal_checkpoint(RESTART)", [], |r| r.get::<_, i64>(0))
        .unwrap();
    add(&conn, 3_100, 10, 1500);
    drop(conn);
    assert_eq!(seen_by_another(dir.path()), (3_110, "ok".to_string()));
}

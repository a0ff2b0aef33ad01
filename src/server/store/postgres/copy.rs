//! `chatdesk store copy --from DIR --to postgres://…`: a team moves from SQLite to PostgreSQL
//! whole — agents, chats, messages, events, offers, procedures, escalations, reviews — with
//! every id kept, so streams resume after the move exactly where they were.
//!
//! The two schemas have the same tables and columns (see `migrations/`), so
//! each table is copied by name: its columns as PostgreSQL lists them, read from SQLite by the
//! same names, and streamed in with `COPY … FROM STDIN` in PostgreSQL's text format. The text
//! was masked when it was first stored; it is copied as it is. Everything is one transaction
//! under the cluster's write lock: a copy that fails leaves the database as it was.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use rusqlite::types::ValueRef;

use super::{PostgresStore, locks};

/// The tables, in an order where every row's references are already copied.
const TABLES: &[&str] = &[
    "agents",
    "chats",
    "messages",
    "offers",
    "events",
    "commitments",
    "tickets",
    "escalations",
    "escalation_replies",
    "whispers",
    "missed_chats",
    "reviews",
    "hold_starts",
    "chat_parts",
];

/// Rows copied per table, in [`TABLES`]' order.
pub type Copied = Vec<(&'static str, u64)>;

/// Copies the SQLite team in `from` into the empty PostgreSQL database at `to` (created or
/// migrated first). Refused when the database already holds a team.
pub fn copy(from: &Path, to: &str) -> anyhow::Result<Copied> {
    // Checks that the source is a chatdesk database of this version before anything is read.
    crate::server::store::sqlite::read_only(from, |_| Ok(()))?;
    let source = rusqlite::Connection::open_with_flags(
        from.join(crate::server::store::sqlite::DATABASE_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    source.busy_timeout(std::time::Duration::from_secs(10))?;
    let store = PostgresStore::connect(to)?;
    let mut session = store.open_session()?;
    let mut tx = session.client.transaction()?;
    tx.batch_execute(&locks::take(locks::WRITES))?;
    for table in TABLES {
        let rows: i64 = tx
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])?
            .get(0);
        if rows > 0 {
            bail!(
                "the PostgreSQL database already holds a team ({rows} rows in {table}); copy into an empty database"
            );
        }
    }
    // One snapshot of the source for every table.
    source.execute_batch("BEGIN")?;
    let mut copied = Vec::new();
    for table in TABLES {
        let columns: Vec<String> = tx
            .query(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                &[table],
            )?
            .iter()
            .map(|row| row.get(0))
            .collect();
        let list = columns.join(", ");
        let mut read = source
            .prepare(&format!("SELECT {list} FROM {table}"))
            .with_context(|| {
                format!("the SQLite table {table} does not have the columns {list}")
            })?;
        let mut rows = read.query([])?;
        let mut writer = tx.copy_in(&format!("COPY {table} ({list}) FROM STDIN"))?;
        let mut count = 0u64;
        let mut line = String::new();
        while let Some(row) = rows.next()? {
            line.clear();
            for i in 0..columns.len() {
                if i > 0 {
                    line.push('\t');
                }
                copy_text(&mut line, row.get_ref(i)?);
            }
            line.push('\n');
            writer.write_all(line.as_bytes())?;
            count += 1;
        }
        writer
            .finish()
            .with_context(|| format!("copying {table} failed"))?;
        copied.push((*table, count));
    }
    source.execute_batch("COMMIT")?;
    // The counter PostgreSQL keeps for reply ids goes on after the copied ones.
    tx.query_one(
        "SELECT setval(pg_get_serial_sequence('escalation_replies', 'seq'), \
         COALESCE(MAX(seq), 0) + 1, false) FROM escalation_replies",
        &[],
    )?;
    tx.commit()?;
    Ok(copied)
}

/// One value in PostgreSQL's COPY text format.
fn copy_text(out: &mut String, value: ValueRef) {
    match value {
        ValueRef::Null => out.push_str("\\N"),
        ValueRef::Integer(n) => out.push_str(&n.to_string()),
        ValueRef::Real(x) => out.push_str(&x.to_string()),
        ValueRef::Text(bytes) => escape(out, &String::from_utf8_lossy(bytes)),
        ValueRef::Blob(bytes) => {
            out.push_str("\\\\x");
            out.push_str(&crate::server::store::hex(bytes));
        }
    }
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_in_copy_text_format() {
        let mut out = String::new();
        for value in [
            ValueRef::Null,
            ValueRef::Integer(-42),
            ValueRef::Text(b"a\tb\nc\\d\re"),
            ValueRef::Blob(&[0xde, 0xad]),
        ] {
            copy_text(&mut out, value);
            out.push('|');
        }
        assert_eq!(out, "\\N|-42|a\\tb\\nc\\\\d\\re|\\\\xdead|");
    }
}

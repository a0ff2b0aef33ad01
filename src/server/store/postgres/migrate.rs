//! The PostgreSQL schema, created and brought up to date when a node starts. Migrations are
//! embedded like SQLite's; a one-row table counts the ones applied (SQLite's `user_version`).
//! Every node migrates on start, so they take turns under a transaction advisory lock: the
//! first applies what is missing, the others wait, then find nothing left to do.

use anyhow::Context;
use postgres::Client;

use super::locks;

/// Schema changes, applied in order.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_transfer_notice.sql"),
    // Written once for both stores: the statements are the same in either dialect.
    include_str!("../sql/agent_senders_migration.sql"),
];

/// Brings the schema up to date, in one transaction (PostgreSQL's DDL is transactional: a
/// failed migration leaves nothing behind).
pub fn migrate(client: &mut Client) -> anyhow::Result<()> {
    let known = MIGRATIONS.len();
    let mut tx = client.transaction()?;
    // "already exists, skipping" is expected of every node but the first: not worth a line in
    // each node's log.
    tx.batch_execute("SET LOCAL client_min_messages = warning")?;
    tx.batch_execute(&locks::take(locks::MIGRATION))?;
    // Taken after the lock: under READ COMMITTED each statement sees what committed before
    // it started, so a node that waited sees the table the first one made.
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS chatdesk_schema ( \
             one_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one_row), \
             version INTEGER NOT NULL); \
         INSERT INTO chatdesk_schema (version) VALUES (0) ON CONFLICT DO NOTHING",
    )?;
    let applied: i32 = tx
        .query_one("SELECT version FROM chatdesk_schema", &[])?
        .get(0);
    let applied = usize::try_from(applied).unwrap_or(0);
    if applied > known {
        anyhow::bail!(
            "the database was written by a newer chatdesk (schema {applied}, this one knows {known})"
        );
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let version = i + 1;
        tx.batch_execute(sql)
            .with_context(|| format!("migration {version} failed"))?;
        tx.batch_execute(&format!("UPDATE chatdesk_schema SET version = {version}"))?;
    }
    tx.commit()?;
    Ok(())
}

/// The schema version the database is at (0 before the first migration).
pub fn version(client: &mut Client) -> anyhow::Result<usize> {
    let exists: bool = client
        .query_one("SELECT to_regclass('chatdesk_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let version: i32 = client
        .query_one("SELECT version FROM chatdesk_schema", &[])?
        .get(0);
    Ok(usize::try_from(version).unwrap_or(0))
}

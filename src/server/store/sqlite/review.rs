//! The rows behind chat reviews: the derived flags and the lead's score, and the moments a
//! customer was put on hold.

use super::columns::columns;
use super::rows::masked;
use crate::policy::cards::mask_json;
use anyhow::Context;
use rusqlite::{Row, params};
use uuid::Uuid;

use super::rows::uuid_at;
use super::tx::SqliteTx;
use crate::protocol::{Review, ReviewFlags, ReviewPart};
use crate::server::store::{
    ReviewFilter, ReviewRecord, ReviewScore, ReviewStore, StoreResult, timestamp,
};

/// A review with the names of its agent, customer and scorer.
const REVIEW_SELECT: &str = "SELECT r.chat_id, r.agent_id, a.display_name, c.customer_name, \
     r.ended_ms, r.disposition_code, r.flags, r.score, r.comment, s.display_name, r.scored_ms, \
     r.parts \
     FROM reviews r JOIN chats c ON c.id = r.chat_id JOIN agents a ON a.id = r.agent_id \
     LEFT JOIN agents s ON s.id = r.scored_by";

fn review_from(row: &Row) -> rusqlite::Result<Review> {
    let flags: String = row.get(6)?;
    let flags: ReviewFlags = serde_json::from_str(&flags).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let parts: String = row.get(11)?;
    let parts: Vec<ReviewPart> = serde_json::from_str(&parts).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(11, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Review {
        chat_id: uuid_at(row, 0)?,
        agent_id: uuid_at(row, 1)?,
        agent_name: row.get(2)?,
        customer_name: row.get(3)?,
        ended_at: timestamp(row.get(4)?),
        disposition: row.get(5)?,
        flags,
        score: row.get(7)?,
        comment: row.get(8)?,
        scored_by_name: row.get(9)?,
        scored_at: row.get::<_, Option<i64>>(10)?.map(timestamp),
        parts,
    })
}

impl ReviewStore for SqliteTx<'_> {
    fn save_review(&mut self, r: &ReviewRecord) -> StoreResult<()> {
        let flags = mask_json(&r.flags).context("review flags serialise")?;
        let parts = mask_json(&r.parts).context("review parts serialise")?;
        self.write(
            "INSERT INTO reviews (chat_id, agent_id, ended_ms, disposition_code, flags, \
             derived_ms, parts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (chat_id) DO UPDATE SET agent_id = excluded.agent_id, \
             ended_ms = excluded.ended_ms, disposition_code = excluded.disposition_code, \
             flags = excluded.flags, derived_ms = excluded.derived_ms, parts = excluded.parts",
            columns![
                r.chat_id,
                r.agent_id,
                r.ended_ms,
                masked(&r.disposition_code),
                flags,
                r.derived_ms,
                parts,
            ],
        )?;
        Ok(())
    }

    fn score_review(&mut self, chat: Uuid, s: &ReviewScore) -> StoreResult<bool> {
        let changed = self.write(
            "UPDATE reviews SET score = ?2, comment = ?3, scored_by = ?4, scored_ms = ?5 \
             WHERE chat_id = ?1",
            columns![chat, s.score, masked(&s.comment), s.scored_by, s.scored_ms,],
        )?;
        Ok(changed > 0)
    }

    fn review(&mut self, chat: Uuid) -> StoreResult<Option<Review>> {
        self.one(
            &format!("{REVIEW_SELECT} WHERE r.chat_id = ?1"),
            [chat.to_string()],
            review_from,
        )
    }

    fn reviews(&mut self, f: &ReviewFilter) -> StoreResult<Vec<Review>> {
        self.all(
            &format!(
                "{REVIEW_SELECT} WHERE (?1 IS NULL OR r.agent_id = ?1 OR EXISTS \
                 (SELECT 1 FROM chat_parts p WHERE p.chat_id = r.chat_id AND p.agent_id = ?1)) \
                 AND (?2 IS NULL OR r.ended_ms >= ?2) AND (?3 IS NULL OR r.ended_ms < ?3) \
                 AND (?4 IS NULL OR r.disposition_code = ?4) \
                 ORDER BY r.ended_ms DESC, r.chat_id"
            ),
            params![
                f.agent.map(|a| a.to_string()),
                f.ended_from_ms,
                f.ended_to_ms,
                f.disposition,
            ],
            review_from,
        )
    }

    fn review_scores(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<(Uuid, u8)>> {
        self.all(
            "SELECT agent_id, score FROM reviews \
             WHERE ended_ms >= ?1 AND ended_ms <= ?2 AND score IS NOT NULL \
             ORDER BY ended_ms, chat_id",
            params![from_ms, to_ms],
            |row| Ok((uuid_at(row, 0)?, row.get(1)?)),
        )
    }

    fn note_part(&mut self, chat: Uuid, agent: Uuid, at_ms: i64) -> StoreResult<()> {
        self.write(
            "INSERT OR IGNORE INTO chat_parts (chat_id, agent_id, from_ms) VALUES (?1, ?2, ?3)",
            columns![chat, agent, at_ms],
        )?;
        Ok(())
    }

    fn parts(&mut self, chat: Uuid) -> StoreResult<Vec<(Uuid, i64)>> {
        self.all(
            "SELECT agent_id, from_ms FROM chat_parts WHERE chat_id = ?1 ORDER BY from_ms",
            [chat.to_string()],
            |row| Ok((uuid_at(row, 0)?, row.get(1)?)),
        )
    }

    fn parts_of_ended(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<(Uuid, Uuid, i64)>> {
        self.all(
            "SELECT p.chat_id, p.agent_id, p.from_ms FROM chat_parts p JOIN chats c \
             ON c.id = p.chat_id WHERE c.state = 'ended' AND c.ended_ms BETWEEN ?1 AND ?2 \
             ORDER BY p.chat_id, p.from_ms",
            params![from_ms, to_ms],
            |row| Ok((uuid_at(row, 0)?, uuid_at(row, 1)?, row.get(2)?)),
        )
    }

    fn note_hold_start(&mut self, chat: Uuid, at_ms: i64) -> StoreResult<()> {
        self.write(
            "INSERT OR IGNORE INTO hold_starts (chat_id, at_ms) VALUES (?1, ?2)",
            columns![chat, at_ms],
        )?;
        Ok(())
    }

    fn hold_starts(&mut self, chat: Uuid) -> StoreResult<Vec<i64>> {
        self.all(
            "SELECT at_ms FROM hold_starts WHERE chat_id = ?1 ORDER BY at_ms",
            [chat.to_string()],
            |row| row.get(0),
        )
    }
}

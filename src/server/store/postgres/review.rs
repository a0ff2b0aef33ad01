//! The rows behind chat reviews: the derived flags and the lead's score, who held a chat when,
//! and the moments a customer was put on hold.

use anyhow::Context;
use uuid::Uuid;

use super::tx::PostgresTx;
use crate::policy::cards::mask_json;
use crate::protocol::Review;
use crate::server::store::cells::Cells;
use crate::server::store::columns::columns;
use crate::server::store::rows::masked;
use crate::server::store::sql::review as sql;
use crate::server::store::{ReviewFilter, ReviewRecord, ReviewScore, ReviewStore, StoreResult};

impl ReviewStore for PostgresTx<'_> {
    fn save_review(&mut self, r: &ReviewRecord) -> StoreResult<()> {
        let flags = mask_json(&r.flags).context("review flags serialise")?;
        let parts = mask_json(&r.parts).context("review parts serialise")?;
        self.write(
            sql::SAVE,
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
            sql::SCORE,
            columns![chat, s.score, masked(&s.comment), s.scored_by, s.scored_ms],
        )?;
        Ok(changed > 0)
    }

    fn review(&mut self, chat: Uuid) -> StoreResult<Option<Review>> {
        self.one(sql::BY_CHAT, &[&chat.to_string()], sql::review_from)
    }

    fn reviews(&mut self, f: &ReviewFilter) -> StoreResult<Vec<Review>> {
        self.all(
            sql::LIST,
            &[
                &f.agent.map(|a| a.to_string()),
                &f.ended_from_ms,
                &f.ended_to_ms,
                &f.disposition,
            ],
            sql::review_from,
        )
    }

    fn review_scores(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<(Uuid, u8)>> {
        self.all(sql::SCORES, &[&from_ms, &to_ms], |r| {
            Ok((r.id(0)?, u8::try_from(r.int(1)?)?))
        })
    }

    fn note_part(&mut self, chat: Uuid, agent: Uuid, at_ms: i64) -> StoreResult<()> {
        self.write(sql::NOTE_PART, columns![chat, agent, at_ms])?;
        Ok(())
    }

    fn parts(&mut self, chat: Uuid) -> StoreResult<Vec<(Uuid, i64)>> {
        self.all(sql::PARTS, &[&chat.to_string()], |r| {
            Ok((r.id(0)?, r.int(1)?))
        })
    }

    fn parts_of_ended(&mut self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<(Uuid, Uuid, i64)>> {
        self.all(sql::PARTS_OF_ENDED, &[&from_ms, &to_ms], |r| {
            Ok((r.id(0)?, r.id(1)?, r.int(2)?))
        })
    }

    fn note_hold_start(&mut self, chat: Uuid, at_ms: i64) -> StoreResult<()> {
        self.write(sql::NOTE_HOLD_START, columns![chat, at_ms])?;
        Ok(())
    }

    fn hold_starts(&mut self, chat: Uuid) -> StoreResult<Vec<i64>> {
        self.all(sql::HOLD_STARTS, &[&chat.to_string()], |r| r.int(0))
    }
}

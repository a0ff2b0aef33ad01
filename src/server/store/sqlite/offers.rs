//! The rows of offers, and when the queue's cool-downs run from.

use uuid::Uuid;

use super::rows::{OFFER_COLUMNS, offer_from, write_offer};
use super::tx::SqliteTx;
use crate::server::store::{OfferRow, OfferStore, StoreResult};

impl OfferStore for SqliteTx<'_> {
    fn offer(&mut self, id: Uuid) -> StoreResult<Option<OfferRow>> {
        self.one(
            &format!("SELECT {OFFER_COLUMNS} FROM offers WHERE id = ?1"),
            [id.to_string()],
            offer_from,
        )
    }

    fn pending_offers(&mut self) -> StoreResult<Vec<OfferRow>> {
        self.all(
            &format!(
                "SELECT {OFFER_COLUMNS} FROM offers WHERE state = 'pending' ORDER BY expires_ms"
            ),
            [],
            offer_from,
        )
    }

    fn offers_for_chat(&mut self, chat: Uuid) -> StoreResult<Vec<OfferRow>> {
        self.all(
            &format!(
                "SELECT {OFFER_COLUMNS} FROM offers WHERE chat_id = ?1 ORDER BY created_ms, id"
            ),
            [chat.to_string()],
            offer_from,
        )
    }

    fn insert_offer(&mut self, offer: &OfferRow) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO offers ({OFFER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        );
        Ok(write_offer(self.conn, &sql, offer)?)
    }

    fn update_offer(&mut self, offer: &OfferRow) -> StoreResult<()> {
        let sql = "UPDATE offers SET chat_id = ?2, agent_id = ?3, state = ?4, created_ms = ?5, \
             expires_ms = ?6, ended_ms = ?7, transfer_from = ?8, transfer_note = ?9 WHERE id = ?1";
        Ok(write_offer(self.conn, sql, offer)?)
    }

    fn next_offer_expiry(&mut self) -> StoreResult<Option<i64>> {
        Ok(self
            .one(
                "SELECT MIN(expires_ms) FROM offers WHERE state = 'pending'",
                [],
                |r| r.get::<_, Option<i64>>(0),
            )?
            .flatten())
    }

    fn earliest_refusal_since(&mut self, since_ms: i64) -> StoreResult<Option<i64>> {
        Ok(self
            .one(
                "SELECT MIN(at) FROM ( \
                   SELECT o.ended_ms AS at FROM offers o JOIN chats c ON c.id = o.chat_id \
                   WHERE c.state = 'queued' AND o.state IN ('declined', 'expired') \
                     AND o.ended_ms > ?1 \
                   UNION ALL \
                   SELECT transferred_ms FROM chats \
                   WHERE state = 'queued' AND transferred_ms > ?1)",
                [since_ms],
                |r| r.get::<_, Option<i64>>(0),
            )?
            .flatten())
    }
}

//! The rows of offers, and when the queue's cool-downs run from.

use uuid::Uuid;

use super::tx::PostgresTx;
use crate::server::store::cells::Cells;
use crate::server::store::rows::offer_from;
use crate::server::store::rows::offer_values;
use crate::server::store::sql::offers as sql;
use crate::server::store::{OfferRow, OfferStore, StoreResult};

impl OfferStore for PostgresTx<'_> {
    fn offer(&mut self, id: Uuid) -> StoreResult<Option<OfferRow>> {
        self.one(sql::BY_ID, &[&id.to_string()], offer_from)
    }

    fn pending_offers(&mut self) -> StoreResult<Vec<OfferRow>> {
        self.all(sql::PENDING, &[], offer_from)
    }

    fn offers_for_chat(&mut self, chat: Uuid) -> StoreResult<Vec<OfferRow>> {
        self.all(sql::FOR_CHAT, &[&chat.to_string()], offer_from)
    }

    fn insert_offer(&mut self, offer: &OfferRow) -> StoreResult<()> {
        self.write(sql::INSERT, &offer_values(offer))?;
        Ok(())
    }

    fn update_offer(&mut self, offer: &OfferRow) -> StoreResult<()> {
        self.write(sql::UPDATE, &offer_values(offer))?;
        Ok(())
    }

    fn next_offer_expiry(&mut self) -> StoreResult<Option<i64>> {
        Ok(self.one(sql::NEXT_EXPIRY, &[], |r| r.opt_int(0))?.flatten())
    }

    fn earliest_refusal_since(&mut self, since_ms: i64) -> StoreResult<Option<i64>> {
        Ok(self
            .one(sql::EARLIEST_REFUSAL_SINCE, &[&since_ms], |r| r.opt_int(0))?
            .flatten())
    }
}

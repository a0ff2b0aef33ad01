//! The rows of missed chats.

use uuid::Uuid;

use super::tx::PostgresTx;
use crate::protocol::MissedChat;
use crate::server::store::sql::missed as sql;
use crate::server::store::{MissedStore, StoreResult};

impl MissedStore for PostgresTx<'_> {
    fn insert_missed(&mut self, m: &MissedChat) -> StoreResult<bool> {
        Ok(self.write(sql::INSERT, &sql::insert_values(m))? == 1)
    }

    fn update_missed(&mut self, m: &MissedChat) -> StoreResult<()> {
        self.write(sql::UPDATE, &sql::update_values(m))?;
        Ok(())
    }

    fn missed_chat(&mut self, id: Uuid) -> StoreResult<Option<MissedChat>> {
        self.one(sql::BY_ID, &[&id.to_string()], sql::missed_from)
    }

    fn missed_chats(&mut self, include_done: bool) -> StoreResult<Vec<MissedChat>> {
        // Compared with the INTEGER 1 in the shared statement.
        let include_done = i32::from(include_done);
        self.all(sql::LIST, &[&include_done], sql::missed_from)
    }
}

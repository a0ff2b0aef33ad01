//! The rows of missed chats.

use super::columns::columns;
use super::rows::masked;
use crate::policy::cards::mask;
use rusqlite::Row;
use uuid::Uuid;

use super::rows::{opt_uuid_at, uuid_at};
use super::tx::SqliteTx;
use crate::protocol::{FollowUpAction, MissedChat, MissedReason};
use crate::server::store::{MissedStore, StoreResult, timestamp};

/// A missed chat with the name of the colleague who claimed it.
const MISSED_SELECT: &str = "SELECT m.id, m.chat_id, m.customer_name, m.customer_email, \
     m.client_id, m.queue, m.first_message, m.waited_ms, m.why, m.created_ms, m.claimed_by, \
     a.display_name, m.claimed_ms, m.followed_up_ms, m.follow_up_action, m.follow_up_note \
     FROM missed_chats m LEFT JOIN agents a ON a.id = m.claimed_by";

fn bad(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unexpected {what} {value:?}").into(),
    )
}

fn missed_from(row: &Row) -> rusqlite::Result<MissedChat> {
    let why: String = row.get(8)?;
    let action: Option<String> = row.get(14)?;
    let action = match action {
        None => None,
        Some(text) => Some(FollowUpAction::parse(&text).ok_or_else(|| bad("action", &text))?),
    };
    let waited_ms: i64 = row.get(7)?;
    let queue: String = row.get(5)?;
    Ok(MissedChat {
        id: uuid_at(row, 0)?,
        chat_id: uuid_at(row, 1)?,
        customer_name: row.get(2)?,
        customer_email: row.get(3)?,
        client_id: row.get(4)?,
        queue_name: queue.clone(),
        queue,
        first_message: row.get(6)?,
        waited_secs: u64::try_from(waited_ms / 1000).unwrap_or(0),
        why: MissedReason::parse(&why).ok_or_else(|| bad("reason", &why))?,
        created_at: timestamp(row.get(9)?),
        claimed_by: opt_uuid_at(row, 10)?,
        claimed_by_name: row.get(11)?,
        claimed_at: row.get::<_, Option<i64>>(12)?.map(timestamp),
        followed_up_at: row.get::<_, Option<i64>>(13)?.map(timestamp),
        follow_up_action: action,
        follow_up_note: row.get(15)?,
    })
}

impl MissedStore for SqliteTx<'_> {
    fn insert_missed(&mut self, m: &MissedChat) -> StoreResult<bool> {
        // The unique chat_id keeps it to one per chat, whoever ends the chat how often.
        let inserted = self.write(
            "INSERT INTO missed_chats (id, chat_id, customer_name, customer_email, \
             client_id, queue, first_message, waited_ms, why, created_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
             ON CONFLICT (chat_id) DO NOTHING",
            columns![
                m.id,
                m.chat_id,
                mask(&m.customer_name),
                mask(&m.customer_email),
                masked(&m.client_id),
                mask(&m.queue),
                masked(&m.first_message),
                i64::try_from(m.waited_secs.saturating_mul(1000)).unwrap_or(i64::MAX),
                m.why.as_str(),
                m.created_at.as_millisecond(),
            ],
        )?;
        Ok(inserted == 1)
    }

    fn update_missed(&mut self, m: &MissedChat) -> StoreResult<()> {
        self.write(
            "UPDATE missed_chats SET claimed_by = ?2, claimed_ms = ?3, \
             followed_up_by = CASE WHEN ?4 IS NULL THEN NULL ELSE ?2 END, \
             followed_up_ms = ?4, follow_up_action = ?5, follow_up_note = ?6 WHERE id = ?1",
            columns![
                m.id,
                m.claimed_by,
                m.claimed_at.map(|t| t.as_millisecond()),
                m.followed_up_at.map(|t| t.as_millisecond()),
                m.follow_up_action.map(FollowUpAction::as_str),
                masked(&m.follow_up_note),
            ],
        )?;
        Ok(())
    }

    fn missed_chat(&mut self, id: Uuid) -> StoreResult<Option<MissedChat>> {
        self.one(
            &format!("{MISSED_SELECT} WHERE m.id = ?1"),
            [id.to_string()],
            missed_from,
        )
    }

    fn missed_chats(&mut self, include_done: bool) -> StoreResult<Vec<MissedChat>> {
        self.all(
            &format!(
                "{MISSED_SELECT} WHERE ?1 OR m.followed_up_ms IS NULL \
                 ORDER BY m.created_ms DESC, m.id DESC"
            ),
            [include_done],
            missed_from,
        )
    }
}

//! Missed chats and their follow-up.

use crate::policy::cards::mask;
use crate::protocol::{FollowUpAction, MissedChat, MissedReason};
use crate::server::store::StoreResult;
use crate::server::store::cells::Cells;
use crate::server::store::columns::Column;
use crate::server::store::rows::masked;

/// One per chat (its chat_id is unique), whoever ends the chat how often. Bound with
/// [`insert_values`].
pub const INSERT: &str = "INSERT INTO missed_chats (id, chat_id, customer_name, \
     customer_email, client_id, queue, first_message, waited_ms, why, created_ms) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (chat_id) DO NOTHING";

/// Bound with [`update_values`].
pub const UPDATE: &str = "UPDATE missed_chats SET claimed_by = ?2, claimed_ms = ?3, \
     followed_up_ms = ?4, follow_up_action = ?5, follow_up_note = ?6, followed_up_by = ?7 \
     WHERE id = ?1";

/// A missed chat with the name of the colleague who claimed it.
macro_rules! missed_select {
    () => {
        "SELECT m.id, m.chat_id, m.customer_name, m.customer_email, m.client_id, m.queue, \
         m.first_message, m.waited_ms, m.why, m.created_ms, m.claimed_by, a.display_name, \
         m.claimed_ms, m.followed_up_ms, m.follow_up_action, m.follow_up_note \
         FROM missed_chats m LEFT JOIN agents a ON a.id = m.claimed_by"
    };
}

pub const BY_ID: &str = concat!(missed_select!(), " WHERE m.id = ?1");

/// `?1`: whether those followed up are listed too (a flag).
pub const LIST: &str = concat!(
    missed_select!(),
    " WHERE ?1 = 1 OR m.followed_up_ms IS NULL ORDER BY m.created_ms DESC, m.id DESC"
);

pub fn missed_from(row: &impl Cells) -> StoreResult<MissedChat> {
    let queue = row.text(5)?;
    Ok(MissedChat {
        id: row.id(0)?,
        chat_id: row.id(1)?,
        customer_name: row.text(2)?,
        customer_email: row.text(3)?,
        client_id: row.opt_text(4)?,
        queue_name: queue.clone(),
        queue,
        first_message: row.opt_text(6)?,
        waited_secs: u64::try_from(row.int(7)? / 1000).unwrap_or(0),
        why: row.named(8, "reason", MissedReason::parse)?,
        created_at: row.moment(9)?,
        claimed_by: row.opt_id(10)?,
        claimed_by_name: row.opt_text(11)?,
        claimed_at: row.opt_moment(12)?,
        followed_up_at: row.opt_moment(13)?,
        follow_up_action: row.opt_named(14, "action", FollowUpAction::parse)?,
        follow_up_note: row.opt_text(15)?,
    })
}

pub fn insert_values(m: &MissedChat) -> [Column<'static>; 10] {
    [
        m.id.into(),
        m.chat_id.into(),
        mask(&m.customer_name).into(),
        mask(&m.customer_email).into(),
        masked(&m.client_id).into(),
        mask(&m.queue).into(),
        masked(&m.first_message).into(),
        i64::try_from(m.waited_secs.saturating_mul(1000))
            .unwrap_or(i64::MAX)
            .into(),
        m.why.as_str().into(),
        m.created_at.as_millisecond().into(),
    ]
}

/// The claim and the follow-up; who followed it up is the claimer, once it is followed up.
pub fn update_values(m: &MissedChat) -> [Column<'static>; 7] {
    [
        m.id.into(),
        m.claimed_by.into(),
        m.claimed_at.map(|t| t.as_millisecond()).into(),
        m.followed_up_at.map(|t| t.as_millisecond()).into(),
        m.follow_up_action.map(FollowUpAction::as_str).into(),
        masked(&m.follow_up_note).into(),
        m.followed_up_at.and(m.claimed_by).into(),
    ]
}

//! What the leads and `chatdesk report` read: whispers, the floor's open chats, and when each
//! message was written.

use crate::protocol::{Party, Whisper};
use crate::server::store::cells::Cells;
use crate::server::store::{MessageTime, StoreResult};

use super::chat_columns;

/// id, chat, lead, body, when.
pub const INSERT_WHISPER: &str = "INSERT INTO whispers (id, chat_id, lead_id, body, at_ms) \
     VALUES (?1, ?2, ?3, ?4, ?5)";

/// A chat's whispers with the lead's name as it is now (a removed lead keeps their row).
pub const WHISPERS: &str = "SELECT w.id, w.chat_id, w.lead_id, a.display_name, w.body, w.at_ms \
     FROM whispers w JOIN agents a ON a.id = w.lead_id \
     WHERE w.chat_id = ?1 ORDER BY w.at_ms, w.id";

pub const ACTIVE_CHATS: &str = concat!(
    "SELECT ",
    chat_columns!(),
    " FROM chats WHERE state = 'active' ORDER BY accepted_ms, id"
);

/// Each branch of the union has an index of its own (chats_active, chats_waiting,
/// chats_ended), and each chat's messages are one range of the messages table.
pub const MESSAGE_TIMES_SINCE: &str = "SELECT m.chat_id, m.author, m.sender, m.at_ms \
     FROM messages m WHERE m.chat_id IN ( \
       SELECT id FROM chats WHERE state = 'active' \
       UNION ALL SELECT id FROM chats WHERE state = 'queued' \
       UNION ALL SELECT id FROM chats WHERE state = 'ended' AND ended_ms >= ?1) \
     ORDER BY m.chat_id, m.seq";

/// `?1` from, `?2` to: the chats `chatdesk report` counts.
pub const ENDED_CHATS_BETWEEN: &str = concat!(
    "SELECT ",
    chat_columns!(),
    " FROM chats WHERE state = 'ended' AND agent_id IS NOT NULL \
     AND ended_ms BETWEEN ?1 AND ?2 ORDER BY ended_ms, id"
);

pub const MESSAGE_TIMES_OF_ENDED: &str = "SELECT m.chat_id, m.author, m.sender, m.at_ms \
     FROM messages m WHERE m.chat_id IN (SELECT id FROM chats WHERE state = 'ended' \
       AND agent_id IS NOT NULL AND ended_ms BETWEEN ?1 AND ?2) \
     ORDER BY m.chat_id, m.seq";

pub fn whisper_from(row: &impl Cells) -> StoreResult<Whisper> {
    Ok(Whisper {
        id: row.id(0)?,
        chat_id: row.id(1)?,
        lead_id: row.id(2)?,
        lead_name: row.text(3)?,
        body: row.text(4)?,
        at: row.moment(5)?,
    })
}

pub fn message_time_from(row: &impl Cells) -> StoreResult<MessageTime> {
    let author = row.named(1, "author", Party::parse)?;
    Ok(MessageTime {
        chat_id: row.id(0)?,
        author,
        agent_id: match author {
            Party::Agent => row.opt_id(2)?,
            Party::Customer | Party::System => None,
        },
        at_ms: row.int(3)?,
    })
}

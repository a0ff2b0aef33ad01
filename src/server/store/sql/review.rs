//! Chat reviews, who held a chat when, and the moments a customer was put on hold.

use crate::protocol::Review;
use crate::server::store::StoreResult;
use crate::server::store::cells::Cells;

/// chat, agent, ended, disposition, flags, derived, parts; a score stays as it was.
pub const SAVE: &str = "INSERT INTO reviews (chat_id, agent_id, ended_ms, disposition_code, \
     flags, derived_ms, parts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
     ON CONFLICT (chat_id) DO UPDATE SET agent_id = excluded.agent_id, \
     ended_ms = excluded.ended_ms, disposition_code = excluded.disposition_code, \
     flags = excluded.flags, derived_ms = excluded.derived_ms, parts = excluded.parts";

/// chat, score, comment, by, when.
pub const SCORE: &str = "UPDATE reviews SET score = ?2, comment = ?3, scored_by = ?4, \
     scored_ms = ?5 WHERE chat_id = ?1";

/// A review with the names of its agent, customer and scorer.
macro_rules! review_select {
    () => {
        "SELECT r.chat_id, r.agent_id, a.display_name, c.customer_name, r.ended_ms, \
         r.disposition_code, r.flags, r.score, r.comment, s.display_name, r.scored_ms, r.parts \
         FROM reviews r JOIN chats c ON c.id = r.chat_id JOIN agents a ON a.id = r.agent_id \
         LEFT JOIN agents s ON s.id = r.scored_by"
    };
}

pub const BY_CHAT: &str = concat!(review_select!(), " WHERE r.chat_id = ?1");

/// `?1` agent (who had the chat or a part of it), `?2` ended from, `?3` ended before, `?4`
/// disposition; each NULL when not asked for (tested after its first use, for PostgreSQL).
pub const LIST: &str = concat!(
    review_select!(),
    " WHERE (r.agent_id = ?1 OR ?1 IS NULL OR EXISTS \
     (SELECT 1 FROM chat_parts p WHERE p.chat_id = r.chat_id AND p.agent_id = ?1)) \
     AND (r.ended_ms >= ?2 OR ?2 IS NULL) AND (r.ended_ms < ?3 OR ?3 IS NULL) \
     AND (r.disposition_code = ?4 OR ?4 IS NULL) \
     ORDER BY r.ended_ms DESC, r.chat_id"
);

pub const SCORES: &str = "SELECT agent_id, score FROM reviews \
     WHERE ended_ms >= ?1 AND ended_ms <= ?2 AND score IS NOT NULL ORDER BY ended_ms, chat_id";

pub const NOTE_PART: &str = "INSERT INTO chat_parts (chat_id, agent_id, from_ms) \
     VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";

pub const PARTS: &str =
    "SELECT agent_id, from_ms FROM chat_parts WHERE chat_id = ?1 ORDER BY from_ms";

pub const PARTS_OF_ENDED: &str = "SELECT p.chat_id, p.agent_id, p.from_ms FROM chat_parts p \
     JOIN chats c ON c.id = p.chat_id WHERE c.state = 'ended' AND c.ended_ms BETWEEN ?1 AND ?2 \
     ORDER BY p.chat_id, p.from_ms";

pub const NOTE_HOLD_START: &str =
    "INSERT INTO hold_starts (chat_id, at_ms) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

pub const HOLD_STARTS: &str = "SELECT at_ms FROM hold_starts WHERE chat_id = ?1 ORDER BY at_ms";

pub fn review_from(row: &impl Cells) -> StoreResult<Review> {
    Ok(Review {
        chat_id: row.id(0)?,
        agent_id: row.id(1)?,
        agent_name: row.text(2)?,
        customer_name: row.text(3)?,
        ended_at: row.moment(4)?,
        disposition: row.opt_text(5)?,
        flags: row.json(6)?,
        score: row.opt_int(7)?.map(u8::try_from).transpose()?,
        comment: row.opt_text(8)?,
        scored_by_name: row.opt_text(9)?,
        scored_at: row.opt_moment(10)?,
        parts: row.json(11)?,
    })
}

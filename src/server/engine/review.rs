//! Reviews of ended chats. The backend reads each chat's flags from what happened in it
//! ([`crate::policy::review`]) when the chat ends and again when its wrap-up is recorded, so a
//! review is always there to look at; leads score it. An agent sees the reviews of their own
//! chats; only leads score.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use uuid::Uuid;

use crate::policy::review::{Facts, Holding, derive, handed_on, holdings, marks, raised_in};
use crate::protocol::{
    ChatState, EscalationState, NewScore, Review, ReviewDetail, ReviewFlag, ReviewPart,
    ReviewQuery, Role,
};
use crate::server::engine::lead::lead_only;
use crate::server::engine::{Caller, Ctx};
use crate::server::problem::ApiError;
use crate::server::store::{
    ChatRow, EscalationFilter, ReviewFilter, ReviewRecord, ReviewScore, StoreResult, timestamp,
};

/// Longest comment on a score, in characters.
pub use crate::policy::text_limits::REVIEW_COMMENT_CHARS as MAX_COMMENT_CHARS;

/// Reads the chat's flags from what happened, whole and each person's part, and stores them,
/// keeping any score. Does nothing for a chat that has not ended or never had an agent.
pub fn record(cx: &mut Ctx, chat: &ChatRow) -> StoreResult<()> {
    let (ChatState::Ended, Some(agent_id), Some(ended_ms)) =
        (chat.state, chat.agent_id, chat.ended_ms)
    else {
        return Ok(());
    };
    let messages = cx.tx.messages(chat.id)?;
    let hold_starts = cx.tx.hold_starts(chat.id)?;
    let raised = escalations_raised(cx, chat.id)?;
    let escalations: Vec<EscalationState> = raised.iter().map(|(_, state)| *state).collect();
    let mut held = Vec::new();
    for holding in chat_holdings(cx, chat, agent_id, ended_ms)? {
        let name = cx
            .tx
            .agent(holding.agent)?
            .map_or_else(String::new, |a| a.display_name);
        held.push((holding, name));
    }
    let whole = facts(cx, chat, ended_ms, &messages, &hold_starts, &escalations);
    let flags = derive(&whole);
    let count = held.len();
    let parts = held
        .into_iter()
        .enumerate()
        .map(|(i, (holding, agent_name))| {
            // Each part answers for the escalations raised while its person held the chat, and
            // only the last for the wrap-up.
            let last = i + 1 == count;
            let theirs = raised_in(&raised, holding.from_ms, holding.to_ms, last);
            let flags = derive(&Facts {
                from_ms: holding.from_ms,
                ended_ms: holding.to_ms,
                escalations: &theirs,
                ..whole
            });
            ReviewPart {
                agent_id: holding.agent,
                agent_name,
                from: timestamp(holding.from_ms),
                to: timestamp(holding.to_ms),
                flags: if last { flags } else { handed_on(flags) },
            }
        })
        .collect();
    cx.tx.save_review(&ReviewRecord {
        chat_id: chat.id,
        agent_id,
        ended_ms,
        disposition_code: chat.disposition_code.clone(),
        flags,
        parts,
        derived_ms: cx.now,
    })
}

/// Who held the chat when: from the moments it was given to someone, or (a chat from before
/// those were kept) its agent from acceptance.
fn chat_holdings(
    cx: &mut Ctx,
    chat: &ChatRow,
    agent_id: Uuid,
    ended_ms: i64,
) -> StoreResult<Vec<Holding<Uuid>>> {
    let mut given = cx.tx.parts(chat.id)?;
    if given.is_empty() {
        given.push((agent_id, chat.accepted_ms.unwrap_or(i64::MIN)));
    }
    Ok(holdings(&given, ended_ms))
}

/// When each of the chat's escalations was raised, and its state.
fn escalations_raised(cx: &mut Ctx, chat: Uuid) -> StoreResult<Vec<(i64, EscalationState)>> {
    let filter = EscalationFilter {
        chat: Some(chat),
        ..EscalationFilter::default()
    };
    Ok(cx
        .tx
        .escalations(&filter)?
        .into_iter()
        .map(|e| (e.created_at.as_millisecond(), e.state))
        .collect())
}

fn facts<'a>(
    cx: &'a Ctx,
    chat: &'a ChatRow,
    ended_ms: i64,
    messages: &'a [crate::protocol::Message],
    hold_starts: &'a [i64],
    escalations: &'a [EscalationState],
) -> Facts<'a> {
    Facts {
        messages,
        from_ms: i64::MIN,
        verified_ms: chat.verified_ms,
        nudged_ms: chat.nudged_ms,
        hold_starts,
        escalations,
        disposition_code: chat.disposition_code.as_deref(),
        disposition_notes: chat.disposition_notes.as_deref(),
        ended_ms,
        sla: &cx.catalog.policy.sla,
        harmless: &cx.catalog.harmless_replies,
    }
}

/// The review as one person's: their part's flags under their name (a chat they held whole
/// stays as it is).
fn as_part_of(mut review: Review, agent: Uuid) -> Review {
    if let Some(part) = review.parts.iter().find(|p| p.agent_id == agent) {
        review.agent_id = part.agent_id;
        review.agent_name = part.agent_name.clone();
        review.flags = part.flags.clone();
    }
    review
}

/// Midnight at the start of `date` in the backend's time zone, or a 422 naming `field`.
fn day_start_ms(field: &str, text: &str, days_later: i64) -> Result<i64, ApiError> {
    let date: Date = text.trim().parse().map_err(|_| {
        ApiError::invalid(format!(
            "{field} {text:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02."
        ))
    })?;
    let date = date
        .checked_add(jiff::Span::new().days(days_later))
        .map_err(|_| ApiError::invalid(format!("{field} {text:?} is out of range.")))?;
    let start = date
        .to_zoned(TimeZone::system())
        .and_then(|z| z.start_of_day())
        .map_err(|_| ApiError::invalid(format!("{field} {text:?} is out of range.")))?;
    Ok(start.timestamp().as_millisecond())
}

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// Reviews matching `query`, the latest ended first: every chat's for a lead, an agent's own
/// for an agent (asking for someone else's gives an empty list).
pub fn list(cx: &mut Ctx, caller: &Caller, query: &ReviewQuery) -> Result<Vec<Review>, ApiError> {
    let Caller::Agent { id, role } = caller else {
        return Err(ApiError::forbidden("Reviews are for agents and leads."));
    };
    let mut filter = ReviewFilter {
        disposition: given(&query.disposition).map(str::to_string),
        ..ReviewFilter::default()
    };
    if let Some(from) = given(&query.from) {
        filter.ended_from_ms = Some(day_start_ms("from", from, 0)?);
    }
    if let Some(to) = given(&query.to) {
        filter.ended_to_ms = Some(day_start_ms("to", to, 1)?);
    }
    if let (Some(from), Some(to)) = (filter.ended_from_ms, filter.ended_to_ms)
        && from >= to
    {
        return Err(ApiError::invalid(
            "from is after to; give the first day, then the last.",
        ));
    }
    if let Some(name) = given(&query.agent) {
        let agent = cx.tx.agent_by_name(name)?;
        match (agent, role) {
            (Some(agent), _) => filter.agent = Some(agent.id),
            (None, Role::Lead) => {
                return Err(ApiError::invalid(format!("Nobody signs in as {name:?}.")));
            }
            (None, Role::Agent) => return Ok(Vec::new()),
        }
    }
    if *role == Role::Agent {
        if filter.agent.is_some_and(|a| a != *id) {
            return Ok(Vec::new());
        }
        filter.agent = Some(*id);
    }
    let mut reviews = cx.tx.reviews(&filter)?;
    if let Some(agent) = filter.agent {
        reviews = reviews.into_iter().map(|r| as_part_of(r, agent)).collect();
    }
    if let Some(flag) = query.flag {
        reviews.retain(|r| r.flags.raises(flag));
    }
    Ok(reviews)
}

/// The review the caller may see, or a 404 that reveals nothing.
fn review_for(cx: &mut Ctx, caller: &Caller, chat_id: Uuid) -> Result<Review, ApiError> {
    let Caller::Agent { id, role } = caller else {
        return Err(ApiError::forbidden("Reviews are for agents and leads."));
    };
    let review = cx.tx.review(chat_id)?.ok_or_else(|| {
        ApiError::not_found(
            "This chat has no review: only ended chats that had an agent are reviewed.",
        )
    })?;
    let held = review.agent_id == *id || review.parts.iter().any(|p| p.agent_id == *id);
    if *role == Role::Agent && !held {
        return Err(ApiError::no_such_chat());
    }
    Ok(review)
}

/// A review with the transcript and the messages its flags point to.
pub fn detail(cx: &mut Ctx, caller: &Caller, chat_id: Uuid) -> Result<ReviewDetail, ApiError> {
    let review = review_for(cx, caller, chat_id)?;
    let chat = cx.tx.chat(chat_id)?.ok_or_else(ApiError::no_such_chat)?;
    let messages = cx.tx.messages(chat_id)?;
    let hold_starts = cx.tx.hold_starts(chat_id)?;
    let ended_ms = review.ended_at.as_millisecond();
    let whole = facts(cx, &chat, ended_ms, &messages, &hold_starts, &[]);
    let marks = if review.parts.len() > 1 {
        // Each mark says whose part it is in.
        let mut all = Vec::new();
        for part in &review.parts {
            let facts = Facts {
                from_ms: part.from.as_millisecond(),
                ended_ms: part.to.as_millisecond(),
                ..whole
            };
            all.extend(marks(&facts).into_iter().map(|mut m| {
                m.note = format!("{}: {}", part.agent_name, m.note);
                m
            }));
        }
        let seq = |id: Uuid| messages.iter().position(|m| m.id == id);
        all.sort_by_key(|m| seq(m.message_id));
        all
    } else {
        marks(&whole)
    };
    Ok(ReviewDetail {
        review,
        messages,
        marks,
    })
}

/// A lead scores a chat from 1 to 5, with an optional comment; scoring again replaces it.
pub fn score(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    new: NewScore,
) -> Result<Review, ApiError> {
    let lead = lead_only(caller, "score chats")?;
    if let Some(problem) = crate::policy::review::score_problem(new.score) {
        return Err(ApiError::invalid(problem));
    }
    let comment = given(&new.comment).map(str::to_string);
    if let Some(chars) = comment.as_ref().map(|c| c.chars().count())
        && chars > MAX_COMMENT_CHARS
    {
        return Err(ApiError::invalid(format!(
            "The comment is {chars} characters long; at most {MAX_COMMENT_CHARS} are allowed."
        )));
    }
    review_for(cx, caller, chat_id)?;
    cx.tx.score_review(
        chat_id,
        &ReviewScore {
            score: new.score,
            comment,
            scored_by: lead,
            scored_ms: cx.now,
        },
    )?;
    review_for(cx, caller, chat_id)
}

/// Only flags that can be asked for by name.
pub fn parse_flag(text: &str) -> Result<ReviewFlag, ApiError> {
    ReviewFlag::parse(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = ReviewFlag::ALL.iter().map(|f| f.as_str()).collect();
        ApiError::bad_request(format!(
            "flag {text:?} is not one of: {}.",
            known.join(", ")
        ))
    })
}

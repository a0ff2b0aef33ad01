//! Escalations: an agent asks the leads for help about a chat with a template, a lead claims
//! it and answers, and the two may write back and forth in its thread (never shown to the
//! customer).
//!
//! - Only the chat's agent escalates, while the chat is active or ended and awaiting its
//!   disposition; the fields must pass [`crate::policy::escalation::check`], the same check
//!   the console runs before sending.
//! - It goes to the template's channel, or to the weekend channel on weekends and holidays
//!   ([`crate::policy::calendar`], in the calendar's time zone).
//! - Leads see every escalation; agents see their own, and anyone else's is not found.
//! - Only leads claim. A lead may answer an escalation nobody claimed (answering claims it) or
//!   one they claimed; one claimed by another lead is refused with that lead's name, so two
//!   leads never answer the same agent at once. A lead's reply makes it answered.
//! - The escalating agent may write back in the thread; that does not change its state.
//! - Every change is sent whole as `escalation.updated` to the agent and to every lead.

use uuid::Uuid;

use crate::policy::escalation::{Checked, Facts, check, check_reply};
use crate::protocol::{
    ChatState, Escalation, EscalationReply, EscalationState, EventBody, FieldProblem,
    NewEscalation, NewReply, Role,
};
use crate::server::engine::{Caller, Ctx};
use crate::server::problem::ApiError;
use crate::server::store::{Audience, EscalationFilter, StoreResult, timestamp};

fn no_such_escalation() -> ApiError {
    ApiError::not_found("There is no escalation with this id that you can open.")
}

/// The agent's or lead's id and role; customers never reach escalations.
fn person(caller: &Caller) -> Result<(Uuid, Role), ApiError> {
    match caller {
        Caller::Agent { id, role } => Ok((*id, *role)),
        Caller::Customer(_) => Err(ApiError::forbidden(
            "Escalations are for agents and leads; a chat token cannot use them.",
        )),
    }
}

/// A refusal naming every problem: one sentence in `detail`, and each in `errors`.
fn refusal(what: &str, problems: Vec<FieldProblem>) -> ApiError {
    let listed: Vec<&str> = problems
        .iter()
        .map(|p| p.problem.trim_end_matches('.'))
        .collect();
    ApiError::invalid_fields(format!("{what}: {}.", listed.join("; ")), problems)
}

/// Sends an escalation about one of the caller's chats.
pub fn escalate(
    cx: &mut Ctx,
    caller: &Caller,
    chat_id: Uuid,
    new: NewEscalation,
) -> Result<Escalation, ApiError> {
    let (agent_id, _) = person(caller)?;
    let chat = cx.chat_for(caller, chat_id)?;
    let awaiting_disposition = chat.state == ChatState::Ended && chat.disposition_code.is_none();
    if chat.state != ChatState::Active && !awaiting_disposition {
        return Err(ApiError::conflict(match chat.state {
            ChatState::Queued => {
                "This chat is waiting in its queue; escalate a chat you are handling."
            }
            _ => {
                "This chat is wrapped up; escalate while it is active or before its disposition is recorded."
            }
        }));
    }
    let escalations = &cx.catalog.escalations;
    let Some(template) = escalations.template(new.template.trim()) else {
        let known: Vec<&str> = escalations
            .templates
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        let problem = FieldProblem {
            field: String::new(),
            problem: format!(
                "{:?} is not an escalation template; use one of: {}.",
                new.template,
                known.join(", ")
            ),
        };
        return Err(refusal("This escalation cannot be sent", vec![problem]));
    };
    let english = crate::spelling::Speller::english();
    let facts = Facts {
        client_id: chat.client_id.as_deref(),
        knows_word: &|word| english.knows(word),
    };
    let Checked { problems, warnings } = check(template, &new.fields, &facts);
    if !problems.is_empty() {
        return Err(refusal("This escalation cannot be sent yet", problems));
    }
    let channel = escalations.route(template, timestamp(cx.now));
    let fields = template
        .fields
        .iter()
        .filter_map(|field| {
            let value = new.fields.iter().find(|f| f.id == field.id)?.value.trim();
            (!value.is_empty()).then(|| (field.label.clone(), value.to_string()))
        })
        .collect();
    let agent = cx.agent(agent_id)?;
    let escalation = Escalation {
        id: Uuid::now_v7(),
        chat_id: chat.id,
        agent_id,
        agent_name: agent.display_name,
        customer_name: chat.customer_name.clone(),
        template: template.id.clone(),
        template_name: template.name.clone(),
        channel: channel.id,
        channel_name: channel.name,
        fields,
        warnings: warnings.into_iter().map(|w| w.problem).collect(),
        state: EscalationState::Open,
        claimed_by: None,
        claimed_by_name: None,
        created_at: timestamp(cx.now),
        claimed_at: None,
        answered_at: None,
        replies: Vec::new(),
        chat_ended: false,
        closed_at: None,
        closed_by: None,
    };
    cx.tx.insert_escalation(&escalation)?;
    announce(cx, escalation.id)
}

/// Stores nothing; reads the escalation as it now is and tells its agent and the leads.
fn announce(cx: &mut Ctx, id: Uuid) -> Result<Escalation, ApiError> {
    let escalation = cx.tx.escalation(id)?.ok_or_else(no_such_escalation)?;
    cx.emit(
        Audience::agent_and_leads(escalation.agent_id),
        Some(escalation.chat_id),
        EventBody::EscalationUpdated {
            escalation: Box::new(escalation.clone()),
        },
    )?;
    Ok(escalation)
}

/// The escalation as `caller` may see it: every one for a lead, their own for an agent.
fn visible(cx: &mut Ctx, caller: &Caller, id: Uuid) -> Result<Escalation, ApiError> {
    let (me, role) = person(caller)?;
    let escalation = cx.tx.escalation(id)?.ok_or_else(no_such_escalation)?;
    if role == Role::Lead || escalation.agent_id == me {
        Ok(escalation)
    } else {
        Err(no_such_escalation())
    }
}

/// One escalation.
pub fn get(cx: &mut Ctx, caller: &Caller, id: Uuid) -> Result<Escalation, ApiError> {
    visible(cx, caller, id)
}

/// Escalations in `state` (every state when `None`), oldest first: all of them for a lead,
/// the caller's own for an agent.
pub fn list(
    cx: &mut Ctx,
    caller: &Caller,
    state: Option<EscalationState>,
) -> Result<Vec<Escalation>, ApiError> {
    visible_matching(
        cx,
        caller,
        EscalationFilter {
            state,
            ..EscalationFilter::default()
        },
    )
}

/// Escalations answered at or after `since_ms`, oldest first, seen as [`list`] sees them.
pub fn answered_since(
    cx: &mut Ctx,
    caller: &Caller,
    since_ms: i64,
) -> Result<Vec<Escalation>, ApiError> {
    visible_matching(
        cx,
        caller,
        EscalationFilter {
            state: Some(EscalationState::Answered),
            answered_from_ms: Some(since_ms),
            ..EscalationFilter::default()
        },
    )
}

/// Escalations matching `filter` that the caller may see: all of them for a lead, the
/// caller's own for an agent.
fn visible_matching(
    cx: &mut Ctx,
    caller: &Caller,
    filter: EscalationFilter,
) -> Result<Vec<Escalation>, ApiError> {
    let (me, role) = person(caller)?;
    let filter = EscalationFilter {
        agent: (role != Role::Lead).then_some(me),
        ..filter
    };
    Ok(cx.tx.escalations(&filter)?)
}

/// Tells the agent and the leads that a chat's unanswered escalations are now about an ended
/// chat (they read it from each escalation's `chat_ended`).
pub fn chat_ended(cx: &mut Ctx, chat: Uuid) -> StoreResult<()> {
    for escalation in of_chat(cx, chat)? {
        if escalation.state != EscalationState::Answered && escalation.closed_at.is_none() {
            cx.emit(
                Audience::agent_and_leads(escalation.agent_id),
                Some(chat),
                EventBody::EscalationUpdated {
                    escalation: Box::new(escalation),
                },
            )?;
        }
    }
    Ok(())
}

/// A chat's escalations, oldest first (for the chat's detail).
pub fn of_chat(cx: &mut Ctx, chat: Uuid) -> StoreResult<Vec<Escalation>> {
    cx.tx.escalations(&EscalationFilter {
        chat: Some(chat),
        ..EscalationFilter::default()
    })
}

/// Refuses when another lead claimed the escalation.
fn claimed_by_other(escalation: &Escalation, me: Uuid) -> Result<(), ApiError> {
    match escalation.claimed_by {
        Some(lead) if lead != me => Err(ApiError::conflict(format!(
            "{} already claimed this escalation.",
            escalation
                .claimed_by_name
                .as_deref()
                .unwrap_or("Another lead")
        ))),
        _ => Ok(()),
    }
}

/// A lead takes an escalation. Claiming one's own claim again changes nothing.
pub fn claim(cx: &mut Ctx, caller: &Caller, id: Uuid) -> Result<Escalation, ApiError> {
    let (me, role) = person(caller)?;
    if role != Role::Lead {
        return Err(ApiError::forbidden(
            "Only leads claim escalations; you will see the lead's answer in your escalation.",
        ));
    }
    let mut escalation = visible(cx, caller, id)?;
    claimed_by_other(&escalation, me)?;
    if escalation.claimed_by == Some(me) {
        return Ok(escalation);
    }
    escalation.state = EscalationState::Claimed;
    escalation.claimed_by = Some(me);
    escalation.claimed_at = Some(timestamp(cx.now));
    cx.tx.update_escalation(&escalation)?;
    announce(cx, id)
}

/// A lead closes an escalation whose chat has ended (answered or not): it leaves the floor.
/// Closing a closed one changes nothing.
pub fn close(cx: &mut Ctx, caller: &Caller, id: Uuid) -> Result<Escalation, ApiError> {
    let (me, role) = person(caller)?;
    if role != Role::Lead {
        return Err(ApiError::forbidden("Only leads close escalations."));
    }
    let mut escalation = visible(cx, caller, id)?;
    if escalation.closed_at.is_some() {
        return Ok(escalation);
    }
    crate::policy::escalation::may_close(escalation.chat_ended).map_err(ApiError::conflict)?;
    escalation.closed_at = Some(timestamp(cx.now));
    escalation.closed_by = Some(me);
    cx.tx.update_escalation(&escalation)?;
    announce(cx, id)
}

/// Adds a reply to an escalation's thread: a lead's answer (which claims it when nobody had,
/// and makes it answered), or the escalating agent's word back (which changes nothing else).
pub fn reply(
    cx: &mut Ctx,
    caller: &Caller,
    id: Uuid,
    new: NewReply,
) -> Result<Escalation, ApiError> {
    let (me, role) = person(caller)?;
    let mut escalation = visible(cx, caller, id)?;
    let problems = check_reply(&new.body);
    if !problems.is_empty() {
        return Err(refusal("This reply cannot be sent", problems));
    }
    let now = timestamp(cx.now);
    // A lead's reply answers the escalation; the agent's is a word back in the thread.
    if role == Role::Lead {
        claimed_by_other(&escalation, me)?;
        if escalation.claimed_by.is_none() {
            escalation.claimed_by = Some(me);
            escalation.claimed_at = Some(now);
        }
        escalation.state = EscalationState::Answered;
        escalation.answered_at.get_or_insert(now);
        cx.tx.update_escalation(&escalation)?;
    }
    let reply = EscalationReply {
        author_id: me,
        author_name: String::new(),
        author_role: role,
        body: new.body.trim().to_string(),
        at: now,
    };
    cx.tx.insert_escalation_reply(id, &reply)?;
    announce(cx, id)
}

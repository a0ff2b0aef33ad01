//! Remote text is made safe as it enters the state, so no later widget can draw it raw.

use crate::policy::sanitize::sanitize_line;
use crate::protocol::{
    Customer, DispositionCodeInfo, FollowUps, Offer, ProcedureInfo, QueueListing, QueuedChat,
};

pub(super) fn clean_offer(mut offer: Offer) -> Offer {
    offer.customer.name = sanitize_line(&offer.customer.name);
    offer.customer.email = sanitize_line(&offer.customer.email);
    offer.customer.client_id = offer.customer.client_id.as_deref().map(sanitize_line);
    offer.queue_name = sanitize_line(&offer.queue_name);
    offer.queue = sanitize_line(&offer.queue);
    if let Some(transfer) = &mut offer.transfer {
        transfer.from_agent_name = sanitize_line(&transfer.from_agent_name);
        transfer.note = sanitize_line(&transfer.note);
    }
    offer
}

pub(super) fn clean_queued(mut entry: QueuedChat) -> QueuedChat {
    entry.customer_name = sanitize_line(&entry.customer_name);
    entry.customer_email = sanitize_line(&entry.customer_email);
    entry.queue = sanitize_line(&entry.queue);
    entry
}

pub(super) fn clean_listing(mut listing: QueueListing) -> QueueListing {
    listing.name = sanitize_line(&listing.name);
    listing.chats = listing.chats.into_iter().map(clean_queued).collect();
    listing
}

pub(super) fn clean_disposition(mut code: DispositionCodeInfo) -> DispositionCodeInfo {
    code.name = sanitize_line(&code.name);
    code.description = sanitize_line(&code.description);
    code
}

pub(super) fn clean_procedure(mut procedure: ProcedureInfo) -> ProcedureInfo {
    for check in &mut procedure.verification {
        check.label = sanitize_line(&check.label);
    }
    procedure.inactivity.preset = sanitize_line(&procedure.inactivity.preset);
    procedure
}

fn clean_customer(customer: &mut Customer) {
    customer.name = sanitize_line(&customer.name);
    customer.email = sanitize_line(&customer.email);
    customer.client_id = customer.client_id.as_deref().map(sanitize_line);
}

pub(super) fn clean_follow_ups(mut list: FollowUps) -> FollowUps {
    for c in &mut list.commitments {
        clean_customer(&mut c.customer);
        c.note = sanitize_line(&c.note);
    }
    for t in &mut list.tickets {
        clean_customer(&mut t.customer);
        t.subject = sanitize_line(&t.subject);
        t.note = t.note.as_deref().map(sanitize_line);
    }
    list
}

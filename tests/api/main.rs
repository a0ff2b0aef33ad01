//! The backend over real HTTP, as the console, the page and an operator use it: a real `chatdesk serve` per test on an ephemeral port with its own SQLite file.
//! One test binary for them all: each links the whole library, and on two cores the
//! links, not the tests, took most of the time.

#[path = "../common/card_corpus.rs"]
mod card_corpus;
#[path = "../common/card_scan.rs"]
mod card_scan;
#[path = "../common/mod.rs"]
mod common;

mod access;
mod api_contract;
mod cards;
mod cards_corpus;
mod cards_fields;
mod chats;
mod escalations;
mod floor;
mod follow_ups;
mod hold;
mod lead;
mod limits;
mod missed;
mod nodes;
mod nodes_faults;
mod operations;
mod procedure;
mod queue_line;
mod report;
mod reviews;
mod routing;
mod schemathesis;
mod stop;
mod tickets;
mod transfer;
mod transfer_notice;
mod transfer_offer;
mod wal;
mod wrapup;

//! The state of the console's dialogs that are more than a list: each checks what the agent
//! typed before anything is sent.

pub mod review;
pub mod review_filter;

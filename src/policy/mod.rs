//! The support procedures as pure rules: no I/O, no clock, no storage. The backend and the
//! console both call these, so a rule means the same thing on both sides.

pub mod calendar;
pub mod cards;
pub mod disclosure;
pub mod email;
pub mod escalation;
pub mod etiquette;
pub mod follow_up;
pub mod hold;
pub mod inactivity;
pub mod presence;
pub mod review;
pub mod routing;
pub mod sanitize;
pub mod sla;
pub mod template;
pub mod text_limits;
pub mod wrap_up;

#[cfg(test)]
mod layers;

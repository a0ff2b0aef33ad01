//! Canned responses: the built-in library, filling, fill-in fields, layering, errors, shortcode
//! expansion and fuzzy search.

mod builtin;
mod expansion;
mod filling;
mod fixture;
mod layers;
mod search;

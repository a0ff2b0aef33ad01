//! Canned responses: the sentences agents send all day, filled with the chat's details.
//!
//! - [`template`]: the body syntax (`{customer.first_name}`, `{ask:Order number}`); it lives in
//!   `policy::template`, since the disclosure rules read bodies too.
//! - [`fill`]: filling a body for one chat; gaps are reported, never blanked.
//! - [`library`]: responses and the layered library (built in → team → agent).
//! - `source`: reading one TOML layer, with file, line and response in every error.
//! - [`search`]: fuzzy search for the picker.
//! - [`shortcode`]: `/shortcode` expansion in the composer.
//!
//! All of it is pure except [`read_agent_file`] and [`load_for_console`], which read the
//! agent's file.

pub mod fill;
pub mod library;
pub mod search;
pub mod shortcode;
mod source;
pub use crate::policy::template;

pub use fill::{Answers, Context, Filled, Gap, first_name};
pub use library::{
    AGENT_FILE, BUILTIN_NAME, BUILTIN_TEXT, Library, NEEDS_VERIFICATION, Response,
    load_for_console, load_layers, read_agent_file,
};
pub use search::Finder;
pub use shortcode::{Expansion, is_shortcode};
pub use template::{Template, Variable};

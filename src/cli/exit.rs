//! What chatdesk's exit code says, for scripts and service managers:
//!
//! | code | meaning |
//! |------|---------|
//! | 0    | done |
//! | 1    | failed while running (a backend out of reach, a refused token, a full disk) |
//! | 2    | used wrongly (an unknown flag, a date that is not one, no terminal for the console) |
//! | 78   | configured wrongly (a data file, `config.toml`, a keymap, a data directory) — `EX_CONFIG` |
//!
//! Errors say which they are by carrying a [`Usage`] or [`Config`] (or an [`AssetError`], which
//! is always about configuration) somewhere in their chain; anything else is a failure.

use std::fmt;

use crate::assets::AssetError;

pub const FAILURE: u8 = 1;
pub const USAGE: u8 = 2;
pub const CONFIG: u8 = 78;

/// The command was used wrongly: the sentence says how to use it.
#[derive(Debug)]
pub struct Usage(pub String);

/// Something configured is wrong or missing: the sentence names it.
#[derive(Debug)]
pub struct Config(pub String);

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}
impl std::error::Error for Config {}

/// A usage error with this sentence.
pub fn usage(sentence: impl Into<String>) -> anyhow::Error {
    Usage(sentence.into()).into()
}

/// A configuration error with this sentence.
pub fn config(sentence: impl Into<String>) -> anyhow::Error {
    Config(sentence.into()).into()
}

/// The exit code for `error`.
pub fn code(error: &anyhow::Error) -> u8 {
    for cause in error.chain() {
        if cause.is::<Usage>() {
            return USAGE;
        }
        if cause.is::<Config>() || cause.is::<AssetError>() {
            return CONFIG;
        }
    }
    FAILURE
}

#[cfg(test)]
mod tests {
    use anyhow::Context;

    use super::*;

    #[test]
    fn the_code_follows_the_kind_of_error_anywhere_in_its_chain() {
        let plain = anyhow::anyhow!("cannot reach http://127.0.0.1:9");
        assert_eq!(code(&plain), FAILURE);
        let wrapped = Err::<(), _>(usage("--from is not a date"))
            .context("reading the report")
            .unwrap_err();
        assert_eq!(code(&wrapped), USAGE);
        let file = AssetError {
            file: "policy.toml".into(),
            line: 3,
            column: 1,
            problem: "max_active_chats must be 1 or 2".into(),
        };
        assert_eq!(code(&anyhow::Error::from(file)), CONFIG);
        assert_eq!(code(&config("no database in /srv/typo")), CONFIG);
    }
}

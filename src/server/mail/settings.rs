//! `mail.toml`: which relay, how to reach it safely, and who the e-mail is from.

use std::fmt;
use std::net::IpAddr;
use std::path::Path;

use lettre::message::Mailbox;
use serde::Deserialize;
use toml::Spanned;

use super::MAIL_FILE;
use crate::assets::{AssetError, error_in, read_data_file};
use crate::policy::email::domain_problem;

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on this machine (port 25).
    None,
}

impl Security {
    fn default_port(self) -> u16 {
        match self {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// The relay and the sender, as `mail.toml` sets them.
#[derive(Clone, PartialEq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub from: Mailbox,
    pub username: Option<String>,
    pub(super) password: Option<String>,
    /// Domains (besides the chat's own customer address) a transcript may be e-mailed to:
    /// `[transcripts] allowed_domains`, lowercase; empty unless the operator lists some.
    pub allowed_domains: Vec<String>,
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("from", &self.from.to_string())
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "(hidden)"))
            .field("allowed_domains", &self.allowed_domains)
            .finish()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MailFile {
    smtp: SmtpSection,
    #[serde(default)]
    transcripts: TranscriptsSection,
}

/// `[transcripts]`: who besides a chat's customer may be sent its transcript.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TranscriptsSection {
    #[serde(default)]
    allowed_domains: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SmtpSection {
    host: Spanned<String>,
    port: Option<Spanned<u16>>,
    security: Option<Spanned<Security>>,
    from: Spanned<String>,
    username: Option<Spanned<String>>,
    password_env: Option<Spanned<String>>,
    /// Never accepted: named only to explain where the password goes instead.
    password: Option<Spanned<toml::Value>>,
}

impl SmtpSettings {
    /// Reads `DATA_DIR/mail.toml`; `None` when there is no such file.
    pub fn load(dir: &Path) -> Result<Option<SmtpSettings>, AssetError> {
        let Some((name, text)) = read_data_file(&dir.join(MAIL_FILE))? else {
            return Ok(None);
        };
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
        SmtpSettings::parse(&name, &text, env).map(Some)
    }

    /// Parses the text of a mail file called `name`; `env` looks up environment variables.
    pub fn parse(
        name: &str,
        text: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<SmtpSettings, AssetError> {
        let error_at =
            |offset: Option<usize>, problem: String| error_in(name, text, offset, problem);
        let file: MailFile = toml::from_str(text)
            .map_err(|e| error_at(e.span().map(|s| s.start), e.message().trim().to_string()))?;
        SmtpSettings::from_file(file, &error_at, env)
    }

    /// The `[mail]` table of the backend's configuration file called `name` (the same keys as
    /// `mail.toml`, under `[mail.smtp]` and `[mail.transcripts]`); `None` when it has none.
    pub fn parse_in_server(
        name: &str,
        text: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<SmtpSettings>, AssetError> {
        #[derive(Deserialize)]
        struct ServerFile {
            mail: Option<MailFile>,
        }
        let error_at =
            |offset: Option<usize>, problem: String| error_in(name, text, offset, problem);
        let file: ServerFile = toml::from_str(text).map_err(|e| {
            let problem = e.message().trim();
            error_at(e.span().map(|s| s.start), format!("[mail]: {problem}"))
        })?;
        file.mail
            .map(|mail| SmtpSettings::from_file(mail, &error_at, env))
            .transpose()
    }

    fn from_file(
        file: MailFile,
        error_at: &dyn Fn(Option<usize>, String) -> AssetError,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<SmtpSettings, AssetError> {
        let smtp = file.smtp;
        if let Some(password) = &smtp.password {
            return Err(error_at(
                Some(password.span().start),
                "the password is not kept in this file: put it in an environment variable \
                 and name that variable with password_env"
                    .to_string(),
            ));
        }
        let host_at = Some(smtp.host.span().start);
        let host = smtp.host.into_inner().trim().to_string();
        if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') {
            return Err(error_at(
                host_at,
                format!("host {host:?} must be a host name or an IP address"),
            ));
        }
        let security = smtp
            .security
            .map_or(Security::Starttls, Spanned::into_inner);
        if security == Security::None && !is_this_machine(&host) {
            return Err(error_at(
                host_at,
                format!(
                    "security = \"none\" would send e-mail unencrypted to {host}; it is only \
                     allowed for a relay on this machine (localhost, 127.0.0.1 or ::1): use \
                     \"starttls\" or \"tls\""
                ),
            ));
        }
        let port = match smtp.port {
            Some(port) if *port.get_ref() == 0 => {
                return Err(error_at(
                    Some(port.span().start),
                    "port must be between 1 and 65535".to_string(),
                ));
            }
            Some(port) => port.into_inner(),
            None => security.default_port(),
        };
        let from_at = Some(smtp.from.span().start);
        let from: Mailbox = smtp.from.get_ref().trim().parse().map_err(|_| {
            error_at(
                from_at,
                format!(
                    "from {:?} is not an e-mail address (expected e.g. \
                     \"Acme Devices Support <support@example.com>\")",
                    smtp.from.get_ref()
                ),
            )
        })?;
        let (username, password) = match (smtp.username, smtp.password_env) {
            (None, None) => (None, None),
            (Some(user), None) => {
                return Err(error_at(
                    Some(user.span().start),
                    "username needs password_env: the name of the environment variable that \
                     holds the password"
                        .to_string(),
                ));
            }
            (None, Some(var)) => {
                return Err(error_at(
                    Some(var.span().start),
                    "password_env needs a username to sign in to the relay with".to_string(),
                ));
            }
            (Some(user), Some(var)) => {
                let Some(password) = env(var.get_ref()) else {
                    return Err(error_at(
                        Some(var.span().start),
                        format!(
                            "the environment variable {} named by password_env is not set",
                            var.get_ref()
                        ),
                    ));
                };
                (Some(user.into_inner()), Some(password))
            }
        };
        let mut allowed_domains = Vec::new();
        for domain in file.transcripts.allowed_domains {
            let at = Some(domain.span().start);
            let name = domain.into_inner().trim().to_ascii_lowercase();
            if let Some(why) = domain_problem(&name) {
                return Err(error_at(
                    at,
                    format!("allowed_domains: {why} (list domains such as \"example.com\")"),
                ));
            }
            allowed_domains.push(name);
        }
        Ok(SmtpSettings {
            host,
            port,
            security,
            from,
            username,
            password,
            allowed_domains,
        })
    }

    /// `host:port`, as shown in messages.
    pub fn relay(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Whether `host` names this machine.
fn is_this_machine(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

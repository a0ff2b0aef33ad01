//! The roles a theme gives a style to: what a span on screen is to the agent, never its colour.

use ratatui::style::Modifier;

macro_rules! roles {
    ($($role:ident = $name:literal: $what:literal,)*) => {
        /// What a piece of the screen is; the theme says how it looks.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Role {
            $(#[doc = $what] $role,)*
        }

        impl Role {
            /// Every role, in the order of `themes/default.toml`.
            pub const ALL: &[Role] = &[$(Role::$role,)*];

            /// The role's name in theme files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Role::$role => $name,)*
                }
            }

            /// What the role is on screen.
            pub fn describe(self) -> &'static str {
                match self {
                    $(Role::$role => $what,)*
                }
            }

            pub fn from_name(name: &str) -> Option<Role> {
                match name {
                    $($name => Some(Role::$role),)*
                    _ => None,
                }
            }
        }
    };
}

roles! {
    Alert = "alert": "A limit passed: a reply or queue SLA breached, NOT VERIFIED, the backend out of reach",
    Warning = "warning": "A limit close: a reply due soon, a chat ended and waiting for its wrap-up",
    Error = "error": "Something refused or wrong: a field that is not valid, a missed chat",
    Ok = "ok": "All is well: verified, online, a reply in time",
    Info = "info": "Neutral facts: an e-mail address, a prompt for information",
    Muted = "muted": "Hints, borders and anything in the background",
    Highlight = "highlight": "The chosen row of a list",
    Focus = "focus": "The focused chat's border and title",
    Marker = "marker": "What needs a look now: the field being filled in, a notice that warns",
    Key = "key": "A key named in the help and in hints",
    Keycap = "keycap": "A key in the footer's bar",
    Badge = "badge": "A label such as DEMO or ON HOLD, and a notice",
    Whisper = "whisper": "A lead's whisper, and the label of a watched chat",
    Note = "note": "A transfer note, an escalation's text",
    Customer = "customer": "The customer's name over their messages",
    Agent = "agent": "The agent's name over their messages",
    System = "system": "chatdesk's own messages in a transcript",
    Misspelled = "misspelled": "A word the spell check does not know",
    Heading = "heading": "Titles and names that head a section",
    Bar = "bar": "The header bar",
    Available = "available": "The presence badge when available",
    Away = "away": "The presence badge when away",
    WrapUp = "wrap_up": "The presence badge in wrap-up",
    Offline = "offline": "The presence badge when offline",
    Accept = "accept": "The key that accepts an offer",
    Decline = "decline": "The key that declines an offer",
}

impl Role {
    /// Modifiers the role keeps in every theme, so that it never depends on colour alone.
    pub fn always(self) -> Modifier {
        match self {
            Role::Alert | Role::Warning | Role::Error => Modifier::BOLD,
            Role::Misspelled => Modifier::UNDERLINED,
            _ => Modifier::empty(),
        }
    }
}

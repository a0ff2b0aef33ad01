//! The named things a key can do, each with its name in keymap files and its line in the help.

macro_rules! intents {
    ($($variant:ident = $name:literal : $doc:literal,)*) => {
        /// A named thing a key does.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Intent { $($variant,)* }

        impl Intent {
            pub const ALL: &[Intent] = &[$(Intent::$variant,)*];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(Intent::$variant => $name,)* }
            }

            /// A one-line description for the help.
            pub fn describe(self) -> &'static str {
                match self { $(Intent::$variant => $doc,)* }
            }

            pub fn from_name(name: &str) -> Option<Intent> {
                match name { $($name => Some(Intent::$variant),)* _ => None }
            }
        }
    };
}

intents! {
    Quit = "quit": "Quit the console",
    Help = "help": "Show the keys",
    CyclePresence = "cycle_presence": "Change presence: available, away, offline",
    AcceptOffer = "accept_offer": "Accept the chat offered",
    DeclineOffer = "decline_offer": "Decline the chat offered",
    ToggleQueue = "toggle_queue": "Open or close the queue of waiting chats",
    NextPane = "next_pane": "Move to the other chat",
    EndOrWrapUp = "end_or_wrap_up": "End the chat (asks first); wrap up an ended chat",
    ScrollBack = "scroll_back": "Scroll the transcript back",
    ScrollForward = "scroll_forward": "Scroll the transcript forward",
    Send = "send": "Send the reply",
    Newline = "newline": "Start a new line in the reply",
    Up = "up": "Move up",
    Down = "down": "Move down",
    PageUp = "page_up": "Move up a page",
    PageDown = "page_down": "Move down a page",
    First = "first": "Go to the top",
    Last = "last": "Go to the end",
    Choose = "choose": "Choose the highlighted entry",
    Close = "close": "Close",
    Confirm = "confirm": "Yes",
    OpenPicker = "open_picker": "Insert a canned response",
    ExpandShortcode = "expand_shortcode": "Expand the /shortcode before the cursor",
    NextField = "next_field": "Move to the next field to fill in",
    PrevField = "previous_field": "Move to the previous field",
    SwitchChoice = "switch_choice": "Switch to the other choice",
    Toggle = "toggle": "Tick or untick",
    ToggleHold = "toggle_hold": "Put the customer on hold (after they agreed), or take them off",
    Verification = "verification": "Open the verification checklist",
    TransferChat = "transfer": "Transfer the chat to a colleague or a queue",
    InsertSuggested = "insert_suggested": "Insert the response the pane suggests",
    OpenTicket = "open_ticket": "Open a ticket for the chat now (its reference at once), or edit it",
    FixSpelling = "fix_spelling": "Replace the first misspelt word by the spelling suggested",
    Unfold = "unfold": "Show the chat's long messages in full, or fold them again",
    ExportTranscript = "export_transcript": "Export or e-mail the transcript",
    ShowFollowUps = "follow_ups": "Show your follow-ups and tickets",
    Escalate = "escalate": "Escalate to a lead, or answer a lead in an escalation",
    ToggleMonitor = "monitor": "Show or hide the monitor of the floor (leads)",
    ShowOffline = "show_offline": "Show or hide the offline agents on the monitor (leads)",
    CloseEscalation = "close_escalation": "Close the highlighted escalation of an ended chat (leads)",
    TakeOver = "take_over": "Take the watched chat over from its agent (leads)",
    ShowMissed = "missed": "Show the missed chats to follow up",
    ShowReviews = "reviews": "Show reviews of ended chats (leads score them)",
    FilterReviews = "filter_reviews": "Filter the reviews by agent, days, disposition or flag",
    ClearFilters = "clear_filters": "Show every review again (clear the filters)",
}

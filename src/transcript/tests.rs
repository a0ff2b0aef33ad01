use super::*;

use crate::protocol::{AgentChat, ChatState, Customer, Disposition, Message};
use uuid::Uuid;

fn at(text: &str) -> Timestamp {
    text.parse().expect("a timestamp")
}

fn message(seq: i64, author: Party, name: &str, body: &str, when: &str) -> Message {
    Message {
        id: Uuid::from_u128(0x100 + seq as u128),
        chat_id: Uuid::from_u128(1),
        seq,
        author,
        author_name: name.to_string(),
        body: body.to_string(),
        client_msg_id: None,
        at: at(when),
    }
}

/// Ana's billing chat with Dana, ended and wrapped up.
fn ana_chat() -> ChatDetail {
    ChatDetail {
        chat: AgentChat {
            id: Uuid::from_u128(1),
            state: ChatState::Ended,
            queue: "billing".to_string(),
            queue_name: "Billing".to_string(),
            customer: Customer {
                name: "Ana Lima".to_string(),
                email: "ana@example.com".to_string(),
                client_id: Some("C-1001".to_string()),
            },
            agent_id: Some(Uuid::from_u128(2)),
            agent_name: Some("Dana Reyes".to_string()),
            created_at: at("2025-03-14T09:30:05Z"),
            queued_at: at("2025-03-14T09:30:05Z"),
            accepted_at: Some(at("2025-03-14T09:30:20Z")),
            ended_at: Some(at("2025-03-14T13:10:00Z")),
            ended_by: Some(Party::Customer),
            transfer_note: Some("Asked about the March invoice.".to_string()),
            disposition: Some(Disposition {
                code: "resolved".to_string(),
                notes: "Plan corrected.\nRefund of 12.50 issued.".to_string(),
                tags: Vec::new(),
            }),
            verification: Vec::new(),
            verified_at: None,
            on_hold_since: None,
            nudged_at: None,
            silence_agent_at: None,
            silence_customer_at: None,
            last_hold_at: None,
            ticket: None,
        },
        messages: vec![
            message(
                3,
                Party::Customer,
                "Ana Lima",
                "My invoice shows the wrong plan.",
                "2025-03-14T09:30:10Z",
            ),
            message(
                5,
                Party::Agent,
                "Dana Reyes",
                "Hello Ana, let me look at that invoice.",
                "2025-03-14T09:30:40Z",
            ),
            message(
                6,
                Party::Customer,
                "Ana Lima",
                "It says Pro.\nI pay for Basic.",
                "2025-03-14T13:05:00Z",
            ),
        ],
        escalations: Vec::new(),
        whispers: Vec::new(),
    }
}

/// Sydney in March: UTC+11:00 (daylight saving time), so 13:05 UTC is past midnight there.
fn sydney() -> TimeZone {
    TimeZone::posix("AEST-10AEDT,M10.1.0,M4.1.0/3").expect("a POSIX time zone")
}

#[test]
fn formats_parse_from_names_and_extensions() {
    assert_eq!(Format::parse("text"), Some(Format::Text));
    assert_eq!(Format::parse("TXT"), Some(Format::Text));
    assert_eq!(Format::parse("markdown"), Some(Format::Markdown));
    assert_eq!(Format::parse(".md"), Some(Format::Markdown));
    assert_eq!(Format::parse(" json "), Some(Format::Json));
    assert_eq!(Format::parse("pdf"), None);
    assert_eq!(Format::parse(""), None);
    assert_eq!(
        Format::from_path(Path::new("out/chat.md")),
        Some(Format::Markdown)
    );
    assert_eq!(Format::from_path(Path::new("chat")), None);
    for format in Format::ALL {
        assert_eq!(Format::parse(format.as_str()), Some(format));
        assert_eq!(Format::parse(format.extension()), Some(format));
        let json = serde_json::to_string(&format).unwrap();
        assert_eq!(json, format!("\"{format}\""));
    }
    let aliased: Format = serde_json::from_str("\"md\"").unwrap();
    assert_eq!(aliased, Format::Markdown);
    assert!(
        "pdf"
            .parse::<Format>()
            .unwrap_err()
            .contains("text, markdown or json")
    );
}

#[test]
fn text_in_utc() {
    let expected = "\
Chat transcript
===============

Customer:      Ana Lima <ana@example.com>, client C-1001
Queue:         Billing
Agent:         Dana Reyes
Started:       2025-03-14 09:30:05 +00:00
Ended:         2025-03-14 13:10:00 +00:00, by the customer
Time zone:     UTC
Disposition:   resolved
Transfer note: Asked about the March invoice.
Notes:         Plan corrected.
               Refund of 12.50 issued.

[09:30:10] Ana Lima: My invoice shows the wrong plan.
[09:30:40] Dana Reyes: Hello Ana, let me look at that invoice.
[13:05:00] Ana Lima: It says Pro.
           I pay for Basic.
";
    assert_eq!(render(&ana_chat(), Format::Text, &TimeZone::UTC), expected);
}

#[test]
fn text_in_another_zone_marks_the_new_day() {
    let expected = "\
Chat transcript
===============

Customer:      Ana Lima <ana@example.com>, client C-1001
Queue:         Billing
Agent:         Dana Reyes
Started:       2025-03-14 20:30:05 +11:00
Ended:         2025-03-15 00:10:00 +11:00, by the customer
Disposition:   resolved
Transfer note: Asked about the March invoice.
Notes:         Plan corrected.
               Refund of 12.50 issued.

[20:30:10] Ana Lima: My invoice shows the wrong plan.
[20:30:40] Dana Reyes: Hello Ana, let me look at that invoice.
--- 2025-03-15 ---
[00:05:00] Ana Lima: It says Pro.
           I pay for Basic.
";
    assert_eq!(render(&ana_chat(), Format::Text, &sydney()), expected);
}

#[test]
fn markdown_in_utc() {
    let expected = "\
# Chat transcript

- **Customer:** Ana Lima \\<ana\\@example.com\\>, client C-1001
- **Queue:** Billing
- **Agent:** Dana Reyes
- **Started:** 2025-03-14 09:30:05 +00:00
- **Ended:** 2025-03-14 13:10:00 +00:00, by the customer
- **Time zone:** UTC
- **Disposition:** resolved

**Transfer note:**\\
Asked about the March invoice.

**Notes:**\\
Plan corrected.\\
Refund of 12.50 issued.

## 2025-03-14

**09:30:10 Ana Lima**\\
My invoice shows the wrong plan.

**09:30:40 Dana Reyes**\\
Hello Ana, let me look at that invoice.

**13:05:00 Ana Lima**\\
It says Pro.\\
I pay for Basic.
";
    assert_eq!(
        render(&ana_chat(), Format::Markdown, &TimeZone::UTC),
        expected
    );
}

#[test]
fn markdown_in_another_zone_has_a_heading_per_day() {
    let shown = render(&ana_chat(), Format::Markdown, &sydney());
    assert!(shown.contains("- **Started:** 2025-03-14 20:30:05 +11:00\n"));
    assert!(!shown.contains("Time zone"), "a POSIX zone has no name");
    let days: Vec<&str> = shown.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(days, ["## 2025-03-14", "## 2025-03-15"]);
    assert!(shown.contains("\n**00:05:00 Ana Lima**\\\nIt says Pro"));
}

#[test]
fn json_is_the_chat_itself() {
    let detail = ana_chat();
    let shown = render(&detail, Format::Json, &sydney());
    assert!(shown.starts_with("{\n  \"chat\": {\n"), "pretty-printed");
    assert!(shown.ends_with("}\n"));
    let back: ChatDetail = serde_json::from_str(&shown).unwrap();
    assert_eq!(back, detail);
}

/// A customer who tries everything: terminal escapes, Markdown structure, links, HTML.
fn hostile_chat() -> ChatDetail {
    let mut detail = ana_chat();
    detail.chat.customer.name = "# Ana\u{1b}[31m <b>Lima</b>".to_string();
    detail.chat.customer.email = "ana@example.com\r\nBcc: all@example.com".to_string();
    detail.messages = vec![message(
        3,
        Party::Customer,
        "[Support](http://x)",
        "# heading\n[link](http://x) <img src=x onerror=alert(1)>\n\u{1b}]0;pwned\u{7}\u{202e}\
         \n    indented code\n---\n![](http://x/t.png) www.example.com &lt;b&gt; *bold*",
        "2025-03-14T09:30:10Z",
    )];
    detail
}

#[test]
fn hostile_text_is_harmless_in_plain_text() {
    let shown = render(&hostile_chat(), Format::Text, &TimeZone::UTC);
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{202e}'));
    assert!(!shown.contains('\r'));
    assert!(shown.contains("␛]0;pwned␇\u{fffd}"), "{shown}");
    assert!(
        shown.contains(
            "Customer:      # Ana␛[31m <b>Lima</b> <ana@example.com Bcc: all@example.com>"
        )
    );
    // A body cannot fake a line of the transcript: its lines are indented under the first.
    assert!(shown.contains("\n           [link](http://x)"), "{shown}");
}

#[test]
fn hostile_text_is_only_text_in_markdown() {
    let shown = render(&hostile_chat(), Format::Markdown, &TimeZone::UTC);
    let body = shown.split("## 2025-03-14\n").nth(1).unwrap();
    let expected = "
**09:30:10 \\[Support\\](http\\://x)**\\
\\# heading\\
\\[link\\](http\\://x) \\<img src=x onerror=alert(1)\\>\\
␛\\]0;pwned␇\u{fffd}\\
indented code\\
\\---\\
!\\[\\](http\\://x/t.png) www\\.example.com \\&lt;b\\&gt; \\*bold\\*
";
    assert_eq!(body, expected);
    assert!(shown.contains(
        "- **Customer:** \\# Ana␛\\[31m \\<b\\>Lima\\</b\\> \\<ana\\@example.com Bcc: all\\@example.com\\>, client C-1001\n"
    ));
    for line in shown.lines() {
        assert!(!line.starts_with('#') || line == "# Chat transcript" || line.starts_with("## 2"));
        assert!(!line.starts_with("    "), "no indented code: {line:?}");
    }
    assert!(!shown.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn ordinary_punctuation_stays_readable_in_markdown() {
    assert_eq!(
        escape_markdown("Refund of 12.50 issued. Thanks!"),
        "Refund of 12.50 issued. Thanks!"
    );
    assert_eq!(escape_markdown("1. first"), "1\\. first");
    assert_eq!(escape_markdown("2) second"), "2\\) second");
    assert_eq!(escape_markdown("- item"), "\\- item");
    assert_eq!(
        escape_markdown("see WWW.example.com"),
        "see WWW\\.example.com"
    );
    assert_eq!(escape_markdown("at 10:30, C-1001"), "at 10:30, C-1001");
}

#[test]
fn file_names_are_plain_ascii() {
    let mut detail = ana_chat();
    assert_eq!(
        file_name(&detail, Format::Text, &TimeZone::UTC),
        "chat-2025-03-14-ana-lima.txt"
    );
    assert_eq!(
        file_name(&detail, Format::Markdown, &sydney()),
        "chat-2025-03-14-ana-lima.md"
    );
    detail.chat.customer.name = "  José Ñúñez-Öberg \"/../\" ".to_string();
    assert_eq!(
        file_name(&detail, Format::Json, &TimeZone::UTC),
        "chat-2025-03-14-jose-nunez-oberg.json"
    );
    detail.chat.customer.name = "王小明".to_string();
    assert_eq!(
        file_name(&detail, Format::Text, &TimeZone::UTC),
        "chat-2025-03-14-customer.txt"
    );
    detail.chat.customer.name = "a".repeat(100);
    let long = file_name(&detail, Format::Text, &TimeZone::UTC);
    assert_eq!(long.len(), "chat-2025-03-14-.txt".len() + 40);
}

#[test]
fn an_open_chat_without_messages_says_so() {
    let mut detail = ana_chat();
    detail.chat.ended_at = None;
    detail.chat.ended_by = None;
    detail.chat.agent_name = None;
    detail.chat.disposition = None;
    detail.chat.transfer_note = None;
    detail.chat.customer.client_id = None;
    detail.messages.clear();
    let shown = render(&detail, Format::Text, &TimeZone::UTC);
    assert!(shown.contains("Customer:      Ana Lima <ana@example.com>\n"));
    assert!(shown.contains("Agent:         none\n"));
    assert!(shown.contains("Ended:         not yet\n"));
    assert!(shown.ends_with("\n(no messages)\n"));
    assert!(!shown.contains("Notes") && !shown.contains("Disposition"));
    let shown = render(&detail, Format::Markdown, &TimeZone::UTC);
    assert!(shown.ends_with("\n*No messages.*\n"));
}

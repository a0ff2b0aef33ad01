//! Plain text written as Markdown that shows exactly its characters: only what would be read
//! as markup is escaped.

/// Characters that make Markdown (CommonMark and GitHub's dialect) markup wherever they stand:
/// emphasis and strikethrough, code, links and images, HTML and entities, tables, math.
const ALWAYS_MARKUP: &str = "\\`*_[]<>|~&$";

/// Characters that make markup only at the start of a line: headings, lists, setext underlines
/// and thematic breaks.
const LINE_START_MARKUP: &str = "#+-=";

/// One line of text as Markdown that shows exactly these characters and nothing more. Only
/// what would be read as markup is escaped, so the export stays readable: a full stop is
/// escaped only where it would make an ordered list (`1.`) or a `www.` link, a colon only
/// before `//`, and every `@` (an e-mail link).
pub(super) fn escape_markdown(line: &str) -> String {
    let line = line.trim_start();
    let chars: Vec<char> = line.chars().collect();
    // A run of digits then `.` or `)` at the start reads as an ordered list.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let list_mark = (1..=9).contains(&digits).then_some(digits);
    let mut out = String::with_capacity(line.len() + line.len() / 8);
    for (i, &c) in chars.iter().enumerate() {
        let after_www = i >= 3
            && chars[i - 3..i]
                .iter()
                .map(char::to_ascii_lowercase)
                .eq("www".chars());
        let markup = ALWAYS_MARKUP.contains(c)
            || (i == 0 && LINE_START_MARKUP.contains(c))
            || (Some(i) == list_mark && (c == '.' || c == ')'))
            || (c == '.' && after_www)
            || (c == ':' && chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/'))
            || c == '@';
        if markup {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

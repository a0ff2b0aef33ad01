//! The customer's chat page: plain HTML, JavaScript and CSS from `assets/web/`, built into the
//! binary. It asks for nothing from anywhere else (the Content-Security-Policy says so).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::server::AppState;

const INDEX: &str = include_str!("../../../assets/web/index.html");
/// The page's script: card masking first, then the page itself (one file to the browser).
const SCRIPT: &str = concat!(
    include_str!("../../../assets/web/cards.js"),
    include_str!("../../../assets/web/chat.js")
);
const STYLE: &str = include_str!("../../../assets/web/style.css");
const ICON: &str = include_str!("../../../assets/web/favicon.svg");

const POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: impl IntoResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The page, headed with the team's name from policy.toml.
pub async fn index(State(state): State<AppState>) -> Response {
    let page = INDEX.replace("{team}", &html_text(&state.catalog.policy.team.name));
    asset("text/html; charset=utf-8", page)
}

/// `text` as it may stand in HTML: the characters markup gives meaning escaped.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

pub async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

/// The tab's icon, drawn as SVG (browsers go by the content type, not the name).
pub async fn icon() -> Response {
    asset("image/svg+xml", ICON)
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_in_a_team_name_is_only_text() {
        assert_eq!(
            super::html_text(r#"Tom & Jerry's <b>"help"</b>"#),
            "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;help&quot;&lt;/b&gt;"
        );
    }
}

//! The customer's chat page: plain HTML, JavaScript and CSS from `assets/web/`, built into the
//! binary. It asks for nothing from anywhere else (the Content-Security-Policy says so).

use axum::http::header;
use axum::response::{IntoResponse, Response};

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

fn asset(content_type: &'static str, body: &'static str) -> Response {
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

pub async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX)
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

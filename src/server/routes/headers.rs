//! Headers every answer carries, whichever route, layer or fallback produced it: nothing the
//! API answers is kept by a cache (`Cache-Control: no-store`, event streams included: chats,
//! tokens and transcripts are private), and no browser guesses a media type other than the one
//! declared (`X-Content-Type-Options: nosniff`). The customer page — the answers that declare
//! their own Content-Security-Policy — keeps the `Cache-Control` it sets for itself.

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// Adds the headers to one answer; registered once, outermost, in [`super::router`].
pub async fn every_answer(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let page = headers.contains_key(header::CONTENT_SECURITY_POLICY);
    if !page || !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

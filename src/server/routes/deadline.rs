//! How long a request may take: its body may not pause longer than `body_read_timeout_secs`
//! between pieces (answered `408`), and the whole request, from its head to the start of the
//! answer, may not take longer than `request_timeout_secs` (answered `503`). Event streams
//! start their answer at once, so they are never cut by this.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::limits::Limits;
use crate::server::problem::ApiError;

pub async fn within_deadline(
    State(limits): State<Arc<Limits>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(most) = limits.settings.request_timeout else {
        return next.run(request).await;
    };
    match tokio::time::timeout(most, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("a request took longer than {most:?} and was answered 503");
            ApiError {
                retry_after_secs: Some(5),
                ..ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "timeout",
                    format!(
                        "The backend could not answer within {} s. A change may still have been \
                         saved: send it again with the same client_msg_id, which is never \
                         stored twice.",
                        most.as_secs()
                    ),
                )
            }
            .into_response()
        }
    }
}

/// Whether a body could not be read because the client paused for too long.
pub fn timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = error.source();
    }
    false
}

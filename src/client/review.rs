//! Calls for chat reviews: list and read them (an agent sees their own chats'), and score one
//! (leads only).

use reqwest::{Method, Url};
use uuid::Uuid;

use super::{Backend, ClientError};
use crate::protocol::{NewScore, Review, ReviewDetail, ReviewQuery};

/// `query` as a URL query string (without the `?`); empty when nothing is asked for.
fn query_string(query: &ReviewQuery) -> String {
    let mut url = Url::parse("http://reviews.invalid/").expect("a fixed URL parses");
    {
        let mut pairs = url.query_pairs_mut();
        let given = [
            ("agent", query.agent.as_deref()),
            ("from", query.from.as_deref()),
            ("to", query.to.as_deref()),
            ("disposition", query.disposition.as_deref()),
            ("flag", query.flag.map(|f| f.as_str())),
        ];
        for (name, value) in given {
            if let Some(value) = value {
                pairs.append_pair(name, value);
            }
        }
    }
    url.query().unwrap_or_default().to_string()
}

impl Backend {
    /// Reviews matching `query`, the latest ended first.
    pub async fn reviews(&self, query: &ReviewQuery) -> Result<Vec<Review>, ClientError> {
        let query = query_string(query);
        let path = if query.is_empty() {
            "/api/v1/reviews".to_string()
        } else {
            format!("/api/v1/reviews?{query}")
        };
        self.call(Method::GET, &path, None::<&()>).await
    }

    /// A chat's review with its transcript and the messages its flags point to.
    pub async fn review(&self, chat_id: Uuid) -> Result<ReviewDetail, ClientError> {
        let path = format!("/api/v1/reviews/{chat_id}");
        self.call(Method::GET, &path, None::<&()>).await
    }

    /// Scores a chat 1 to 5 with an optional comment (leads only).
    pub async fn score(&self, chat_id: Uuid, score: &NewScore) -> Result<Review, ClientError> {
        let path = format!("/api/v1/reviews/{chat_id}/score");
        self.call(Method::PUT, &path, Some(score)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::ReviewFlag;

    #[test]
    fn only_what_is_asked_goes_into_the_query() {
        assert_eq!(query_string(&ReviewQuery::default()), "");
        let query = ReviewQuery {
            agent: Some("dana".to_string()),
            from: Some("2026-03-02".to_string()),
            flag: Some(ReviewFlag::SlaBreach),
            ..ReviewQuery::default()
        };
        assert_eq!(
            query_string(&query),
            "agent=dana&from=2026-03-02&flag=sla_breach"
        );
    }
}

//! The customers' side of the chat and soak scenarios: what each sends, and when each send
//! was made and acknowledged.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::watch::Refusals;
use crate::protocol::{ChatCreated, NewMessage};

/// A message's client id names its customer and its number (`c12m345`): the agent's side
/// finds its send without hashing a string, and its digits never read as a card number, so
/// the backend keeps it as it is.
pub fn client_id(customer: usize, n: usize) -> String {
    format!("c{customer}m{n}")
}

/// The customer and number a client id names.
pub fn sent_as(id: &str) -> Option<(usize, usize)> {
    let (customer, n) = id.strip_prefix('c')?.split_once('m')?;
    Some((customer.parse().ok()?, n.parse().ok()?))
}

/// When each of a customer's messages was sent and acknowledged, by number (none for a send
/// that was refused or failed).
pub type Sends = Vec<Option<(Instant, Instant)>>;

/// Every customer sends for `length`: as fast as acknowledged, or one message per `pace`.
/// Each numbers its messages on from the sends it made in earlier turns, and gets them back.
pub async fn send_for(
    chats: &[(ChatCreated, reqwest::Client, String)],
    sends: Vec<Sends>,
    length: Duration,
    pace: Option<Duration>,
    refusals: &Arc<Refusals>,
) -> anyhow::Result<Vec<Sends>> {
    let started = Instant::now();
    let mut senders = Vec::new();
    for (customer, ((chat, from, base), mut sends)) in chats.iter().cloned().zip(sends).enumerate()
    {
        let refusals = Arc::clone(refusals);
        senders.push(tokio::spawn(async move {
            // Soak customers start spread over one pause, so the load is steady.
            if let Some(pace) = pace {
                let spread = pace.as_millis() as u64 * (customer as u64 % 97) / 97;
                tokio::time::sleep(Duration::from_millis(spread)).await;
            }
            while started.elapsed() < length {
                let body = NewMessage {
                    body: format!(
                        "Hello, my order {} from Acme Devices has not arrived yet.",
                        sends.len()
                    ),
                    client_msg_id: client_id(customer, sends.len()),
                };
                let before = Instant::now();
                let response = from
                    .post(format!("{base}/api/v1/chats/{}/messages", chat.id))
                    .bearer_auth(&chat.token)
                    .json(&body)
                    .send()
                    .await;
                let acked = Instant::now();
                if let Ok(response) = &response {
                    refusals.count(response.status());
                }
                let stored = response.is_ok_and(|r| r.status().is_success());
                sends.push(stored.then_some((before, acked)));
                if let Some(pace) = pace {
                    tokio::time::sleep(pace.saturating_sub(acked - before)).await;
                }
            }
            sends
        }));
    }
    let mut all = Vec::new();
    for sender in senders {
        all.push(sender.await?);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::{client_id, sent_as};
    use crate::policy::cards::mask;

    #[test]
    fn a_client_id_names_its_send_and_is_kept_as_it_is() {
        for (customer, n) in [(0, 0), (7, 42), (199, 1_234_567), (1_999, 99_999_999)] {
            let id = client_id(customer, n);
            assert_eq!(mask(&id).into_string(), id, "the backend would mask {id}");
            assert_eq!(sent_as(&id), Some((customer, n)));
        }
        for other in ["", "c", "c12", "cxm1", "c1m", "m1c2", "0192e3c4-7d1a-7c3e"] {
            assert_eq!(sent_as(other), None, "{other}");
        }
    }
}

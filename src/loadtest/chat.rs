//! The `chat` and `soak` scenarios: agents take every chat (two each), and every customer
//! sends — as fast as acknowledged (`chat`), or one message every two seconds (`soak`).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::bail;
use futures::StreamExt;
use uuid::Uuid;

use super::report::{Report, percentile};
use super::sending::{Sends, send_for, sent_as};
use super::{Clients, Options, Scenario, Target};
use crate::protocol::{ChatState, CustomerChat, Party, Presence, PresenceChange};

/// A soak customer's pause between messages.
const SOAK_PACE: Duration = Duration::from_secs(2);

/// The pause after a turn of sending, before what is measured next.
const SETTLE: Duration = Duration::from_secs(1);

/// What an agent's stream event says, as far as the load test needs: an offer to accept, or a
/// customer's message to time. The rest of the event is skipped rather than built, so the load
/// generator spends as little as it can of the cores it shares with the backend.
#[derive(serde::Deserialize)]
struct Seen {
    #[serde(rename = "type")]
    kind: String,
    offer: Option<SeenOffer>,
    message: Option<SeenMessage>,
}

#[derive(serde::Deserialize)]
struct SeenOffer {
    id: Uuid,
}

#[derive(serde::Deserialize)]
struct SeenMessage {
    author: Party,
    client_msg_id: Option<String>,
}

/// When each customer's message reached an agent: kept by that agent's task alone, so the
/// senders and the agents never wait on one another's bookkeeping.
type Arrivals = Arc<Mutex<Vec<(usize, usize, Instant)>>>;

pub async fn run(options: &Options, target: &Target) -> anyhow::Result<Report> {
    let base = target.base.as_str();
    let customers = options.customers.unwrap_or(200);
    let pace = (options.scenario == Scenario::Soak).then_some(SOAK_PACE);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(customers + 16)
        .build()?;
    let agent_count = customers.div_ceil(2).max(1);
    let run_id = super::run_id();
    let mut arrivals: Vec<Arrivals> = Vec::new();

    // Agents: sign in, follow their stream, accept whatever is offered.
    let mut agent_names = Vec::new();
    let mut agent_tasks = Vec::new();
    for i in 0..agent_count {
        let name = format!("loadtest-{run_id}-{i}");
        let token = super::sign_in(target, &name)?;
        agent_names.push(name);
        let arrived = Arrivals::default();
        arrivals.push(Arc::clone(&arrived));
        agent_tasks.push(tokio::spawn(agent_loop(
            client.clone(),
            target.bases[i % target.bases.len()].clone(),
            token,
            arrived,
        )));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Customers: ask for a chat, wait until an agent has it.
    let mut clients = Clients::new();
    let mut chats = Vec::new();
    for i in 0..customers {
        let queue = &target.queues[i % target.queues.len()];
        let from = clients.for_customer(i)?;
        // Customer i talks to node i (round robin); their agent is most often on another.
        let node = target.bases[i % target.bases.len()].clone();
        chats.push((super::new_chat(&from, &node, i, queue).await?, from, node));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    for (chat, from, base) in &chats {
        loop {
            let state: CustomerChat = from
                .get(format!("{base}/api/v1/chats/{}", chat.id))
                .bearer_auth(&chat.token)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            if state.state == ChatState::Active {
                break;
            }
            if Instant::now() > deadline {
                bail!("chat {} was not taken by an agent within 60 s", chat.id);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    // Sending, measured: in rounds, each a turn of sending then a turn of the no-op route at
    // the same concurrency (flat-out chatting only: it is the yardstick). On two shared cores
    // both rates drift together with whatever else the machine does; a round compares them
    // under the same conditions, and the ratio reported is the median round's.
    let (watching, refusals) = super::watch(target, &run_id)?;
    let rounds = match pace {
        Some(_) => 1,
        None => options.rounds.max(1),
    };
    let turn = Duration::from_secs(options.seconds).div_f64(rounds as f64);
    let mut sends: Vec<Sends> = vec![Sends::new(); chats.len()];
    let (mut sending, mut noop, mut noop_elapsed) = (Duration::ZERO, 0u64, Duration::ZERO);
    let mut round_ratios = Vec::new();
    for _ in 0..rounds {
        let before = sends.iter().flatten().flatten().count();
        let started = Instant::now();
        sends = send_for(&chats, sends, turn, pace, &refusals).await?;
        let elapsed = started.elapsed();
        sending += elapsed;
        if pace.is_some() {
            break;
        }
        let accepted = sends.iter().flatten().flatten().count() - before;
        // What the turn left in flight (deliveries, the last commit) ends before the next.
        tokio::time::sleep(SETTLE).await;
        let (requests, took) = noop_rate(&client, base, customers, turn).await?;
        noop += requests;
        noop_elapsed += took;
        let noop_rate = requests as f64 / took.as_secs_f64();
        if noop_rate > 0.0 {
            round_ratios.push(accepted as f64 / elapsed.as_secs_f64() / noop_rate);
        }
    }
    tokio::time::sleep(SETTLE).await;
    let observed = watching.finish().await?;
    let accepted = sends.iter().flatten().flatten().count() as u64;

    // Tidy up: end the chats, stop the agents, withdraw them.
    for (chat, from, base) in &chats {
        let _ = from
            .post(format!("{base}/api/v1/chats/{}/end", chat.id))
            .bearer_auth(&chat.token)
            .send()
            .await;
    }
    for task in agent_tasks {
        task.abort();
    }
    for name in &agent_names {
        let _ = crate::cli::agents::remove(&target.team(), name);
    }

    // Each arrival against its send: (sent, acknowledged, arrived).
    let mut timed: Vec<(Instant, Instant, Instant)> = Vec::new();
    for arrived in &arrivals {
        for &(customer, n, at) in arrived.lock().expect("arrivals").iter() {
            if let Some(&Some((sent, acked))) = sends.get(customer).and_then(|s| s.get(n)) {
                timed.push((sent, acked, at));
            }
        }
    }
    let sorted = |mut times: Vec<Duration>| {
        times.sort();
        times
    };
    let delivery = sorted(
        timed
            .iter()
            .map(|(_, a, at)| at.saturating_duration_since(*a))
            .collect(),
    );
    let send_to_delivery = sorted(
        timed
            .iter()
            .map(|(s, _, at)| at.saturating_duration_since(*s))
            .collect(),
    );
    let delivered_before_ack = timed.iter().filter(|(_, a, at)| at < a).count() as u64;
    let send_to_ack = sorted(
        sends
            .iter()
            .flatten()
            .flatten()
            .map(|(s, a)| *a - *s)
            .collect(),
    );
    let messages_per_sec = accepted as f64 / sending.as_secs_f64();
    let noop_per_sec = match noop {
        0 => 0.0,
        _ => noop as f64 / noop_elapsed.as_secs_f64(),
    };
    Ok(Report {
        scenario: format!("{:?}", options.scenario).to_lowercase(),
        customers,
        agents: agent_count,
        seconds: options.seconds,
        messages_accepted: accepted,
        messages_per_sec,
        delivered: delivery.len() as u64,
        not_delivered: accepted.saturating_sub(delivery.len() as u64),
        ack_to_delivery_p50_ms: percentile(&delivery, 50.0),
        ack_to_delivery_p99_ms: percentile(&delivery, 99.0),
        ack_to_delivery_max_ms: percentile(&delivery, 100.0),
        send_to_ack_p50_ms: percentile(&send_to_ack, 50.0),
        send_to_ack_p99_ms: percentile(&send_to_ack, 99.0),
        send_to_delivery_p50_ms: percentile(&send_to_delivery, 50.0),
        send_to_delivery_p99_ms: percentile(&send_to_delivery, 99.0),
        delivered_before_ack,
        noop_requests: noop,
        noop_requests_per_sec: noop_per_sec,
        message_rate_vs_noop: median(&round_ratios),
        round_ratios,
        observed,
    })
}

/// The median of some ratios (0 for none).
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Requests per second of `/healthz` at the same concurrency.
async fn noop_rate(
    client: &reqwest::Client,
    base: &str,
    concurrency: usize,
    seconds: Duration,
) -> anyhow::Result<(u64, Duration)> {
    let started = Instant::now();
    let mut hammers = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let url = format!("{base}/healthz");
        hammers.push(tokio::spawn(async move {
            let mut done = 0u64;
            while started.elapsed() < seconds {
                if client
                    .get(&url)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success())
                {
                    done += 1;
                }
            }
            done
        }));
    }
    let mut noop = 0u64;
    for hammer in hammers {
        noop += hammer.await?;
    }
    Ok((noop, started.elapsed()))
}

/// One agent: available, accepting every offer, noting when customers' messages arrive.
async fn agent_loop(
    client: reqwest::Client,
    base: String,
    token: String,
    arrived: Arrivals,
) -> anyhow::Result<()> {
    let response = client
        .get(format!("{base}/api/v1/me/events"))
        .bearer_auth(&token)
        .send()
        .await?
        .error_for_status()?;
    client
        .put(format!("{base}/api/v1/me/presence"))
        .bearer_auth(&token)
        .json(&PresenceChange {
            presence: Presence::Available,
        })
        .send()
        .await?
        .error_for_status()?;
    let mut events = eventsource_stream::EventStream::new(response.bytes_stream());
    while let Some(event) = events.next().await {
        let event = event?;
        let at = Instant::now();
        let Ok(event) = serde_json::from_str::<Seen>(&event.data) else {
            continue;
        };
        match (event.kind.as_str(), event.offer, event.message) {
            ("offer.created", Some(offer), _) => {
                let client = client.clone();
                let url = format!("{base}/api/v1/offers/{}/accept", offer.id);
                let token = token.clone();
                tokio::spawn(async move { client.post(url).bearer_auth(token).send().await });
            }
            ("message.created", _, Some(message)) if message.author == Party::Customer => {
                if let Some((customer, n)) = message.client_msg_id.as_deref().and_then(sent_as) {
                    arrived.lock().expect("arrivals").push((customer, n, at));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn the_ratio_reported_is_the_median_round_s() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[0.3]), 0.3);
        assert_eq!(median(&[0.31, 0.19, 0.24]), 0.24);
        assert_eq!(median(&[0.2, 0.3, 0.1, 0.4]), 0.25);
    }
}

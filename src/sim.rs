//! Simulated customers: they arrive, say why they came, answer the agent after a human pause,
//! and sometimes go quiet, leave, paste a card number or send hostile text. What they say is
//! data (`assets/sim.toml`); they use the customer API like any web page.

use std::collections::HashMap;
use std::time::Duration;

use futures::StreamExt;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::protocol::{ChatCreated, Event, EventBody, NewChat, NewMessage, Party};

pub mod agents;

const SCRIPT: &str = include_str!("../assets/sim.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    pub timing: Timing,
    pub behaviour: Behaviour,
    pub lines: Lines,
    #[serde(rename = "reaction", default)]
    pub reactions: Vec<Reaction>,
    pub details: HashMap<String, Vec<String>>,
    pub openings: HashMap<String, Vec<String>>,
    /// The simulated agents of `chatdesk demo --lead`.
    pub agents: agents::AgentScript,
}

/// What a customer says when the agent's message holds one of `when`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    pub when: Vec<String>,
    pub say: Vec<String>,
    #[serde(default)]
    pub leave: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    pub reply_min_secs: u64,
    pub reply_max_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    pub goes_silent: f64,
    pub leaves_early: f64,
    pub pastes_card: f64,
    pub sends_hostile_text: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lines {
    pub names: Vec<String>,
    pub replies: Vec<String>,
    pub card: String,
    pub hostile: String,
    pub goodbye: String,
}

impl Script {
    pub fn builtin() -> Script {
        toml::from_str(SCRIPT).expect("the built-in simulation script is valid")
    }
}

/// A small, seedable source of chance (xorshift); not for anything secret.
#[derive(Debug, Clone)]
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Dice {
        Dice(seed.max(1))
    }

    pub fn from_clock() -> Dice {
        Dice::new(jiff::Timestamp::now().as_nanosecond() as u64)
    }

    /// A new source of chance of its own, drawn from this one.
    pub fn split(&mut self) -> Dice {
        Dice::new(self.next())
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            return None;
        }
        items.get((self.next() % items.len() as u64) as usize)
    }

    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high.saturating_sub(low) + 1)
    }
}

/// How one simulated customer will behave, decided when they arrive.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub name: String,
    pub client_id: String,
    pub email: String,
    /// What they add about their problem when asked.
    pub detail: String,
    pub queue: String,
    pub opening: String,
    pub goes_silent: bool,
    pub leaves_early: bool,
    pub pastes_card: bool,
    pub sends_hostile_text: bool,
}

/// A simulated customer's e-mail address, from their first name in letters every mail relay
/// carries ("Tomás" gives tomas@example.com): the backend refuses any other, and the customer
/// would never arrive.
fn email_of(name: &str) -> String {
    let first = name.split(' ').next().unwrap_or_default();
    let local: String = first
        .nfd()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    match local.is_empty() {
        true => "customer@example.com".to_string(),
        false => format!("{local}@example.com"),
    }
}

impl Plan {
    pub fn draw(script: &Script, queues: &[String], dice: &mut Dice) -> Option<Plan> {
        let queue = dice.pick(queues)?.clone();
        let by_queue = |lines: &HashMap<String, Vec<String>>| {
            lines.get(&queue).or_else(|| lines.get("any")).cloned()
        };
        let openings = by_queue(&script.openings)?;
        let details = by_queue(&script.details)?;
        let name = dice.pick(&script.lines.names)?.clone();
        Some(Plan {
            email: email_of(&name),
            client_id: format!("C-{}", dice.between(1000, 9999)),
            detail: dice.pick(&details)?.clone(),
            name,
            opening: dice.pick(&openings)?.clone(),
            queue,
            goes_silent: dice.chance(script.behaviour.goes_silent),
            leaves_early: dice.chance(script.behaviour.leaves_early),
            pastes_card: dice.chance(script.behaviour.pastes_card),
            sends_hostile_text: dice.chance(script.behaviour.sends_hostile_text),
        })
    }
}

/// What a customer says back to the agent's `message`, and whether they then leave.
pub fn answer(script: &Script, plan: &Plan, message: &str, dice: &mut Dice) -> (String, bool) {
    let heard = message.to_lowercase();
    let reaction = script
        .reactions
        .iter()
        .find(|r| r.when.iter().any(|w| heard.contains(&w.to_lowercase())));
    let (line, leave) = match reaction.and_then(|r| Some((dice.pick(&r.say)?, r.leave))) {
        Some((line, leave)) => (line.clone(), leave),
        None => (
            dice.pick(&script.lines.replies)
                .cloned()
                .unwrap_or_default(),
            false,
        ),
    };
    let filled = line
        .replace("{name}", &plan.name)
        .replace("{client_id}", &plan.client_id)
        .replace("{email}", &plan.email)
        .replace("{detail}", &plan.detail);
    (filled, leave)
}

/// Customer `n`'s client: its requests say they come from an address of its own (198.18.x.y,
/// the range kept for benchmarks) through the loopback proxy the backend trusts by default, so
/// the backend's limits per client address count each simulated customer as the one person a
/// real customer is. From one address, the whole crowd was one client: past the first ten new
/// chats a minute, the rest were refused and never arrived.
fn customer_client(n: usize) -> reqwest::Client {
    let n = n % (256 * 254);
    let address = format!("198.18.{}.{}", n / 254, n % 254 + 1);
    let mut headers = reqwest::header::HeaderMap::new();
    if let Ok(value) = reqwest::header::HeaderValue::from_str(&address) {
        headers.insert("x-forwarded-for", value);
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap_or_default()
}

/// Sends `count` customers, one every `every`, to the backend at `base` (a demo's, on
/// loopback). Returns when the last has arrived; their conversations go on in the background.
pub async fn run(base: String, script: Script, count: usize, every: Duration, seed: u64) {
    let http = reqwest::Client::new();
    let queues: Vec<String> = match http.get(format!("{base}/api/v1/reasons")).send().await {
        Ok(r) => r
            .json::<Vec<crate::protocol::QueueInfo>>()
            .await
            .map(|q| q.into_iter().map(|q| q.id).collect())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let mut dice = Dice::new(seed);
    for i in 0..count {
        if i > 0 {
            tokio::time::sleep(every).await;
        }
        let Some(plan) = Plan::draw(&script, &queues, &mut dice) else {
            return;
        };
        let customer = Dice::new(dice.next());
        tokio::spawn(converse(
            customer_client(i),
            base.clone(),
            script.clone(),
            plan,
            customer,
        ));
    }
}

async fn say(http: &reqwest::Client, base: &str, chat: &ChatCreated, body: &str, n: usize) {
    let message = NewMessage {
        body: body.to_string(),
        client_msg_id: format!("sim-{n}"),
    };
    let sent = http
        .post(format!("{base}/api/v1/chats/{}/messages", chat.id))
        .bearer_auth(&chat.token)
        .json(&message)
        .send()
        .await;
    if let Err(e) = sent {
        tracing::debug!("a simulated customer could not send: {e}");
    }
}

/// Says `goodbye` and ends the chat.
async fn leave(http: &reqwest::Client, base: &str, chat: &ChatCreated, goodbye: &str, n: usize) {
    say(http, base, chat, goodbye, n).await;
    let _ = http
        .post(format!("{base}/api/v1/chats/{}/end", chat.id))
        .bearer_auth(&chat.token)
        .send()
        .await;
}

/// One customer's conversation.
async fn converse(http: reqwest::Client, base: String, script: Script, plan: Plan, mut dice: Dice) {
    let new = NewChat {
        name: plan.name.clone(),
        email: plan.email.clone(),
        reason: plan.queue.clone(),
        client_id: Some(plan.client_id.clone()),
    };
    let Ok(response) = http
        .post(format!("{base}/api/v1/chats"))
        .json(&new)
        .send()
        .await
    else {
        return;
    };
    let Ok(chat) = response.json::<ChatCreated>().await else {
        return;
    };
    let mut said = 0;
    say(&http, &base, &chat, &plan.opening, said).await;
    said += 1;
    let Ok(stream) = http
        .get(format!("{base}/api/v1/chats/{}/events", chat.id))
        .bearer_auth(&chat.token)
        .send()
        .await
    else {
        return;
    };
    let mut events = eventsource_stream::EventStream::new(stream.bytes_stream());
    let mut answered = 0;
    while let Some(Ok(raw)) = events.next().await {
        let Ok(event) = serde_json::from_str::<Event>(&raw.data) else {
            continue;
        };
        match event.body {
            EventBody::ChatEnded { .. } => return,
            EventBody::MessageCreated { message } if message.author == Party::Agent => {
                if plan.goes_silent && answered >= 1 {
                    continue;
                }
                let pause =
                    dice.between(script.timing.reply_min_secs, script.timing.reply_max_secs);
                tokio::time::sleep(Duration::from_secs(pause)).await;
                let line = if answered == 0 && plan.pastes_card {
                    script.lines.card.clone()
                } else if answered == 0 && plan.sends_hostile_text {
                    script.lines.hostile.clone()
                } else if plan.leaves_early && answered >= 2 {
                    return leave(&http, &base, &chat, &script.lines.goodbye, said).await;
                } else {
                    let (line, leaves) = answer(&script, &plan, &message.body, &mut dice);
                    if leaves {
                        return leave(&http, &base, &chat, &line, said).await;
                    }
                    line
                };
                say(&http, &base, &chat, &line, said).await;
                said += 1;
                answered += 1;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;

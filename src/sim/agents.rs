//! Simulated agents, for `chatdesk demo --lead`: a floor a lead can watch. Each goes available,
//! accepts what it is offered after a moment, greets, asks the customer to verify, answers,
//! sometimes asks to hold or escalates to the leads, asks whether there is anything else, and
//! wraps up. Some are slow, so customers wait past the reply SLA. What they say is data
//! (`assets/sim.toml`, `[agents]`); they use the agents' API like any console.

use std::collections::HashMap;
use std::time::Duration;

use futures::StreamExt;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;
use uuid::Uuid;

use super::Dice;
use crate::protocol::{ChatDetail, DispositionCodeInfo, Event, EventBody, NewMessage, Party};

/// How simulated agents behave and what they say.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentScript {
    pub names: Vec<String>,
    pub accept_min_secs: u64,
    pub accept_max_secs: u64,
    pub reply_min_secs: u64,
    pub reply_max_secs: u64,
    pub slow: f64,
    pub slow_reply_max_secs: u64,
    pub escalates: f64,
    pub holds: f64,
    pub answers_min: u64,
    pub answers_max: u64,
    pub wrap_up_secs: u64,
    pub silence_secs: u64,
    pub greeting: String,
    pub verify: String,
    pub replies: Vec<String>,
    pub hold: String,
    pub closing: String,
    pub notes: String,
    pub escalation: EscalationScript,
}

/// The escalation a simulated agent sends.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationScript {
    pub template: String,
    pub fields: HashMap<String, String>,
}

/// One simulated agent, signed in with `token`.
#[derive(Debug, Clone)]
pub struct Agent {
    pub name: String,
    pub token: String,
}

/// The API as one simulated agent.
#[derive(Clone)]
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn send(&self, method: reqwest::Method, path: &str, body: serde_json::Value) {
        let sent = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await;
        match sent {
            Ok(r) if !r.status().is_success() => {
                tracing::debug!("a simulated agent was refused {path}: {}", r.status());
            }
            Err(e) => tracing::debug!("a simulated agent could not reach {path}: {e}"),
            Ok(_) => {}
        }
    }

    async fn post(&self, path: &str, body: serde_json::Value) {
        self.send(reqwest::Method::POST, path, body).await;
    }

    async fn put(&self, path: &str, body: serde_json::Value) {
        self.send(reqwest::Method::PUT, path, body).await;
    }

    async fn say(&self, chat: Uuid, body: &str) {
        let message = NewMessage {
            body: body.to_string(),
            client_msg_id: Uuid::now_v7().to_string(),
        };
        let body = serde_json::to_value(message).unwrap_or_default();
        self.post(&format!("/api/v1/chats/{chat}/messages"), body)
            .await;
    }

    async fn available(&self) {
        self.put("/api/v1/me/presence", json!({ "presence": "available" }))
            .await;
    }
}

fn first_name(name: &str) -> &str {
    name.split(' ').next().unwrap_or(name)
}

fn fill(line: &str, customer: &str, agent: &str) -> String {
    line.replace("{name}", first_name(customer))
        .replace("{agent}", first_name(agent))
}

async fn pause(secs: u64) {
    tokio::time::sleep(Duration::from_secs(secs)).await;
}

/// Runs `agent` on the backend at `base` until the stream of its events ends.
pub async fn work(base: String, script: AgentScript, agent: Agent, seed: u64) {
    let api = Api {
        http: reqwest::Client::new(),
        base: base.clone(),
        token: agent.token.clone(),
    };
    let mut dice = Dice::new(seed);
    let slow = dice.chance(script.slow);
    let code = match api
        .http
        .get(format!("{base}/api/v1/dispositions"))
        .bearer_auth(&api.token)
        .send()
        .await
    {
        Ok(r) => r
            .json::<Vec<DispositionCodeInfo>>()
            .await
            .ok()
            .and_then(|codes| codes.first().map(|c| c.code.clone())),
        Err(_) => None,
    };
    let Ok(stream) = api
        .http
        .get(format!("{base}/api/v1/me/events"))
        .bearer_auth(&api.token)
        .send()
        .await
    else {
        return;
    };
    api.available().await;
    let mut events = eventsource_stream::EventStream::new(stream.bytes_stream());
    let mut chats: HashMap<Uuid, mpsc::UnboundedSender<String>> = HashMap::new();
    while let Some(Ok(raw)) = events.next().await {
        let Ok(event) = serde_json::from_str::<Event>(&raw.data) else {
            continue;
        };
        match event.body {
            EventBody::OfferCreated { offer } => {
                let wait = dice.between(script.accept_min_secs, script.accept_max_secs);
                let api = api.clone();
                tokio::spawn(async move {
                    pause(wait).await;
                    api.post(&format!("/api/v1/offers/{}/accept", offer.id), json!({}))
                        .await;
                });
            }
            EventBody::ChatAssigned { detail } => {
                let (tx, rx) = mpsc::unbounded_channel();
                chats.insert(detail.chat.id, tx);
                let chat = Chat {
                    api: api.clone(),
                    script: script.clone(),
                    agent: agent.name.clone(),
                    slow,
                    dice: dice.split(),
                };
                tokio::spawn(chat.run(*detail, rx));
            }
            EventBody::MessageCreated { message } if message.author == Party::Customer => {
                if let Some(tx) = chats.get(&message.chat_id) {
                    let _ = tx.send(message.body);
                }
            }
            EventBody::ChatEnded { .. } => {
                if let Some(id) = event.chat_id
                    && chats.remove(&id).is_some()
                {
                    let (api, notes, code) = (api.clone(), script.notes.clone(), code.clone());
                    let wrap_up = script.wrap_up_secs;
                    tokio::spawn(async move {
                        pause(wrap_up).await;
                        if let Some(code) = code {
                            api.put(
                                &format!("/api/v1/chats/{id}/disposition"),
                                json!({ "code": code, "notes": notes }),
                            )
                            .await;
                        }
                        api.available().await;
                    });
                }
            }
            _ => {}
        }
    }
}

/// One chat of a simulated agent.
struct Chat {
    api: Api,
    script: AgentScript,
    agent: String,
    slow: bool,
    dice: Dice,
}

impl Chat {
    fn reply_secs(&mut self) -> u64 {
        let most = if self.slow {
            self.script.slow_reply_max_secs
        } else {
            self.script.reply_max_secs
        };
        self.dice.between(self.script.reply_min_secs, most)
    }

    async fn run(mut self, detail: ChatDetail, mut heard: mpsc::UnboundedReceiver<String>) {
        let id = detail.chat.id;
        let customer = detail.chat.customer.name.clone();
        let client_id = detail.chat.customer.client_id.clone().unwrap_or_default();
        let say = |line: &str| fill(line, &customer, &self.agent);
        let (greeting, verify, hold, closing) = (
            say(&self.script.greeting),
            say(&self.script.verify),
            say(&self.script.hold),
            say(&self.script.closing),
        );
        let replies: Vec<String> = self.script.replies.iter().map(|r| say(r)).collect();
        let escalates = self.dice.chance(self.script.escalates);
        let holds = self.dice.chance(self.script.holds);
        let answers = self
            .dice
            .between(self.script.answers_min, self.script.answers_max);
        pause(self.dice.between(1, 4)).await;
        self.api.say(id, &greeting).await;
        let silence = Duration::from_secs(self.script.silence_secs);
        let mut turn = 0;
        loop {
            let Ok(Some(_said)) = tokio::time::timeout(silence, heard.recv()).await else {
                // Gone quiet (or the chat ended): end it, if it still runs.
                self.api
                    .post(&format!("/api/v1/chats/{id}/end"), json!({}))
                    .await;
                return;
            };
            turn += 1;
            pause(self.reply_secs()).await;
            if turn == 1 {
                self.api.say(id, &verify).await;
                continue;
            }
            if turn == 2 && escalates {
                let fields: Vec<serde_json::Value> = self
                    .script
                    .escalation
                    .fields
                    .iter()
                    .map(|(field, value)| {
                        json!({ "id": field, "value": value.replace("{client_id}", &client_id) })
                    })
                    .collect();
                self.api
                    .post(
                        &format!("/api/v1/chats/{id}/escalations"),
                        json!({ "template": self.script.escalation.template, "fields": fields }),
                    )
                    .await;
            }
            if turn == 2 && holds {
                self.api.say(id, &hold).await;
                pause(3).await;
                // The simulated customer takes the question as asked and agreed: the agent
                // says so, as the hold rule asks when no yes can be read in the chat.
                self.api
                    .put(
                        &format!("/api/v1/chats/{id}/hold"),
                        json!({ "on_hold": true, "customer_agreed": true }),
                    )
                    .await;
                pause(self.dice.between(8, 20)).await;
                self.api
                    .put(
                        &format!("/api/v1/chats/{id}/hold"),
                        json!({ "on_hold": false }),
                    )
                    .await;
            }
            if u64::try_from(turn).unwrap_or(u64::MAX) > answers {
                self.api.say(id, &closing).await;
            } else {
                let line = self.dice.pick(&replies).cloned().unwrap_or_default();
                self.api.say(id, &line).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dozen_agents_with_lines_for_every_step() {
        let script = super::super::Script::builtin().agents;
        assert_eq!(script.names.len(), 12);
        assert!(script.greeting.contains("{name}") && script.greeting.contains("{agent}"));
        assert_eq!(
            fill(&script.greeting, "Ana Lima", "Amara Osei"),
            "Hi Ana, thanks for contacting Acme Devices. I'm Amara, and I'll be looking after \
             you today. How can I help?"
        );
        assert!(!script.replies.is_empty());
        assert!(script.escalation.fields.contains_key("cid"));
    }
}

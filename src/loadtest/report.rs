//! The figures a load test reports.

use std::time::Duration;

use serde::Serialize;

use super::watch::{Observed, print_observed};

/// What a run measured.
#[derive(Debug, Serialize)]
pub struct Report {
    pub scenario: String,
    pub customers: usize,
    pub agents: usize,
    pub seconds: u64,
    pub messages_accepted: u64,
    pub messages_per_sec: f64,
    pub delivered: u64,
    pub not_delivered: u64,
    pub ack_to_delivery_p50_ms: f64,
    pub ack_to_delivery_p99_ms: f64,
    pub ack_to_delivery_max_ms: f64,
    pub send_to_ack_p50_ms: f64,
    pub send_to_ack_p99_ms: f64,
    pub send_to_delivery_p50_ms: f64,
    pub send_to_delivery_p99_ms: f64,
    /// Deliveries that reached the agent before the sender had its acknowledgement (the
    /// backend publishes right after the commit, before answering).
    pub delivered_before_ack: u64,
    pub noop_requests: u64,
    pub noop_requests_per_sec: f64,
    /// The median of `round_ratios`.
    pub message_rate_vs_noop: f64,
    /// Each round's message rate over its no-op rate, in order.
    pub round_ratios: Vec<f64>,
    /// Disk, memory and ordinary requests while the messages were sent.
    pub observed: Observed,
}

/// The `p`th percentile of sorted durations, in milliseconds.
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

pub fn print_report(r: &Report) {
    println!(
        "chatdesk load test ({}): {} customers, {} agents, {} s per phase",
        r.scenario, r.customers, r.agents, r.seconds
    );
    println!(
        "  messages accepted        {:>10}  ({:.0}/s)",
        r.messages_accepted, r.messages_per_sec
    );
    println!(
        "  send → acknowledgement   p50 {:>7.2} ms   p99 {:>7.2} ms",
        r.send_to_ack_p50_ms, r.send_to_ack_p99_ms
    );
    println!(
        "  ack → agent's stream     p50 {:>7.2} ms   p99 {:>7.2} ms   max {:.2} ms",
        r.ack_to_delivery_p50_ms, r.ack_to_delivery_p99_ms, r.ack_to_delivery_max_ms
    );
    println!(
        "  send → agent's stream    p50 {:>7.2} ms   p99 {:>7.2} ms   ({} arrived before their ack)",
        r.send_to_delivery_p50_ms, r.send_to_delivery_p99_ms, r.delivered_before_ack
    );
    println!(
        "  delivered                {:>10}  (not delivered: {})",
        r.delivered, r.not_delivered
    );
    if r.noop_requests > 0 {
        println!(
            "  no-op route (/healthz)   {:>10}  ({:.0}/s)",
            r.noop_requests, r.noop_requests_per_sec
        );
    }
    if r.noop_requests > 0 {
        let rounds: Vec<String> = r.round_ratios.iter().map(|x| format!("{x:.2}")).collect();
        println!(
            "  message rate / no-op     {:>10.2}  (median of {} rounds: {})",
            r.message_rate_vs_noop,
            rounds.len(),
            rounds.join(" ")
        );
    }
    print_observed(&r.observed, Some(r.messages_accepted));
}

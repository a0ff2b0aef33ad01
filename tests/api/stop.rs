//! `chatdesk serve` stops on Ctrl-C even when a client has gone quiet half-way through a
//! request: open connections get a few seconds, then they are closed and the data is flushed.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn a_client_that_stopped_half_way_does_not_hold_up_the_stop() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(common::BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("CHATDESK_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chatdesk serve starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first
        .strip_prefix("chatdesk backend listening on http://")
        .unwrap_or_else(|| panic!("unexpected {first:?}"))
        .to_string();

    // Half a request, and then nothing: the connection stays open all through the stop.
    let mut quiet = TcpStream::connect(&addr).unwrap();
    quiet
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: example.com\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));

    let status = common::stop_with_ctrl_c(&mut child, "chatdesk serve");
    assert!(status.success(), "stopped cleanly: {status}");
    drop(quiet);
}

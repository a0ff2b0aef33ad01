// The customer's chat page. Everything from the server is put on the page as text, never as
// HTML. What the customer types is kept in this browser until the server has stored it, with
// card numbers masked (cards.js, served before this file): none is sent or kept whole.
"use strict";

const $ = (id) => document.getElementById(id);
const saved = JSON.parse(sessionStorage.getItem("chatdesk.chat") || "null");
let chat = saved; // { id, token }
let pending = JSON.parse(localStorage.getItem("chatdesk.pending") || "[]")
  .map((item) => ({ ...item, body: maskCards(item.body).text }));
const seen = new Set();
let agentName = null;
let ended = false;
// An end the customer asked for that has not reached the server yet (kept across reloads).
let ending = Boolean(chat) && localStorage.getItem("chatdesk.ending") === chat.id;

function say(text) { $("status").textContent = text; }

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

function addLine(kind, who, body, id, at) {
  const li = document.createElement("li");
  li.className = kind;
  if (id) li.dataset.id = id;
  const name = document.createElement("span");
  name.className = "who";
  name.textContent = who;
  if (at) {
    const time = document.createElement("time");
    time.dateTime = at;
    time.textContent = clock.format(new Date(at));
    // A space, so the name and the time are read as two words ("Dana Reyes 20:41").
    name.append(" ", time);
  }
  li.appendChild(name);
  li.appendChild(document.createTextNode(body));
  $("transcript").appendChild(li);
  toTheEnd();
  return li;
}

// The newest line, the composer and any notice below it in view together: the page's end. (A
// line scrolled to the bottom edge hid the composer, and the sticky notice then covered the line.)
function toTheEnd() { window.scrollTo({ top: document.documentElement.scrollHeight }); }

// The notice that the backend cannot be reached; shown, it sits at the page's end, by the composer,
// and stays on screen when the customer scrolls up. It also says what the customer asked for
// meanwhile that has not happened (`notDone`): not in the header, a long conversation away.
function outOfReach(yes) {
  const notice = $("offline");
  if (!yes) $("download-failed").hidden = true;
  if (notice.hidden === !yes) return;
  notice.hidden = !yes;
  if (yes) toTheEnd();
}

// `what` (the end waiting to be sent, the transcript not downloaded) said in the notice, or not.
function notDone(what, yes) {
  $(what).hidden = !yes;
  if (yes) outOfReach(true);
}

// What waits to be sent, as the last lines of the transcript. Left alone while it is already shown
// that way: a retry every few seconds must not re-announce it (the transcript is a live region)
// nor pull a customer who scrolled up back to the end.
function showPending() {
  const list = $("transcript");
  const shown = [...list.querySelectorAll("li.pending")];
  const tail = [...list.children].slice(list.children.length - shown.length);
  const current = shown.length === pending.length
    && shown.every((li, i) => li === tail[i] && li.dataset.id === pending[i].client_msg_id);
  if (current) return;
  shown.forEach((li) => li.remove());
  for (const item of pending) addLine("customer pending", "You (sending…)", item.body, item.client_msg_id);
}

function savePending() { localStorage.setItem("chatdesk.pending", JSON.stringify(pending)); }

async function loadReasons() {
  const response = await fetch("/api/v1/reasons");
  const reasons = await response.json();
  for (const reason of reasons) {
    const option = document.createElement("option");
    option.value = reason.id;
    option.textContent = reason.name;
    $("reason").appendChild(option);
  }
}

async function start(event) {
  event.preventDefault();
  $("start-error").hidden = true;
  const body = {
    name: $("name").value, email: $("email").value, reason: $("reason").value,
    client_id: $("client_id").value || undefined,
  };
  try {
    const response = await fetch("/api/v1/chats", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.detail || "The chat could not be started.");
    chat = { id: answer.id, token: answer.token };
    sessionStorage.setItem("chatdesk.chat", JSON.stringify(chat));
    sessionStorage.setItem("chatdesk.customer", JSON.stringify({ name: body.name, email: body.email, client_id: body.client_id }));
    open();
  } catch (error) {
    $("start-error").textContent = error.message;
    $("start-error").hidden = false;
  }
}

function onEvent(raw) {
  const event = JSON.parse(raw.data);
  switch (event.type) {
    case "chat.queued":
    case "queue.position":
      if (!agentName && !ended) say(`You are number ${event.position} in line. An agent will be with you soon.`);
      break;
    case "agent.joined":
      agentName = event.agent_name;
      say(`You're chatting with ${agentName}.`);
      break;
    case "message.created": {
      const m = event.message;
      if (seen.has(m.seq)) break;
      seen.add(m.seq);
      // The backend keeps a client id as it keeps any text, masked if it reads as a card number.
      pending = pending.filter((p) => maskCards(p.client_msg_id).text !== m.client_msg_id);
      savePending();
      addLine(m.author, signature(m), m.body, undefined, m.at);
      showPending();
      break;
    }
    case "chat.ended":
      ended = true;
      say(event.cause === "page_closed"
        ? "This chat ended because the page was closed before anyone could answer. We have your details and will be in touch; you are welcome to start a new chat."
        : {
          customer: "You ended the chat. Thank you!",
          agent: "The agent ended the chat. Thank you for contacting us!",
          system: "The chat has ended. You are welcome to start a new one any time.",
        }[event.by] || "The chat has ended.");
      addLine("system", "", "The chat has ended.");
      ending = false;
      localStorage.removeItem("chatdesk.ending");
      notDone("end-waiting", false);
      $("message").disabled = true;
      $("send").disabled = true;
      $("end").hidden = true;
      $("again").hidden = false;
      $("again").focus();
      break;
  }
}

function open() {
  $("start").hidden = true;
  $("chat").hidden = false;
  $("message").value = localStorage.getItem(`chatdesk.draft.${chat.id}`) || "";
  warnOfCards();
  follow();
  showPending();
  flush();
  $("message").focus();
}

// The id of the last event read from the chat's stream, to follow it again from there.
let lastEventId = "";

// Follows the chat's events. The browser sends the chat's cookie, and after a dropped connection
// EventSource reconnects by itself with Last-Event-ID; but an answer that is not the stream (a
// proxy's 502 while the backend restarts) makes it give up for good, so the page starts again.
function follow() {
  const after = lastEventId ? `?after=${encodeURIComponent(lastEventId)}` : "";
  const events = new EventSource(`/api/v1/chats/${chat.id}/events${after}`);
  const read = (raw) => {
    if (raw.lastEventId) lastEventId = raw.lastEventId;
    onEvent(raw);
  };
  for (const type of ["chat.queued", "queue.position", "agent.joined", "message.created", "chat.ended"]) {
    events.addEventListener(type, read);
  }
  events.onopen = () => { outOfReach(false); flush(); };
  events.onerror = () => {
    if (ended) return;
    outOfReach(true);
    if (events.readyState === EventSource.CLOSED) setTimeout(follow, 2000);
  };
}

let flushing = false;
async function flush() {
  if (flushing || !chat) return;
  flushing = true;
  try {
    while (pending.length > 0) {
      const item = pending[0];
      const response = await fetch(`/api/v1/chats/${chat.id}/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Authorization": `Bearer ${chat.token}` },
        body: JSON.stringify(item),
      });
      if (response.status >= 500) throw new Error("server unavailable");
      if (response.status === 429) {
        // Too fast: nothing was stored. Keep the message and send it again after the wait.
        const problem = await response.json().catch(() => ({}));
        const wait = Math.max(1, Number(response.headers.get("Retry-After")) || 5);
        // By the composer, where no place-in-line update can write over it.
        $("slow").textContent = problem.detail || "Sending too fast; your message will go in a moment.";
        $("slow").hidden = false;
        setTimeout(flush, wait * 1000);
        return;
      }
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        addLine("system", "", `Not sent: ${problem.detail || response.statusText}`);
      }
      // By itself, not by place: its event may have arrived before this answer and taken it off
      // already, and the first in line is then the next message, still to be sent.
      pending = pending.filter((p) => p !== item);
      savePending();
      $("slow").hidden = true;
    }
    if (ending) await sendEnd();
    outOfReach(false);
  } catch (error) {
    outOfReach(true);
    setTimeout(flush, 2000);
  } finally {
    flushing = false;
    showPending();
  }
}

function send(event) {
  event.preventDefault();
  const body = maskCards($("message").value).text;
  if (!body.trim() || ended) return;
  pending.push({ body, client_msg_id: crypto.randomUUID() });
  savePending();
  $("message").value = "";
  localStorage.removeItem(`chatdesk.draft.${chat.id}`);
  warnOfCards();
  showPending();
  flush();
}

// A card number in the composer is pointed out at once, before anything is sent.
function warnOfCards() { $("card-warning").hidden = !hasCard($("message").value); }

// The team the customer talks to, as the page's heading names it (policy.toml's [team]).
const TEAM = document.getElementById("team").textContent;

// Who wrote a message, as the customer reads it: themselves, the agent by name, or the team.
function signature(m) {
  if (m.author === "customer") return "You";
  if (m.author === "agent") return m.author_name;
  return TEAM;
}

// Asks the server to end the chat; while it cannot be reached the end is kept and sent again
// with everything else (flush), and the customer is told it has not happened yet.
async function sendEnd() {
  const response = await fetch(`/api/v1/chats/${chat.id}/end`, { method: "POST", headers: { "Authorization": `Bearer ${chat.token}` } });
  if (response.status >= 500) throw new Error("server unavailable");
  ending = false;
  localStorage.removeItem("chatdesk.ending");
  notDone("end-waiting", false);
}

async function end() {
  if (ended || !confirm("End this chat?")) return;
  ending = true;
  localStorage.setItem("chatdesk.ending", chat.id);
  try {
    await sendEnd();
  } catch (error) {
    notDone("end-waiting", true);
    setTimeout(flush, 2000);
  }
}

async function download() {
  let messages;
  try {
    const response = await fetch(`/api/v1/chats/${chat.id}/messages`, { headers: { "Authorization": `Bearer ${chat.token}` } });
    if (!response.ok) throw new Error(response.statusText);
    messages = await response.json();
  } catch (error) {
    notDone("download-failed", true);
    return;
  }
  notDone("download-failed", false);
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const header = [
    `Chat with ${TEAM}`,
    messages.length ? `Started: ${when.format(new Date(messages[0].at))} (${zone})` : "",
    "",
  ];
  const lines = messages.map((m) => `[${when.format(new Date(m.at))}] ${signature(m)}: ${m.body}`);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([header.concat(lines).join("\n") + "\n"], { type: "text/plain" }));
  link.download = `chat-${chat.id}.txt`;
  link.click();
}

$("start").addEventListener("submit", start);
$("composer").addEventListener("submit", send);
$("message").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey) send(e);
});
$("message").addEventListener("input", () => {
  warnOfCards();
  if (chat) localStorage.setItem(`chatdesk.draft.${chat.id}`, maskCards($("message").value).text);
});
$("end").addEventListener("click", end);
// A new chat: the form again, with what the customer gave last time.
$("again").addEventListener("click", () => {
  sessionStorage.removeItem("chatdesk.chat");
  location.reload();
});
const known = JSON.parse(sessionStorage.getItem("chatdesk.customer") || "null");
if (known) {
  $("name").value = known.name || "";
  $("email").value = known.email || "";
  $("client_id").value = known.client_id || "";
}
$("download").addEventListener("click", download);
loadReasons().catch(() => { outOfReach(true); });
if (chat) open();

// A customer uses the chat page in headless Chromium against a real backend (started by
// tests/web.rs): fills the form, writes, reads the agent's reply live, ends the chat. The agent
// side goes through the agent API; the team's nudge is signed with the team's name; the downloaded
// transcript has a header and the customer's local times. Exits non-zero with a reason on the
// first failure.
import { readFileSync } from "node:fs";
import { agentApi, checkAccessibility, launch } from "./browser.mjs";

const base = process.env.CHATDESK_BASE;
const agentToken = process.env.CHATDESK_AGENT_TOKEN;
const screenshot = process.env.CHATDESK_SCREENSHOT;

const agent = agentApi(base, agentToken);

const browser = await launch();
try {
  // A customer in Chicago: the downloaded transcript's times are hers, not the server's.
  const zone = "America/Chicago";
  const page = await browser.newPage({ viewport: { width: 320, height: 720 }, timezoneId: zone, locale: "en-US", acceptDownloads: true });
  const outside = [];
  page.on("request", (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
  page.on("dialog", (d) => d.accept());
  await page.goto(base);
  await checkAccessibility(page, "the form");

  // The form, by its labels (keyboard and screen readers find the same fields).
  await page.getByLabel("Your name").fill("Ana Lima");
  await page.getByLabel("E-mail").fill("ana@example.com");
  await page.getByLabel("What is it about?").selectOption("billing");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByText("You are number 1 in line").waitFor();
  await checkAccessibility(page, "in line");

  // The customer writes; the message shows once stored.
  await page.getByLabel("Your message").fill("Hello, my invoice shows the wrong plan.");
  await page.keyboard.press("Enter");
  await page.locator("#transcript li.customer:not(.pending)", { hasText: "wrong plan" }).waitFor();

  // An agent takes the chat and answers through the agent API, with hostile markup.
  const queues = await agent("GET", "/api/v1/queues");
  const waiting = queues.flatMap((q) => q.chats).find((c) => c.customer_name === "Ana Lima");
  await agent("POST", `/api/v1/chats/${waiting.chat_id}/pickup`);
  await page.getByText("You're chatting with").waitFor();
  const reply = "Hi Ana <img src=x onerror=alert(1)> I'll fix the plan.";
  await agent("POST", `/api/v1/chats/${waiting.chat_id}/messages`, { body: reply, client_msg_id: "a-1" });
  await page.locator("#transcript li.agent", { hasText: "I'll fix the plan." }).waitFor();
  const shown = await page.locator("#transcript li.agent").last().innerText();
  if (!shown.includes("<img src=x onerror=alert(1)>")) throw new Error(`agent text not shown as text: ${shown}`);
  if (await page.locator("#transcript img").count() !== 0) throw new Error("agent text became HTML");

  // The team writes too (the backend's nudge after a short silence): signed with the team's
  // name, never the queue's.
  const nudge = page.locator("#transcript li.system", { hasText: "are you still there?" });
  await nudge.waitFor({ timeout: 15000 });
  const signed = await nudge.locator(".who").innerText();
  if (!signed.startsWith("Acme Devices support")) throw new Error(`team message signed: ${signed}`);
  if (/billing/i.test(signed)) throw new Error(`signed with the queue: ${signed}`);
  // Read aloud, the name and the time are two words, not "support20:41".
  const heard = await nudge.locator(".who").textContent();
  if (!/^Acme Devices support \d/.test(heard)) throw new Error(`name and time run together: ${heard}`);

  // The downloaded transcript: a header, then each line at the customer's local time.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download transcript" }).click(),
  ]);
  const text = readFileSync(await download.path(), "utf8");
  const lines = text.split("\n");
  if (lines[0] !== "Chat with Acme Devices support") throw new Error(`transcript header: ${text}`);
  if (!lines[1].startsWith("Started: ") || !lines[1].endsWith(`(${zone})`)) throw new Error(`transcript start: ${text}`);
  const stored = await agent("GET", `/api/v1/chats/${waiting.chat_id}/messages`);
  const answer = stored.find((m) => m.client_msg_id === "a-1");
  const local = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: zone })
    .format(new Date(answer.at));
  if (!text.includes(`[${local}] ${answer.author_name}: Hi Ana`)) throw new Error(`no local time ${local} in: ${text}`);
  if (!text.includes("] Acme Devices support: Hello Ana, are you still there?")) throw new Error(`team line: ${text}`);

  await checkAccessibility(page, "chatting");
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

  // The customer ends the chat.
  await page.getByRole("button", { name: "End chat" }).click();
  await page.getByText("You ended the chat").waitFor();
  await checkAccessibility(page, "ended");
  const chat = await agent("GET", `/api/v1/chats/${waiting.chat_id}`);
  if (chat.state !== "ended" || chat.ended_by !== "customer") throw new Error(`chat not ended: ${JSON.stringify(chat)}`);
  if (outside.length) throw new Error(`the page asked for outside resources: ${outside.join(", ")}`);
  console.log("customer page: ok");
} finally {
  await browser.close();
}

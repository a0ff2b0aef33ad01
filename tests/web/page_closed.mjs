// A customer's page and missed chats, in headless Chromium against a real backend started by
// tests/web.rs with `[missed] page_gone_after_secs` set short: a reload while waiting changes
// nothing; closing the page records one missed chat "closed the page". Exits non-zero with a
// reason on the first failure.
import { checkAccessibility, launch } from "./browser.mjs";

const base = process.env.CHATDESK_BASE;
const agentToken = process.env.CHATDESK_AGENT_TOKEN;
const graceSecs = Number(process.env.CHATDESK_GRACE_SECS);

async function agent(method, path) {
  const response = await fetch(`${base}${path}`, { method, headers: { "Authorization": `Bearer ${agentToken}` } });
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${await response.text()}`);
  return response.json();
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const waitingNamed = async (name) =>
  (await agent("GET", "/api/v1/queues")).flatMap((q) => q.chats).find((c) => c.customer_name === name);

const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("dialog", (d) => d.accept());
  await page.goto(base);
  await page.getByLabel("Your name").fill("Bea Quinn");
  await page.getByLabel("E-mail").fill("bea@example.com");
  await page.getByLabel("What is it about?").selectOption("billing");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByText("You are number 1 in line").waitFor();
  await page.getByLabel("Your message").fill("Is anyone there? My invoice is wrong.");
  await page.keyboard.press("Enter");
  await page.locator("#transcript li.customer:not(.pending)", { hasText: "invoice is wrong" }).waitFor();

  // A reload comes back to the same chat, still in line, and longer than the grace later the
  // chat is still waiting and nothing is missed.
  await page.reload();
  await page.locator("#transcript li.customer", { hasText: "invoice is wrong" }).waitFor();
  await checkAccessibility(page, "reloaded in line");
  await sleep((graceSecs + 3) * 1000);
  const still = await waitingNamed("Bea Quinn");
  if (!still) throw new Error("the chat left the queue after a reload");
  const missedAfterReload = await agent("GET", "/api/v1/missed");
  if (missedAfterReload.length !== 0) throw new Error(`a reload made a missed chat: ${JSON.stringify(missedAfterReload)}`);

  // Closing the page: once the grace has passed the chat has ended and is missed.
  const saved = await page.evaluate(() => sessionStorage.getItem("chatdesk.chat"));
  await page.close();
  let missed = [];
  for (let waited = 0; waited < 60 && missed.length === 0; waited++) {
    await sleep(1000);
    missed = await agent("GET", "/api/v1/missed");
  }
  if (missed.length !== 1) throw new Error(`expected one missed chat, got ${JSON.stringify(missed)}`);
  const [one] = missed;
  if (one.chat_id !== still.chat_id || one.why !== "page_closed" || one.customer_email !== "bea@example.com"
      || !String(one.first_message).includes("invoice is wrong")) {
    throw new Error(`the missed chat is not Bea's closed page: ${JSON.stringify(one)}`);
  }
  if (await waitingNamed("Bea Quinn")) throw new Error("the closed page's chat is still in the queue");
  // Coming back to it (the same browser, the chat restored), the customer reads why it ended.
  const back = await context.newPage();
  await back.addInitScript((chat) => sessionStorage.setItem("chatdesk.chat", chat), saved);
  await back.goto(base);
  await back.getByText("the page was closed before anyone could answer").waitFor();
  await back.getByRole("button", { name: "Start a new chat" }).waitFor();
  await checkAccessibility(back, "ended, the page was closed");
  console.log(`page closed: ok (missed ${one.waited_secs} s after the chat started)`);
} finally {
  await browser.close();
}

// The page when the backend cannot be reached, in headless Chromium against a real backend
// (started by tests/web.rs): the notice shows by the composer even in a long conversation, an
// End pressed meanwhile is kept and done once the backend is back, and the page says on screen
// that it has not happened yet; a transcript download says on screen that it failed; what is written meanwhile shows as sending, in view and not under the notice;
// messages carry their time; after the end, Send is disabled and focus goes to
// "Start a new chat". Exits non-zero with a reason on the first failure.
import { agentApi, checkAccessibility, launch } from "./browser.mjs";

const base = process.env.CHATDESK_BASE;
const agentToken = process.env.CHATDESK_AGENT_TOKEN;

const agent = agentApi(base, agentToken);

function check(ok, what) { if (!ok) throw new Error(what); }

// `what` (a locator) shows within the 640 px the customer sees.
async function onScreen(locator, what) {
  await locator.waitFor();
  const box = await locator.boundingBox();
  check(box && box.y >= 0 && box.y + box.height <= 640, `${what} is not on screen: ${JSON.stringify(box)}`);
}

const icon = await fetch(`${base}/favicon.ico`);
check(icon.ok && icon.headers.get("content-type") === "image/svg+xml", `favicon: ${icon.status}`);

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  page.on("dialog", (d) => d.accept());
  await page.goto(base);
  await page.getByLabel("Your name").fill("Bo Chen");
  await page.getByLabel("E-mail").fill("bo.chen@example.com");
  await page.getByLabel("What is it about?").selectOption("billing");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByText("You are number 1 in line").waitFor();
  const queues = await agent("GET", "/api/v1/queues");
  const waiting = queues.flatMap((q) => q.chats).find((c) => c.customer_name === "Bo Chen");
  await agent("POST", `/api/v1/chats/${waiting.chat_id}/pickup`);

  // A long conversation: the page scrolls far below its header.
  for (let i = 0; i < 30; i++) {
    await agent("POST", `/api/v1/chats/${waiting.chat_id}/messages`, {
      body: `Line ${i} of a long answer about your invoice.`, client_msg_id: `a-${i}`,
    });
  }
  await page.locator("#transcript li.agent", { hasText: "Line 29 of" }).waitFor();
  const time = await page.locator("#transcript li.agent time").last().getAttribute("datetime");
  check(time && !Number.isNaN(Date.parse(time)), `messages carry their time: ${time}`);

  // The backend goes out of reach. What did not happen is said on screen, by the buttons the
  // customer pressed (the header is a long way up the page by now).
  await context.setOffline(true);
  await page.getByRole("button", { name: "Download transcript" }).click();
  await onScreen(page.getByText("The transcript could not be downloaded"), "the failed download");
  await page.getByRole("button", { name: "End chat" }).click();
  await onScreen(page.getByText("The chat has not ended yet"), "the end not done yet");
  const notice = page.locator("#offline");
  await notice.waitFor({ state: "visible" });
  const box = await notice.boundingBox();
  const composer = await page.locator("#message").boundingBox();
  check(box && box.y >= 0 && box.y + box.height <= 640, `the notice is on screen: ${JSON.stringify(box)}`);
  check(Math.abs(box.y - composer.y) < 400, `the notice is by the composer: ${box.y} vs ${composer.y}`);
  // What the customer writes meanwhile waits in a pending bubble ("sending").
  await page.getByLabel("Your message").fill("Are you still there?");
  await page.keyboard.press("Enter");
  const bubble = page.locator("#transcript li.pending", { hasText: "still there" });
  await bubble.waitFor();
  // The page retries every 2 s; the bubble stays the same line through a retry (not removed and
  // added again, which a screen reader would announce each time).
  await bubble.evaluate((li) => { li.dataset.first = "yes"; });
  await page.waitForTimeout(4500);
  check(await page.locator("#transcript li.pending[data-first=yes]").count() === 1,
    "the sending bubble is not redrawn by a retry");
  const [sending, told] = [await bubble.boundingBox(), await notice.boundingBox()];
  check(sending.y + sending.height <= told.y && sending.y >= 0,
    `the sending bubble is in view, not under the notice: ${JSON.stringify([sending, told])}`);
  await checkAccessibility(page, "offline, sending");
  let chat = await agent("GET", `/api/v1/chats/${waiting.chat_id}`);
  check(chat.state === "active", "nothing ended while out of reach");

  // Back in reach: the end goes through by itself.
  await context.setOffline(false);
  await page.getByText("You ended the chat").waitFor({ timeout: 15000 });
  chat = await agent("GET", `/api/v1/chats/${waiting.chat_id}`);
  check(chat.state === "ended" && chat.ended_by === "customer", `ended: ${JSON.stringify(chat)}`);
  check(await page.locator("#send").isDisabled(), "Send is disabled after the end");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  check(focused === "again", `focus after the end: ${focused}`);
  await checkAccessibility(page, "ended after the outage");
  console.log("page offline: ok");
} finally {
  await browser.close();
}

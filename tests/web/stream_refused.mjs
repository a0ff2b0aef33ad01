// The page's live stream answered with an error page instead of the stream (a proxy's 502 while
// the backend restarts), in headless Chromium against a real backend started by tests/web.rs.
// A browser's EventSource gives up for good on such an answer; the page must not: it says it
// cannot reach the service meanwhile, then follows the chat again by itself and shows what was
// written while the stream was refused. Exits non-zero with a reason on the first failure.
import { agentApi, checkAccessibility, launch } from "./browser.mjs";

const base = process.env.CHATDESK_BASE;
const agentToken = process.env.CHATDESK_AGENT_TOKEN;

const agent = agentApi(base, agentToken);

function check(ok, what) { if (!ok) throw new Error(what); }

const browser = await launch();
try {
  const page = await browser.newPage();
  page.on("dialog", (d) => d.accept());
  // Every request for the stream meets the proxy's error page until the backend is "back".
  let refused = 0;
  await page.route("**/api/v1/chats/*/events*", (route) => {
    refused += 1;
    return route.fulfill({ status: 502, contentType: "text/html", body: "<h1>502 Bad Gateway</h1>" });
  });
  await page.goto(base);
  await page.getByLabel("Your name").fill("Eli Park");
  await page.getByLabel("E-mail").fill("eli@example.com");
  await page.getByLabel("What is it about?").selectOption("billing");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.locator("#offline").waitFor({ state: "visible" });
  check(refused >= 1, "the stream was asked for");
  await checkAccessibility(page, "stream refused");

  // Meanwhile an agent takes the chat and answers; then the stream is served again.
  const queues = await agent("GET", "/api/v1/queues");
  const waiting = queues.flatMap((q) => q.chats).find((c) => c.customer_name === "Eli Park");
  await agent("POST", `/api/v1/chats/${waiting.chat_id}/pickup`);
  await agent("POST", `/api/v1/chats/${waiting.chat_id}/messages`, { body: "Hello Eli, sorry for the wait.", client_msg_id: "a-1" });
  await page.unroute("**/api/v1/chats/*/events*");

  await page.getByText("You're chatting with").waitFor({ timeout: 15000 });
  await page.locator("#transcript li.agent", { hasText: "sorry for the wait" }).waitFor();
  await page.locator("#offline").waitFor({ state: "hidden" });
  // And it goes on live.
  await agent("POST", `/api/v1/chats/${waiting.chat_id}/messages`, { body: "Now, about your invoice.", client_msg_id: "a-2" });
  await page.locator("#transcript li.agent", { hasText: "about your invoice" }).waitFor();
  check(await page.locator("#transcript li.agent").count() === 2, "each message shows once");
  await checkAccessibility(page, "stream back");
  console.log("stream refused: ok");
} finally {
  await browser.close();
}

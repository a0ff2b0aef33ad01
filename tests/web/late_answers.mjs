// A customer whose sends are answered late (a slow network): each message's own event can reach
// the page before the answer to its send. Three messages typed at once are all stored, once
// each, in order; none is taken for another. Headless Chromium against a real backend started
// by tests/web.rs.
import { launch } from "./browser.mjs";

const base = process.env.CHATDESK_BASE;

const browser = await launch();
try {
  const page = await browser.newPage();
  // Every answer to a send reaches the page 700 ms late; the event stream is not delayed.
  await page.route("**/api/v1/chats/*/messages", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.fulfill({ response });
  });
  await page.goto(base);
  await page.getByLabel("Your name").fill("Ines Duarte");
  await page.getByLabel("E-mail").fill("ines@example.com");
  await page.getByLabel("What is it about?").selectOption("billing");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByText("You are number 1 in line").waitFor();
  const expected = ["First question", "Second question", "Third question"];
  for (const text of expected) {
    await page.getByLabel("Your message").fill(text);
    await page.getByLabel("Your message").press("Enter");
  }
  const chat = JSON.parse(await page.evaluate(() => sessionStorage.getItem("chatdesk.chat")));
  let bodies = [];
  for (let tries = 0; tries < 100 && bodies.length < 3; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const response = await fetch(`${base}/api/v1/chats/${chat.id}/messages`, {
      headers: { "Authorization": `Bearer ${chat.token}` },
    });
    bodies = (await response.json()).map((m) => m.body);
  }
  // Give a wrongly dropped or doubled message time to show.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const response = await fetch(`${base}/api/v1/chats/${chat.id}/messages`, {
    headers: { "Authorization": `Bearer ${chat.token}` },
  });
  bodies = (await response.json()).map((m) => m.body);
  if (JSON.stringify(bodies) !== JSON.stringify(expected)) {
    throw new Error(`stored ${JSON.stringify(bodies)}`);
  }
  await page.locator("#transcript li.pending").first().waitFor({ state: "detached" });
  console.log("late answers: ok");
} finally {
  await browser.close();
}

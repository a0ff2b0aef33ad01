// A customer who sends faster than the backend's limit, in headless Chromium against a real
// backend started by tests/web.rs with a small `customer_messages_burst`: the page says so,
// keeps the refused message, and sends it once the wait is over; nothing is lost or doubled.
import { checkAccessibility, launch } from "./browser.mjs";

const base = process.env.CHATDESK_BASE;

const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(base);
  await page.getByLabel("Your name").fill("Ines Duarte");
  await page.getByLabel("E-mail").fill("ines@example.com");
  await page.getByLabel("What is it about?").selectOption("billing");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByText("You are number 1 in line").waitFor();
  for (const text of ["First question", "Second question", "Third question"]) {
    await page.getByLabel("Your message").fill(text);
    await page.getByLabel("Your message").press("Enter");
  }
  await page.getByText("faster than the team can read them").waitFor();
  await page.locator("#transcript li.pending", { hasText: "Third question" }).waitFor();
  await checkAccessibility(page, "too fast, sending");
  // The third is kept (shown as pending) and goes out by itself after the wait.
  const chat = JSON.parse(await page.evaluate(() => sessionStorage.getItem("chatdesk.chat")));
  const expected = ["First question", "Second question", "Third question"];
  let bodies = [];
  for (let tries = 0; tries < 150 && bodies.length < 3; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const response = await fetch(`${base}/api/v1/chats/${chat.id}/messages`, {
      headers: { "Authorization": `Bearer ${chat.token}` },
    });
    bodies = (await response.json()).map((m) => m.body);
  }
  if (JSON.stringify(bodies) !== JSON.stringify(expected)) {
    throw new Error(`stored ${JSON.stringify(bodies)}`);
  }
  console.log("too fast: ok");
} finally {
  await browser.close();
}

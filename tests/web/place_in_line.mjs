// A waiting customer watches their place in line move, in headless Chromium against a real
// backend started by tests/web.rs: someone ahead gives up, and the page says so within a
// second or two (the place is a hint on the event stream, not a stored event); a reload shows
// the current place again.
import { checkAccessibility, launch } from "./browser.mjs";

const base = process.env.CHATDESK_BASE;

const browser = await launch();
try {
  // Two customers are already waiting.
  const ahead = [];
  for (const name of ["Ana Lima", "Ben Okafor"]) {
    const response = await fetch(`${base}/api/v1/chats`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name, email: "waiting@example.com", reason: "billing" }),
    });
    ahead.push(await response.json());
  }
  const page = await browser.newPage();
  await page.goto(base);
  await page.getByLabel("Your name").fill("Cara Silva");
  await page.getByLabel("E-mail").fill("cara@example.com");
  await page.getByLabel("What is it about?").selectOption("billing");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByText("You are number 3 in line").waitFor();
  await checkAccessibility(page, "third in line");
  const end = (chat) => fetch(`${base}/api/v1/chats/${chat.id}/end`, {
    method: "POST", headers: { "Authorization": `Bearer ${chat.token}` },
  });
  await end(ahead[0]);
  await page.getByText("You are number 2 in line").waitFor({ timeout: 10000 });
  await page.reload();
  await page.getByText("You are number 2 in line").waitFor();
  await end(ahead[1]);
  await page.getByText("You are number 1 in line").waitFor({ timeout: 10000 });
  console.log("place in line: ok");
} finally {
  await browser.close();
}

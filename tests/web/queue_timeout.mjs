// A customer nobody answers in time, in headless Chromium against a real backend started by
// tests/web.rs with `[missed] queue_timeout_secs` set short: the page shows the team's message
// and that the chat has ended, and the chat is a missed chat "timed out".
import { checkAccessibility, launch } from "./browser.mjs";

const base = process.env.CHATDESK_BASE;
const agentToken = process.env.CHATDESK_AGENT_TOKEN;

const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(base);
  await page.getByLabel("Your name").fill("Dora Ames");
  await page.getByLabel("E-mail").fill("dora@example.com");
  await page.getByLabel("What is it about?").selectOption("orders");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByText("You are number 1 in line").waitFor();
  await page.getByText("all of our agents are still busy").waitFor({ timeout: 20000 });
  await page.getByText("The chat has ended. You are welcome to start a new one").waitFor();
  await checkAccessibility(page, "timed out in line");
  if (!(await page.getByLabel("Your message").isDisabled())) throw new Error("the composer still takes messages");
  const told = await page.locator("#transcript").innerText();
  if (!told.includes("Sorry Dora")) throw new Error(`the message is not addressed to Dora: ${told}`);
  const response = await fetch(`${base}/api/v1/missed`, { headers: { "Authorization": `Bearer ${agentToken}` } });
  const missed = await response.json();
  if (missed.length !== 1 || missed[0].why !== "timed_out" || missed[0].customer_name !== "Dora Ames") {
    throw new Error(`expected Dora's chat missed as timed out: ${JSON.stringify(missed)}`);
  }
  // A new chat from the same page: the form again, filled with what Dora gave.
  await page.getByRole("button", { name: "Start a new chat" }).click();
  await page.getByRole("button", { name: "Start chat" }).waitFor();
  if (await page.getByLabel("Your name").inputValue() !== "Dora Ames") throw new Error("the form forgot Dora's name");
  if (await page.getByLabel("E-mail").inputValue() !== "dora@example.com") throw new Error("the form forgot Dora's e-mail");
  await page.getByLabel("What is it about?").selectOption("orders");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByText("You are number 1 in line").waitFor();
  console.log("queue timeout: ok");
} finally {
  await browser.close();
}

// Card numbers on the customer page, in headless Chromium against a real backend (started by
// tests/web.rs): the page masks exactly as the server does (every case of CHATDESK_CARD_CASES,
// written by the Rust test from the server's own masking), says next to the composer not to
// send card numbers, warns as soon as one is typed, and never sends or keeps one whole; a
// number split over two messages is refused with the server's sentence. Exits non-zero with a
// reason on the first failure.
import { readFileSync } from "node:fs";
import { checkAccessibility, launch } from "./browser.mjs";

const base = process.env.CHATDESK_BASE;
const cases = JSON.parse(readFileSync(process.env.CHATDESK_CARD_CASES, "utf8"));

const digitsOnly = (text) => text.replace(/[^0-9]/g, "");

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 320, height: 720 } });
  const sent = [];
  page.on("request", (r) => { if (r.method() === "POST" && r.url().endsWith("/messages")) sent.push(r.postData() || ""); });
  await page.goto(base);

  // The page's masking is the server's, case by case.
  const differ = await page.evaluate((all) => all
    .map(({ input, expected }) => ({ input, expected, got: maskCards(input).text }))
    .filter((c) => c.got !== c.expected), cases);
  if (differ.length) throw new Error(`${differ.length} of ${cases.length} cases differ: ${JSON.stringify(differ.slice(0, 5))}`);

  await page.getByLabel("Your name").fill("Bo Chen");
  await page.getByLabel("E-mail").fill("bo@example.com");
  await page.getByLabel("What is it about?").selectOption("billing");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByText("You are number 1 in line").waitFor();

  // The note next to the composer, and no warning while nothing is typed.
  const note = page.locator("#card-note");
  if (!(await note.isVisible()) || !/never send card numbers/i.test(await note.innerText())) throw new Error("no card note by the composer");
  if (await page.locator("#card-warning").isVisible()) throw new Error("warning shown for an empty composer");

  // Typing a card number warns before sending; the draft kept in the browser is masked.
  const composer = page.getByLabel("Your message");
  await composer.pressSequentially("My card is ４１１１.１１１１.１１１１.１１１１ ok");
  await page.locator("#card-warning").waitFor({ state: "visible" });
  await checkAccessibility(page, "card warning");
  const chatId = await page.evaluate(() => JSON.parse(sessionStorage.getItem("chatdesk.chat")).id);
  const draft = await page.evaluate((id) => localStorage.getItem(`chatdesk.draft.${id}`), chatId);
  if (draft !== "My card is ４１１１.****.****.１１１１ ok") throw new Error(`draft kept as ${JSON.stringify(draft)}`);

  // Sent masked: the request, the stored message, and what the page keeps while sending.
  await page.keyboard.press("Enter");
  await page.locator("#transcript li.customer:not(.pending)", { hasText: "My card is" }).waitFor();
  if (await page.locator("#card-warning").isVisible()) throw new Error("warning still shown after sending");
  const shown = await page.locator("#transcript li.customer:not(.pending)").last().innerText();
  if (!shown.includes("４１１１.****.****.１１１１")) throw new Error(`shown as ${shown}`);

  // A number that fits no brand (an IMEI) goes as typed, without a warning.
  await composer.fill("IMEI 356938035643809");
  await composer.dispatchEvent("input");
  if (await page.locator("#card-warning").isVisible()) throw new Error("warning shown for an IMEI");
  await page.keyboard.press("Enter");
  await page.locator("#transcript li.customer:not(.pending)", { hasText: "IMEI 356938035643809" }).waitFor();

  // Split over two messages: the second is refused, and the page says why.
  await composer.fill("the number is 5555 5555");
  await page.keyboard.press("Enter");
  await page.locator("#transcript li.customer:not(.pending)", { hasText: "the number is 5555 5555" }).waitFor();
  await composer.fill("5555 4444");
  await page.keyboard.press("Enter");
  await page.locator("#transcript li.system", { hasText: "reads as a card number" }).waitFor();
  if (await page.locator("#transcript li", { hasText: "5555 4444" }).count() !== 0) throw new Error("the refused part is shown as sent");
  const kept = await page.evaluate(() => localStorage.getItem("chatdesk.pending"));
  if (kept !== "[]") throw new Error(`pending after refusal: ${kept}`);

  for (const body of sent) {
    const text = JSON.parse(body).body;
    if (digitsOnly(text).includes("4111111111111111") || text.includes("１１１１.１１１１")) throw new Error(`sent whole: ${body}`);
  }
  if (sent.length !== 4) throw new Error(`expected 4 sends, saw ${sent.length}`);
  console.log(`card page: ok (${cases.length} cases masked as the server does)`);
} finally {
  await browser.close();
}

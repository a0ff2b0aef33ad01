// Debian's Chromium, headless, with the flags this machine needs (no background networking: the
// network is closed), as every page script starts it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// Calls the agent API with `token`, as the agent side of a page test does; throws on an error.
export function agentApi(base, token) {
  return async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { "Authorization": `Bearer ${token}`, "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
}

// axe-core's checks (WCAG 2.x A and AA, and its best practices) on the page as it is now; throws
// with every violation, its impact and the elements it found, naming `state` (what the page shows).
// axe is put into the page through the DevTools protocol, so the page's own Content-Security-Policy,
// which lets no outside or inline script run, stays as it is.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export async function checkAccessibility(page, state) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  if (result.violations.length === 0) return;
  const found = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`).join("\n"));
  throw new Error(`accessibility (${state}): ${result.violations.length} violation(s)\n  ${found.join("\n  ")}`);
}

/**
 * One process of the `console` area of `npm run bench` (tools/bench/areas/console.ts): the local stack (seeded, in
 * a temporary state folder, on free ports) and headless Chromium. Signs in to the console once as the seeded admin
 * (the console pool's stand-in), then opens the adoption page `runs` times: each sample is the time from the start
 * of the navigation to the first chart drawn (uPlot's canvas in the page). Prints one line `@@bench@@{"samplesMs": []}`.
 *
 *   node --import tsx tools/bench/scenarios/console.ts <chromium path> <runs>
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { startLocalStack } from "../../local/stack/local-stack";

const [executablePath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg);
if (!executablePath || !Number.isInteger(runs) || runs < 1) throw new Error("usage: console.ts <chromium> <runs>");

const stateDir = mkdtempSync(path.join(os.tmpdir(), "corbado-cognito-console-"));
// The functions log to stdout as in Lambda: nothing the measurement needs.
console.log = () => undefined;
const stack = await startLocalStack({ stateDir, portBase: 0, apiLog: () => undefined });
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-quic"],
});
const FIRST_CHART = "cc-line-chart canvas";
try {
  const page = await (await browser.newContext()).newPage();
  const admin = stack.credentials.console.find((c) => c.groups.includes("admins"));
  if (!admin) throw new Error("the local stack has no console admin");
  await page.goto(`${stack.urls.console}/adoption`);
  await page.locator("#username").fill(admin.username);
  await page.locator("#password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator(FIRST_CHART).first().waitFor({ timeout: 60_000 });
  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.goto("about:blank");
    const started = performance.now();
    await page.goto(`${stack.urls.console}/adoption`, { waitUntil: "commit" });
    await page.locator(FIRST_CHART).first().waitFor({ timeout: 60_000 });
    samplesMs.push(performance.now() - started);
  }
  process.stdout.write(`\n@@bench@@${JSON.stringify({ samplesMs })}\n`);
} finally {
  await browser.close();
  await stack.close();
  rmSync(stateDir, { recursive: true, force: true });
}
process.exit(0);

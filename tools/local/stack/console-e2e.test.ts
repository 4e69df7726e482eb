/**
 * The console end to end, in headless Chromium against the local stack as `npm start` runs it (started in this
 * process from a clean state folder): an admin signs in through the console's OIDC provider, sees the seeded 90 days
 * of adoption, finds a seeded user, lists their passkeys and deletes one (gone at the Corbado stand-in, its id in the
 * audit log), flips passkey-first, finds the three actions in the audit log and exports them as CSV (formulas
 * neutralised in the file); then an auditor signs in and finds no control that changes anything on any page.
 * Every page is screenshotted into test-artifacts/console-e2e/ (gitignored) and checked with axe-core.
 * Each step waits for what the page shows, never for a fixed time: the machine may be loaded.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { findChromium, requires } from "../../test/requirements";
import { signInToConsole } from "../console-identity";
import { startLocalStack, type LocalStack } from "./local-stack";
import { REPO_ROOT, statePaths } from "./state";

const browserNeeded = requires("chromium");
const SCREENSHOTS = path.join(REPO_ROOT, "test-artifacts", "console-e2e");
const AXE = path.join(REPO_ROOT, "node_modules", "axe-core", "axe.min.js");
/** Generous: two cores shared with other work; every wait ends as soon as its condition holds. */
const STEP_TIMEOUT_MS = 60_000;
/** A username an attacker could choose (Cognito allows it): the CSV must not let a spreadsheet run it. */
const FORMULA_USERNAME = "=1+2";
/** The only buttons an auditor may see: they read, filter, page, export or sign out. */
const READ_ONLY_BUTTONS = new Set([
  "Sign out",
  "Search",
  "Apply",
  "Previous page",
  "Next page",
  "Export the filtered entries as CSV",
  "Try again",
]);

let dir: string;
let stack: LocalStack;
let browser: Browser;
let axeSource: string;
const originalLog = console.log;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  if (browserNeeded.missing) return;
  console.log = () => {}; // the functions' JSON log lines
  dir = await mkdtemp(path.join(tmpdir(), "console-e2e-"));
  await mkdir(SCREENSHOTS, { recursive: true });
  axeSource = await readFile(AXE, "utf8");
  stack = await startLocalStack({
    stateDir: dir,
    portBase: 0,
    reset: true,
    apiLog: () => {},
    onCognitoLocalOutput: () => {},
  });
  browser = await chromium.launch({
    executablePath: findChromium()!,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
});

after(async () => {
  console.log = originalLog;
  await browser?.close();
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  // Every Content-Security-Policy violation on the console's pages, for checkPage.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  return { context, page };
}

/** Opens the console, which sends the browser to the OIDC provider's login form, and signs in there. */
async function signIn(page: Page, username: "admin" | "auditor"): Promise<void> {
  const user = stack.credentials.console.find((u) => u.username === username)!;
  const index = await page.goto(`${stack.urls.console}/adoption`);
  assert.match(index?.headers()["content-security-policy"] ?? "", /script-src 'self';.*frame-ancestors 'none'/);
  await page.locator("#username").fill(user.username);
  await page.locator("#password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${stack.urls.console}/adoption`);
  await page.getByRole("heading", { name: "Passkey adoption" }).waitFor();
}

/**
 * Saves a screenshot, checks the page ran under the console's CSP without a violation, and runs axe-core (WCAG 2.x
 * A/AA and best practices) on the whole page, shell included. axe is evaluated through the DevTools protocol, which
 * the CSP does not govern (a script tag would be refused, as it should be).
 */
async function checkPage(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
  if (page.url().startsWith(stack.urls.console)) {
    assert.deepEqual(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), []);
  }
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(`(async () => {
    const results = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return results.violations.map((v) => v.id + ": " + v.help + " (" + v.nodes.map((n) => n.target.join(" ")).join("; ") + ")");
  })()`)) as string[];
  assert.deepEqual(violations, [], `axe-core on ${name}`);
}

/** Navigates inside the single-page app through its navigation, as a person would. */
async function openFromNav(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: link }).click();
  await page.getByRole("heading", { name: heading, level: 2 }).waitFor();
}

/** The accessible names of every button and switch on the page, as a screen reader lists them. */
const controlNames = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll("button, [role=switch], input[type=submit]")).map((e) =>
      (e.getAttribute("aria-label") ?? e.textContent ?? "").replace(/\s+/g, " ").trim(),
    ),
  );

const api = async (token: string, route: string) => {
  const res = await fetch(stack.urls.api + route, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, route);
  return (await res.json()) as Record<string, unknown>;
};

/** A seeded pool user with at least two passkeys at the Corbado stand-in (one stays after the delete). */
async function seededUserWithPasskeys(): Promise<{ username: string; email: string; passkeyIds: string[] }> {
  const snapshot = JSON.parse(await readFile(statePaths(dir).corbado, "utf8")) as {
    users: { identifier: string; displayName?: string }[];
    passkeys: Record<string, { passkey: { id: string } }[]>;
  };
  const user = snapshot.users.find((u) => (snapshot.passkeys[u.identifier]?.length ?? 0) >= 2 && u.displayName);
  assert.ok(user, "the seed has a user with two passkeys");
  return {
    username: user.identifier,
    email: user.displayName!,
    passkeyIds: snapshot.passkeys[user.identifier]!.map((r) => r.passkey.id),
  };
}

const adminToken = async () => {
  const admin = stack.credentials.console.find((u) => u.username === "admin")!;
  return (
    await signInToConsole({
      issuer: stack.urls.consoleIssuer,
      clientId: stack.ids.consoleClientId,
      consoleOrigin: stack.urls.console,
      username: admin.username,
      password: admin.password,
    })
  ).access_token;
};

/** RFC 4180 as a spreadsheet reads it: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      rows.push([...row, cell]);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

/** The rows of the data table under a chart, as text cells. */
const chartRows = (page: Page, heading: string) =>
  page
    .locator("table", { has: page.locator("caption", { hasText: heading }) })
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? "").trim())));

/** Filters the audit log by action (today only) and returns the table's rows as text, once every row shows it. */
async function auditRows(page: Page, action: string): Promise<string[]> {
  await page.locator("#audit-from").fill(day(0));
  await page.locator("#audit-from").dispatchEvent("change");
  await page.locator("#audit-action").selectOption(action);
  await page.getByRole("button", { name: "Apply" }).click();
  // The previous filter's rows stay until the new page arrives: wait until the table holds this action only.
  await page.waitForFunction((wanted) => {
    const rows = Array.from(document.querySelectorAll("table tbody tr"));
    return rows.length > 0 && rows.every((row) => row.children[2]?.textContent?.trim() === wanted);
  }, action);
  return page
    .locator("table tbody tr")
    .evaluateAll((trs) => trs.map((tr) => (tr.textContent ?? "").replace(/\s+/g, " ")));
}

describe("the console in Chromium against the local stack", () => {
  let admin: Page;
  let target: { username: string; email: string; passkeyIds: string[] };
  let deletedId: string;

  before(async () => {
    if (browserNeeded.missing) return;
    ({ page: admin } = await newPage());
    target = await seededUserWithPasskeys();
  });

  it("signs an admin in through the OIDC provider and shows the seeded 90 days of adoption", async (t) => {
    if (browserNeeded.skip(t)) return;
    await signIn(admin, "admin");
    assert.equal((await admin.locator(".account .role").textContent())?.trim(), "Admin");
    // The seed's 90 days end yesterday: ask for exactly them, per day.
    await admin.getByLabel("Custom").check();
    await admin.locator("#adoption-from").fill(day(-90));
    await admin.locator("#adoption-from").dispatchEvent("change");
    await admin.locator("#adoption-to").fill(day(-1));
    await admin.locator("#adoption-to").dispatchEvent("change");
    await admin.locator("#adoption-granularity").selectOption("day");
    await admin.getByText(`${day(-90)} to ${day(-1)} (UTC), per day.`).waitFor();
    await admin.getByText("Updating…").waitFor({ state: "detached" });
    const rows = await chartRows(admin, "Passkey and password logins");
    assert.equal(rows.length, 90, "one row per seeded day");
    assert.deepEqual([rows[0]![0], rows.at(-1)![0]], [day(-90), day(-1)]);
    // The same figures as the API (the data table under the chart), and every seeded day had logins.
    const report = (await api(await adminToken(), `/v1/adoption?from=${day(-90)}&to=${day(-1)}&granularity=day`)) as {
      periods: { passkeyLogins: number; passwordLogins: number | null }[];
    };
    const shown = rows.map((r) => [Number(r[1]!.replace(/,/g, "")), Number(r[2]!.replace(/,/g, ""))]);
    assert.deepEqual(
      shown,
      report.periods.map((p) => [p.passkeyLogins, p.passwordLogins]),
    );
    assert.ok(
      shown.every(([passkey, password]) => passkey! + password! > 0),
      "every seeded day had logins",
    );
    assert.ok(shown.some(([passkey]) => passkey! > 0));
    await checkPage(admin, "admin-adoption");
  });

  it("finds a seeded user by e-mail prefix and lists their passkeys", async (t) => {
    if (browserNeeded.skip(t)) return;
    await openFromNav(admin, "Users", "Users");
    await admin.getByLabel("E-mail address starts with").fill(target.email.slice(0, 6));
    await admin.getByRole("button", { name: "Search" }).click();
    await admin.getByRole("link", { name: target.email, exact: true }).waitFor();
    await checkPage(admin, "admin-users");
    await admin.getByRole("link", { name: target.email, exact: true }).click();
    await admin.getByRole("heading", { name: target.email, level: 2 }).waitFor();
    await admin.locator(".username", { hasText: target.username }).waitFor();
    const deletes = admin.getByRole("button", { name: /^Delete passkey / });
    await deletes.first().waitFor();
    assert.equal(await deletes.count(), target.passkeyIds.length, "one row, with a delete button, per passkey");
    await checkPage(admin, "admin-user");
  });

  it("deletes one after a confirmation naming it and the user: gone at Corbado, its id in the audit log", async (t) => {
    if (browserNeeded.skip(t)) return;
    const store = stack.parts.corbado.store;
    await admin
      .getByRole("button", { name: /^Delete passkey / })
      .first()
      .click();
    const dialog = admin.getByRole("dialog", { name: "Delete this passkey?" });
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? "", new RegExp(`This deletes the passkey .+ of ${target.email}`));
    await checkPage(admin, "admin-user-confirm-delete");
    await dialog.getByRole("button", { name: "Delete passkey" }).click();
    await dialog.waitFor({ state: "hidden" });
    await admin
      .getByRole("button", { name: /^Delete passkey / })
      .nth(target.passkeyIds.length - 2)
      .waitFor();
    await admin.waitForFunction(
      (n) => document.querySelectorAll("button.delete").length === n,
      target.passkeyIds.length - 1,
    );
    const left = store.passkeysOf(target.username).map((p) => p.id);
    assert.equal(left.length, target.passkeyIds.length - 1, "the Corbado stand-in holds one passkey less");
    const gone = target.passkeyIds.filter((id) => !left.includes(id));
    assert.equal(gone.length, 1);
    deletedId = gone[0]!;

    await openFromNav(admin, "Audit log", "Audit log");
    const deletes = await auditRows(admin, "passkey_delete");
    assert.ok(
      deletes.some((row) => row.includes(deletedId) && row.includes(target.username) && row.includes("admin")),
      deletes.join("\n"),
    );
  });

  it("flips passkey-first after a confirmation saying what end users will see", async (t) => {
    if (browserNeeded.skip(t)) return;
    await openFromNav(admin, "Login settings", "Login settings");
    const passkeyFirst = admin.getByRole("switch", { name: "Passkey-first login" });
    await passkeyFirst.waitFor();
    const before = await passkeyFirst.getAttribute("aria-checked");
    const version = Number(await admin.locator(".version").textContent());
    await checkPage(admin, "admin-settings");
    await passkeyFirst.click();
    const dialog = admin.getByRole("dialog");
    await dialog.locator(".effect").waitFor();
    assert.match((await dialog.locator(".timing").textContent()) ?? "", /This applies/);
    await dialog.getByRole("button", { name: /^Turn (on|off)$/ }).click();
    await dialog.waitFor({ state: "hidden" });
    await admin.locator(".version", { hasText: String(version + 1) }).waitFor();
    assert.notEqual(await passkeyFirst.getAttribute("aria-checked"), before);
    assert.match((await admin.locator(".changed").textContent()) ?? "", /by admin/);
    const stored = (await api(await adminToken(), "/v1/settings")) as { passkeyFirst: boolean; version: number };
    assert.equal(String(stored.passkeyFirst), before === "true" ? "false" : "true", "the API holds the new value");
  });

  it("finds the three actions in the audit log and exports them as CSV with formulas neutralised", async (t) => {
    if (browserNeeded.skip(t)) return;
    // A username someone chose to look like a spreadsheet formula: asking for it is audited with it as the target.
    await admin.goto(`${stack.urls.console}/users/${encodeURIComponent(FORMULA_USERNAME)}`);
    await admin.locator("cc-error-panel .code", { hasText: "not_found" }).first().waitFor();

    await openFromNav(admin, "Audit log", "Audit log");
    for (const action of ["passkeys_list", "passkey_delete", "settings_update"]) {
      const rows = await auditRows(admin, action);
      assert.ok(
        rows.some((row) => row.includes("admin") && row.includes(action) && row.includes("ok")),
        `${action}: ${rows.join("\n")}`,
      );
    }
    await admin.locator("#audit-action").selectOption("");
    await admin.getByRole("button", { name: "Apply" }).click();
    await checkPage(admin, "admin-audit-log");

    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByRole("button", { name: "Export the filtered entries as CSV" }).click(),
    ]);
    const file = path.join(SCREENSHOTS, "audit-log.csv");
    await download.saveAs(file);
    const csv = await readFile(file, "utf8");
    const cells = parseCsv(csv);
    assert.equal(cells[0]![2], "action");
    for (const action of ["passkeys_list", "passkey_delete", "settings_update"]) {
      assert.ok(
        cells.some((row) => row.includes(action) && row.includes("ok")),
        `${action} in the CSV`,
      );
    }
    assert.ok(csv.includes(deletedId), "the deleted passkey's id is in the CSV");
    assert.ok(
      cells.some((row) => row.includes(`'${FORMULA_USERNAME}`)),
      "the formula-like username is written as text",
    );
    const formulas = cells.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
    assert.deepEqual(formulas, [], "no cell starts like a formula");
  });

  it("signs the admin out through the provider's logout", async (t) => {
    if (browserNeeded.skip(t)) return;
    await admin.getByRole("button", { name: "Sign out" }).click();
    await admin.waitForURL(`${stack.urls.console}/signed-out`);
    await checkPage(admin, "signed-out");
  });

  describe("as an auditor", () => {
    let auditor: Page;
    before(async () => {
      if (browserNeeded.missing) return;
      ({ page: auditor } = await newPage());
    });

    const assertReadOnly = async (page: string) => {
      const names = await controlNames(auditor);
      const writes = names.filter((n) => !READ_ONLY_BUTTONS.has(n));
      assert.deepEqual(writes, [], `controls on ${page} that are not read-only`);
      assert.equal(await auditor.getByRole("switch").count(), 0, `no switch on ${page}`);
    };

    it("finds every page and no control that changes anything", async (t) => {
      if (browserNeeded.skip(t)) return;
      await signIn(auditor, "auditor");
      assert.equal((await auditor.locator(".account .role").textContent())?.trim(), "Auditor (read only)");
      await auditor.getByRole("heading", { name: "Passkey and password logins" }).waitFor();
      await assertReadOnly("adoption");
      await checkPage(auditor, "auditor-adoption");

      await openFromNav(auditor, "Users", "Users");
      await auditor.getByRole("link", { name: /@/ }).first().waitFor();
      await assertReadOnly("users");
      await checkPage(auditor, "auditor-users");

      // The same user: the passkey that is left is listed, with no way to delete it.
      await auditor.goto(`${stack.urls.console}/users/${encodeURIComponent(target.username)}`);
      await auditor.locator("table", { has: auditor.locator("caption", { hasText: "Passkeys of" }) }).waitFor();
      assert.equal(
        await auditor.locator("table", { hasText: "Passkeys of" }).locator("tbody tr").count(),
        target.passkeyIds.length - 1,
      );
      await assertReadOnly("a user's page");
      assert.match((await auditor.locator(".no-add").textContent()) ?? "", /no way to add a passkey/);
      await checkPage(auditor, "auditor-user");

      await openFromNav(auditor, "Login settings", "Login settings");
      await auditor.locator(".readonly-value").first().waitFor();
      await assertReadOnly("login settings");
      await checkPage(auditor, "auditor-settings");

      await openFromNav(auditor, "Audit log", "Audit log");
      await auditor.getByRole("table").first().waitFor();
      await assertReadOnly("audit log");
      await checkPage(auditor, "auditor-audit-log");

      await openFromNav(auditor, "IAM report", "IAM report");
      await auditor.getByRole("heading", { name: "Who can read or change the key resources" }).waitFor();
      await assertReadOnly("IAM report");
      await checkPage(auditor, "auditor-iam-report", false); // the whole report is a 12 MB picture
    });
  });
});

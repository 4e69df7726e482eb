/**
 * `npm run bench -- --only admin-api`: what the console's people wait for.
 *
 * - Cold start and bundle of the admin API and of the self-service route: a fresh Node process per sample (the
 *   harness of the triggers, interleaved), import with a complete configuration, then a first request that does
 *   its real work against the stand-ins (the admin API: GET /v1/public/login-config, an SSM read; self-service:
 *   POST /v1/self/connect-tokens with a fresh ID token, which fetches the JWKS, reads the secret, counts the rate
 *   limit and asks Corbado for a connect token).
 * - GET /v1/adoption, warm, against tables holding 30, 365 and 1,825 days of counters (the module's
 *   default): the page's default range on the first, a year on the others (the API refuses more than 366 days).
 * - Requests to DynamoDB and Cognito per adoption page load (GET /v1/me + GET /v1/adoption), counted at the
 *   stand-ins (dynalite and the fake Cognito) with pools of 1k, 100k and 1M users. The 1M pool is the fake
 *   Cognito reporting 1,000,000 as its EstimatedNumberOfUsers over the 1k users it holds: the API must never list
 *   the pool, so it cannot tell, and the budget is the same count at every size.
 * - GET /v1/users first page at 1k and 100k users (ListUsers pages like Cognito).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_OUT_DIR, gzipSize } from "../../build/build-functions";
import { COUNTER_SHARDS, counterPk } from "../../../functions/shared/adoption-counters";
import { requestApp, startAdminTestStack, type AdminTestStack, type FakeUser } from "../../local/admin-api-stack";
import { APP_ORIGIN, startSelfServiceTestStack } from "../../local/self-service-stack";
import { buildSeed } from "../../local/stack/seed";
import { seedItems } from "../../local/stack/local-stack";
import { measureColdStarts, percentile, median } from "../cold-start";
import { MACHINE_CLASS, type AreaResult, type Figure } from "../report";
import type { AreaContext } from "../run";
import { ensureFunctionsBuilt } from "./triggers";

export const ADMIN_API_BUDGETS = {
  /** Import + first request, median (ms, on MACHINE_CLASS): a console page waits for it after a quiet spell. */
  adminApiColdStartMs: 400,
  selfServiceColdStartMs: 250,
  /** Gzipped bundles, kB (Lambda fetches and unpacks them at every cold start). */
  adminApiGzipKb: 120,
  selfServiceGzipKb: 30,
  /** GET /v1/adoption p99, warm (ms, on MACHINE_CLASS), by the table's days of history. */
  adoptionP99Ms: { 30: 150, 365: 400, 1825: 400 } as Record<number, number>,
  /** GET /v1/users first page, median (ms, on MACHINE_CLASS). */
  usersFirstPageMs: 100,
} as const;

const SHARDS = COUNTER_SHARDS.default;
/** The counter items' partition keys (`counters#<shard>`); the seed's per-user markers are left out. */
const COUNTERS_PREFIX = counterPk(0).slice(0, -1);
const HISTORY_DAYS = [30, 365, 1825] as const;
const POOL_SIZES = [1_000, 100_000, 1_000_000] as const;
const AUDITOR = { groups: ["auditors"], username: "bench-auditor" };

const ms = (v: number) => v.toFixed(1);
const thousands = (n: number) => n.toLocaleString("en-US");

function fakeUsers(n: number): FakeUser[] {
  return Array.from({ length: n }, (_, i) => ({
    Username: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    email: `user${i}@example.com`,
  }));
}

/** Writes `days` days of counters (and the shards' totals) ending yesterday into a new table. */
async function seedTable(stack: AdminTestStack, table: string, days: number): Promise<void> {
  await stack.db.createTable(table);
  const seed = buildSeed({ now: Date.now(), userCount: 20, dayCount: days, password: "bench-not-a-password" });
  const items = seedItems(seed, SHARDS).filter((i) => "S" in i.pk! && i.pk.S.startsWith(COUNTERS_PREFIX));
  for (let i = 0; i < items.length; i += 25) {
    let requests: unknown[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const answer = await stack.db.call("BatchWriteItem", { RequestItems: { [table]: requests } });
      requests = ((answer.UnprocessedItems as Record<string, unknown[]> | undefined)?.[table] ?? []) as unknown[];
    }
  }
}

const dayBefore = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function coldStarts(runs: number, log: (line: string) => void) {
  const adminBundle = path.join(DEFAULT_OUT_DIR, "admin-api", "index.mjs");
  const selfBundle = path.join(DEFAULT_OUT_DIR, "self-service", "index.mjs");
  const admin = await startAdminTestStack();
  const users = fakeUsers(runs + 2);
  const self = await startSelfServiceTestStack({ users });
  try {
    const httpEvent = (method: string, rawPath: string, headers: Record<string, string>, body?: string) => ({
      version: "2.0",
      routeKey: "$default",
      rawPath,
      rawQueryString: "",
      headers: { host: "api.example.com", ...headers },
      requestContext: { http: { method, path: rawPath, sourceIp: "203.0.113.1" }, requestId: "bench" },
      ...(body !== undefined ? { body } : {}),
      isBase64Encoded: false,
    });
    let next = 0;
    const status = (want: number) => (result: unknown) => {
      const got = (result as { statusCode?: number }).statusCode;
      if (got !== want) throw new Error(`answered ${got}: ${JSON.stringify(result).slice(0, 300)}`);
    };
    log(`admin-api: 2 bundles x ${runs} fresh processes (+1 warm-up each), interleaved ...`);
    const measured = await measureColdStarts(
      [
        {
          id: "admin-api",
          bundlePath: adminBundle,
          env: { ...admin.env, NODE_ENV: "production" } as Record<string, string>,
          makeEvent: () => httpEvent("GET", "/v1/public/login-config", {}),
          checkResult: status(200),
        },
        {
          id: "self-service",
          bundlePath: selfBundle,
          env: { ...self.env, NODE_ENV: "production" } as Record<string, string>,
          // A user of its own per process: the route's rate limit counts per user.
          makeEvent: () =>
            httpEvent(
              "POST",
              "/v1/self/connect-tokens",
              {
                authorization: `Bearer ${self.idToken({ username: users[next++ % users.length]!.Username })}`,
                "content-type": "application/json",
                origin: APP_ORIGIN,
              },
              JSON.stringify({ type: "passkey-list" }),
            ),
          checkResult: status(200),
        },
      ],
      { runs, warmup: 1 },
    );
    const size = (file: string) => {
      const code = readFileSync(file);
      return { raw: code.length, gzip: gzipSize(code) };
    };
    return { measured, sizes: { "admin-api": size(adminBundle), "self-service": size(selfBundle) } };
  } finally {
    await Promise.all([admin.close(), self.close()]);
  }
}

export async function benchAdminApi(context: AreaContext): Promise<AreaResult> {
  await ensureFunctionsBuilt(context.log);
  const area = "admin-api";
  const runs = context.quick ? 5 : 20;
  const iterations = context.quick ? 10 : 60;
  const figures: Figure[] = [];
  const details: string[] = [];
  const measurements: Record<string, number> = {};

  const cold = await coldStarts(runs, context.log);
  details.push(
    `Cold start: ${runs} fresh processes per bundle, import + first request (Node boot excluded).`,
    "",
    "| bundle | raw | gzipped | cold start median (ms) | p90 (ms) | import median (ms) | first request median (ms) | CPU median (ms) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...cold.measured.map((m) => {
      const s = cold.sizes[m.id as keyof typeof cold.sizes];
      return (
        `| ${m.id} | ${s.raw} B | ${s.gzip} B | ${ms(m.total.median)} | ${ms(m.total.p90)} | ${ms(m.import.median)} | ` +
        `${ms(m.invoke.median)} | ${ms(m.cpu.median)} |`
      );
    }),
    "",
  );
  for (const m of cold.measured) {
    const isAdmin = m.id === "admin-api";
    figures.push(
      {
        area,
        id: `${area}.${m.id}-cold-start`,
        label: `${m.id} cold start, import + first request (median of ${runs})`,
        value: m.total.median,
        unit: "ms",
        note: `p90 ${ms(m.total.p90)} ms`,
        budget: {
          kind: "max",
          limit: isAdmin ? ADMIN_API_BUDGETS.adminApiColdStartMs : ADMIN_API_BUDGETS.selfServiceColdStartMs,
          machineClass: MACHINE_CLASS,
        },
      },
      {
        area,
        id: `${area}.${m.id}-gzip`,
        label: `${m.id} bundle gzipped`,
        value: cold.sizes[m.id as keyof typeof cold.sizes].gzip / 1000,
        unit: "kB",
        budget: {
          kind: "max",
          limit: isAdmin ? ADMIN_API_BUDGETS.adminApiGzipKb : ADMIN_API_BUDGETS.selfServiceGzipKb,
        },
      },
    );
  }

  const stack = await startAdminTestStack({ users: fakeUsers(POOL_SIZES[0]), env: { COUNTER_SHARDS: String(SHARDS) } });
  try {
    const token = stack.token(AUDITOR);
    // GET /v1/adoption on tables of 30, 365 and 1,825 days, interleaved.
    const apps = new Map<number, AdminTestStack["app"]>();
    for (const days of HISTORY_DAYS) {
      const table = `bench-aggregates-${days}`;
      context.log(`admin-api: seeding ${days} days of counters x ${SHARDS} shards ...`);
      await seedTable(stack, table, days);
      apps.set(days, stack.appWith({ AGGREGATES_TABLE: table }));
    }
    const rangeOf = (days: number) =>
      days <= 30
        ? { query: "", text: "default range (30 days), by day" }
        : { query: `?from=${dayBefore(365)}&to=${dayBefore(0)}&granularity=week`, text: "366 days, by week" };
    const latencies = new Map<number, number[]>(HISTORY_DAYS.map((d) => [d, []]));
    for (let i = -1; i < iterations; i++) {
      for (const days of HISTORY_DAYS) {
        const started = performance.now();
        const res = await requestApp(apps.get(days)!, "GET", `/v1/adoption${rangeOf(days).query}`, { token });
        const elapsed = performance.now() - started;
        if (res.status !== 200) throw new Error(`GET /v1/adoption answered ${res.status}: ${JSON.stringify(res.json)}`);
        if (i >= 0) latencies.get(days)!.push(elapsed);
      }
    }
    details.push(
      `GET /v1/adoption, warm, ${iterations} requests per table, interleaved (in process, dynalite on loopback, ${SHARDS} shards).`,
      "",
      "| table holds | range asked | median (ms) | p99 (ms) |",
      "| --- | --- | ---: | ---: |",
      ...HISTORY_DAYS.map((d) => {
        const l = latencies.get(d)!;
        return `| ${thousands(d)} days | ${rangeOf(d).text} | ${ms(median(l))} | ${ms(percentile(l, 99))} |`;
      }),
      "",
    );
    measurements["admin-api.adoption-page-ms"] = median(latencies.get(30)!);
    for (const days of HISTORY_DAYS) {
      const l = latencies.get(days)!;
      figures.push({
        area,
        id: `${area}.adoption-${days}-days-p99`,
        label: `GET /v1/adoption with ${thousands(days)} days of counters, ${rangeOf(days).text} (p99 of ${iterations})`,
        value: percentile(l, 99),
        unit: "ms",
        note: `median ${ms(median(l))} ms`,
        budget: { kind: "max", limit: ADMIN_API_BUDGETS.adoptionP99Ms[days]!, machineClass: MACHINE_CLASS },
      });
    }

    // Requests per adoption page load at 1k, 100k and 1M users, counted at the stand-ins.
    const counts: { pool: number; dynamodb: number; cognito: number; listUsers: number }[] = [];
    const big = fakeUsers(POOL_SIZES[1]);
    const small = stack.cognito.users;
    for (const pool of POOL_SIZES) {
      stack.cognito.users = pool === 100_000 ? big : small;
      stack.cognito.estimatedNumberOfUsers = pool;
      const dynamoBefore = [...stack.db.requestCounts.values()].reduce((a, b) => a + b, 0);
      const cognitoBefore = stack.cognito.requests.length;
      for (const route of ["/v1/me", "/v1/adoption"]) {
        const res = await stack.request("GET", route, { token });
        if (res.status !== 200) throw new Error(`GET ${route} answered ${res.status}`);
      }
      const cognitoCalls = stack.cognito.requests.slice(cognitoBefore);
      counts.push({
        pool,
        dynamodb: [...stack.db.requestCounts.values()].reduce((a, b) => a + b, 0) - dynamoBefore,
        cognito: cognitoCalls.length,
        listUsers: cognitoCalls.filter((c) => c.operation === "ListUsers").length,
      });
    }
    // By design: one Query per shard (a page's range fits one page), one BatchGetItem of the totals, one
    // DescribeUserPool; /v1/me reads nothing. The same at every pool size.
    const designed = SHARDS + 2;
    details.push(
      "Requests per adoption page load (GET /v1/me + GET /v1/adoption), counted at the stand-ins:",
      "",
      "| pool (users) | DynamoDB | Cognito | of which ListUsers |",
      "| ---: | ---: | ---: | ---: |",
      ...counts.map((c) => `| ${thousands(c.pool)} | ${c.dynamodb} | ${c.cognito} | ${c.listUsers} |`),
      "",
    );
    for (const c of counts) {
      figures.push({
        area,
        id: `${area}.adoption-requests-${c.pool}-users`,
        label: `requests to DynamoDB and Cognito per adoption page load, pool of ${thousands(c.pool)} users`,
        value: c.dynamodb + c.cognito,
        unit: "requests",
        note: `${c.dynamodb} DynamoDB, ${c.cognito} Cognito`,
        budget: { kind: "max", limit: designed },
      });
    }
    figures.push({
      area,
      id: `${area}.adoption-list-users`,
      label: "ListUsers calls per adoption page load, any pool size (the pool is never listed)",
      value: counts.reduce((n, c) => n + c.listUsers, 0),
      unit: "requests",
      budget: { kind: "max", limit: 0 },
    });

    // GET /v1/users first page at 1k and 100k users, interleaved.
    const pages = new Map<number, number[]>([
      [1_000, []],
      [100_000, []],
    ]);
    const listUsersBefore = stack.cognito.requests.filter((r) => r.operation === "ListUsers").length;
    for (let i = -1; i < iterations; i++) {
      for (const pool of pages.keys()) {
        stack.cognito.users = pool === 100_000 ? big : small;
        const started = performance.now();
        const res = await stack.request("GET", "/v1/users", { token });
        const elapsed = performance.now() - started;
        if (res.status !== 200) throw new Error(`GET /v1/users answered ${res.status}`);
        if (i >= 0) pages.get(pool)!.push(elapsed);
      }
    }
    // Every first page is one ListUsers at the stand-in (nothing cached in between).
    const listUsers = stack.cognito.requests.filter((r) => r.operation === "ListUsers").length - listUsersBefore;
    if (listUsers !== 2 * (iterations + 1)) throw new Error(`${listUsers} ListUsers for ${2 * (iterations + 1)} pages`);
    for (const [pool, l] of pages) {
      figures.push({
        area,
        id: `${area}.users-first-page-${pool}-users`,
        label: `GET /v1/users first page, pool of ${thousands(pool)} users (median of ${iterations})`,
        value: median(l),
        unit: "ms",
        note: `p99 ${ms(percentile(l, 99))} ms`,
        budget: { kind: "max", limit: ADMIN_API_BUDGETS.usersFirstPageMs, machineClass: MACHINE_CLASS },
      });
    }
  } finally {
    await stack.close();
  }
  return { area, details, figures, measurements };
}

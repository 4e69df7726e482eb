/**
 * What loading Node's HTTP and crypto modules costs an ES module, each variant in fresh processes (interleaved),
 * and whether it loaded undici (Node's bundled fetch implementation) or WebCrypto. The figures behind "Why" in
 * docs/performance.md and functions/shared/builtins.ts:
 *
 *   npx tsx tools/bench/probes/module-load.ts [--runs 15]
 *
 * Each child (the Node running this script) times only the snippet, not its own boot, and reports whether
 * `internal/deps/undici/undici` and `internal/crypto/webcrypto` are in process.moduleLoadList afterwards. The fetch variants POST to a loopback
 * server this script runs.
 */
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs, promisify } from "node:util";
import { median } from "../cold-start";

const VARIANTS: ReadonlyArray<{ label: string; code: string }> = [
  { label: 'import("node:http")', code: 'await import("node:http");' },
  {
    label: 'import "node:http" (static, in an imported module)',
    code: `await import("data:text/javascript,import 'node:http';");`,
  },
  {
    label: 'createRequire(import.meta.url)("node:http")',
    code: 'const { createRequire } = await import("node:module"); createRequire(import.meta.url)("node:http");',
  },
  { label: 'import("node:https")', code: 'await import("node:https");' },
  {
    label: 'createRequire(import.meta.url)("node:https")',
    code: 'const { createRequire } = await import("node:module"); createRequire(import.meta.url)("node:https");',
  },
  // node:https loads node:crypto anyway; what an import of node:crypto adds is its namespace's WebCrypto.
  {
    label: 'import("node:crypto"), then node:https by createRequire',
    code: 'await import("node:crypto"); const { createRequire } = await import("node:module"); createRequire(import.meta.url)("node:https");',
  },
  {
    label: 'createRequire: "node:crypto", then "node:https"',
    code: 'const { createRequire } = await import("node:module"); const r = createRequire(import.meta.url); r("node:crypto"); r("node:https");',
  },
  {
    label: "first fetch() POST to loopback",
    code: 'await (await fetch(URL_, { method: "POST", body: "{}" })).arrayBuffer();',
  },
  {
    label: "second fetch() POST to loopback (same process)",
    code: 'await (await fetch(URL_, { method: "POST", body: "{}" })).arrayBuffer(); T0 = performance.now(); await (await fetch(URL_, { method: "POST", body: "{}" })).arrayBuffer();',
  },
];

const child = (code: string, url: string) =>
  [
    `const URL_ = ${JSON.stringify(url)};`,
    "let T0 = performance.now();",
    code,
    "const ms = performance.now() - T0;",
    'const undici = process.moduleLoadList.some((m) => m.includes("undici"));',
    'const webcrypto = process.moduleLoadList.some((m) => m.includes("crypto/webcrypto"));',
    "console.log(JSON.stringify({ ms, undici, webcrypto }));",
  ].join("\n");

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive integer");
  const server = createServer((req, res) => req.resume().on("end", () => res.end("{}")));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const samples = VARIANTS.map(() => ({
    ms: [] as number[],
    undici: new Set<boolean>(),
    webcrypto: new Set<boolean>(),
  }));
  try {
    for (let i = 0; i < runs; i++) {
      for (const [v, variant] of VARIANTS.entries()) {
        const { stdout } = await promisify(execFile)(process.execPath, [
          "--input-type=module",
          "--eval",
          child(variant.code, url),
        ]);
        const out = JSON.parse(stdout.trim()) as { ms: number; undici: boolean; webcrypto: boolean };
        samples[v]!.ms.push(out.ms);
        samples[v]!.undici.add(out.undici);
        samples[v]!.webcrypto.add(out.webcrypto);
      }
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  console.log(`Node ${process.version}, ${runs} fresh processes per variant, interleaved\n`);
  console.log("| variant | median (ms) | min (ms) | loads undici | loads WebCrypto |");
  console.log("| --- | ---: | ---: | --- | --- |");
  const seen = (set: Set<boolean>) => (set.size === 1 ? (set.has(true) ? "yes" : "no") : "sometimes");
  VARIANTS.forEach((variant, v) => {
    const s = samples[v]!;
    const cells = [median(s.ms).toFixed(1), Math.min(...s.ms).toFixed(1), seen(s.undici), seen(s.webcrypto)];
    console.log(`| ${variant.label} | ${cells.join(" | ")} |`);
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});

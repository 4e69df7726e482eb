// Cold-start probe, run by tools/bench/cold-start.ts in a fresh `node` process per sample.
// Plain JavaScript on purpose: no TypeScript loader may sit between Node and the bundle being measured.
//
// argv: <bundle file URL> <event JSON>
// Prints one line `@@bench@@{...}` on stdout (after whatever the handler logged) and exits.
import { writeSync } from "node:fs";

const MARKER = "@@bench@@";
const [bundleUrl, eventJson] = process.argv.slice(2);
const event = JSON.parse(eventJson ?? "null");
const context = {
  awsRequestId: "00000000-0000-4000-8000-000000000000",
  functionName: "bench",
  getRemainingTimeInMillis: () => 5000,
};

let report;
try {
  const bootMs = performance.now(); // Node's own boot (and this probe's), excluded from the figures
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const mod = await import(bundleUrl);
  const t1 = performance.now();
  if (typeof mod.handler !== "function") throw new Error("the bundle exports no handler function");
  const result = await mod.handler(event, context);
  const t2 = performance.now();
  // CPU time of the whole process (all threads) over the same span: far less sensitive to a busy machine.
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  report = { ok: true, bootMs, importMs: t1 - t0, invokeMs: t2 - t1, totalMs: t2 - t0, cpuMs, result };
} catch (err) {
  report = { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}
writeSync(1, `\n${MARKER}${JSON.stringify(report)}\n`);
// Exit at once: open keep-alive sockets must not add to the wall time of the run.
process.exit(report.ok ? 0 : 1);

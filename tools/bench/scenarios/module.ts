/**
 * One process of the `module` area of `npm run bench` (tools/bench/areas/module.ts): what `npm run build:module`
 * does, into a temporary folder instead of terraform/ (BENCH_MODULE=build, BENCH_MODULE_OUT=<dir>), or the CDKTF
 * synth alone (BENCH_MODULE=synth). The area bundles this file with esbuild and runs it with plain `node`, so the
 * peak memory is the synth's and Node's, not a TypeScript loader's. Prints one line
 * `@@bench@@{"ms": <time of the work>, "maxRssMiB": <the process's peak resident memory>}`.
 */
import { buildModule, synthesizeModule } from "../../../infra/module/build-module";

const what = process.env.BENCH_MODULE;
const outDir = process.env.BENCH_MODULE_OUT;
const started = performance.now();
if (what === "build" && outDir) await buildModule({ outDir });
else if (what === "synth") synthesizeModule();
else throw new Error("BENCH_MODULE=build (with BENCH_MODULE_OUT) or BENCH_MODULE=synth");
const ms = performance.now() - started;
// maxRSS is in KiB: the peak of the whole process.
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`\n@@bench@@${JSON.stringify({ ms, maxRssMiB })}\n`);

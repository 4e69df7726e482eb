/**
 * Node built-ins loaded with require(), never with an ES module `import`: an import, static or dynamic, builds the
 * module's namespace, which reads its lazy getters and loads what they guard. node:http's load undici (~100 ms of
 * a cold start), node:crypto's WebCrypto, which no function uses; require() returns module.exports without touching
 * them.
 * tools/bench/probes/module-load.ts measures both; tools/build/trigger-budget.test.ts keeps the triggers' bundles
 * free of such imports.
 */
import { createRequire } from "node:module";

let nodeRequire: ((id: string) => unknown) | undefined;

/** The built-in module `id` (e.g. "node:https"), loaded on first call and cached by Node as usual. */
export function builtin<T>(id: string): T {
  nodeRequire ??= createRequire(import.meta.url);
  return nodeRequire(id) as T;
}

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  DEFAULT_SETTINGS,
  LIMITS,
  MEASURED,
  measuredFromBench,
  scaleModel,
  shardsNeeded,
  type ScaleInputs,
} from "./scale-model";

const at = (peakLoginsPerSecond: number, settings = DEFAULT_SETTINGS): ScaleInputs => ({
  users: 10_000_000,
  peakLoginsPerSecond,
  measured: MEASURED,
  settings,
});

describe("the login path at scale, on paper (tools/bench/scale-model.ts)", () => {
  test("with the module's defaults, 2,000 logins/s keep every resource below half of its limit", () => {
    for (const u of scaleModel(at(2000)).utilisation) {
      assert.ok(u.share < 0.5, `${u.resource}: ${(100 * u.share).toFixed(1)} % of its limit`);
    }
  });

  test("instances follow Little's law: twice the logins, twice the instances", () => {
    const one = scaleModel(at(1000)).instances;
    const two = scaleModel(at(2000)).instances;
    for (const fn of Object.keys(one) as (keyof typeof one)[]) assert.ok(Math.abs(two[fn] - 2 * one[fn]) < 1e-9, fn);
    assert.ok(two.verify > two.define, "verify waits for Corbado: it needs the most instances");
  });

  test("counter shards: 8 shards take exactly half a key's writes at 2,000 logins/s (not below), 9 do", () => {
    assert.equal(shardsNeeded(2000, true), 9);
    assert.equal(shardsNeeded(2000, false), 5);
    const eight = scaleModel(at(2000, { ...DEFAULT_SETTINGS, counterShards: 8 }));
    assert.equal(eight.writesPerShardPerSecond, LIMITS.partitionKeyWritesPerSecond / 2);
    assert.ok(DEFAULT_SETTINGS.counterShards >= shardsNeeded(2000, true), "the default covers the peak");
  });

  test("SSM's higher-throughput setting changes only the limit the same calls are judged against", () => {
    const standard = scaleModel(at(2000));
    const higher = scaleModel(at(2000, { ...DEFAULT_SETTINGS, ssmHigherThroughput: true }));
    assert.deepEqual(higher.ssmCallsPerSecond, standard.ssmCallsPerSecond);
    const share = (r: typeof standard) => r.utilisation.find((u) => u.resource.startsWith("SSM"))!.share;
    assert.ok(share(higher) < share(standard) / 100);
    // A shorter secret cache means more reads: the model must see it.
    const shortCache = scaleModel(at(2000, { ...DEFAULT_SETTINGS, secretCacheTtlMs: 1000 }));
    assert.ok(shortCache.ssmCallsPerSecond.steady > 10 * standard.ssmCallsPerSecond.steady);
  });

  test("the measured inputs come from an npm run bench JSON file when it has them, else from the recorded run", () => {
    const json = { areas: [{ measurements: { "counters.own-ms.verify": 9 } }, { figures: [] }] };
    const m = measuredFromBench(json);
    assert.equal(m.ownMs.verify, 9);
    assert.equal(m.ownMs.define, MEASURED.ownMs.define);
  });
});

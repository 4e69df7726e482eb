/**
 * CI's up-front check (.ci/run): lists every requirement of tools/test/requirements.ts as present or missing
 * and, under CI=true, exits 1 when one is missing and not allowed in tools/test/ci-allowed-missing.ts. Without
 * CI=true it only reports: the tests that need what is missing will skip and say so.
 */
import { commandLine, defineCommand } from "../cli";
import { ciEnforced, decide, REQUIREMENTS, unmetRequirements } from "./requirements";

commandLine(
  defineCommand({
    name: "check-requirements",
    usage: `Usage: npx tsx tools/test/check-requirements.ts

Lists what the tests need beyond npm ci (terraform, the provider mirror, Corbado's specs, Chromium, ...).
Under CI=true exits 1 when one is missing and not allowed in tools/test/ci-allowed-missing.ts.

Options:
  -h, --help    print this help`,
    options: {},
  }),
);

const ci = ciEnforced();
const unmet = unmetRequirements(REQUIREMENTS);
for (const requirement of REQUIREMENTS) {
  const missing = unmet.find((u) => u.requirement === requirement);
  console.log(missing ? `missing  ${requirement.padEnd(16)}  ${missing.why}` : `ok       ${requirement}`);
}
const decision = decide(unmet, ci);
if (decision.kind === "fail") {
  console.error(`check-requirements: ${decision.message}`);
  process.exitCode = 1;
} else if (decision.kind === "skip") {
  console.log(`check-requirements: ${unmet.length} missing; the tests that need it will skip and say why`);
} else {
  console.log(`check-requirements: everything the tests need is here${ci ? " (CI=true)" : ""}`);
}

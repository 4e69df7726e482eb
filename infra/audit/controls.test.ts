import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { CONTROLS, headingAnchor, type EvidenceRef } from "./controls";
import { REPO_ROOT } from "./iam-report";

function readRepo(file: string): string | null {
  const full = path.join(REPO_ROOT, file);
  return existsSync(full) ? readFileSync(full, "utf8") : null;
}

/** Why a reference does not resolve, or null when it does. */
function unresolved(ref: EvidenceRef): string | null {
  switch (ref.kind) {
    case "report": {
      const md = readRepo("docs/iam-report.md") ?? "";
      return md.includes(`<a id="${ref.anchor}"></a>`) ? null : `docs/iam-report.md has no anchor ${ref.anchor}`;
    }
    case "doc": {
      const text = readRepo(ref.file);
      if (text === null) return `${ref.file} does not exist`;
      if (ref.anchor === undefined) return null;
      const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingAnchor(m[1]!));
      return headings.includes(ref.anchor) || text.includes(`<a id="${ref.anchor}"></a>`)
        ? null
        : `${ref.file} has no heading for #${ref.anchor}`;
    }
    case "spec": {
      const text = readRepo(ref.file);
      if (text === null) return `${ref.file} does not exist`;
      // The test's name as its source writes it: it("<name>", ...), possibly across lines.
      return new RegExp(`\\bit\\(\\s*${JSON.stringify(ref.name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).test(text)
        ? null
        : `${ref.file} has no spec named "${ref.name}"`;
    }
  }
}

describe("docs/controls.md: the control matrix", () => {
  it("resolves every evidence reference: report anchors, doc headings and spec names", () => {
    const broken = CONTROLS.flatMap((c) =>
      c.evidence
        .map(unresolved)
        .filter((e) => e !== null)
        .map((e) => `${c.id}: ${e}`),
    );
    assert.deepEqual(broken, []);
  });

  it("tells a reference that no longer resolves (control)", () => {
    assert.match(
      unresolved({ kind: "report", anchor: "no-such-section", label: "x" }) ?? "",
      /no anchor no-such-section/,
    );
    assert.match(
      unresolved({ kind: "doc", file: "docs/deploy.md", anchor: "no-such-heading", label: "x" }) ?? "",
      /no heading/,
    );
    assert.match(
      unresolved({ kind: "spec", file: "infra/audit/iam-report.test.ts", name: "a spec that was renamed" }) ?? "",
      /no spec named/,
    );
    assert.match(unresolved({ kind: "doc", file: "docs/gone.md", label: "x" }) ?? "", /does not exist/);
  });

  it("maps the product's controls to the SOC 2 criteria and ISO/IEC 27001:2022 Annex A controls it is judged by", () => {
    const soc2 = new Set(CONTROLS.flatMap((c) => c.soc2));
    const iso = new Set(CONTROLS.flatMap((c) => c.iso27001));
    for (const criterion of ["CC6.1", "CC6.3", "CC7.2", "CC8.1", "CC9.2"]) assert.ok(soc2.has(criterion), criterion);
    for (const control of ["5.3", "5.15", "5.19", "5.20", "5.21", "5.22", "8.2", "8.15", "8.24", "8.32"])
      assert.ok(iso.has(control), `A.${control}`);
  });

  it("gives every control an implementation, an owner, evidence and a customer action", () => {
    for (const c of CONTROLS) {
      assert.ok(c.implementation.length > 0 && c.owners.length > 0 && c.evidence.length > 0, c.id);
      assert.ok(c.customerAction.length > 20, c.id);
    }
    assert.equal(new Set(CONTROLS.map((c) => c.id)).size, CONTROLS.length, "ids are unique");
  });
});

/**
 * The guardrails table in README.md and docs/guardrails.md is generated from the policies' metadata; these
 * tests fail when either is stale (fix: `ts-node scripts/guardrails-table.ts --write`).
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { policies } from "../../policy/policies/index";
import {
  GUARDRAILS_DOC,
  README,
  renderGuardrailsDoc,
  renderGuardrailsTable,
  staleFiles,
  withReadmeTable,
} from "../../scripts/guardrails-table";

describe("the generated guardrails table", () => {
  it("is up to date in docs/guardrails.md and README.md", () => {
    assert.deepEqual(staleFiles(), [], "run: npx ts-node scripts/guardrails-table.ts --write");
  });

  it("has a row per policy with its default level", () => {
    const table = renderGuardrailsTable();
    for (const p of policies)
      assert.ok(
        table.includes(`| \`${p.name}\` | ${p.description} | ${p.enforcementLevel} |`),
        p.name,
      );
  });

  it("notices a change to any policy's metadata", () => {
    const changed = policies.map((p, i) =>
      i === 0 ? { ...p, enforcementLevel: "advisory" as const } : p,
    );
    assert.notEqual(renderGuardrailsDoc(changed), readFileSync(GUARDRAILS_DOC, "utf8"));
    const readme = readFileSync(README, "utf8");
    assert.notEqual(withReadmeTable(readme, renderGuardrailsTable(changed)), readme);
  });

  it("only rewrites the text between the README markers", () => {
    const readme = "before\n<!-- guardrails:start -->\nold\n<!-- guardrails:end -->\nafter\n";
    assert.equal(
      withReadmeTable(readme, "T"),
      "before\n<!-- guardrails:start -->\nT\n<!-- guardrails:end -->\nafter\n",
    );
    assert.throws(() => withReadmeTable("no markers"), /markers/);
  });
});

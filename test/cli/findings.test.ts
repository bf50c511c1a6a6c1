/**
 * cli/render/findings.ts: the guardrails' findings as markdown. Pins the bug where mandatory violations were
 * folded under <details> after 10 and cut off after 100, hiding why a check failed.
 */

import assert from "node:assert/strict";
import type { PolicyFinding } from "../../review/findings";
import { findingsMarkdown } from "../../cli/render/findings";
import { COLLAPSE_AFTER, MAX_TABLE_ROWS } from "../../cli/render/markdown";

function findings(n: number, level: PolicyFinding["enforcementLevel"]): PolicyFinding[] {
  return Array.from({ length: n }, (_, i) => ({
    policy: "guest-role-not-privileged",
    enforcementLevel: level,
    urn: `urn:pulumi:dev::guest-access::x::guest${i}@contoso.example-grant`,
    message: `description\nfinding ${i}`,
    detail: `finding ${i}`,
    kind: "violation",
  }));
}

describe("guardrail findings as markdown", () => {
  const mandatory: { name: string; count: number }[] = [
    {
      name: `shows ${COLLAPSE_AFTER + 1} mandatory findings open, not folded`,
      count: COLLAPSE_AFTER + 1,
    },
    {
      name: `shows all of ${MAX_TABLE_ROWS + 5} mandatory findings, none cut off`,
      count: MAX_TABLE_ROWS + 5,
    },
  ];
  for (const c of mandatory) {
    it(c.name, () => {
      const text = findingsMarkdown(findings(c.count, "mandatory"), new Map()).join("\n");
      assert.ok(!text.includes("<details>"), "folded under <details>");
      assert.ok(!text.includes("more; `--format json`"), "cut off");
      for (let i = 0; i < c.count; i++)
        assert.ok(text.includes(`| finding ${i} |`), `finding ${i}`);
    });
  }

  it(`folds more than ${COLLAPSE_AFTER} advisory findings under <details>, below the open mandatory ones`, () => {
    const text = findingsMarkdown(
      [...findings(COLLAPSE_AFTER + 1, "mandatory"), ...findings(COLLAPSE_AFTER + 1, "advisory")],
      new Map(),
    ).join("\n");
    const details = text.indexOf(`<details><summary>Advisory (${COLLAPSE_AFTER + 1})</summary>`);
    assert.ok(details > text.indexOf("#### Mandatory"), text);
    assert.equal(text.split("<details>").length - 1, 1);
  });
});

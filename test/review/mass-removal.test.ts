/**
 * The mass-removal guard: a truncated or mis-merged file must not silently revoke everyone.
 */

import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main";
import {
  DEFAULT_REMOVAL_LIMITS,
  judgeRemoval,
  parsePercentLimit,
  type RemovalCounts,
} from "../../review/mass-removal";
import { DEV_POLICY_CONFIG, memoryIO, NOW } from "../cli/support/io";

const SCOPE = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod";

function declaration(guests: number): string {
  const lines = ["version: 1", "guests:"];
  for (let i = 0; i < guests; i++) {
    lines.push(
      `  - { email: g${i}@contoso.example, displayName: G${i}, sponsor: bob@ourcorp.example, reason: Audit, expires: 2027-01-31, access: [{ role: Reader, scope: ${SCOPE} }] }`,
    );
  }
  return `${lines.join("\n")}\n`;
}

describe("the mass-removal guard", () => {
  const counts = (
    guestsRemoved: number,
    guestsBefore: number,
    grantsRemoved: number,
    grantsBefore: number,
  ): RemovalCounts => ({ guestsRemoved, guestsBefore, grantsRemoved, grantsBefore });

  const cases: { name: string; counts: RemovalCounts; exceeded: boolean; reason?: RegExp }[] = [
    { name: "lets 10 guests go", counts: counts(10, 100, 10, 100), exceeded: false },
    {
      name: "stops at the 11th guest",
      counts: counts(11, 100, 11, 100),
      exceeded: true,
      reason: /11 of 100 guests removed \(more than 10\)/,
    },
    { name: "lets 25% of the grants go", counts: counts(1, 10, 25, 100), exceeded: false },
    {
      name: "stops past 25% of the grants",
      counts: counts(1, 10, 26, 100),
      exceeded: true,
      reason: /26 of 100 grants removed \(26%, more than 25%\)/,
    },
    {
      name: "does not call removing 3 of 4 grants a mass removal (an everyday change)",
      counts: counts(1, 3, 3, 4),
      exceeded: false,
    },
    {
      name: "calls removing every one of 4 grants a mass removal (a truncated file)",
      counts: counts(3, 3, 4, 4),
      exceeded: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const verdict = judgeRemoval(c.counts, DEFAULT_REMOVAL_LIMITS, false);
      assert.equal(verdict.exceeded, c.exceeded);
      assert.equal(verdict.blocking, c.exceeded);
      if (c.reason) assert.match(verdict.reason, c.reason);
    });
  }

  it("is not blocking when allowed, and says so", () => {
    const verdict = judgeRemoval(counts(50, 50, 50, 50), DEFAULT_REMOVAL_LIMITS, true);
    assert.deepEqual([verdict.exceeded, verdict.blocking], [true, false]);
    assert.match(verdict.reason, /Allowed by --allow-mass-removal/);
  });

  it("reads a percentage with or without %, and refuses one over 100", () => {
    assert.equal(parsePercentLimit("40%"), 40);
    assert.equal(parsePercentLimit("12.5"), 12.5);
    assert.throws(() => parsePercentLimit("120"), /not a percentage/);
  });
});

describe("diff and plan --state on a mass removal", () => {
  const dir = mkdtempSync(join(tmpdir(), "guest-access-mass-"));
  const before = join(dir, "before.yaml");
  const after = join(dir, "after.yaml");
  writeFileSync(before, declaration(12));
  writeFileSync(after, declaration(1));
  const common = ["--now", NOW, "--policy-config", DEV_POLICY_CONFIG];

  for (const format of ["text", "markdown", "json"]) {
    it(`fails a truncated file in ${format}, saying why`, async () => {
      const { io, stdout } = memoryIO();
      const code = await main(["diff", before, after, "--format", format, ...common], io);
      assert.equal(code, 1);
      assert.match(stdout(), /mass removal: 11 of 12 guests removed \(more than 10\)/);
      assert.match(stdout(), /--allow-mass-removal/);
    });
  }

  it("passes it with --allow-mass-removal, still saying what it removes", async () => {
    const { io, stdout } = memoryIO();
    const code = await main(["diff", before, after, "--allow-mass-removal", ...common], io);
    assert.equal(code, 0);
    assert.match(stdout(), /Allowed by --allow-mass-removal/);
  });

  it("passes it under limits raised with --max-removed-guests and --max-removed-grants", async () => {
    const { io } = memoryIO();
    const limits = ["--max-removed-guests", "20", "--max-removed-grants", "100"];
    assert.equal(await main(["diff", before, after, ...limits, ...common], io), 0);
  });

  it("refuses a limit that is not a number (exit 2)", async () => {
    const { io, stderr } = memoryIO();
    assert.equal(await main(["diff", before, after, "--max-removed-guests", "x"], io), 2);
    assert.match(stderr(), /not a whole number of guests/);
  });

  it("fails plan --state when the update deletes more guests than allowed", async () => {
    const only = join(dir, "only-ben.yaml");
    writeFileSync(
      only,
      declaration(0) +
        "  - { email: ben.ortiz@fabrikam.example, displayName: Ben Ortiz (Fabrikam), sponsor: dana.okafor@ourcorp.example, reason: Reads landing data, expires: 2027-06-30, objectId: 5d2c7e1a-3b4f-4a6d-9e8c-1f2a3b4c5d6e, access: [{ role: Storage Blob Data Reader, scope: /subscriptions/9c4d7e2f-1a3b-4c5d-8e9f-0a1b2c3d4e5f/resourceGroups/data-platform }] }\n",
    );
    const argv = ["plan", only, "--state", "test/fixtures/plan/small-state.json", ...common];
    const strict = memoryIO();
    assert.equal(
      await main([...argv, "--max-removed-guests", "1", "--format", "json"], strict.io),
      1,
    );
    const report = JSON.parse(strict.stdout()) as {
      summary: { verdict: string; massRemoval: { guestsRemoved: number; guestsBefore: number } };
    };
    assert.equal(report.summary.verdict, "fail");
    assert.deepEqual(
      [report.summary.massRemoval.guestsRemoved, report.summary.massRemoval.guestsBefore],
      [4, 5],
    );
    const allowed = memoryIO();
    assert.equal(
      await main([...argv, "--max-removed-guests", "1", "--allow-mass-removal"], allowed.io),
      0,
    );
  });
});

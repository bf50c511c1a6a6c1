/**
 * `guest-access plan`, in-process through `main`: golden outputs of the three formats on small fixtures, the
 * exit codes, `--state` against a synthetic stack export, and determinism.
 */

import assert from "node:assert/strict";
import { main } from "../../cli/main";
import { runPlan } from "../../cli/plan";
import type { PolicyFinding } from "../../review/findings";
import type { PlanReport } from "../../review/plan-report";
import { assertGolden } from "./support/golden";
import { DEV_POLICY_CONFIG, memoryIO, NOW } from "./support/io";

const FIXTURES = "test/fixtures/plan";

/** What stderr says when a fixture, not the dev stack's access.yaml, is planned. */
function notTheStackFile(path: string): string {
  return `warning: ${path} is not what stack "dev" deploys: its guest-access:accessFile is access.yaml\n`;
}

async function plan(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, stdout, stderr } = memoryIO();
  const code = await main(
    ["plan", ...args, "--now", NOW, "--policy-config", DEV_POLICY_CONFIG],
    io,
  );
  return { code, stdout: stdout(), stderr: stderr() };
}

interface GoldenCase {
  readonly name: string;
  readonly fixture: string;
  readonly extra?: readonly string[];
  readonly golden: string;
  readonly exitCode: number;
}

const goldenCases: GoldenCase[] = [];
for (const format of ["text", "markdown", "json"] as const) {
  const ext = format === "markdown" ? "md" : format === "json" ? "json" : "txt";
  goldenCases.push(
    {
      name: `prints a clean plan with a revoked grant as ${format}, exit 0`,
      fixture: "small.yaml",
      golden: `plan/small.${ext}`,
      exitCode: 0,
      extra: ["--format", format],
    },
    {
      name: `prints mandatory and advisory findings as ${format}, exit 1`,
      fixture: "violation.yaml",
      golden: `plan/violation.${ext}`,
      exitCode: 1,
      extra: ["--format", format],
    },
    {
      name: `prints the declaration's errors as ${format} and plans nothing, exit 1`,
      fixture: "invalid.yaml",
      golden: `plan/invalid.${ext}`,
      exitCode: 1,
      extra: ["--format", format],
    },
    {
      name: `prints groups, their grants and each guest's access via groups as ${format}, exit 0`,
      fixture: "groups.yaml",
      golden: `plan/groups.${ext}`,
      exitCode: 0,
      extra: ["--format", format],
    },
    {
      name: `prints changes against a stack export as ${format}, destructive ones first`,
      fixture: "small.yaml",
      golden: `plan/small-state.${ext}`,
      exitCode: 0,
      extra: ["--format", format, "--state", `${FIXTURES}/small-state.json`],
    },
  );
}

describe("guest-access plan", () => {
  for (const c of goldenCases) {
    it(c.name, async () => {
      const result = await plan([`${FIXTURES}/${c.fixture}`, ...(c.extra ?? [])]);
      assert.equal(result.stderr, notTheStackFile(`${FIXTURES}/${c.fixture}`));
      assertGolden(c.golden, result.stdout);
      assert.equal(result.code, c.exitCode);
    });
  }

  const captureCases = [
    { fixture: "small.yaml", format: "json", extra: ["--state", `${FIXTURES}/small-state.json`] },
    { fixture: "violation.yaml", format: "text", extra: [] },
    { fixture: "violation.yaml", format: "markdown", extra: [] },
  ];
  for (const c of captureCases) {
    it(`prints the same ${c.format} plan of ${c.fixture} with --capture, which runs the real program under mocks`, async () => {
      const args = [`${FIXTURES}/${c.fixture}`, "--format", c.format, ...c.extra];
      const projected = await plan(args);
      const captured = await plan([...args, "--capture"]);
      assert.equal(captured.stdout, projected.stdout);
      assert.equal(captured.code, projected.code);
    });
  }

  it("prints the same bytes on a second run: sorted, and no clock but --now", async () => {
    const first = await plan([
      `${FIXTURES}/small.yaml`,
      "--format",
      "json",
      "--state",
      `${FIXTURES}/small-state.json`,
    ]);
    const second = await plan([
      `${FIXTURES}/small.yaml`,
      "--format",
      "json",
      "--state",
      `${FIXTURES}/small-state.json`,
    ]);
    assert.equal(first.stdout, second.stdout);
  });

  it("prints exactly one JSON object with resources, policies, diagnostics and summary", async () => {
    const { stdout } = await plan([`${FIXTURES}/violation.yaml`, "--format", "json"]);
    const report = JSON.parse(stdout) as PlanReport;
    assert.deepEqual(Object.keys(report), ["resources", "policies", "diagnostics", "summary"]);
    assert.deepEqual(Object.keys(report.resources[0] ?? {}), [
      "urn",
      "type",
      "name",
      "parent",
      "inputs",
    ]);
    assert.deepEqual(Object.keys(report.policies[0] ?? {}), [
      "policy",
      "enforcementLevel",
      "severity",
      "urn",
      "message",
      "kind",
    ]);
  });

  const kinds: PolicyFinding["kind"][] = ["violation", "unknown-during-preview"];
  for (const kind of kinds) {
    it(`reports a finding of kind ${kind} in the JSON policies; only a mandatory violation blocks`, async () => {
      const finding: PolicyFinding = {
        policy: "guest-role-not-privileged",
        enforcementLevel: "mandatory",
        message: "description\nwhat triggered",
        detail: "what triggered",
        kind,
      };
      const { io, stdout } = memoryIO();
      const code = await runPlan(
        { path: `${FIXTURES}/small.yaml`, stack: "dev", format: "json", today: NOW },
        io,
        { evaluate: () => Promise.resolve([finding]) },
      );
      const report = JSON.parse(stdout()) as PlanReport;
      assert.deepEqual(
        report.policies.map((p) => [p.policy, p.kind]),
        [["guest-role-not-privileged", kind]],
      );
      assert.equal(code, kind === "violation" ? 1 : 0);
    });
  }

  const failOnDestructive: { name: string; state: string; extra: string[]; code: number }[] = [
    {
      name: "exits 0 on destructive changes without --fail-on-destructive (the default is unchanged)",
      state: "small-state.json",
      extra: [],
      code: 0,
    },
    {
      name: "exits 1 on destructive changes with --fail-on-destructive, saying why on stderr",
      state: "small-state.json",
      extra: ["--fail-on-destructive"],
      code: 1,
    },
    {
      name: "exits 0 with --fail-on-destructive when nothing is destructive (a stack never deployed)",
      state: "empty-state.json",
      extra: ["--fail-on-destructive"],
      code: 0,
    },
  ];
  for (const c of failOnDestructive) {
    it(c.name, async () => {
      const result = await plan([
        `${FIXTURES}/small.yaml`,
        "--format",
        "json",
        "--state",
        `${FIXTURES}/${c.state}`,
        ...c.extra,
      ]);
      assert.equal(result.code, c.code);
      assert.equal(
        result.stderr.includes("--fail-on-destructive: 2 changes cost guests their accounts"),
        c.code === 1,
        result.stderr,
      );
    });
  }

  const stateCases: { name: string; urnEnd: string; kind: string; destructive: boolean }[] = [
    {
      name: "an unchanged grant whose role ID and scope ARM returned in another form",
      urnEnd: "ben.ortiz@fabrikam.example-grant-d997572c42f5",
      kind: "same",
      destructive: false,
    },
    {
      name: "an invitation whose cosmetic display name differs (ignoreChanges)",
      urnEnd: "ann.lee@contoso.example-invitation",
      kind: "same",
      destructive: false,
    },
    {
      name: "a grant whose description changed, updated in place",
      urnEnd: "ann.lee@contoso.example-grant-64f1d2a8c4b5",
      kind: "update",
      destructive: false,
    },
    {
      name: "an invitation with a changed forcing input, replaced destructively",
      urnEnd: "cy.dubois@fabrikam.example-invitation",
      kind: "replace",
      destructive: true,
    },
    {
      name: "the replaced invitation's grant, moving to the new account",
      urnEnd: "cy.dubois@fabrikam.example-grant-c1563936ecd4",
      kind: "replace",
      destructive: false,
    },
    {
      name: "a grant past its expiry, deleted",
      urnEnd: "ann.lee@contoso.example-grant-b391669ab0a3",
      kind: "delete",
      destructive: false,
    },
    {
      name: "a removed guest's retained invitation, deleted from the stack only",
      urnEnd: "olga.berg@contoso.example-invitation",
      kind: "delete",
      destructive: false,
    },
    {
      name: "a removed guest's invitation without retainOnDelete, deleting the account",
      urnEnd: "gus.hale@fabrikam.example-invitation",
      kind: "delete",
      destructive: true,
    },
  ];
  describe("--state on a synthetic stack export", () => {
    let report: PlanReport;
    before(async () => {
      const { stdout } = await plan([
        `${FIXTURES}/small.yaml`,
        "--format",
        "json",
        "--state",
        `${FIXTURES}/small-state.json`,
      ]);
      report = JSON.parse(stdout) as PlanReport;
    });
    for (const c of stateCases) {
      it(`shows ${c.name}`, () => {
        const change = report.changes?.find((x) => x.urn.endsWith(`::${c.urnEnd}`));
        assert.ok(change, `no change for ${c.urnEnd}`);
        assert.equal(change.kind, c.kind);
        assert.equal(change.destructive, c.destructive);
      });
    }
    it("counts two destructive changes", () => {
      assert.equal(report.summary.changes?.destructive, 2);
    });
  });
});

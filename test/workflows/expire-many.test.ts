/**
 * Many grants ending on the same day: the expiry workflow must still revoke them all, and say in the job
 * summary who lost what, every one. The mass-removal guard of `diff` and `plan --state` counts no grant
 * revoked by its own expiry (review/mass-removal.ts), and the Pulumi program has no such guard, so the
 * workflow needs no `--allow-mass-removal`: this test runs expire.yml's `decide` step as written on a stack
 * deployed before the day (built with support/stack-export.ts from the declaration's offline plan).
 */

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { scratchProject, type ScratchProject } from "./support/scratch";
import { planAsOf, stackExport } from "./support/stack-export";
import { runShellStep, type StepResult } from "./support/steps";
import { jobOf, loadWorkflow, stepOf } from "./support/workflow-file";

const workflow = loadWorkflow("expire.yml");
const expire = jobOf(workflow, "expire");

/** Guests whose access ends on LAST_DAY, two grants each: more rows than a report table shows (100). */
const ENDING = 60;
const LAST_DAY = "2026-11-30";

/** A declaration of existing accounts: ENDING guests whose access ends on LAST_DAY, and one who stays. */
function declaration(): string {
  const lines = [
    "version: 1",
    "scopes:",
    "  shop-prod: /subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod",
    "guests:",
  ];
  for (let n = 0; n <= ENDING; n++) {
    lines.push(
      `  - email: auditor${n}@contoso.example`,
      `    displayName: Auditor ${n}`,
      "    sponsor: bob.lindqvist@ourcorp.example",
      n === 0 ? "    reason: Stays on" : "    reason: Year-end audit, ends with the audit",
      `    objectId: 0a0d1700-0000-4000-8000-${String(n).padStart(12, "0")}`,
      ...(n === 0 ? ["    expires: 2027-06-30"] : [`    expires: ${LAST_DAY}`]),
      "    access:",
      "      - { role: Reader, scope: shop-prod }",
      "      - { role: Monitoring Reader, scope: shop-prod }",
    );
  }
  return `${lines.join("\n")}\n`;
}

describe("the expiry workflow when many grants end the same day (expire.yml, step decide)", function () {
  this.timeout(900_000);
  let project: ScratchProject;
  let result: StepResult;

  before(() => {
    project = scratchProject();
    project.write("access.yaml", declaration());
    project.commit("the default branch");
    const stateFile = join(project.temp, "state.json");
    const deployed = stackExport(planAsOf(project.workspace, "2026-11-20"), {
      time: "2026-11-20T09:12:44Z",
    });
    writeFileSync(stateFile, JSON.stringify(deployed));
    result = runShellStep(
      expire,
      stepOf(expire, "decide"),
      project,
      { STACK: "dev", POLICY_CONFIG: "policy/config/dev.json", STATE_FILE: stateFile },
      { TODAY: "2026-12-01" },
    );
  });
  after(() => project.remove());

  it("decides to run: revoking expired access is never a mass removal", () => {
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.outputs.decision, "run");
    assert.equal(result.outputs.revocations, String(2 * ENDING));
    assert.doesNotMatch(result.summary, /mass removal/i);
  });

  it("targets every expired grant and the Guest component that listed it, and nothing else", () => {
    const targets = result.outputs.targets?.split("\n") ?? [];
    assert.equal(targets.length, 3 * ENDING);
    const guests = targets.filter(
      (urn) => urn.endsWith(".example") && !urn.includes("RoleAssignment"),
    );
    assert.equal(guests.length, ENDING);
    assert.ok(
      !targets.some((urn) => urn.includes("::auditor0@")),
      "the guest who stays is not touched",
    );
  });

  it("says in the job summary who loses what, every one of them", () => {
    assert.match(
      result.summary,
      new RegExp(`revokes ${2 * ENDING} grant\\(s\\) today, 2026-12-01`),
    );
    assert.match(result.summary, new RegExp(`### Who loses what \\(${2 * ENDING} grants\\)`));
    for (let n = 1; n <= ENDING; n++) {
      for (const role of ["Reader", "Monitoring Reader"]) {
        assert.ok(
          result.summary.includes(
            `| auditor${n}\\@contoso.example | ${role} | shop-prod | ${LAST_DAY} |`,
          ),
          `auditor${n}: ${role}`,
        );
      }
    }
    assert.ok(!result.summary.includes("| auditor0\\@"), "the guest who stays loses nothing");
  });
});

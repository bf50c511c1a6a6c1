/**
 * The expiry workflow's decision, run as written in expire.yml (its `decide` step) against a stack export
 * of the dev stack as deployed on 2026-11-20 (test/fixtures/ci/expiry/state.json). Ben's Monitoring Reader
 * grant has 2026-11-30 as its last day.
 */

import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { scratchProject, type ScratchProject } from "./support/scratch";
import { runShellStep, type StepResult } from "./support/steps";
import { jobOf, loadWorkflow, ROOT, stepOf } from "./support/workflow-file";

const workflow = loadWorkflow("expire.yml");
const expire = jobOf(workflow, "expire");
const decide = stepOf(expire, "decide");

const FIXTURES = join(ROOT, "test", "fixtures", "ci", "expiry");
const URN = "urn:pulumi:dev::guest-access::guest-access:index:Guest";
const BEN_MONITORING = `${URN}$azure-native:authorization:RoleAssignment::ben.ortiz@fabrikam.example-grant-c1563936ecd4`;
const BEN = `${URN}::ben.ortiz@fabrikam.example`;

/** A grant added on the default branch and not deployed yet: a merge waiting for its deploy. */
const UNDEPLOYED_GRANT = "      - { role: Reader, scope: shop-prod }\n";

interface DecisionCase {
  readonly name: string;
  /** The `TODAY` the decision is judged as of (the runner's UTC date in CI). */
  readonly today: string;
  readonly undeployedChange?: boolean;
  /** Another declaration and export than the expiry fixtures' (paths from the repository root). */
  readonly project?: { readonly declaration: string; readonly state: string };
  readonly code: number;
  readonly decision: "run" | "skip" | "blocked";
  readonly targets: readonly string[];
  readonly summary: readonly RegExp[];
}

const CASES: readonly DecisionCase[] = [
  {
    name: "skips when nothing expired since the last deploy (the stack is what was deployed)",
    today: "2026-11-20",
    code: 0,
    decision: "skip",
    targets: [],
    summary: [/\*\*skip\*\*: Nothing expired since the last deploy on 2026-11-20\./],
  },
  {
    name: "skips on a grant's last day: expires is inclusive",
    today: "2026-11-30",
    code: 0,
    decision: "skip",
    targets: [],
    summary: [/Nothing expired since the last deploy on 2026-11-20/],
  },
  {
    name: "runs the day after, targeted at the expired grant and the Guest that listed it, saying who loses what",
    today: "2026-12-01",
    code: 0,
    decision: "run",
    targets: [BEN_MONITORING, BEN],
    summary: [
      /\*\*run\*\*: Access expired since the last deploy on 2026-11-20: `pulumi up` revokes 1 grant\(s\) today, 2026-12-01/,
      /### Who loses what \(1 grants\)\n\n\| Guest \| Loses \| On \| Last day \|\n\| --- \| --- \| --- \| --- \|\n\| ben\.ortiz\\@fabrikam\.example \| Monitoring Reader \| data-platform \| 2026-11-30 \|\n/,
      /\| delete \| ben\.ortiz@fabrikam\.example: Monitoring Reader on data-platform \(expired\) \|/,
    ],
  },
  {
    name: "deploys nothing and fails when a merged change still waits for its deploy",
    today: "2026-12-01",
    undeployedChange: true,
    code: 1,
    decision: "blocked",
    targets: [],
    summary: [
      /\*\*blocked\*\*: The stack is not what the declaration deployed on 2026-11-20 \(1 to create/,
    ],
  },
  {
    name: "deploys nothing and fails when a guest's user was deleted by hand (the invitation's userId is empty)",
    today: "2026-12-01",
    // cy's user deleted in Entra, then `pulumi refresh`: the invitation stays with `userId: ""`.
    project: {
      declaration: "test/fixtures/plan/small.yaml",
      state: "test/fixtures/state/small-guest-deleted.json",
    },
    code: 1,
    decision: "blocked",
    targets: [],
    summary: [
      /\*\*blocked\*\*: The declaration or the deployed stack has errors/,
      /pulumi state delete/,
    ],
  },
];

describe("the expiry workflow's decision (expire.yml, step decide)", function () {
  this.timeout(900_000);

  for (const c of CASES) {
    describe(c.name, () => {
      let project: ScratchProject;
      let result: StepResult;
      before(() => {
        project = scratchProject();
        let declaration = readFileSync(
          c.project ? join(ROOT, c.project.declaration) : join(FIXTURES, "access.yaml"),
          "utf8",
        );
        if (c.undeployedChange) {
          declaration = declaration.replace(
            "      - { role: Storage Blob Data Reader, scope: data-platform }\n",
            `      - { role: Storage Blob Data Reader, scope: data-platform }\n${UNDEPLOYED_GRANT}`,
          );
        }
        project.write("access.yaml", declaration);
        project.commit("the default branch");
        const stateFile = join(project.temp, "state.json");
        copyFileSync(
          c.project ? join(ROOT, c.project.state) : join(FIXTURES, "state.json"),
          stateFile,
        );
        result = runShellStep(
          expire,
          decide,
          project,
          { STACK: "dev", POLICY_CONFIG: "policy/config/dev.json", STATE_FILE: stateFile },
          // The script's documented override of the runner's date, so the test judges a fixed day.
          { TODAY: c.today },
        );
      });
      after(() => project.remove());

      it(`decides "${c.decision}" with exit code ${c.code}`, () => {
        assert.equal(result.code, c.code, result.stderr);
        assert.equal(result.outputs.decision, c.decision);
      });

      it("names exactly the resources the update may touch", () => {
        assert.deepEqual(
          result.outputs.targets === "" ? [] : result.outputs.targets?.split("\n"),
          c.targets,
        );
        assert.equal(
          result.outputs.revocations,
          String(c.targets.filter((t) => t.includes("RoleAssignment")).length),
        );
      });

      it("says why in the job summary", () => {
        for (const pattern of c.summary) assert.match(result.summary, pattern);
      });
    });
  }
});

/**
 * The plan and the guardrails' own test harness (the policy-pack integration tests of test/policy) agree on
 * the verdicts for the same file: the plan adds nothing and drops nothing.
 */

import assert from "node:assert/strict";
import { relative } from "node:path";
import { main } from "../../cli/main";
import type { PlanReport } from "../../review/plan-report";
import { TODAY } from "../policy/support/factory";
import { evaluate, summarise } from "../policy/support/harness";
import { captureForPolicies, devConfig, OWNER_FIXTURE } from "../policy/support/program";
import { DEV_POLICY_CONFIG, memoryIO, ROOT } from "./support/io";

function key(f: {
  policy: string;
  enforcementLevel: string;
  urn?: string | null;
  message: string;
}): string {
  return `${f.enforcementLevel} ${f.policy} ${f.urn ?? ""} ${f.message}`;
}

describe("the plan and the policy pack's integration harness", () => {
  const cases: { file: string; findings: boolean }[] = [
    { file: OWNER_FIXTURE, findings: true },
    { file: `${ROOT}/test/fixtures/plan/violation.yaml`, findings: true },
    { file: `${ROOT}/access.yaml`, findings: false },
  ];
  for (const { file, findings } of cases) {
    it(`give the same verdicts on ${relative(ROOT, file)}`, async () => {
      const { io, stdout } = memoryIO();
      await main(
        [
          "plan",
          relative(ROOT, file),
          "--now",
          TODAY,
          "--format",
          "json",
          "--policy-config",
          DEV_POLICY_CONFIG,
        ],
        io,
      );
      const plan = JSON.parse(stdout()) as PlanReport;
      const pack = await evaluate(await captureForPolicies(file, "preview"), devConfig());
      assert.deepEqual(plan.policies.map(key).sort(), pack.diagnostics.map(key).sort());
      // Agreement on nothing would prove nothing: the fixtures with findings must have some.
      assert.equal(summarise(pack).length > 0, findings);
    });
  }
});

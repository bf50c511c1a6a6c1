/**
 * The real program on the bundled example and on a guest given Owner, judged by the real policies with the
 * dev stack's config, in preview (invited users' ids unknown) and in update mode.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { mandatoryViolations } from "../../policy/evaluate";
import { GUEST_ROLE_NOT_PRIVILEGED } from "../../policy/policies/guest-role-not-privileged";
import { GUEST_ROLE_ALLOW_LISTED } from "../../policy/policies/guest-role-allow-listed";
import type { Mode } from "./support/factory";
import { evaluate, summarise } from "./support/harness";
import { captureForPolicies, devConfig, OWNER_FIXTURE, ROOT } from "./support/program";

for (const mode of ["preview", "update"] as Mode[]) {
  describe(`the real program under the dev guardrails (${mode})`, () => {
    it("passes the bundled access.yaml with no finding at all", async () => {
      const resources = await captureForPolicies(join(ROOT, "access.yaml"), mode);
      assert.ok(
        resources.some((r) => r.type === "azure-native:authorization:RoleAssignment"),
        "the program registered grants",
      );
      const result = await evaluate(resources, devConfig());
      assert.deepEqual(summarise(result), []);
    });

    it("refuses a guest given Owner, naming the guest and the role", async () => {
      const result = await evaluate(await captureForPolicies(OWNER_FIXTURE, mode), devConfig());
      const mandatory = mandatoryViolations(result);
      assert.deepEqual(mandatory.map((d) => d.policy).sort(), [
        GUEST_ROLE_ALLOW_LISTED,
        GUEST_ROLE_NOT_PRIVILEGED,
      ]);
      const privileged = mandatory.find((d) => d.policy === GUEST_ROLE_NOT_PRIVILEGED);
      assert.match(
        privileged?.detail ?? "",
        /guest mallory@contoso\.example must not receive "Owner" \(8e3af657-a8ff-443c-a75c-2fe8c4bcb635\)/,
      );
      assert.match(
        privileged?.urn ?? "",
        /guest-access:index:Guest\$azure-native:authorization:RoleAssignment::mallory@contoso\.example-grant-/,
      );
      // Nothing is skipped for an unknown principal: guests are recognised from the tree, not from ids.
      assert.deepEqual(
        result.diagnostics.filter((d) => d.kind !== "violation"),
        [],
      );
    });
  });
}

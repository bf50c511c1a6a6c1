import { strict as assert } from "node:assert";
import { join } from "node:path";
import { computeDrift } from "../../review/drift/drift";
import { readExports } from "../../review/drift/exports/snapshot";
import { DRIFT_CLASSES } from "../../review/drift/model";
import { fixture, lines, review } from "./scenario";

const RG = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups";
const SUB = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";

function scenario() {
  return readExports(
    {
      assignments: ["arm-page-1.json", "arm-page-2.json", "az-assignments.json"],
      users: ["graph-users-page-1.json", "graph-users-page-2.json"],
    },
    fixture,
  );
}

describe("drift review on exports", () => {
  it("finds every class in the scenario, each where the fixture says", () => {
    assert.deepEqual(lines(review(scenario())), [
      "account-missing bob.gone@fabrikam.example - -",
      "email-taken carol.diaz@northwind.example - -",
      `unmanaged alice.moreau@contoso.example Storage Blob Data Reader ${RG}/shop-staging`,
      `unmanaged frank.li@tailspin.example Reader ${RG}/shop-staging`,
      "inherited alice.moreau@contoso.example Reader /providers/Microsoft.Management/managementGroups/corp-root",
      `inherited alice.moreau@contoso.example Reader ${SUB}`,
      `expired-present alice.moreau@contoso.example Monitoring Reader ${RG}/shop-prod`,
      `orphaned - Storage Blob Data Contributor ${SUB}`,
      `orphaned bob.gone@fabrikam.example Reader ${RG}/shop-prod`,
      `missing alice.moreau@contoso.example Log Analytics Reader ${RG}/shop-prod`,
      `missing erin.walsh@newco.example Reader ${RG}/shop-staging`,
      "pending-invitation dan.oduya@partner.example - -",
      "stale-guest frank.li@tailspin.example - -",
      `in-sync alice.moreau@contoso.example Reader ${RG}/shop-prod`,
      `in-sync dan.oduya@partner.example Reader ${RG}/shop-staging`,
    ]);
  });

  it("covers every class the issues name, with the groups scenario (test/drift/groups.test.ts)", async () => {
    const groups = await computeDrift(
      {
        path: fixture("groups/access.yaml"),
        stack: "dev",
        today: "2026-11-26",
        state: fixture("groups/state.json"),
        assignments: [fixture("groups/arm-assignments.json")],
        users: [fixture("groups/graph-users.json")],
        groups: [fixture("groups/az-groups.json")],
        groupMembers: [
          { group: "contoso-auditors", file: fixture("groups/az-members-contoso-auditors.json") },
        ],
      },
      join(__dirname, "..", ".."),
    );
    const found = new Set(
      [...review(scenario()).findings, ...groups.report.findings].map((f) => f.class),
    );
    assert.deepEqual(
      DRIFT_CLASSES.filter((c) => !found.has(c)),
      [],
    );
  });
});

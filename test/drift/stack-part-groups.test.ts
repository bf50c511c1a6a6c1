/**
 * `drift --stack NAME` on a declaration with groups split across stacks (test/fixtures/stacks/groups): a
 * grants stack judges the group grants it selects, the identities stack the groups themselves and who is in
 * them. The tenant is compared with the whole declaration either way, so a group grant another stack deploys
 * is never taken for unmanaged access.
 */

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeDrift } from "../../review/drift/drift";
import type { DriftReport } from "../../review/drift/model";
import { ROOT } from "../cli/support/io";
import { groupLines as lines } from "./scenario";
import { azAssignment, azDeclaredGroup as group, azGuestUser as user } from "./support/az-exports";

const SHOP = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
const DATA = "/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const MONITORING_READER = "43d0d8ad-25c7-4714-9337-8ba259a9fe05";
const ALICE = "5d7c1e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f";
const CAROL = "0b6f8a3c-2d4e-4f1a-9b8c-7d6e5f4a3b2c";
const DAN = "6e1d2c3b-4a5f-4e6d-9c8b-7a6f5e4d3c2b";
const MALLORY = "3a110000-0000-4000-8000-00000000000c";
const AUDITORS = "9a000000-0000-4000-8000-0000000000a1";
const NORTHWIND = "9a000000-0000-4000-8000-0000000000a2";

/** An assignment of the fixture's tenant (role definition ids under the shop subscription, as az writes them). */
function assignment(
  name: string,
  principalId: string,
  principalType: "User" | "Group",
  roleId: string,
  role: string,
  scope: string,
) {
  return azAssignment({
    name,
    principalId,
    principalType,
    roleId,
    role,
    scope,
    subscription: SHOP,
  });
}

describe("guest-access drift --stack, groups split across stacks", () => {
  let project: string;
  before(() => {
    project = mkdtempSync(join(tmpdir(), "guest-access-drift-stack-groups-"));
    cpSync(join(ROOT, "test", "fixtures", "stacks", "groups"), project, { recursive: true });
    const files: Record<string, unknown> = {
      // The auditors' grant in the shop subscription is there, the one in the data subscription is not; the
      // vendors' grant is there; Alice's own grant is there.
      "assignments.json": [
        assignment(
          "1a000000-0000-4000-8000-000000000001",
          ALICE,
          "User",
          READER,
          "Reader",
          `${SHOP}/resourceGroups/shop-prod`,
        ),
        assignment(
          "1a000000-0000-4000-8000-000000000002",
          AUDITORS,
          "Group",
          READER,
          "Reader",
          `${SHOP}/resourceGroups/shop-logs`,
        ),
        assignment(
          "1a000000-0000-4000-8000-000000000003",
          NORTHWIND,
          "Group",
          MONITORING_READER,
          "Monitoring Reader",
          DATA,
        ),
      ],
      "users.json": [
        user(ALICE, "alice@contoso.example", "Alice Example"),
        user(CAROL, "carol@fabrikam.example", "Carol Existing"),
        user(DAN, "dan@northwind.example", "Dan Vendor"),
        user(MALLORY, "mallory.quinn@tailspin.example", "Mallory Quinn"),
      ],
      "groups.json": [group(AUDITORS, "contoso-auditors"), group(NORTHWIND, "northwind-support")],
      // Mallory was added to the auditors by hand; Dan is not yet in the vendors' group.
      "members-auditors.json": [
        user(ALICE, "alice@contoso.example", "Alice Example"),
        user(CAROL, "carol@fabrikam.example", "Carol Existing"),
        user(MALLORY, "mallory.quinn@tailspin.example", "Mallory Quinn"),
      ],
      "members-northwind.json": [],
    };
    for (const [name, data] of Object.entries(files))
      writeFileSync(join(project, name), JSON.stringify(data));
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  async function review(stack: string): Promise<DriftReport> {
    const view = await computeDrift(
      {
        stack,
        today: "2026-06-01",
        assignments: ["assignments.json"],
        users: ["users.json"],
        groups: ["groups.json"],
        groupMembers: [
          { group: "contoso-auditors", file: "members-auditors.json" },
          { group: "northwind-support", file: "members-northwind.json" },
        ],
        failOn: [],
      },
      project,
    );
    return view.report;
  }

  const cases: { stack: string; has: string[]; hasNot: RegExp[] }[] = [
    {
      stack: "shop",
      has: [
        `in-sync group contoso-auditors Reader ${SHOP}/resourceGroups/shop-logs`,
        `in-sync alice@contoso.example Reader ${SHOP}/resourceGroups/shop-prod`,
      ],
      // Its part holds no data-subscription grant and no membership.
      hasNot: [
        /data-lake|\/resourceGroups\/lake/,
        /out-of-band-member|missing-membership/,
        /^unmanaged /,
      ],
    },
    {
      stack: "data",
      has: [
        `missing group contoso-auditors Reader ${DATA}/resourceGroups/lake`,
        `in-sync group northwind-support Monitoring Reader ${DATA}`,
      ],
      hasNot: [/shop-logs|shop-prod/, /out-of-band-member|missing-membership/, /^unmanaged /],
    },
    {
      stack: "identities",
      has: [
        "out-of-band-member mallory.quinn@tailspin.example via contoso-auditors - -",
        "missing-membership dan@northwind.example via northwind-support - -",
      ],
      // Grants are the grants stacks' to judge.
      hasNot: [/^(in-sync|missing|unmanaged) /],
    },
  ];
  for (const c of cases) {
    it(`keeps stack ${c.stack}'s own group findings`, async () => {
      const found = lines(await review(c.stack));
      for (const line of c.has)
        assert.ok(found.includes(line), `${line}\nnot in\n${found.join("\n")}`);
      for (const pattern of c.hasNot)
        assert.ok(!found.some((l) => pattern.test(l)), `${pattern} in\n${found.join("\n")}`);
    });
  }
});

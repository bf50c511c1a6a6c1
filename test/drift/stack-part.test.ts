/**
 * `drift --stack NAME` on a declaration split across stacks (examples/many-stacks): the tenant is compared
 * with the whole declaration, and each stack's review keeps its own part: a grants stack its grants, the
 * identities stack the accounts; the part is named in the report.
 */

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeDrift } from "../../review/drift/drift";
import { renderDriftText } from "../../cli/render/drift-text";
import { PLAIN } from "../../cli/render/style";
import { ROOT } from "../cli/support/io";
import { azAssignment, azGuestUser as user } from "./support/az-exports";

const SHOP = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
const DATA = "/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const ALICE = "5d7c1e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f";
const CAROL = "0b6f8a3c-2d4e-4f1a-9b8c-7d6e5f4a3b2c";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const COST = "72fafb9e-0641-4937-9268-a91bfd8191a3";

/** An assignment of a guest, as az writes it (role definition ids under the shop subscription). */
function assignment(
  name: string,
  principalId: string,
  roleId: string,
  role: string,
  scope: string,
) {
  return azAssignment({ name, principalId, roleId, role, scope, subscription: SHOP });
}

describe("guest-access drift --stack, one stack of many", () => {
  let project: string;
  before(() => {
    project = mkdtempSync(join(tmpdir(), "guest-access-drift-stacks-"));
    cpSync(join(ROOT, "examples", "many-stacks"), project, { recursive: true });
    writeFileSync(
      join(project, "assignments.json"),
      JSON.stringify([
        assignment(
          "1a000000-0000-4000-8000-000000000001",
          ALICE,
          READER,
          "Reader",
          `${SHOP}/resourceGroups/shop-prod`,
        ),
        assignment(
          "1a000000-0000-4000-8000-000000000002",
          ALICE,
          READER,
          "Reader",
          `${DATA}/resourceGroups/lake`,
        ),
        assignment(
          "1a000000-0000-4000-8000-000000000003",
          CAROL,
          COST,
          "Cost Management Reader",
          SHOP,
        ),
      ]),
    );
    writeFileSync(
      join(project, "users.json"),
      JSON.stringify([
        user(ALICE, "alice@contoso.example", "Alice Example"),
        user(CAROL, "carol@fabrikam.example", "Carol Existing"),
      ]),
    );
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  const cases: { stack: string; findings: string[]; part: RegExp }[] = [
    {
      stack: "shop",
      findings: [
        `in-sync alice@contoso.example Reader ${SHOP}/resourceGroups/shop-prod`,
        `in-sync carol@fabrikam.example Cost Management Reader ${SHOP}`,
      ],
      part: /^part: stack shop: grants in subscriptions 3f2b8c1e/m,
    },
    {
      stack: "data",
      findings: [
        `missing dan@northwind.example Monitoring Reader /providers/Microsoft.Management/managementGroups/data-platform`,
        `missing dan@northwind.example Storage Blob Data Reader ${DATA}/resourceGroups/lake`,
        `in-sync alice@contoso.example Reader ${DATA}/resourceGroups/lake`,
      ],
      part: /^part: stack data: grants in subscriptions 9a8b7c6d/m,
    },
    {
      stack: "identities",
      findings: [],
      part: /^part: stack identities: identities \(every invitation, group and membership\), no grants$/m,
    },
  ];
  for (const c of cases) {
    it(`keeps stack ${c.stack}'s own findings and names its part`, async () => {
      const view = await computeDrift(
        {
          stack: c.stack,
          today: "2026-06-01",
          assignments: ["assignments.json"],
          users: ["users.json"],
          failOn: [],
        },
        project,
      );
      const found = view.report.findings.map(
        (f) =>
          `${f.class} ${f.email} ${f.roleName} ${f.scope.toLowerCase() === f.scope ? f.scope : f.scope}`,
      );
      assert.deepEqual(found, c.findings);
      assert.match(renderDriftText(view, PLAIN), c.part);
    });
  }
});

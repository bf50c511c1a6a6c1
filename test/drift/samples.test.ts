/**
 * The readers on the real payloads of `test/fixtures/drift/samples/` (see its README): the shapes Azure,
 * `az` and Graph really answer with, read as the review needs them.
 */

import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { isOrphan } from "../../review/drift/compare";
import { Directory, isGuestUser, userEmails } from "../../review/drift/directory";
import { readAssignmentExport } from "../../review/drift/exports/assignments";
import { readUserExport } from "../../review/drift/exports/users";
import { normaliseTenantScope } from "../../review/drift/keys";
import { fixture } from "./scenario";

function sample(name: string): unknown {
  return JSON.parse(readFileSync(fixture(`samples/${name}`), "utf8"));
}

describe("drift readers on real samples", () => {
  it("reads the ARM spec example's list page (tenant-form roleDefinitionId)", () => {
    const example = sample("RoleAssignments_ListForScope.2022-04-01.json") as {
      responses: { "200": { body: unknown } };
    };
    const { assignments, nextLink } = readAssignmentExport(example.responses["200"].body, "page");
    assert.equal(nextLink, undefined);
    assert.deepEqual(assignments, [
      {
        id: "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747",
        name: "b0f43c54-e787-4862-89b1-a653fa9cf747",
        scope: "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2",
        roleId: "0b5fe924-9a61-425c-96af-cfe6e287ca2d",
        principalId: "ce2ce14e-85d7-4629-bdbc-454d0519d987",
        principalType: "User",
      },
    ]);
  });

  it("reads az's container-scope entry (subscription-form roleDefinitionId, placeholders verbatim)", () => {
    const [a] = readAssignmentExport(
      sample("az-role-assignment-list.msdocs-scope-overview.container-scope.json"),
      "az",
    ).assignments;
    assert.equal(a?.roleId, "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
    assert.equal(
      a && normaliseTenantScope(a.scope),
      "/subscriptions/{subscriptionid}/resourceGroups/example-storage-rg/providers/microsoft.storage/storageaccounts/azurestorage12345/blobservices/default/containers/blob-container-01",
    );
    assert.equal(a?.principalName, "user@contoso.com");
    assert.equal(a && isOrphan(a, undefined), false);
  });

  it("takes az's identity-not-found entry (empty principalName, no principalType) as orphaned", () => {
    const [a] = readAssignmentExport(
      sample("az-role-assignment-list.msdocs-troubleshooting.identity-not-found.json"),
      "az",
    ).assignments;
    assert.equal(a?.principalType, undefined);
    assert.equal(a && isOrphan(a, new Directory([])), true);
  });

  it("reads Graph's B2B guest page and tells the guest by its #EXT# name", () => {
    const { users } = readUserExport(
      sample("users-list-example8-b2b-guests.response.json"),
      "graph",
    );
    assert.equal(users.length, 1);
    const [adele] = users;
    assert.ok(adele && isGuestUser(adele));
    assert.deepEqual(adele && userEmails(adele), ["adelev@adatum.com"]);
  });
});

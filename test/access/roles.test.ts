import { strict as assert } from "node:assert";
import {
  grantsRoleAssignmentWrite,
  RoleCatalog,
  roleDefinitionIdFor,
  roleGuidOf,
} from "../../azure/roles";
import { parseScope } from "../../azure/scope";

describe("the role catalogue", () => {
  const catalog = RoleCatalog.bundled();

  it("finds built-in roles by name in any case and by GUID in any case", () => {
    assert.equal(
      catalog.byName("storage blob DATA reader")?.id,
      "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    );
    assert.equal(catalog.byId("ACDD72A7-3385-48EF-BD42-F606FBA81AE7")?.name, "Reader");
  });

  const privileged: [string, boolean][] = [
    ["Owner", true],
    ["Contributor", true],
    ["User Access Administrator", true],
    ["Role Based Access Control Administrator", true],
    ["Reservations Administrator", true],
    ["Reader", false],
    ["Storage Blob Data Reader", false],
  ];
  for (const [name, expected] of privileged) {
    it(`${expected ? "flags" : "does not flag"} ${name} as privileged`, () => {
      const role = catalog.byName(name);
      assert.ok(role, `${name} is in the bundled table`);
      assert.equal(catalog.isPrivileged(role.id), expected);
    });
  }

  it("flags every role that can write role assignments, even under a condition", () => {
    const writers = catalog.all().filter((r) => r.grantsRoleAssignmentWrite !== false);
    assert.equal(writers.length, 29);
    for (const role of writers) assert.equal(catalog.isPrivileged(role.id), true, role.name);
  });

  it("reads the GUID out of every form of role definition ID", () => {
    const guid = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
    assert.equal(roleGuidOf(guid.toUpperCase()), guid);
    assert.equal(roleGuidOf(`/providers/Microsoft.Authorization/roleDefinitions/${guid}`), guid);
    assert.equal(
      roleGuidOf(
        `/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/providers/microsoft.authorization/roledefinitions/${guid}`,
      ),
      guid,
    );
    assert.equal(roleGuidOf("Reader"), undefined);
  });

  const forms: { name: string; scope: string; builtIn: boolean; expected: string }[] = [
    {
      name: "names a built-in role at resource group scope in the subscription form ARM returns",
      scope: "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod",
      builtIn: true,
      expected:
        "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
    },
    {
      name: "names a built-in role at resource scope through the resource's subscription",
      scope:
        "/subscriptions/9c4d7e2f-1a3b-4c5d-8e9f-0a1b2c3d4e5f/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/raw",
      builtIn: true,
      expected:
        "/subscriptions/9c4d7e2f-1a3b-4c5d-8e9f-0a1b2c3d4e5f/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
    },
    {
      name: "names a built-in role at management group scope in the tenant form",
      scope: "/providers/Microsoft.Management/managementGroups/sandbox",
      builtIn: true,
      expected:
        "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
    },
    {
      name: "names a custom role at management group scope through its management group",
      scope: "/providers/Microsoft.Management/managementGroups/sandbox",
      builtIn: false,
      expected:
        "/providers/Microsoft.Management/managementGroups/sandbox/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
    },
  ];
  for (const c of forms) {
    it(c.name, () => {
      const parsed = parseScope(c.scope);
      assert.ok(parsed.ok);
      assert.equal(
        roleDefinitionIdFor("acdd72a7-3385-48ef-bd42-f606fba81ae7", c.builtIn, parsed.scope),
        c.expected,
      );
    });
  }

  describe("refreshed from `az role definition list`", () => {
    const fromAz = RoleCatalog.fromAzCli([
      {
        name: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        roleName: "Reader",
        roleType: "BuiltInRole",
        permissions: [{ actions: ["*/read"] }],
      },
      {
        name: "11111111-1111-1111-1111-111111111111",
        roleName: "Grants Everything",
        roleType: "BuiltInRole",
        permissions: [{ actions: ["Microsoft.Authorization/*"] }],
      },
      {
        name: "22222222-2222-2222-2222-222222222222",
        roleName: "Grants Under Condition",
        roleType: "BuiltInRole",
        permissions: [
          {
            actions: ["Microsoft.Authorization/roleAssignments/write"],
            condition: "((!(ActionMatches{'x'})))",
          },
        ],
      },
      {
        name: "33333333-3333-3333-3333-333333333333",
        roleName: "Writes But Not Assignments",
        roleType: "BuiltInRole",
        permissions: [{ actions: ["*"], notActions: ["Microsoft.Authorization/*/Write"] }],
      },
      {
        name: "44444444-4444-4444-4444-444444444444",
        roleName: "Ours",
        roleType: "CustomRole",
        permissions: [{ actions: ["*"] }],
      },
    ]);

    const cases: [string, boolean | "conditional" | undefined][] = [
      ["Reader", false],
      ["Grants Everything", true],
      ["Grants Under Condition", "conditional"],
      ["Writes But Not Assignments", false],
      ["Ours", undefined],
    ];
    for (const [name, expected] of cases) {
      it(`computes role assignment write for ${name}`, () => {
        assert.equal(fromAz.byName(name)?.grantsRoleAssignmentWrite, expected);
      });
    }

    it("matches action wildcards case-insensitively", () => {
      assert.equal(
        grantsRoleAssignmentWrite({
          name: "x",
          roleName: "x",
          permissions: [{ actions: ["microsoft.authorization/roleassignments/*"] }],
        }),
        true,
      );
    });
  });
});

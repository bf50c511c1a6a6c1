/**
 * No bypass (`guest-grant-only-in-guest-component`): a role assignment whose principal is a guest but which no Guest component declares
 * is refused, and held to the same role and scope rules, decided in preview from property dependencies.
 */

import assert from "node:assert/strict";
import { ROLE_ASSIGNMENT_TYPE } from "../../azure/tokens";
import { GUEST_GRANT_ONLY_IN_GUEST_COMPONENT } from "../../policy/policies/guest-grant-only-in-guest-component";
import { GUEST_PRINCIPAL_TYPE_USER } from "../../policy/policies/guest-principal-type-user";
import { GUEST_ROLE_ALLOW_LISTED } from "../../policy/policies/guest-role-allow-listed";
import { GUEST_ROLE_NOT_PRIVILEGED } from "../../policy/policies/guest-role-not-privileged";
import { GUEST_SCOPE_WITHIN_BOUNDARY } from "../../policy/policies/guest-scope-within-boundary";
import { UNKNOWN } from "../../azure/unknown";
import type { PolicyInputResource } from "../../policy/evaluate";
import {
  bypassAssignment,
  guestReference,
  guestResources,
  happyGuest,
  OTHER_SUBSCRIPTION,
  ROLES,
} from "./support/factory";
import type { Mode } from "./support/factory";
import { evaluate, summarise, violationsOf } from "./support/harness";

for (const mode of ["update", "preview"] as Mode[]) {
  describe(`no bypass of the Guest component (${mode})`, () => {
    it("rejects a role assignment outside a Guest whose principalId comes from an invitation", async () => {
      const guest = happyGuest();
      const sneaky = bypassAssignment(guest, mode);
      const result = await evaluate([...guestResources(guest, mode), sneaky]);
      const [violation, ...more] = violationsOf(result, GUEST_GRANT_ONLY_IN_GUEST_COMPONENT);
      assert.equal(more.length, 0, summarise(result).join("\n"));
      assert.equal(violation?.enforcementLevel, "mandatory");
      assert.equal(violation?.urn, sneaky.urn);
      assert.match(
        violation?.detail ?? "",
        /guest alice@contoso\.example "Reader".*outside a Guest component.*invitation/,
      );
    });

    it("holds a bypassing assignment of Owner to the privileged-role rule and names the guest", async () => {
      const guest = happyGuest();
      const sneaky = bypassAssignment(guest, mode, { roleId: ROLES.owner });
      const result = await evaluate([...guestResources(guest, mode), sneaky]);
      const [violation] = violationsOf(result, GUEST_ROLE_NOT_PRIVILEGED);
      assert.equal(violation?.urn, sneaky.urn, summarise(result).join("\n"));
      assert.equal(violation?.enforcementLevel, "mandatory");
      assert.match(
        violation?.detail ?? "",
        /alice@contoso\.example must not receive "Owner".*declared outside a Guest component/,
      );
      assert.equal(violationsOf(result, GUEST_ROLE_ALLOW_LISTED).length, 1);
    });

    it("holds a bypassing assignment to the scope boundary", async () => {
      const guest = happyGuest();
      const sneaky = bypassAssignment(guest, mode, {
        scope: `/subscriptions/${OTHER_SUBSCRIPTION}`,
      });
      const result = await evaluate([...guestResources(guest, mode), sneaky]);
      assert.equal(
        violationsOf(result, GUEST_SCOPE_WITHIN_BOUNDARY)[0]?.urn,
        sneaky.urn,
        summarise(result).join("\n"),
      );
    });

    it("holds a bypassing assignment to the principal type rule", async () => {
      const guest = happyGuest();
      const sneaky = bypassAssignment(guest, mode, { principalType: "Group" });
      const result = await evaluate([...guestResources(guest, mode), sneaky]);
      assert.equal(
        violationsOf(result, GUEST_PRINCIPAL_TYPE_USER)[0]?.urn,
        sneaky.urn,
        summarise(result).join("\n"),
      );
    });

    it("recognises a guest referenced by object id from the Guest's known objectId", async () => {
      const guest = { ...happyGuest(), invited: false };
      const sneaky = bypassAssignment(guest, mode, { viaDependency: false });
      const result = await evaluate([...guestResources(guest, mode), sneaky]);
      assert.equal(
        violationsOf(result, GUEST_GRANT_ONLY_IN_GUEST_COMPONENT)[0]?.urn,
        sneaky.urn,
        summarise(result).join("\n"),
      );
    });

    it("recognises a guest from the Guest component's principalId output, as the engine's stack view shows it", async () => {
      const guest = { ...happyGuest(), invited: false };
      const [component, ...rest] = guestResources(guest, mode);
      const outputsOnly = {
        ...(component as PolicyInputResource),
        props: { principalId: guest.objectId },
      };
      const sneaky = bypassAssignment(guest, mode, { viaDependency: false });
      const result = await evaluate([outputsOnly, ...rest, sneaky]);
      const [violation] = violationsOf(result, GUEST_GRANT_ONLY_IN_GUEST_COMPONENT);
      assert.equal(violation?.urn, sneaky.urn, summarise(result).join("\n"));
      assert.match(violation?.detail ?? "", /guest alice@contoso\.example/);
    });

    it("ignores a role assignment whose principal is not a guest", async () => {
      const guest = happyGuest();
      const other = {
        ...bypassAssignment(guest, mode, { viaDependency: false, roleId: ROLES.owner }),
        props: {
          principalId: "77777777-0000-4000-8000-000000000000",
          principalType: "ServicePrincipal",
          roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.owner}`,
          scope: `/subscriptions/${OTHER_SUBSCRIPTION}`,
        },
      };
      const result = await evaluate([...guestResources(guest, mode), other]);
      assert.deepEqual(summarise(result), []);
    });
  });
}

describe("deciding who a role assignment is for", () => {
  it("never reads an unknown principalId: an unknown principal without an invitation dependency is not a guest's", async () => {
    const guest = happyGuest();
    const unrelated = {
      urn: `urn:pulumi:dev::guest-access::${ROLE_ASSIGNMENT_TYPE}::pipeline`,
      type: ROLE_ASSIGNMENT_TYPE,
      name: "pipeline",
      propertyDependencies: { principalId: [] },
      props: {
        principalId: UNKNOWN,
        principalType: "ServicePrincipal",
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.contributor}`,
        scope: `/subscriptions/${OTHER_SUBSCRIPTION}`,
      },
    };
    const result = await evaluate([...guestResources(guest, "preview"), unrelated]);
    assert.deepEqual(summarise(result), []);
  });

  it("decides from the parent's type alone when the URN chain and opts.parent say Guest", async () => {
    const resources = guestResources({ ...happyGuest(), roleId: ROLES.owner }, "preview");
    // Drop every dependency: the parent alone makes it a guest's assignment.
    const stripped = resources.map((r) => ({ ...r, dependencies: [], propertyDependencies: {} }));
    const result = await evaluate(stripped);
    assert.equal(violationsOf(result, GUEST_ROLE_NOT_PRIVILEGED).length, 1);
  });
});

/** Role assignment tokens azure-native 3.28 ships besides the default one (see `roleAssignment.js` aliases). */
const VERSIONED_ROLE_ASSIGNMENTS = [
  "azure-native:authorization/v20220401:RoleAssignment",
  "azure-native:authorization/v20200401preview:RoleAssignment",
  "azure-native:authorization/v20150701:RoleAssignment",
];

const OWNER_ID = `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.owner}`;

/** Other resource types through which a guest could get access without a Guest component. */
const SIDE_DOORS: { type: string; property: string; props: Record<string, unknown> }[] = [
  {
    type: "azure-native:authorization:PimRoleEligibilitySchedule",
    property: "principalId",
    props: { roleDefinitionId: OWNER_ID, scope: `/subscriptions/${OTHER_SUBSCRIPTION}` },
  },
  {
    type: "azuread:index/directoryRoleAssignment:DirectoryRoleAssignment",
    property: "principalObjectId",
    props: { roleId: "62e90394-69f5-4237-9190-012177145e10" },
  },
  {
    type: "azuread:index/groupMember:GroupMember",
    property: "memberObjectId",
    props: { groupObjectId: "44444444-0000-4000-8000-000000000000" },
  },
];

for (const mode of ["update", "preview"] as Mode[]) {
  describe(`role assignments of every API version (${mode})`, () => {
    for (const type of VERSIONED_ROLE_ASSIGNMENTS) {
      it(`rejects Owner under a Guest declared as ${type}`, async () => {
        const result = await evaluate(
          guestResources({ ...happyGuest(), roleId: ROLES.owner, assignmentType: type }, mode),
        );
        const [violation, ...more] = violationsOf(result, GUEST_ROLE_NOT_PRIVILEGED);
        assert.equal(more.length, 0, summarise(result).join("\n"));
        assert.equal(violation?.enforcementLevel, "mandatory");
        assert.ok(violation?.urn?.includes(type), violation?.urn);
        assert.equal(violationsOf(result, GUEST_ROLE_ALLOW_LISTED).length, 1);
      });

      it(`rejects Owner given to a guest outside a Guest as ${type}`, async () => {
        const guest = happyGuest();
        const sneaky = bypassAssignment(guest, mode, { roleId: ROLES.owner, type });
        const result = await evaluate([...guestResources(guest, mode), sneaky]);
        for (const policy of [GUEST_GRANT_ONLY_IN_GUEST_COMPONENT, GUEST_ROLE_NOT_PRIVILEGED]) {
          const [violation, ...more] = violationsOf(result, policy);
          assert.equal(more.length, 0, summarise(result).join("\n"));
          assert.equal(violation?.urn, sneaky.urn, `${policy}: ${summarise(result).join("\n")}`);
          assert.equal(violation?.enforcementLevel, "mandatory");
        }
      });
    }
  });

  describe(`guest access through other resource types (${mode})`, () => {
    for (const door of SIDE_DOORS) {
      for (const invited of [true, false]) {
        const how = invited
          ? "whose principal comes from the Invitation"
          : "naming the guest's object id";
        it(`rejects a ${door.type.split(":").pop() ?? door.type} outside a Guest ${how}`, async () => {
          const guest = { ...happyGuest(), invited };
          const side = guestReference(guest, mode, door.type, door.property, door.props);
          const result = await evaluate([...guestResources(guest, mode), side]);
          const [violation, ...more] = violationsOf(result, GUEST_GRANT_ONLY_IN_GUEST_COMPONENT);
          assert.equal(more.length, 0, summarise(result).join("\n"));
          assert.equal(violation?.urn, side.urn, summarise(result).join("\n"));
          assert.equal(violation?.enforcementLevel, "mandatory");
          assert.ok(
            violation?.detail.startsWith(
              `${door.type} side-door-alice@contoso.example gives guest alice@contoso.example access outside a Guest component (its ${door.property} `,
            ),
            violation?.detail,
          );
        });
      }
    }

    it("ignores a resource outside a Guest that refers to no guest", async () => {
      const guest = happyGuest();
      const unrelated = {
        ...guestReference(
          { ...guest, invited: false },
          mode,
          "azuread:index/groupMember:GroupMember",
          "memberObjectId",
        ),
        props: { memberObjectId: "77777777-0000-4000-8000-000000000000" },
      };
      const result = await evaluate([...guestResources(guest, mode), unrelated]);
      assert.deepEqual(summarise(result), []);
    });
  });
}

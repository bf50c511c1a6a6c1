/**
 * Behaviour of the policies that judge what a guest's role assignment grants (1-4), on a Guest's own
 * assignment, in update mode and in preview with the invited user's principalId unknown.
 */

import assert from "node:assert/strict";
import { GUEST_PRINCIPAL_TYPE_USER } from "../../policy/policies/guest-principal-type-user";
import { GUEST_ROLE_ALLOW_LISTED } from "../../policy/policies/guest-role-allow-listed";
import { GUEST_ROLE_NOT_PRIVILEGED } from "../../policy/policies/guest-role-not-privileged";
import { GUEST_SCOPE_WITHIN_BOUNDARY } from "../../policy/policies/guest-scope-within-boundary";
import { UNKNOWN } from "../../azure/unknown";
import {
  ALLOWED_GROUP,
  grantUrn,
  guestResources,
  happyGuest,
  OTHER_SUBSCRIPTION,
  ROLES,
  SUBSCRIPTION,
} from "./support/factory";
import type { GuestCase, Mode } from "./support/factory";
import { evaluate, summarise, TEST_CONFIG, violationsOf } from "./support/harness";

interface Case {
  readonly name: string;
  readonly change: Partial<GuestCase>;
  /** Policies that must report a mandatory violation, each with words its message must contain. */
  readonly expect: Readonly<Record<string, readonly string[]>>;
  readonly config?: unknown;
}

const withAllowList = (allowedRoles: string[]): unknown => ({
  ...TEST_CONFIG,
  "guest-role-allow-listed": { allowedRoles },
});

const cases: Case[] = [
  {
    name: "rejects a role outside the allow-list",
    change: { roleId: ROLES.websiteContributor },
    config: withAllowList(["Reader"]),
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: [
        "alice@contoso.example",
        "Website Contributor",
        "not on the allow-list",
      ],
    },
  },
  {
    name: "rejects Owner for a guest, in both role policies",
    change: { roleId: ROLES.owner },
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: [
        "alice@contoso.example",
        '"Owner"',
        "privileged administrator role",
      ],
      [GUEST_ROLE_NOT_PRIVILEGED]: ["alice@contoso.example", '"Owner"', "privileged"],
    },
  },
  {
    name: "rejects Contributor",
    change: { roleId: ROLES.contributor },
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: ['"Contributor"', "privileged"],
      [GUEST_ROLE_NOT_PRIVILEGED]: ['"Contributor"'],
    },
  },
  {
    name: "rejects User Access Administrator",
    change: { roleId: ROLES.userAccessAdministrator },
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: ["User Access Administrator"],
      [GUEST_ROLE_NOT_PRIVILEGED]: ["User Access Administrator"],
    },
  },
  {
    name: "rejects Role Based Access Control Administrator",
    change: { roleId: ROLES.rbacAdministrator },
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: ["Role Based Access Control Administrator"],
      [GUEST_ROLE_NOT_PRIVILEGED]: ["Role Based Access Control Administrator"],
    },
  },
  {
    name: "rejects Reservations Administrator",
    change: { roleId: ROLES.reservationsAdministrator },
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: ["Reservations Administrator"],
      [GUEST_ROLE_NOT_PRIVILEGED]: ["Reservations Administrator"],
    },
  },
  {
    name: "rejects a role that can write role assignments under a condition",
    change: { roleId: ROLES.keyVaultDataAccessAdministrator },
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: [
        "Key Vault Data Access Administrator",
        "can write role assignments",
      ],
      [GUEST_ROLE_NOT_PRIVILEGED]: ["Key Vault Data Access Administrator"],
    },
  },
  {
    name: "rejects a role security lists as privileged even when allow-listed",
    change: { roleId: ROLES.websiteContributor },
    config: {
      ...TEST_CONFIG,
      "guest-role-not-privileged": {
        allowedCustomRoles: [ROLES.custom],
        additionalPrivilegedRoles: ["Website Contributor"],
      },
    },
    expect: { [GUEST_ROLE_NOT_PRIVILEGED]: ['"Website Contributor"', "security lists it"] },
  },
  {
    name: "rejects a custom role GUID that the config does not name",
    change: { roleId: "0b0b0b0b-1111-4222-8333-444444444444" },
    config: withAllowList(["Reader", "0b0b0b0b-1111-4222-8333-444444444444"]),
    expect: {
      [GUEST_ROLE_NOT_PRIVILEGED]: [
        "custom role 0b0b0b0b-1111-4222-8333-444444444444",
        "allowedCustomRoles",
      ],
    },
  },
  {
    name: "rejects Owner given by a role definition ID in subscription form",
    change: {
      roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.owner}`,
    },
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: ['"Owner"', "privileged"],
      [GUEST_ROLE_NOT_PRIVILEGED]: ['"Owner"', "privileged"],
    },
  },
  {
    name: "rejects Owner given by a role definition ID in management group form",
    change: {
      roleDefinitionId: `/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/roleDefinitions/${ROLES.owner}`,
    },
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: ['"Owner"', "privileged"],
      [GUEST_ROLE_NOT_PRIVILEGED]: ['"Owner"', "privileged"],
    },
  },
  {
    name: "rejects Owner given by a role definition ID in upper case",
    change: {
      roleDefinitionId: `/PROVIDERS/MICROSOFT.AUTHORIZATION/ROLEDEFINITIONS/${ROLES.owner.toUpperCase()}`,
    },
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: ['"Owner"', "privileged"],
      [GUEST_ROLE_NOT_PRIVILEGED]: ['"Owner"', "privileged"],
    },
  },
  {
    name: "rejects a roleDefinitionId that is not a role definition ID",
    change: { roleDefinitionId: "Reader" },
    expect: {
      [GUEST_ROLE_ALLOW_LISTED]: ['"Reader"'],
      [GUEST_ROLE_NOT_PRIVILEGED]: ["not a role definition ID"],
    },
  },
  {
    name: "rejects a scope in another subscription",
    change: { scope: `/subscriptions/${OTHER_SUBSCRIPTION}` },
    expect: { [GUEST_SCOPE_WITHIN_BOUNDARY]: [OTHER_SUBSCRIPTION, "outside the approved scopes"] },
  },
  {
    name: "rejects the subscription that contains an allowed resource group",
    change: { scope: `/subscriptions/${SUBSCRIPTION}` },
    expect: { [GUEST_SCOPE_WITHIN_BOUNDARY]: ["outside the approved scopes"] },
  },
  {
    name: "rejects the root scope",
    change: { scope: "/" },
    expect: { [GUEST_SCOPE_WITHIN_BOUNDARY]: ["root"] },
  },
  {
    name: "rejects a management group scope unless configured",
    change: { scope: "/providers/Microsoft.Management/managementGroups/contoso" },
    expect: { [GUEST_SCOPE_WITHIN_BOUNDARY]: ["managementGroups/contoso", "management group"] },
  },
  {
    name: "rejects the tenant root management group",
    change: {
      scope:
        "/providers/Microsoft.Management/managementGroups/7c1e9a2b-4d3f-4b8a-9c6d-0e1f2a3b4c5d",
    },
    expect: { [GUEST_SCOPE_WITHIN_BOUNDARY]: ["tenant root management group"] },
  },
  {
    name: "rejects a scope that is not an Azure scope",
    change: { scope: "subscriptions/nope" },
    expect: { [GUEST_SCOPE_WITHIN_BOUNDARY]: ["not an Azure scope"] },
  },
  {
    name: "rejects an allowed scope written with a trailing slash",
    change: { scope: `${ALLOWED_GROUP}/` },
    expect: { [GUEST_SCOPE_WITHIN_BOUNDARY]: ["not an Azure scope"] },
  },
  {
    name: 'rejects principalType "user" in lower case: the Guest always writes "User"',
    change: { principalType: "user" },
    expect: { [GUEST_PRINCIPAL_TYPE_USER]: ['"user"', 'not "User"'] },
  },
  {
    name: 'rejects a principalType other than "User"',
    change: { principalType: "ServicePrincipal" },
    expect: { [GUEST_PRINCIPAL_TYPE_USER]: ['"ServicePrincipal"'] },
  },
  {
    name: "rejects a missing principalType",
    change: { principalType: undefined },
    expect: { [GUEST_PRINCIPAL_TYPE_USER]: ["null"] },
  },
];

const passing: Case[] = [
  {
    name: "accepts an allow-listed read-only role on an allowed resource group",
    change: {},
    expect: {},
  },
  {
    name: "accepts a resource inside an allowed resource group",
    change: { scope: `${ALLOWED_GROUP}/providers/Microsoft.Storage/storageAccounts/raw` },
    expect: {},
  },
  {
    name: "accepts a scope written in another case",
    change: { scope: ALLOWED_GROUP.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/") },
    expect: {},
  },
  {
    name: "accepts a custom role the config names in both lists",
    change: { roleId: ROLES.custom },
    expect: {},
  },
  { name: "accepts a guest referenced by object id", change: { invited: false }, expect: {} },
  {
    name: "accepts a listed management group when management groups are allowed",
    change: { scope: "/providers/Microsoft.Management/managementGroups/Partners" },
    config: {
      ...TEST_CONFIG,
      "guest-scope-within-boundary": {
        allowedScopes: [ALLOWED_GROUP, "/providers/Microsoft.Management/managementGroups/partners"],
        allowManagementGroups: true,
      },
    },
    expect: {},
  },
];

const GUARDED = [
  GUEST_ROLE_ALLOW_LISTED,
  GUEST_ROLE_NOT_PRIVILEGED,
  GUEST_SCOPE_WITHIN_BOUNDARY,
  GUEST_PRINCIPAL_TYPE_USER,
];

for (const mode of ["update", "preview"] as Mode[]) {
  describe(`guest role assignment policies (${mode})`, () => {
    for (const c of [...passing, ...cases]) {
      it(c.name, async () => {
        const result = await evaluate(
          guestResources({ ...happyGuest(), ...c.change }, mode),
          c.config,
        );
        for (const policy of GUARDED) {
          const found = violationsOf(result, policy);
          const words = c.expect[policy];
          if (!words) {
            assert.deepEqual(
              found.map((d) => d.detail),
              [],
              `${policy} must not fire`,
            );
            continue;
          }
          assert.equal(found.length, 1, `${policy}: ${summarise(result).join("\n")}`);
          const [violation] = found;
          assert.equal(violation?.enforcementLevel, "mandatory");
          assert.equal(
            violation?.urn,
            "urn:pulumi:dev::guest-access::guest-access:index:Guest$azure-native:authorization:RoleAssignment::alice@contoso.example-grant-0",
          );
          for (const word of words)
            assert.ok(
              violation?.message.includes(word),
              `"${violation?.message}" should mention ${word}`,
            );
        }
        // The guest's unknown principalId is never read: no policy is skipped during preview.
        assert.deepEqual(
          result.diagnostics.filter((d) => d.kind !== "violation").map((d) => d.detail),
          [],
        );
      });
    }
  });
}

describe("a Guest's own role assignment with an unknown input (preview)", () => {
  const unverifiable: { field: string; policies: string[] }[] = [
    { field: "roleDefinitionId", policies: [GUEST_ROLE_ALLOW_LISTED, GUEST_ROLE_NOT_PRIVILEGED] },
    { field: "scope", policies: [GUEST_SCOPE_WITHIN_BOUNDARY] },
    { field: "principalType", policies: [GUEST_PRINCIPAL_TYPE_USER] },
  ];
  for (const { field, policies } of unverifiable) {
    it(`rejects it as unverifiable when its ${field} is unknown, instead of skipping with an advisory`, async () => {
      const resources = guestResources(happyGuest(), "preview").map((r) =>
        r.urn === grantUrn(happyGuest().email)
          ? { ...r, props: { ...r.props, [field]: UNKNOWN } }
          : r,
      );
      const result = await evaluate(resources);
      for (const policy of GUARDED) {
        const found = violationsOf(result, policy);
        if (!policies.includes(policy)) {
          assert.deepEqual(found, [], `${policy} must not fire`);
          continue;
        }
        assert.equal(found.length, 1, `${policy}: ${summarise(result).join("\n")}`);
        assert.equal(found[0]?.enforcementLevel, "mandatory");
        assert.equal(found[0]?.urn, grantUrn(happyGuest().email));
        assert.match(
          found[0]?.detail ?? "",
          new RegExp(
            `^guest alice@contoso\\.example: the role assignment cannot be verified: ${field} is unknown`,
          ),
        );
      }
      assert.deepEqual(
        result.diagnostics.filter((d) => d.kind !== "violation").map((d) => d.detail),
        [],
      );
    });
  }
});

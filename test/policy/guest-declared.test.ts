/**
 * `guest-grant-declared-by-guest`: a Guest component's children are exactly what its inputs declare, so registering a component
 * of type `guest-access:index:Guest` by hand earns no trust.
 */

import assert from "node:assert/strict";
import { evaluatePolicies } from "../../policy/evaluate";
import type { PolicyInputResource } from "../../policy/evaluate";
import {
  GUEST_GRANT_DECLARED_BY_GUEST,
  guestGrantDeclaredByGuest,
} from "../../policy/policies/guest-grant-declared-by-guest";
import {
  ALLOWED_GROUP,
  grantUrn,
  guestResources,
  guestUrn,
  happyGuest,
  invitationUrn,
  ROLES,
  SUBSCRIPTION,
} from "./support/factory";
import type { GuestCase, Mode } from "./support/factory";
import { evaluate, resolveConfig, summarise, violationsOf } from "./support/harness";

const ALICE = happyGuest().email;
const BOB = "bob@contoso.example";

/** Changes the props (or dependencies) of one resource of Alice's. */
function changed(
  urn: string,
  change: (r: PolicyInputResource) => PolicyInputResource,
): (resources: PolicyInputResource[]) => PolicyInputResource[] {
  return (resources) => resources.map((r) => (r.urn === urn ? change(r) : r));
}

const withProps = (urn: string, props: Record<string, unknown>) =>
  changed(urn, (r) => ({ ...r, props: { ...r.props, ...props } }));

const withPrincipalFrom = (urn: string, dependencies: string[]) =>
  changed(urn, (r) => ({
    ...r,
    dependencies,
    propertyDependencies: { ...r.propertyDependencies, principalId: dependencies },
  }));

interface Case {
  readonly name: string;
  readonly guest?: Partial<GuestCase>;
  readonly change?: (resources: PolicyInputResource[], mode: Mode) => PolicyInputResource[];
  /** Words the one violation must contain, and the resource it is on; none for a pass. */
  readonly expect?: { readonly urn: string; readonly words: readonly string[] };
}

const cases: Case[] = [
  { name: "accepts an invited guest's own assignment" },
  { name: "accepts a guest referenced by object id", guest: { invited: false } },
  {
    name: "accepts a scope and role definition ID written differently from the grant",
    change: withProps(grantUrn(ALICE), {
      scope: ALLOWED_GROUP.replace("resourceGroups/shop-prod", "RESOURCEGROUPS/Shop-Prod"),
      roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.reader.toUpperCase()}`,
    }),
  },
  {
    name: "rejects an assignment of a role none of the Guest's grants declares",
    change: withProps(grantUrn(ALICE), {
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.websiteContributor}`,
    }),
    expect: {
      urn: grantUrn(ALICE),
      words: ['"Website Contributor"', "none of the Guest's grants declares"],
    },
  },
  {
    name: "rejects an assignment on a scope none of the Guest's grants declares",
    change: withProps(grantUrn(ALICE), { scope: `/subscriptions/${SUBSCRIPTION}` }),
    expect: {
      urn: grantUrn(ALICE),
      words: [`on /subscriptions/${SUBSCRIPTION},`, "none of the Guest's grants declares"],
    },
  },
  {
    name: "rejects an assignment whose principalId comes from another guest's invitation",
    change: (resources, mode) =>
      withPrincipalFrom(grantUrn(ALICE), [invitationUrn(BOB)])([
        ...resources,
        ...guestResources({ ...happyGuest(), email: BOB }, mode),
      ]),
    expect: {
      urn: grantUrn(ALICE),
      words: ["not come from the guest's own invitation", `${BOB}-invitation`],
    },
  },
  {
    name: "rejects an invited guest's assignment whose principalId comes from no invitation",
    change: (resources) =>
      withPrincipalFrom(
        grantUrn(ALICE),
        [],
      )(
        withProps(grantUrn(ALICE), { principalId: "77777777-0000-4000-8000-000000000000" })(
          resources,
        ),
      ),
    expect: { urn: grantUrn(ALICE), words: ["not come from the guest's own invitation"] },
  },
  {
    name: "rejects an assignment for another principal than the guest's objectId",
    guest: { invited: false },
    change: withProps(grantUrn(ALICE), { principalId: "77777777-0000-4000-8000-000000000000" }),
    expect: {
      urn: grantUrn(ALICE),
      words: ["principalId 77777777-0000-4000-8000-000000000000", "not the guest's objectId"],
    },
  },
  {
    name: "rejects an invitation for another address than the guest's",
    change: withProps(invitationUrn(ALICE), { userEmailAddress: "eve@gmail.com" }),
    expect: { urn: invitationUrn(ALICE), words: ["is for eve@gmail.com, not the guest's email"] },
  },
  {
    name: "rejects a second invitation under one Guest",
    change: (resources) => {
      const invitation = resources.find((r) => r.urn === invitationUrn(ALICE));
      return [
        ...resources,
        { ...(invitation as PolicyInputResource), urn: `${invitationUrn(ALICE)}-2`, name: "two" },
      ];
    },
    expect: { urn: guestUrn(ALICE), words: ["has 2 Invitation children"] },
  },
  {
    name: "rejects a child that is neither an invitation nor a role assignment",
    change: (resources) => [
      ...resources,
      {
        urn: `urn:pulumi:dev::guest-access::guest-access:index:Guest$azure-native:authorization:PimRoleEligibilitySchedule::pim`,
        type: "azure-native:authorization:PimRoleEligibilitySchedule",
        name: "pim",
        parent: guestUrn(ALICE),
        props: { scope: ALLOWED_GROUP },
      },
    ],
    expect: {
      urn: `urn:pulumi:dev::guest-access::guest-access:index:Guest$azure-native:authorization:PimRoleEligibilitySchedule::pim`,
      words: ["only its invitation and role assignments", "PimRoleEligibilitySchedule pim"],
    },
  },
  {
    name: "rejects a Guest component without its inputs, whose children cannot be verified",
    change: withProps(guestUrn(ALICE), { email: undefined, grants: undefined }),
    expect: { urn: guestUrn(ALICE), words: ["inputs are not visible to policies"] },
  },
  {
    name: "rejects a child of a Guest the stack does not hold",
    change: (resources) => resources.filter((r) => r.urn === grantUrn(ALICE)),
    expect: { urn: grantUrn(ALICE), words: ["a Guest component the stack does not hold"] },
  },
];

for (const mode of ["update", "preview"] as Mode[]) {
  describe(`Guest children declared by the Guest (${mode})`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const base = guestResources({ ...happyGuest(), ...c.guest }, mode);
        const result = await evaluate(c.change ? c.change(base, mode) : base);
        const found = violationsOf(result, GUEST_GRANT_DECLARED_BY_GUEST);
        if (!c.expect) {
          assert.deepEqual(summarise(result), []);
          return;
        }
        assert.equal(found.length, 1, summarise(result).join("\n"));
        const [violation] = found;
        assert.equal(violation?.enforcementLevel, "mandatory");
        assert.equal(violation?.urn, c.expect.urn);
        for (const word of c.expect.words)
          assert.ok(
            violation?.detail.includes(word),
            `"${violation?.detail}" should mention ${word}`,
          );
      });
    }
  });
}

describe("a Guest's declaration as the engine shows it", () => {
  // AnalyzeStack sends a component's outputs, so the declaration comes from the Guest's own Analyze request.
  const stackOnly = [
    {
      name: guestGrantDeclaredByGuest.name,
      description: guestGrantDeclaredByGuest.description,
      enforcementLevel: guestGrantDeclaredByGuest.enforcementLevel,
      validateStack: guestGrantDeclaredByGuest.validateStack,
    },
  ];
  const outputsOnly = (resources: PolicyInputResource[]): PolicyInputResource[] =>
    resources.map((r) =>
      r.urn === guestUrn(ALICE) ? { ...r, props: { principalId: "unknowable" } } : r,
    );

  for (const { name, roleId, violations } of [
    { name: "accepts what the Guest's inputs declared", roleId: ROLES.reader, violations: 0 },
    {
      name: "rejects what they did not declare",
      roleId: ROLES.websiteContributor,
      violations: 1,
    },
  ]) {
    it(`${name}, from the Guest's Analyze request when the stack view has only outputs`, async () => {
      const config = resolveConfig();
      const declared = guestResources(happyGuest(), "preview");
      await evaluatePolicies(declared, { config, policies: [guestGrantDeclaredByGuest] });
      const assigned = changed(grantUrn(ALICE), (r) => ({
        ...r,
        props: {
          ...r.props,
          roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
        },
      }))(outputsOnly(declared));
      const result = await evaluatePolicies(assigned, { config, policies: stackOnly });
      assert.equal(
        violationsOf(result, GUEST_GRANT_DECLARED_BY_GUEST).length,
        violations,
        summarise(result).join("\n"),
      );
    });
  }
});

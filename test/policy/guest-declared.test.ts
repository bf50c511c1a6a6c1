/**
 * `guest-grant-declared-by-guest`: a Guest component's children are exactly what it declares (its registered
 * outputs, the stack view), so registering a component of type `guest-access:index:Guest` by hand earns no
 * trust.
 */

import assert from "node:assert/strict";
import { evaluatePolicies } from "../../policy/evaluate";
import type { PolicyInputResource } from "../../policy/evaluate";
import {
  GUEST_GRANT_DECLARED_BY_GUEST,
  guestGrantDeclaredByGuest,
} from "../../policy/policies/guest-grant-declared-by-guest";
import { UNKNOWN } from "../../azure/unknown";
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

const withOutputs = (urn: string, outputs: Record<string, unknown>) =>
  changed(urn, (r) => ({ ...r, outputs: { ...r.outputs, ...outputs } }));

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
  /** For a pass: the policies that must find nothing (default: every policy). */
  readonly only?: readonly string[];
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
    name: "rejects a child that is neither an invitation, a role assignment nor a group membership",
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
      words: [
        "only its invitation, role assignments and group memberships",
        "PimRoleEligibilitySchedule pim",
      ],
    },
  },
  {
    name: "rejects a Guest whose outputs hold only principalId (an older Guest), whose children cannot be verified",
    change: changed(guestUrn(ALICE), (r) => ({ ...r, outputs: { principalId: UNKNOWN } })),
    expect: {
      urn: guestUrn(ALICE),
      words: [
        "outputs declare no email, principal and grants",
        "deploy it with the current program",
      ],
    },
  },
  {
    name: "rejects a Guest whose outputs say it is an existing user but name no objectId",
    guest: { invited: false },
    change: withOutputs(guestUrn(ALICE), { objectId: undefined }),
    expect: { urn: guestUrn(ALICE), words: ["outputs declare no email, principal and grants"] },
  },
  {
    name: "rejects an assignment its inputs declare but its outputs do not, for the stack view is the outputs",
    change: withOutputs(guestUrn(ALICE), { grants: [] }),
    expect: { urn: grantUrn(ALICE), words: ["none of the Guest's grants declares"] },
  },
  {
    name: "accepts a Guest whose inputs are hidden from policies, for its declaration is in its outputs",
    change: changed(guestUrn(ALICE), (r) => ({ ...r, props: {} })),
    only: [GUEST_GRANT_DECLARED_BY_GUEST],
  },
  {
    name: "accepts a declared grant whose role is a full role definition ID and whose scope is written differently",
    change: withOutputs(guestUrn(ALICE), {
      grants: [
        {
          key: "written by hand",
          roleId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.reader.toUpperCase()}`,
          scope: ALLOWED_GROUP.toUpperCase(),
        },
      ],
    }),
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
          const concerned = result.diagnostics.filter(
            (d) => c.only === undefined || c.only.includes(d.policy),
          );
          assert.deepEqual(concerned, [], summarise(result).join("\n"));
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

describe("a Guest's declaration, from the stack view alone", () => {
  // Pins the module-level Map the policy once kept between requests: a Guest whose stack view held no
  // declaration was judged by what an earlier Analyze of the same URN had declared.
  it("fails closed on a Guest without a declaration even after the same Guest passed, for it keeps no state", async () => {
    const config = resolveConfig();
    const policies = [guestGrantDeclaredByGuest];
    const declared = guestResources(happyGuest(), "preview");
    const undeclared = changed(guestUrn(ALICE), (r) => ({
      ...r,
      outputs: { principalId: UNKNOWN },
    }))(declared);
    const verdicts: number[] = [];
    for (const resources of [declared, undeclared, declared, undeclared]) {
      const result = await evaluatePolicies(resources, { config, policies });
      verdicts.push(violationsOf(result, GUEST_GRANT_DECLARED_BY_GUEST).length);
    }
    assert.deepEqual(verdicts, [0, 1, 0, 1]);
  });

  it("is a stack policy only, with no resource check that could remember a Guest's inputs", () => {
    assert.equal("validateResource" in guestGrantDeclaredByGuest, false);
    assert.equal(typeof guestGrantDeclaredByGuest.validateStack, "function");
  });
});

/**
 * The guardrails on groups: a group's grants are judged like a guest's (role allow-list, privileged roles,
 * scope boundary, principal type), a guest joins only declared groups, a declared group is joined only by
 * Guests and granted only by its Group, and the limit policies count role assignments, not guests. Run on
 * what the program registers for `test/fixtures/plan/groups.yaml` (the specs' preview, which equals the
 * program's registrations), changed one thing per case.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { loadAccess } from "../../access/load";
import { GROUP_MEMBER_TYPE, GROUP_TYPE, ROLE_ASSIGNMENT_TYPE } from "../../azure/tokens";
import { UNKNOWN } from "../../azure/unknown";
import { fromCaptured, type PolicyInputResource } from "../../policy/evaluate";
import { countAssignments } from "../../policy/lib/assignment-counts";
import type { PolicyResource } from "@pulumi/policy";
import { declarationResources } from "../../specs/declaration";
import { previewResources } from "../../specs/preview";
import { ROLES, TODAY } from "./support/factory";
import { evaluate, summarise } from "./support/harness";
import { captureForPolicies, devConfig, ROOT } from "./support/program";

const FIXTURE = join(ROOT, "test", "fixtures", "plan", "groups.yaml");
const PREFIX = "urn:pulumi:dev::guest-access::";
const GROUP = `${PREFIX}guest-access:index:Group::contoso-auditors`;
const ENTRA_GROUP = `${PREFIX}guest-access:index:Group$${GROUP_TYPE}::contoso-auditors-group`;
const ANN = `${PREFIX}guest-access:index:Guest::ann.lee@contoso.example`;
const ANN_MEMBERSHIP = `${PREFIX}guest-access:index:Guest$${GROUP_MEMBER_TYPE}::ann.lee@contoso.example-member-contoso-auditors`;
/** A read-only built-in role the dev allow-list does not hold. */
const BILLING_READER = "fa23ad8b-c56e-40d8-ac0c-ce449e1d2c64";
const OTHER_GROUP_ID = "11111111-2222-4333-8444-555555555555";
/** A built-in role the dev allow-list holds, which the fixture's group is not granted. */
const MONITORING_READER = "43d0d8ad-25c7-4714-9337-8ba259a9fe05";

/** What the program registers for the fixture in a preview, as the analyzer sees it. */
function previewed(): PolicyInputResource[] {
  const model = loadAccess(FIXTURE, { today: TODAY }).model;
  assert.ok(model, "the fixture loads");
  return previewResources(declarationResources(model), {
    project: "guest-access",
    stack: "dev",
  }).map(fromCaptured);
}

/** The group's first role assignment (Reader on shop-prod). */
function groupGrant(resources: readonly PolicyInputResource[]): PolicyInputResource {
  const grant = resources.find((r) => r.parent === GROUP && r.type === ROLE_ASSIGNMENT_TYPE);
  assert.ok(grant, "the group has a grant");
  return grant;
}

/**
 * The group's first grant changed to another role or scope, and the Group's declaration with it: what the
 * program registers for a declaration that grants the group that role on that scope.
 */
function regranted(change: { roleId?: string; scope?: string }) {
  return (resources: PolicyInputResource[]): PolicyInputResource[] => {
    const grant = groupGrant(resources);
    const props = {
      ...(change.roleId
        ? {
            roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${change.roleId}`,
          }
        : {}),
      ...(change.scope ? { scope: change.scope } : {}),
    };
    return withProps(
      grant.urn,
      props,
    )(resources).map((r) => {
      if (r.urn !== GROUP) return r;
      const grants = (r.outputs?.grants ?? []) as { roleId: string; scope: string }[];
      const [first, ...rest] = grants;
      assert.ok(first, "the Group declares a grant");
      return {
        ...r,
        outputs: {
          ...r.outputs,
          grants: [
            { ...first, roleId: change.roleId ?? first.roleId, scope: change.scope ?? first.scope },
            ...rest,
          ],
        },
      };
    });
  };
}

function withProps(urn: string, props: Record<string, unknown>) {
  return (resources: PolicyInputResource[]): PolicyInputResource[] =>
    resources.map((r) => (r.urn === urn ? { ...r, props: { ...r.props, ...props } } : r));
}

/** A resource added to the stack. */
function added(resource: PolicyInputResource) {
  return (resources: PolicyInputResource[]): PolicyInputResource[] => [...resources, resource];
}

interface Case {
  readonly name: string;
  readonly change: (resources: PolicyInputResource[]) => PolicyInputResource[];
  /** The policies that must report (one violation each, in name order), and words the first one holds. */
  readonly policies: readonly string[];
  readonly words: readonly string[];
}

const cases: Case[] = [
  {
    name: "refuses a group granted Owner, naming the group",
    change: regranted({ roleId: ROLES.owner }),
    policies: ["guest-role-allow-listed", "guest-role-not-privileged"],
    words: ["group contoso-auditors must not receive", "Owner"],
  },
  {
    name: "refuses a group granted a role off the allow-list",
    change: regranted({ roleId: BILLING_READER }),
    policies: ["guest-role-allow-listed"],
    words: ["group contoso-auditors must not receive", "not on the allow-list"],
  },
  {
    name: "refuses a group's grant outside the scope boundary",
    change: regranted({ scope: `/subscriptions/${OTHER_GROUP_ID}` }),
    policies: ["guest-scope-within-boundary"],
    words: ["group contoso-auditors must not be granted access"],
  },
  {
    name: "refuses a role assignment under a Group that none of the Group's grants declares",
    // Monitoring Reader is on the allow-list and the scope in the boundary: only the declaration is at fault.
    change: (resources) =>
      withProps(groupGrant(resources).urn, {
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${MONITORING_READER}`,
      })(resources),
    policies: ["guest-group-only-declared"],
    words: ["group contoso-auditors: role assignment", "which none of the Group's grants declares"],
  },
  {
    name: 'refuses a group\'s grant whose principalType is not "Group"',
    change: (resources) =>
      withProps(groupGrant(resources).urn, { principalType: "User" })(resources),
    policies: ["guest-principal-type-user"],
    words: ['group contoso-auditors: principalType is "User", not "Group"'],
  },
  {
    name: "refuses a guest's membership in a group given by a literal object id",
    change: (resources) =>
      resources.map((r) =>
        r.urn === ANN_MEMBERSHIP
          ? {
              ...r,
              props: { ...r.props, groupObjectId: OTHER_GROUP_ID },
              propertyDependencies: { ...r.propertyDependencies, groupObjectId: [] },
            }
          : r,
      ),
    policies: ["guest-group-only-declared"],
    words: ["guest ann.lee@contoso.example", "not a group declared in access.yaml", OTHER_GROUP_ID],
  },
  {
    name: "refuses a guest's membership in a group registered outside a Group component",
    change: (resources) => {
      const rogue = `${PREFIX}${GROUP_TYPE}::admins`;
      return [
        ...resources.map((r) =>
          r.urn === ANN_MEMBERSHIP
            ? {
                ...r,
                propertyDependencies: { ...r.propertyDependencies, groupObjectId: [rogue] },
              }
            : r,
        ),
        {
          urn: rogue,
          type: GROUP_TYPE,
          name: "admins",
          props: { displayName: "admins", securityEnabled: true },
        },
      ];
    },
    policies: ["guest-group-only-declared"],
    words: ["guest ann.lee@contoso.example", "comes from no group declared in access.yaml"],
  },
  {
    name: "refuses a member added to a declared group outside a Guest component",
    change: added({
      urn: `${PREFIX}${GROUP_MEMBER_TYPE}::insider`,
      type: GROUP_MEMBER_TYPE,
      name: "insider",
      props: { groupObjectId: UNKNOWN, memberObjectId: OTHER_GROUP_ID },
      propertyDependencies: { groupObjectId: [ENTRA_GROUP], memberObjectId: [] },
    }),
    policies: ["guest-group-only-declared"],
    words: ["insider", "declared group contoso-auditors outside a Guest component"],
  },
  {
    name: "refuses a role granted to a declared group outside its Group component",
    change: added({
      urn: `${PREFIX}${ROLE_ASSIGNMENT_TYPE}::side-door`,
      type: ROLE_ASSIGNMENT_TYPE,
      name: "side-door",
      props: {
        principalId: UNKNOWN,
        principalType: "Group",
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.reader}`,
        scope: `/subscriptions/${OTHER_GROUP_ID}`,
      },
      propertyDependencies: { principalId: [ENTRA_GROUP] },
    }),
    policies: ["guest-group-only-declared"],
    words: ["side-door", "declared group contoso-auditors a role outside its Group component"],
  },
  {
    name: "refuses a Guest's membership in a declared group its memberOf does not name",
    change: (resources) =>
      resources.map((r) =>
        r.urn === ANN ? { ...r, outputs: { ...r.outputs, memberOf: ["data-readers"] } } : r,
      ),
    policies: ["guest-grant-declared-by-guest"],
    words: ["joins group contoso-auditors, which the Guest's memberOf does not declare"],
  },
  {
    name: "refuses a membership whose member is not the guest's own principal",
    change: (resources) =>
      resources.map((r) =>
        r.urn === ANN_MEMBERSHIP
          ? {
              ...r,
              props: { ...r.props, memberObjectId: OTHER_GROUP_ID },
              propertyDependencies: { ...r.propertyDependencies, memberObjectId: [] },
            }
          : r,
      ),
    policies: ["guest-grant-declared-by-guest"],
    words: ["memberObjectId that does not come from the guest's own invitation"],
  },
  {
    name: "refuses a group without a sponsor",
    change: withProps(GROUP, { sponsor: "" }),
    policies: ["guest-sponsor-and-reason-present"],
    words: ["group contoso-auditors has no sponsor"],
  },
  {
    name: "judges a guest's memberships by the guest's expiry",
    change: (resources) =>
      resources.map((r) => {
        if (r.urn !== ANN) return r;
        const { expires, ...props } = r.props;
        void expires;
        return { ...r, props };
      }),
    policies: ["guest-grant-expiry-bounded", "guest-grant-expiry-bounded"],
    words: ["membership in group contoso-auditors never expires"],
  },
];

describe("guardrails on groups", () => {
  it("pass the groups fixture in preview and in update, as the program registers it", async () => {
    for (const resources of [
      previewed(),
      await captureForPolicies(FIXTURE, "preview"),
      await captureForPolicies(FIXTURE, "update"),
    ]) {
      const result = await evaluate(resources, devConfig());
      assert.deepEqual(
        summarise(result).filter((s) => !s.includes("[advisory/unknown")),
        [],
      );
    }
  });

  for (const c of cases) {
    it(c.name, async () => {
      const result = await evaluate(c.change(previewed()), devConfig());
      const violations = result.diagnostics.filter((d) => d.kind === "violation");
      assert.deepEqual(
        violations.map((v) => v.policy),
        c.policies,
        summarise(result).join("\n"),
      );
      for (const word of c.words)
        assert.ok(violations[0]?.detail.includes(word), violations[0]?.detail);
    });
  }

  it("refuses a membership whose known group id is not the declared group's, once both are known", async () => {
    const resources = (await captureForPolicies(FIXTURE, "update")).map((r) => {
      if (r.urn === ENTRA_GROUP)
        return { ...r, props: { ...r.props, objectId: "22222222-3333-4444-8555-666666666666" } };
      if (r.urn === ANN_MEMBERSHIP)
        return { ...r, props: { ...r.props, groupObjectId: OTHER_GROUP_ID } };
      return r;
    });
    const result = await evaluate(resources, devConfig());
    const violations = result.diagnostics.filter((d) => d.kind === "violation");
    // The membership, and the group's own grant (made for the id the group had): both not for the group.
    assert.deepEqual(
      violations.map((v) => v.policy),
      ["guest-group-only-declared", "guest-group-only-declared"],
    );
    const details = violations.map((v) => v.detail).join("\n");
    assert.match(details, /membership [^\n]* not that group's object id/);
    assert.match(
      details,
      /group contoso-auditors: role assignment [^\n]* not that group's object id/,
    );
  });

  it("counts a group's grant once against Azure's limits, whatever its members", () => {
    const resources = previewed();
    const members = resources.filter((r) => r.type === GROUP_MEMBER_TYPE).length;
    const assignments = resources.filter((r) => r.type === ROLE_ASSIGNMENT_TYPE).length;
    // Ann's direct Reader, Cy's Monitoring Reader, and the two groups' active grants.
    assert.equal(assignments, 4);
    assert.equal(members, 3);
    const counts = countAssignments(resources as unknown as PolicyResource[], {});
    assert.equal(
      counts.reduce((n, c) => n + c.count, 0),
      assignments,
    );
  });
});

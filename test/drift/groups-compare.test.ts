/**
 * The drift core on small tenants with one declared group, one case per situation: which class each lands
 * in, and the fix it carries.
 */

import { strict as assert } from "node:assert";
import { resolveSources } from "../../access/load";
import type { AccessModel } from "../../access/model";
import { parseSource } from "../../access/source";
import { RoleCatalog } from "../../azure/roles";
import type {
  DriftReport,
  TenantAssignment,
  TenantMember,
  TenantSnapshot,
  TenantUser,
} from "../../review/drift/model";
import { reviewDrift } from "../../review/drift/report";
import { membershipKey, type DeployedGroups } from "../../review/drift/state-groups";

const RG = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const GROUP = "9a000000-0000-4000-8000-0000000000a1";
const ALICE = "a11ce000-0000-4000-8000-000000000001";
const BOB = "b0b00000-0000-4000-8000-000000000002";
const TODAY = "2026-11-26";

function model(): AccessModel {
  const text = [
    "version: 1",
    "groups:",
    "  auditors:",
    "    sponsor: bob@ourcorp.example",
    "    reason: Audit",
    "    access:",
    `      - { role: Reader, scope: ${RG} }`,
    "guests:",
    "  - email: alice@contoso.example",
    "    displayName: Alice",
    "    sponsor: bob@ourcorp.example",
    "    reason: Audit",
    "    memberOf: [auditors]",
  ].join("\n");
  const parsed = parseSource("access.yaml", text);
  const result = resolveSources([parsed.source], parsed.diagnostics, { today: TODAY });
  if (!result.model) throw new Error(JSON.stringify(result.diagnostics));
  return result.model;
}

const guest = (id: string, email: string, userType = "Guest"): TenantUser => ({
  id,
  userType,
  mail: email,
  externalUserState: userType === "Guest" ? "Accepted" : undefined,
});

const groupAssignment: TenantAssignment = {
  id: `${RG}/providers/Microsoft.Authorization/roleAssignments/2a000000-0000-4000-8000-000000000001`,
  name: "2a000000-0000-4000-8000-000000000001",
  scope: RG,
  roleId: READER,
  principalId: GROUP,
  principalType: "Group",
};

const user = (id: string): TenantMember => ({ id, kind: "user" });

interface Case {
  readonly name: string;
  readonly tenant: Partial<TenantSnapshot>;
  readonly deployed?: DeployedGroups;
  readonly expect: readonly string[];
  readonly check?: (report: DriftReport) => void;
}

const TENANT: TenantSnapshot = {
  assignments: [groupAssignment],
  users: [guest(ALICE, "alice@contoso.example")],
  usersRead: true,
  groups: [{ id: GROUP, displayName: "guest-access-auditors" }],
  groupMembers: [{ group: GROUP, members: [user(ALICE)] }],
  errors: [],
  notes: [],
};

const classes = (r: DriftReport): string[] =>
  r.findings.map((f) => `${f.class} ${f.email || `group ${f.group}`}`);

const cases: Case[] = [
  {
    name: "confirms a group found by its display name, with its grant and its member",
    tenant: {},
    expect: ["in-sync group auditors"],
  },
  {
    name: "does not call a guest whose access is all through a group stale",
    tenant: {},
    expect: ["in-sync group auditors"],
    check: (r) => assert.equal(r.summary.counts["stale-guest"], 0),
  },
  {
    name: "reports a member of the tenant (not a guest) added by hand as out of band",
    tenant: {
      users: [guest(ALICE, "alice@contoso.example"), guest(BOB, "bob@ourcorp.example", "Member")],
      groupMembers: [{ group: GROUP, members: [user(ALICE), user(BOB)] }],
    },
    expect: ["out-of-band-member bob@ourcorp.example", "in-sync group auditors"],
    check: (r) =>
      assert.match(
        r.findings[0]?.detail ?? "",
        /^A member of the tenant \(not a guest\) in auditors/,
      ),
  },
  {
    name: "reports an application in the group as out of band, by its kind",
    tenant: {
      groupMembers: [
        { group: GROUP, members: [user(ALICE), { id: BOB, kind: "servicePrincipal" }] },
      ],
    },
    expect: ["out-of-band-member group auditors", "in-sync group auditors"],
    check: (r) => assert.match(r.findings[0]?.detail ?? "", /^A servicePrincipal in auditors/),
  },
  {
    name: "says the next up removes a membership the stack made that the declaration no longer holds",
    tenant: {
      users: [guest(ALICE, "alice@contoso.example"), guest(BOB, "bob@partner.example")],
      groupMembers: [{ group: GROUP, members: [user(ALICE), user(BOB)] }],
    },
    deployed: {
      groups: new Map([["auditors", GROUP]]),
      memberships: new Set([membershipKey(GROUP, ALICE), membershipKey(GROUP, BOB)]),
    },
    expect: [
      "out-of-band-member bob@partner.example",
      "stale-guest bob@partner.example",
      "in-sync group auditors",
    ],
    check: (r) => {
      const bob = r.findings[0];
      assert.equal(bob?.fix.action, "deploy");
      assert.deepEqual(bob?.fix.alternatives, [
        `az ad group member remove --group ${GROUP} --member-id ${BOB}`,
      ]);
    },
  },
  {
    name: "judges no account of a member whose email several accounts answer to as out of band",
    tenant: {
      users: [guest(ALICE, "alice@contoso.example"), guest(BOB, "alice@contoso.example")],
      groupMembers: [{ group: GROUP, members: [user(ALICE), user(BOB)] }],
    },
    // Both accounts are stale as well (neither is declared): the guest scenario's rule, unchanged.
    expect: [
      "email-taken alice@contoso.example",
      "stale-guest alice@contoso.example",
      "stale-guest alice@contoso.example",
      "in-sync group auditors",
    ],
  },
  {
    name: "plans the group's creation when no group of its name exists yet",
    tenant: { assignments: [], groups: [], groupMembers: [] },
    expect: ["missing group auditors", "missing-membership alice@contoso.example"],
    check: (r) => {
      assert.match(
        r.findings[0]?.detail ?? "",
        /which does not exist yet: the next up creates the group/,
      );
      assert.equal(r.findings[0]?.principalId, "");
    },
  },
  {
    name: "does not judge the grants of a group it cannot find, and says so",
    tenant: { groups: undefined, groupMembers: undefined },
    expect: [],
    check: (r) => {
      assert.equal(r.summary.notJudged, 2);
      assert.equal(r.summary.notReviewed, 1);
      assert.match(r.summary.notes.join("\n"), /1 declared group \(auditors\) could not be found/);
    },
  },
];

describe("drift core with a declared group", () => {
  for (const c of cases) {
    it(c.name, () => {
      const report = reviewDrift(
        model(),
        { ...TENANT, ...c.tenant },
        {
          today: TODAY,
          pendingDays: 30,
          catalog: RoleCatalog.bundled(),
          context: { project: "guest-access", stack: "dev" },
          ...(c.deployed
            ? {
                groups: c.deployed,
                invitations: new Map([["alice@contoso.example", { userId: ALICE }]]),
              }
            : {}),
        },
      );
      assert.deepEqual(classes(report), c.expect);
      c.check?.(report);
    });
  }
});

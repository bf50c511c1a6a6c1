/**
 * `role-assignment-count-within-limit` and `role-assignment-count-below-warning`: role assignments per subscription and management group against Azure's fixed limits, advisory
 * from 80% and mandatory above the limit.
 */

import assert from "node:assert/strict";
import { ROLE_ASSIGNMENT_TYPE } from "../../azure/tokens";
import type { PolicyInputResource } from "../../policy/evaluate";
import { UNKNOWN } from "../../azure/unknown";
import { ROLE_ASSIGNMENT_COUNT_BELOW_WARNING } from "../../policy/policies/role-assignment-count-below-warning";
import { ROLE_ASSIGNMENT_COUNT_WITHIN_LIMIT } from "../../policy/policies/role-assignment-count-within-limit";
import { ROLES, SUBSCRIPTION } from "./support/factory";
import { evaluate, TEST_CONFIG } from "./support/harness";

const GROUP = "/providers/Microsoft.Management/managementGroups/partners";

function assignments(count: number, scope: (i: number) => string): PolicyInputResource[] {
  return Array.from({ length: count }, (_, i) => ({
    urn: `urn:pulumi:dev::guest-access::${ROLE_ASSIGNMENT_TYPE}::ra-${i}`,
    type: ROLE_ASSIGNMENT_TYPE,
    name: `ra-${i}`,
    props: {
      principalId: UNKNOWN,
      principalType: "ServicePrincipal",
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.reader}`,
      scope: scope(i),
    },
  }));
}

const inSubscription = (i: number): string =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-${i % 7}`;

interface Case {
  readonly name: string;
  readonly resources: () => PolicyInputResource[];
  readonly config?: Record<string, unknown>;
  readonly expect: readonly {
    policy: string;
    level: "advisory" | "mandatory";
    words: readonly string[];
  }[];
}

const cases: Case[] = [
  {
    name: "stays quiet below 80% of a subscription's limit",
    resources: () => assignments(3199, inSubscription),
    expect: [],
  },
  {
    name: "warns at 80% of a subscription's 4,000 assignments, counting its resource groups",
    resources: () => assignments(3200, inSubscription),
    expect: [
      {
        policy: ROLE_ASSIGNMENT_COUNT_BELOW_WARNING,
        level: "advisory",
        words: [`/subscriptions/${SUBSCRIPTION}`, "3200 of at most 4000"],
      },
    ],
  },
  {
    name: "refuses more than 4,000 assignments in one subscription",
    resources: () => assignments(4001, inSubscription),
    expect: [
      {
        policy: ROLE_ASSIGNMENT_COUNT_WITHIN_LIMIT,
        level: "mandatory",
        words: ["4001 role assignments", "limit of 4000"],
      },
    ],
  },
  {
    name: "counts assignments that exist outside the stack",
    resources: () => assignments(10, inSubscription),
    config: {
      "role-assignment-count-within-limit": {
        existingAssignments: { [`/subscriptions/${SUBSCRIPTION.toUpperCase()}`]: 3995 },
      },
    },
    expect: [{ policy: ROLE_ASSIGNMENT_COUNT_WITHIN_LIMIT, level: "mandatory", words: ["4005"] }],
  },
  {
    name: "refuses more than 500 assignments on one management group",
    resources: () => assignments(501, () => GROUP),
    expect: [
      {
        policy: ROLE_ASSIGNMENT_COUNT_WITHIN_LIMIT,
        level: "mandatory",
        words: [GROUP, "limit of 500"],
      },
    ],
  },
  {
    name: "warns from the configured share of a management group's limit",
    resources: () => assignments(250, () => GROUP),
    config: { "role-assignment-count-below-warning": { warnAtPercent: 50 } },
    expect: [
      {
        policy: ROLE_ASSIGNMENT_COUNT_BELOW_WARNING,
        level: "advisory",
        words: ["250 of at most 500"],
      },
    ],
  },
  {
    name: "counts role assignments of every API version",
    resources: () =>
      assignments(4001, inSubscription).map((r, i) =>
        i % 2 === 0 ? { ...r, type: "azure-native:authorization/v20220401:RoleAssignment" } : r,
      ),
    expect: [{ policy: ROLE_ASSIGNMENT_COUNT_WITHIN_LIMIT, level: "mandatory", words: ["4001"] }],
  },
  {
    name: "does not count assignments whose scope is unknown during preview",
    resources: () => assignments(501, (i) => (i === 0 ? UNKNOWN : GROUP)),
    expect: [
      {
        policy: ROLE_ASSIGNMENT_COUNT_BELOW_WARNING,
        level: "advisory",
        words: ["500 of at most 500"],
      },
    ],
  },
];

describe("role assignment counts against Azure's limits", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const result = await evaluate(c.resources(), { ...TEST_CONFIG, ...c.config });
      const counted = result.diagnostics.filter(
        (d) =>
          d.policy === ROLE_ASSIGNMENT_COUNT_WITHIN_LIMIT ||
          d.policy === ROLE_ASSIGNMENT_COUNT_BELOW_WARNING,
      );
      assert.equal(counted.length, c.expect.length, counted.map((d) => d.detail).join("\n"));
      c.expect.forEach((e, i) => {
        const d = counted[i];
        assert.equal(d?.policy, e.policy);
        assert.equal(d?.enforcementLevel, e.level);
        for (const word of e.words)
          assert.ok(d?.detail.includes(word), `"${d?.detail}" should mention ${word}`);
      });
    });
  }
});

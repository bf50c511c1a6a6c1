/**
 * The guardrails on a declaration with groups split across stacks (test/fixtures/stacks/groups): the
 * identities stack (groups without grants, memberships of an invited guest and of an existing user) and the
 * grants stacks (a Group component without its Entra ID group, whose role assignments take the group's
 * object id from a StackReference) pass every policy as the program registers them, in preview and in update;
 * and a Group's grant whose principal does not come from where the Group says is refused.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { loadAccess } from "../../access/load";
import type { AccessModel } from "../../access/model";
import { ROLE_ASSIGNMENT_TYPE, STACK_REFERENCE_TYPE } from "../../azure/tokens";
import { captureProgram } from "../../program/capture";
import { declareProgram } from "../../program/run";
import { readStackConfig } from "../../program/stack-config";
import { fromCaptured, type PolicyInputResource } from "../../policy/evaluate";
import { stackInput } from "../../review/stacks";
import { previewResources } from "../../specs/preview";
import { specId } from "../../specs/resource";
import { checkStackPart } from "../../specs/stack-check";
import type { StackPart } from "../../specs/stack-part";
import { stackResources } from "../../specs/stack-specs";
import { TODAY } from "./support/factory";
import { evaluate, summarise } from "./support/harness";
import { ROOT } from "./support/program";

const PROJECT = join(ROOT, "test", "fixtures", "stacks", "groups");
const IDENTITIES = "our-org/guest-access/identities";
const SHOP = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
const DATA = "/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const OTHER_ID = "11111111-2222-4333-8444-555555555555";
const OUTPUTS = {
  principalIds: {
    "alice@contoso.example": "5d7c1e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f",
    "dan@northwind.example": "7f0e3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
  },
  groupIds: {
    "contoso-auditors": "6e8d2f3b-4c5a-4d7e-9f0a-1b2c3d4e5f6a",
    "northwind-support": "8a9b0c1d-2e3f-4a5b-9c6d-7e8f9a0b1c2d",
  },
};

/** The policy config of every stack of the fixture: its roles, both subscriptions, its domains. */
const CONFIG = {
  "guest-role-allow-listed": { allowedRoles: ["Reader", "Monitoring Reader"] },
  "guest-scope-within-boundary": { allowedScopes: [SHOP, DATA] },
  "guest-email-domain-allowed": {
    allowedDomains: ["contoso.example", "fabrikam.example", "northwind.example"],
  },
  "guest-grant-expiry-bounded": { maxDays: 365, today: TODAY },
};

function model(): AccessModel {
  const loaded = loadAccess(join(PROJECT, "access"), { today: TODAY }).model;
  assert.ok(loaded, "the fixture loads");
  return loaded;
}

function partOf(m: AccessModel, stack: string): StackPart {
  const { part, diagnostics } = checkStackPart(m, stackInput(readStackConfig(PROJECT, stack)));
  assert.deepEqual(diagnostics, []);
  return part;
}

/** What one stack registers, as the analyzer sees it: from the specs, or from the program under mocks. */
async function registered(
  stack: string,
  how: "specs" | "preview" | "update",
): Promise<PolicyInputResource[]> {
  const m = model();
  const part = partOf(m, stack);
  if (how === "specs")
    return previewResources(stackResources(m, part), { project: "guest-access", stack }).map(
      fromCaptured,
    );
  const { resources } = await captureProgram(
    {
      stack,
      preview: how === "preview",
      config: {},
      stackOutputs: { [IDENTITIES]: OUTPUTS },
    },
    () => declareProgram(m, { waveSize: 50 }, part),
  );
  return resources.map(fromCaptured);
}

describe("guardrails on a declaration with groups split across stacks", () => {
  for (const stack of ["identities", "shop", "data"])
    for (const how of ["specs", "preview", "update"] as const)
      it(`pass stack ${stack} as it is registered (${how})`, async () => {
        const result = await evaluate(await registered(stack, how), CONFIG);
        assert.deepEqual(
          summarise(result).filter((s) => !s.includes("[advisory/unknown")),
          [],
        );
      });

  /** The data stack's grant for contoso-auditors, changed. */
  function changedGrant(
    change: (r: PolicyInputResource) => PolicyInputResource,
  ): (resources: PolicyInputResource[]) => PolicyInputResource[] {
    return (resources) =>
      resources.map((r) =>
        r.type === ROLE_ASSIGNMENT_TYPE && r.parent?.endsWith("::contoso-auditors") ? change(r) : r,
      );
  }

  const cases: {
    name: string;
    stack: string;
    change: (resources: PolicyInputResource[]) => PolicyInputResource[];
    words: string;
  }[] = [
    {
      name: "refuses a grants stack's group grant for a literal object id instead of the identities stack's",
      stack: "data",
      change: changedGrant((r) => ({
        ...r,
        props: { ...r.props, principalId: OTHER_ID },
        propertyDependencies: { ...r.propertyDependencies, principalId: [] },
      })),
      words: `group contoso-auditors: role assignment contoso-auditors-grant-`,
    },
    {
      name: "refuses a grants stack's group grant read from another stack than the one the Group names",
      stack: "data",
      change: (resources) => {
        const other = `urn:pulumi:data::guest-access::${STACK_REFERENCE_TYPE}::our-org/guest-access/elsewhere`;
        return changedGrant((r) => ({
          ...r,
          propertyDependencies: { ...r.propertyDependencies, principalId: [other] },
        }))([
          ...resources,
          {
            urn: other,
            type: STACK_REFERENCE_TYPE,
            name: "our-org/guest-access/elsewhere",
            props: { name: "our-org/guest-access/elsewhere" },
          },
        ]);
      },
      words: `does not come from the identities stack ${IDENTITIES}`,
    },
    {
      name: "refuses a role assignment under a grants stack's Group that none of its grants declares",
      stack: "data",
      change: changedGrant((r) => ({
        ...r,
        props: {
          ...r.props,
          // Monitoring Reader, allowed and in the boundary, but not what contoso-auditors is granted.
          roleDefinitionId:
            "/providers/Microsoft.Authorization/roleDefinitions/43d0d8ad-25c7-4714-9337-8ba259a9fe05",
        },
      })),
      words: "which none of the Group's grants declares",
    },
    {
      name: "refuses an all-in-one group grant for an object id that is not its own group's",
      stack: "all",
      change: changedGrant((r) => ({
        ...r,
        props: { ...r.props, principalId: OTHER_ID },
        propertyDependencies: { ...r.propertyDependencies, principalId: [] },
      })),
      words: `is not for the group's own Entra ID group: its principalId ${OTHER_ID} is not a group declared`,
    },
  ];
  for (const c of cases)
    it(c.name, async () => {
      const m = model();
      const resources =
        c.stack === "all"
          ? previewResources(stackResources(m, { ...partOf(m, "shop"), role: "all" }), {
              project: "guest-access",
              stack: "dev",
            }).map(fromCaptured)
          : await registered(c.stack, "update");
      const result = await evaluate(c.change(resources), CONFIG);
      const violations = result.diagnostics.filter((d) => d.kind === "violation");
      // One violation per changed grant, all of this policy.
      assert.deepEqual(
        [...new Set(violations.map((v) => v.policy))],
        ["guest-group-only-declared"],
        summarise(result).join("\n"),
      );
      assert.ok(violations[0]?.detail.includes(c.words), violations[0]?.detail);
    });

  it("reads the identities stack through the reference the Group names", () => {
    // The specs' view of the data stack: its grants depend on the reference, never on an Entra ID group.
    const m = model();
    const resources = previewResources(stackResources(m, partOf(m, "data")), {
      project: "guest-access",
      stack: "data",
      readOutputs: { [specId(STACK_REFERENCE_TYPE, IDENTITIES)]: OUTPUTS },
    });
    const reference = resources.find((r) => r.type === STACK_REFERENCE_TYPE);
    assert.ok(reference);
    for (const r of resources.filter((x) => x.type === ROLE_ASSIGNMENT_TYPE))
      assert.deepEqual(r.propertyDependencies.principalId, [reference.urn]);
  });
});

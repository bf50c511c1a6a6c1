/**
 * The program as one stack of many with groups (test/fixtures/stacks/groups), under Pulumi's mocks: the
 * identities stack creates the groups and every membership and exports `groupIds` beside `principalIds`; a
 * grants stack grants each group's selected roles to the object id it reads from there; and in an update, a
 * guest or group the identities stack does not hold yet stops the grants stack before it grants anything,
 * with the stack to deploy first (it used to leave the capture waiting forever).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { v5 as uuidv5 } from "uuid";
import { loadAccess } from "../../access/load";
import type { AccessModel } from "../../access/model";
import {
  GROUP_MEMBER_TYPE,
  GROUP_TYPE,
  INVITATION_TYPE,
  ROLE_ASSIGNMENT_TYPE,
  STACK_REFERENCE_TYPE,
} from "../../azure/tokens";
import { captureProgram, type CapturedResource } from "../../program/capture";
import { missingIdentities } from "../../program/identities-check";
import { readStackConfig } from "../../program/stack-config";
import { declareProgram } from "../../program/run";
import { settle } from "../../program/settle";
import { stackInput } from "../../review/stacks";
import { checkStackPart } from "../../specs/stack-check";
import type { StackPart } from "../../specs/stack-part";
import { stackModel } from "../../specs/stack-specs";
import { NOW, ROOT } from "../cli/support/io";

const PROJECT = join(ROOT, "test", "fixtures", "stacks", "groups");
const IDENTITIES = "our-org/guest-access/identities";
const ALICE = "5d7c1e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f";
const DAN = "7f0e3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";
const AUDITORS = "6e8d2f3b-4c5a-4d7e-9f0a-1b2c3d4e5f6a";
const SUPPORT = "8a9b0c1d-2e3f-4a5b-9c6d-7e8f9a0b1c2d";
/** The mocks' object id for a group in update mode (program/capture.ts). */
const MOCK_GROUP_NAMESPACE = "7a1e2b3c-4d5f-5a6b-8c7d-9e0f1a2b3c4d";

function model(): AccessModel {
  const loaded = loadAccess(join(PROJECT, "access"), { today: NOW }).model;
  assert.ok(loaded, "the fixture loads");
  return loaded;
}

function partOf(m: AccessModel, stack: string): StackPart {
  const { part, diagnostics } = checkStackPart(m, stackInput(readStackConfig(PROJECT, stack)));
  assert.deepEqual(diagnostics, []);
  return part;
}

/** Runs one stack's part in update mode, with the identities stack's outputs as given. */
async function update(
  stack: string,
  outputs: Record<string, unknown> = {},
): Promise<{ resources: CapturedResource[]; error?: Error; groupIds?: unknown }> {
  const m = model();
  const resources: CapturedResource[] = [];
  let groupIds: unknown;
  try {
    await captureProgram(
      { stack, preview: false, config: {}, stackOutputs: { [IDENTITIES]: outputs } },
      async () => {
        const declared = await declareProgram(m, { waveSize: 50 }, partOf(m, stack));
        const ids = await settle(declared.groupIds);
        groupIds = ids.known ? ids.value : "unknown";
      },
      (r) => resources.push(r),
    );
    return { resources, groupIds };
  } catch (error) {
    return { resources, error: error as Error };
  }
}

const DEPLOYED = {
  principalIds: { "alice@contoso.example": ALICE, "dan@northwind.example": DAN },
  groupIds: { "contoso-auditors": AUDITORS, "northwind-support": SUPPORT },
};

describe("the program, one stack of many, with groups", () => {
  it("creates every group and membership in the identities stack, and exports each group's object id", async () => {
    const { resources, error, groupIds } = await update("identities");
    assert.equal(error, undefined);
    const names = (type: string): string[] =>
      resources
        .filter((r) => r.type === type)
        .map((r) => r.name)
        .sort();
    assert.deepEqual(names(GROUP_TYPE), ["contoso-auditors-group", "northwind-support-group"]);
    assert.equal(names(INVITATION_TYPE).length, 2);
    // Carol, an existing user, joins through the identities stack too: no other stack registers it.
    assert.deepEqual(names(GROUP_MEMBER_TYPE), [
      "alice@contoso.example-member-contoso-auditors",
      "carol@fabrikam.example-member-contoso-auditors",
      "dan@northwind.example-member-northwind-support",
    ]);
    assert.deepEqual(names(ROLE_ASSIGNMENT_TYPE), []);
    assert.deepEqual(groupIds, {
      "contoso-auditors": uuidv5("contoso-auditors-group", MOCK_GROUP_NAMESPACE),
      "northwind-support": uuidv5("northwind-support-group", MOCK_GROUP_NAMESPACE),
    });
  });

  it("grants a group's roles in a grants stack to the object id the identities stack exports", async () => {
    const { resources, error, groupIds } = await update("data", DEPLOYED);
    assert.equal(error, undefined);
    assert.equal(resources.filter((r) => r.type === GROUP_TYPE).length, 0);
    assert.equal(resources.filter((r) => r.type === GROUP_MEMBER_TYPE).length, 0);
    const grants = resources
      .filter((r) => r.type === ROLE_ASSIGNMENT_TYPE)
      .map((r) => [r.parent?.split("::").pop(), r.inputs.principalType, r.inputs.principalId])
      .sort();
    assert.deepEqual(grants, [
      ["contoso-auditors", "Group", AUDITORS],
      ["northwind-support", "Group", SUPPORT],
    ]);
    // Every grant's principal depends on the StackReference, as a guest's does.
    const reference = resources.find((r) => r.type === STACK_REFERENCE_TYPE);
    assert.ok(reference);
    for (const r of resources.filter((x) => x.type === ROLE_ASSIGNMENT_TYPE))
      assert.deepEqual(r.propertyDependencies.principalId, [reference.urn]);
    assert.deepEqual(groupIds, { "contoso-auditors": AUDITORS, "northwind-support": SUPPORT });
  });

  const missing: {
    name: string;
    stack: string;
    outputs: Record<string, unknown>;
    error: RegExp;
  }[] = [
    {
      name: "stops a grants stack whose group the identities stack does not hold yet, granting nothing",
      stack: "data",
      outputs: { ...DEPLOYED, groupIds: { "contoso-auditors": AUDITORS } },
      error:
        /group northwind-support is not in identities stack our-org\/guest-access\/identities's groupIds: deploy the identities stack first/,
    },
    {
      name: "stops a grants stack whose guest the identities stack does not hold yet, granting nothing",
      stack: "shop",
      outputs: { ...DEPLOYED, principalIds: { "dan@northwind.example": DAN } },
      error:
        /guest alice@contoso\.example is not in identities stack our-org\/guest-access\/identities's principalIds: deploy the identities stack first/,
    },
    {
      name: "stops a grants stack whose identities stack has no outputs at all, naming every principal",
      stack: "shop",
      outputs: {},
      error: /group contoso-auditors is not in[\s\S]*guest alice@contoso\.example is not in/,
    },
  ];
  for (const c of missing) {
    it(c.name, async () => {
      const { resources, error } = await update(c.stack, c.outputs);
      assert.match(error?.message ?? "(no error)", c.error);
      assert.match(error?.message ?? "", /pulumi up --stack our-org\/guest-access\/identities/);
      // Only the identities stack's reference was read; nothing was registered.
      assert.deepEqual(
        resources.map((r) => r.type),
        [STACK_REFERENCE_TYPE],
      );
    });
  }

  it("lists nothing missing when every principal of the part is exported", () => {
    const m = model();
    for (const stack of ["shop", "data"]) {
      const part = partOf(m, stack);
      assert.deepEqual(missingIdentities(stackModel(m, part), part, DEPLOYED), [], stack);
    }
  });
});

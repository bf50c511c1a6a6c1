/**
 * The program as one stack of many (examples/many-stacks), under Pulumi's mocks: it deploys its stack's part
 * only, and refuses a part its config makes inconsistent before it registers anything. (A guest the
 * identities stack does not hold yet: `test/specs/stack-split.test.ts`, the `stackOutputEntry` derivation.)
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { captureProgram, type CapturedResource } from "../../program/capture";
import { INVITATION_TYPE, ROLE_ASSIGNMENT_TYPE, STACK_REFERENCE_TYPE } from "../../azure/tokens";
import { NOW, ROOT } from "../cli/support/io";

const ACCESS = join(ROOT, "examples", "many-stacks", "access");
const IDENTITIES = "our-org/guest-access/identities";
const SHOP = "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
const ALICE = "5d7c1e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f";

function config(extra: Record<string, string>): Record<string, string> {
  return { "guest-access:accessFile": ACCESS, "guest-access:today": NOW, ...extra };
}

const SHOP_STACK = {
  "guest-access:stackRole": "grants",
  "guest-access:identitiesStack": IDENTITIES,
  "guest-access:subscriptions": JSON.stringify([SHOP]),
};

async function run(
  stack: string,
  values: Record<string, string>,
  preview: boolean,
  stackOutputs?: Record<string, Record<string, unknown>>,
): Promise<{ resources: CapturedResource[]; error?: Error }> {
  const resources: CapturedResource[] = [];
  try {
    await captureProgram(
      { stack, preview, config: config(values), ...(stackOutputs ? { stackOutputs } : {}) },
      undefined,
      (r) => resources.push(r),
    );
    return { resources };
  } catch (error) {
    return { resources, error: error as Error };
  }
}

describe("the program, one stack of many", () => {
  it("deploys the identities stack's invitations and no grant", async () => {
    const { resources, error } = await run(
      "identities",
      { "guest-access:stackRole": "identities" },
      true,
    );
    assert.equal(error, undefined);
    const types = resources.map((r) => r.type);
    assert.equal(types.filter((t) => t === INVITATION_TYPE).length, 2);
    assert.equal(types.filter((t) => t === ROLE_ASSIGNMENT_TYPE).length, 0);
  });

  it("deploys a grants stack's role assignments, granted to the identities stack's object ids", async () => {
    const { resources, error } = await run("shop", SHOP_STACK, false, {
      [IDENTITIES]: { principalIds: { "alice@contoso.example": ALICE } },
    });
    assert.equal(error, undefined);
    assert.equal(resources.filter((r) => r.type === INVITATION_TYPE).length, 0);
    assert.equal(resources.filter((r) => r.type === STACK_REFERENCE_TYPE).length, 1);
    const principals = resources
      .filter((r) => r.type === ROLE_ASSIGNMENT_TYPE)
      .map((r) => r.inputs.principalId)
      .sort();
    // Alice from the identities stack; Carol, an existing user, by her objectId.
    assert.deepEqual(principals, ["0b6f8a3c-2d4e-4f1a-9b8c-7d6e5f4a3b2c", ALICE]);
  });

  const refused: { name: string; values: Record<string, string>; error: RegExp }[] = [
    {
      name: "refuses a grants stack without its identities stack, registering nothing",
      values: { "guest-access:stackRole": "grants" },
      error:
        /stack shop's part of .* is inconsistent; nothing was deployed[\s\S]*needs guest-access:identitiesStack/,
    },
    {
      name: "refuses a subscription the declaration grants nothing in, registering nothing",
      values: {
        ...SHOP_STACK,
        "guest-access:subscriptions": '["11111111-2222-4333-8444-555555555555"]',
      },
      error: /stack-unknown-scope/,
    },
  ];
  for (const c of refused) {
    it(c.name, async () => {
      const { resources, error } = await run("shop", c.values, true);
      assert.match(error?.message ?? "", c.error);
      assert.deepEqual(resources, []);
    });
  }
});

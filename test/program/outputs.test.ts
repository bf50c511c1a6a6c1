/**
 * The program's stack outputs and its memory discipline: outputs built from plain values collected wave by
 * wave (known after an update, unknown during a preview while an invitation is new), and guests let go of by
 * the root stack once registered, so nothing but plain values outlives a wave.
 */

import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { v5 as uuidv5 } from "uuid";
import type { AccessModel, GuestSpec } from "../../access/model";
import { loadAccess } from "../../access/load";
import { captureProgram } from "../../program/capture";
import { declareAccess } from "../../program/declare";
import { declareProgram } from "../../program/run";
import { settle } from "../../program/settle";
import { join } from "node:path";
import { NOW, ROOT } from "../cli/support/io";

/** The bundled example: four invited guests and one existing user. */
function example(): AccessModel {
  const model = loadAccess(join(ROOT, "access.yaml"), { today: NOW }).model;
  assert.ok(model);
  return model;
}

const invited = (m: AccessModel): GuestSpec[] =>
  m.guests.map((g) => g.spec).filter((s) => s.invitation !== undefined);

/** The mocks' object id for an invited guest in update mode (program/capture.ts). */
const MOCK_USER_NAMESPACE = "0d2c1f6e-3b4a-5c8d-9e0f-1a2b3c4d5e6f";

/** The SDK's private record of a parent's children (see program/release.ts). */
function childrenOf(resource: pulumi.Resource): Set<unknown> {
  return (resource as unknown as { __childResources?: Set<unknown> }).__childResources ?? new Set();
}

describe("the program's stack outputs", () => {
  it("after an update, hold every guest's object id and every invited guest's redeem URL, as a secret", async () => {
    const model = example();
    let outputs: Awaited<ReturnType<typeof declareProgram>> | undefined;
    await captureProgram({ stack: "dev", preview: false, config: {} }, async () => {
      outputs = await declareProgram(model, { waveSize: 2 });
    });
    assert.ok(outputs);
    const ids = await settle(outputs.principalIds);
    assert.ok(ids.known);
    assert.deepEqual(
      ids.value,
      Object.fromEntries(
        model.guests.map(({ spec }) => [
          spec.email,
          spec.invitation !== undefined ? uuidv5(spec.email, MOCK_USER_NAMESPACE) : spec.objectId,
        ]),
      ),
    );
    const urls = await settle(outputs.redeemUrls);
    assert.ok(urls.known);
    assert.deepEqual(
      Object.keys(urls.value).sort(),
      invited(model)
        .map((s) => s.email)
        .sort(),
    );
    assert.equal(await pulumi.isSecret(outputs.redeemUrls), true);
  });

  it("during a preview, are unknown while a new guest's invitation has no user yet", async () => {
    const model = example();
    let outputs: Awaited<ReturnType<typeof declareProgram>> | undefined;
    await captureProgram({ stack: "dev", preview: true, config: {} }, async () => {
      outputs = await declareProgram(model, { waveSize: 2 });
    });
    assert.ok(outputs);
    assert.equal((await settle(outputs.principalIds)).known, false);
    assert.equal((await settle(outputs.redeemUrls)).known, false);
  });

  it("during a preview of existing users only, are known", async () => {
    const model = example();
    const existing = { ...model, guests: model.guests.filter((g) => g.spec.objectId) };
    assert.ok(existing.guests.length > 0);
    let outputs: Awaited<ReturnType<typeof declareProgram>> | undefined;
    await captureProgram({ stack: "dev", preview: true, config: {} }, async () => {
      outputs = await declareProgram(existing, { waveSize: 2 });
    });
    assert.ok(outputs);
    const ids = await settle(outputs.principalIds);
    assert.ok(ids.known);
    assert.deepEqual(
      Object.keys(ids.value),
      existing.guests.map((g) => g.spec.email),
    );
  });
});

describe("the program's waves", () => {
  const parents = [
    {
      type: "pulumi:pulumi:Stack",
      kept: 0,
      what: "lets the root stack drop every guest once registered",
    },
    {
      type: "my:index:Parent",
      kept: 5,
      what: "leaves the guests of any other parent where they are",
    },
  ];
  for (const c of parents) {
    it(c.what, async () => {
      const model = example();
      let parent: pulumi.ComponentResource | undefined;
      await captureProgram({ stack: "dev", preview: true, config: {} }, async () => {
        parent = new pulumi.ComponentResource(c.type, "parent");
        await declareAccess(model, { waveSize: 2, parent });
      });
      assert.ok(parent);
      assert.equal(model.guests.length, 5);
      assert.equal(childrenOf(parent).size, c.kept);
    });
  }
});

/**
 * What outlives a wave of guests under the capture: neither the guests nor the mock monitor's record of their
 * resources. Proved by counting what the monitor keeps and by weak references the garbage collector must clear,
 * never by timing (the bench measures the memory itself).
 */

import { strict as assert } from "node:assert";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as pulumi from "@pulumi/pulumi";
import type { AccessModel } from "../../access/model";
import { loadAccess } from "../../access/load";
import { captureProgram } from "../../program/capture";
import { declareAccess } from "../../program/declare";
import { declareProgram } from "../../program/run";
import { keptByMonitor } from "../../program/mock-bookkeeping";
import { generateDeclaration } from "../../bench/generate";
import { NOW, ROOT } from "../cli/support/io";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";

/** The garbage collector, exposed at run time (mocha runs without `--expose-gc`). */
function collector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** Lets pending jobs end (a WeakRef's target is kept until the job that read it ends), then collects. */
async function collect(): Promise<void> {
  const gc = collector();
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
}

function example(): AccessModel {
  const model = loadAccess(join(ROOT, "access.yaml"), { today: NOW }).model;
  assert.ok(model);
  return model;
}

/** A generated declaration of `guests` guests (the bench's shape), loaded. */
function generated(guests: number): AccessModel {
  const dir = mkdtempSync(join(tmpdir(), "guest-access-memory-"));
  try {
    const file = join(dir, "access.yaml");
    writeFileSync(file, generateDeclaration(guests));
    const model = loadAccess(file, { today: NOW }).model;
    assert.ok(model);
    return model;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A set that keeps a weak reference to everything added to it. */
class WatchedSet extends Set<pulumi.Resource> {
  constructor(private readonly watched: WeakRef<pulumi.Resource>[]) {
    super();
  }
  override add(value: pulumi.Resource): this {
    this.watched.push(new WeakRef(value));
    return super.add(value);
  }
}

/** The mock monitor of the last capture. */
const monitor = (): unknown => pulumi.runtime.getMonitor();

describe("the capture's memory", () => {
  const runs = [
    { name: "a preview", preview: true, stackRoot: false },
    { name: "an update", preview: false, stackRoot: false },
    {
      name: "a preview under a root stack, as pulumi preview runs it",
      preview: true,
      stackRoot: true,
    },
  ];
  for (const c of runs) {
    it(`leaves the mock monitor holding no resource after ${c.name}`, async () => {
      const model = example();
      const declare = (): Promise<unknown> => declareProgram(model, { waveSize: 2 });
      let registered = 0;
      await captureProgram(
        { stack: "dev", preview: c.preview, config: {} },
        c.stackRoot ? () => pulumi.runtime.runInPulumiStack(declare) : declare,
        () => registered++,
      );
      assert.ok(registered > model.guests.length, "the program registered the guests' resources");
      assert.equal(keptByMonitor(monitor()), 0);
    });
  }

  it("lets the garbage collector take every state the mock monitor kept", async () => {
    const model = example();
    const states: WeakRef<object>[] = [];
    await captureProgram(
      { stack: "dev", preview: false, config: {} },
      () => declareProgram(model, { waveSize: 2 }),
      (resource) => {
        // Read while the monitor still has it: the capture records a resource before it is forgotten.
        const kept = (monitor() as { resources: Map<string, object> }).resources.get(resource.urn);
        if (kept) states.push(new WeakRef(kept));
      },
    );
    assert.ok(states.length > model.guests.length, "the monitor kept each resource until recorded");
    await collect();
    assert.deepEqual(
      states.filter((s) => s.deref() !== undefined),
      [],
    );
  });

  it("lets the garbage collector take every guest of a root stack once its wave is registered", async () => {
    const model = generated(20);
    const guests: WeakRef<pulumi.Resource>[] = [];
    let stack: pulumi.ComponentResource | undefined;
    await captureProgram({ stack: "dev", preview: true, config: {} }, async () => {
      stack = new pulumi.ComponentResource("pulumi:pulumi:Stack", "dev-stack");
      // Every child the SDK gives the stack is watched, weakly: `resource.js` creates the parent's
      // `__childResources` set on its first child unless one is there, then adds each child to it.
      (stack as unknown as { __childResources: Set<pulumi.Resource> }).__childResources =
        new WatchedSet(guests);
      await declareAccess(model, { waveSize: 5, parent: stack });
    });
    assert.ok(stack);
    assert.equal(guests.length, 20);
    await collect();
    assert.deepEqual(
      guests.filter((g) => g.deref() !== undefined).map((g) => g.deref()?.constructor.name),
      [],
    );
  });
});

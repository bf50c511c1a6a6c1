/**
 * `plan --state` with groups: against a stack that deployed the groups fixture, the same declaration plans no
 * change (a group's object id, unknown in preview, is the deployed one while the group is kept), taking a
 * guest out of a group deletes only the membership, and deleting a group counts, for the mass-removal guard,
 * once per member.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { loadAccess } from "../../access/load";
import type { AccessModel } from "../../access/model";
import { GROUP_MEMBER_TYPE, GROUP_TYPE, GUEST_COMPONENT_TYPE } from "../../azure/tokens";
import { captureProgram } from "../../program/capture";
import { declareProgram } from "../../program/run";
import { removalsInChanges } from "../../review/mass-removal";
import { expiredResourceNames } from "../../review/plan";
import { compareWithState, type PlannedResource } from "../../review/state";
import type { DeployedResource } from "../../review/state-file";
import { declarationResources } from "../../specs/declaration";
import { previewResources } from "../../specs/preview";
import { NOW, ROOT } from "../cli/support/io";

const FIXTURE = join(ROOT, "test", "fixtures", "plan", "groups.yaml");
const CONTEXT = { project: "guest-access", stack: "dev" };

function load(): AccessModel {
  const model = loadAccess(FIXTURE, { today: NOW }).model;
  assert.ok(model);
  return model;
}

function planned(model: AccessModel): PlannedResource[] {
  return previewResources(declarationResources(model), CONTEXT).map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    inputs: r.inputs,
    propertyDependencies: r.propertyDependencies,
    options: { ignoreChanges: r.options.ignoreChanges },
  }));
}

/** The stack as an update of `model` under mocks leaves it (object ids known). */
async function deployed(model: AccessModel): Promise<DeployedResource[]> {
  const { resources } = await captureProgram({ ...CONTEXT, preview: false, config: {} }, () =>
    declareProgram(model, { waveSize: 50 }),
  );
  return resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    custom: r.custom,
    ...(r.parent ? { parent: r.parent } : {}),
    inputs: r.inputs,
    outputs: r.outputs ?? r.inputs,
    retainOnDelete: r.options.retainOnDelete,
    protect: false,
    pendingDeletion: false,
    taint: false,
    initErrors: [],
    pendingReplacement: false,
  }));
}

describe("plan --state with groups", () => {
  it("plans no change for the declaration the stack deployed", async () => {
    const model = load();
    const { changes } = compareWithState(planned(model), {
      resources: await deployed(model),
      pendingOperations: [],
    });
    assert.deepEqual(
      changes.filter((c) => c.kind !== "same").map((c) => `${c.kind} ${c.urn}`),
      [],
    );
  });

  it("deletes only the membership when a guest leaves a group, and counts its grants lost", async () => {
    const model = load();
    const stack = await deployed(model);
    const ben = model.guests.find((g) => g.spec.email === "ben.ortiz@fabrikam.example");
    assert.ok(ben);
    const { memberOf, ...spec } = ben.spec;
    assert.deepEqual(memberOf, ["data-readers"]);
    const left: AccessModel = {
      ...model,
      guests: model.guests.map((g) => (g === ben ? { ...ben, spec } : g)),
    };
    const { changes } = compareWithState(planned(left), {
      resources: stack,
      pendingOperations: [],
    });
    // The Guest component's inputs change too (its memberOf); of the resources in Azure, only the membership.
    const moved = changes.filter((c) => c.kind !== "same" && c.type !== GUEST_COMPONENT_TYPE);
    assert.deepEqual(
      moved.map((c) => [c.kind, c.type]),
      [["delete", GROUP_MEMBER_TYPE]],
    );
    assert.match(moved[0]?.note ?? "", /leaves the group/);
    // data-readers has one grant; Ben was one of its two members.
    const counts = removalsInChanges(changes, new Set());
    assert.equal(counts.grantsRemoved, 1);
  });

  it("counts a deleted group's grants once per member for the mass-removal guard", async () => {
    const model = load();
    const stack = await deployed(model);
    const without: AccessModel = {
      ...model,
      groups: model.groups.filter((g) => g.spec.name !== "data-readers"),
      guests: model.guests.map((g) => {
        const memberOf = (g.spec.memberOf ?? []).filter((m) => m !== "data-readers");
        const rest = { ...g.spec };
        delete rest.memberOf;
        return { ...g, spec: memberOf.length > 0 ? { ...rest, memberOf } : rest };
      }),
    };
    const { changes } = compareWithState(planned(without), {
      resources: stack,
      pendingOperations: [],
    });
    const group = changes.find((c) => c.type === GROUP_TYPE && c.kind === "delete");
    assert.match(group?.note ?? "", /deleted for good/);
    // Before: Ann's and Cy's own grants, contoso-auditors' Reader for Ann, data-readers' grant for Ann and
    // Ben. Lost: data-readers' grant for its two members.
    assert.deepEqual(removalsInChanges(changes, new Set()), {
      guestsBefore: 3,
      guestsRemoved: 0,
      grantsBefore: 5,
      grantsRemoved: 2,
    });
  });
});

describe("plan --state with groups, past a guest's expiry", () => {
  it("does not count the memberships that end with the guest's expiry as removals", async () => {
    const stack = await deployed(load());
    // As of 2027-05-01 Ann (expires 2027-03-31) has no access: her grant and memberships end as written.
    const later = loadAccess(FIXTURE, { today: "2027-05-01" }).model;
    assert.ok(later);
    const { changes } = compareWithState(planned(later), {
      resources: stack,
      pendingOperations: [],
    });
    const removed = changes.filter((c) => c.kind === "delete").map((c) => c.type);
    assert.ok(removed.includes(GROUP_MEMBER_TYPE), "her memberships are deleted");
    assert.equal(removalsInChanges(changes, expiredResourceNames(later)).grantsRemoved, 0);
    assert.ok(removalsInChanges(changes, new Set()).grantsRemoved > 0, "counted without the names");
  });
});

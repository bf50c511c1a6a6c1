/**
 * Grants that change stacks when a declaration with groups is split (test/fixtures/stacks/groups): turning the
 * all-in-one stack into the identities stack keeps its groups, invitations and memberships and lists every
 * role assignment it held, a group's like a guest's, as leaving it; a grants stack lists those it takes over.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { loadAccess } from "../../access/load";
import { readStackConfig } from "../../program/stack-config";
import { stackMoveAdvice, stackMoves } from "../../review/stack-moves";
import { stackInput } from "../../review/stacks";
import { checkStackPart } from "../../specs/stack-check";
import { allInOne } from "../../specs/stack-part";
import { stackModel } from "../../specs/stack-specs";
import { NOW, ROOT } from "../cli/support/io";

const PROJECT = join(ROOT, "test", "fixtures", "stacks", "groups");
const SHOP = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
const DATA = "/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

describe("grants changing stacks, with groups", () => {
  const whole = loadAccess(join(PROJECT, "access"), { today: NOW }).model;
  const part = (stack: string) => {
    assert.ok(whole);
    return checkStackPart(whole, stackInput(readStackConfig(PROJECT, stack))).part;
  };

  it("lists every grant, a group's like a guest's, as leaving the all-in-one stack turned identities stack", () => {
    assert.ok(whole);
    const moves = stackMoves(
      stackModel(whole, allInOne("identities")),
      stackModel(whole, part("identities")),
      whole,
      whole,
    );
    assert.deepEqual(
      moves.map((m) => `${m.direction} ${"email" in m ? m.email : `group ${m.group}`} ${m.scope}`),
      [
        `out alice@contoso.example ${SHOP}/resourceGroups/shop-prod`,
        `out group contoso-auditors ${SHOP}/resourceGroups/shop-logs`,
        `out group contoso-auditors ${DATA}/resourceGroups/lake`,
        `out group northwind-support ${DATA}`,
      ],
    );
    const advice = stackMoveAdvice(moves, "identities");
    assert.match(advice[0] ?? "", /^4 grant\(s\) change stacks/);
    assert.ok(
      advice.includes(
        `leaves stack identities: Reader on ${DATA}/resourceGroups/lake for group contoso-auditors`,
      ),
      advice.join("\n"),
    );
  });

  it("lists the group grants a grants stack takes over from the all-in-one stack as joining it", () => {
    assert.ok(whole);
    // The data stack's config at first deployed nothing; now it takes the data subscription's grants.
    const moves = stackMoves(
      stackModel(whole, { ...part("data"), subscriptions: [], files: ["nothing.yaml"] }),
      stackModel(whole, part("data")),
      whole,
      whole,
    );
    assert.deepEqual(
      moves.map((m) => `${m.direction} ${"email" in m ? m.email : `group ${m.group}`} ${m.scope}`),
      [
        `in group contoso-auditors ${DATA}/resourceGroups/lake`,
        `in group northwind-support ${DATA}`,
      ],
    );
  });
});

/**
 * `diff` with groups: memberships gained and lost per guest, groups added, removed and changed (each grant
 * change reaching every member), what the mass-removal guard counts (a group's grant once per member), the
 * three formats pinned as golden files, and reorders of groups and memberOf changing nothing.
 */

import assert from "node:assert/strict";
import { loadAccess } from "../../access/load";
import type { AccessModel } from "../../access/model";
import { main } from "../../cli/main";
import { countDiff, diffModels, isEmptyDiff } from "../../review/diff-model";
import { DEFAULT_REMOVAL_LIMITS, judgeRemoval, removalsInDiff } from "../../review/mass-removal";
import { assertGolden } from "../cli/support/golden";
import { DEV_POLICY_CONFIG, memoryIO, NOW } from "../cli/support/io";
import { loadText, SUB } from "../access/load-text";

const BEFORE = "test/fixtures/diff/groups-before.yaml";
const AFTER = "test/fixtures/diff/groups-after.yaml";

function model(file: string): AccessModel {
  const loaded = loadAccess(file, { today: NOW });
  assert.ok(loaded.model, `${file} has errors`);
  return loaded.model;
}

describe("diff with groups", () => {
  const before = model(BEFORE);
  const after = model(AFTER);
  const diff = diffModels(before, after);

  it("reports memberships gained and lost per guest", () => {
    const byEmail = new Map(diff.changed.map((c) => [c.email, c]));
    assert.deepEqual(byEmail.get("ann.lee@contoso.example")?.membershipsRemoved, [
      "contoso-auditors",
    ]);
    assert.deepEqual(byEmail.get("ben.ortiz@fabrikam.example")?.membershipsRemoved, [
      "data-readers",
    ]);
    assert.deepEqual(byEmail.get("cy.dubois@fabrikam.example")?.membershipsAdded, [
      "data-readers",
      "ops",
    ]);
  });

  it("reports groups added, removed and changed, with the members each change reaches", () => {
    assert.deepEqual(
      diff.groups?.added.map((g) => [g.name, g.members]),
      [["ops", ["cy.dubois@fabrikam.example"]]],
    );
    assert.deepEqual(
      diff.groups?.removed.map((g) => [g.name, g.members, g.grants.map((r) => r.roleName)]),
      [["contoso-auditors", ["ann.lee@contoso.example"], ["Reader"]]],
    );
    const changed = diff.groups?.changed[0];
    assert.equal(changed?.name, "data-readers");
    assert.deepEqual(
      changed?.grantsAdded.map((g) => g.roleName),
      ["Log Analytics Reader"],
    );
    assert.deepEqual(changed?.members, ["ann.lee@contoso.example", "cy.dubois@fabrikam.example"]);
  });

  it("counts group grants as role assignments, and memberships apart", () => {
    const counts = countDiff(diff);
    assert.equal(counts.groupsAdded, 1);
    assert.equal(counts.groupsRemoved, 1);
    assert.equal(counts.groupsChanged, 1);
    assert.equal(counts.membershipsAdded, 2);
    assert.equal(counts.membershipsRemoved, 2);
    // Ben's direct Reader, ops' Monitoring Reader, data-readers' Log Analytics Reader.
    assert.equal(counts.grantsAdded, 3);
    // Cy's direct Monitoring Reader and contoso-auditors' Reader.
    assert.equal(counts.grantsRemoved, 2);
  });

  it("counts for the mass-removal guard each access a guest loses, a group's grant once per member", () => {
    // Before: Ann's own Reader and Reader + Storage Blob Data Reader through her groups, Ben's Storage Blob
    // Data Reader through data-readers, Cy's own Monitoring Reader. Lost: Ann's Reader through the deleted
    // group, Ben's through the group he left, Cy's own Monitoring Reader.
    assert.deepEqual(removalsInDiff(diff, before, after), {
      guestsBefore: 3,
      guestsRemoved: 0,
      grantsBefore: 5,
      grantsRemoved: 3,
    });
  });

  it("treats deleting a group of many members as a mass removal", () => {
    const members = Array.from({ length: 12 }, (_, i) =>
      [
        `  - email: guest${i}@contoso.example`,
        `    displayName: Guest ${i}`,
        "    sponsor: bob@ourcorp.example",
        "    reason: Audit",
        "    expires: 2027-03-31",
        "    memberOf: [auditors, readers]",
      ].join("\n"),
    ).join("\n");
    const group = (name: string): string =>
      `  ${name}:\n    sponsor: bob@ourcorp.example\n    reason: Audit\n    access: [{ role: Reader, scope: /subscriptions/${SUB}/resourceGroups/${name} }]`;
    const old = loadText(
      `version: 1\ngroups:\n${group("auditors")}\n${group("readers")}\nguests:\n${members}\n`,
      NOW,
    ).model;
    const now = loadText(
      `version: 1\ngroups:\n${group("readers")}\nguests:\n${members.replace(/auditors, /g, "")}\n`,
      NOW,
    ).model;
    assert.ok(old && now);
    const removal = judgeRemoval(
      removalsInDiff(diffModels(old, now), old, now),
      DEFAULT_REMOVAL_LIMITS,
      false,
    );
    assert.equal(removal.grantsRemoved, 12);
    assert.equal(removal.grantsBefore, 24);
    assert.equal(removal.blocking, true, removal.reason);
  });

  it("does not count access that ends with a group grant's expiry", () => {
    const text = (expires: string): string =>
      [
        "version: 1",
        "groups:",
        "  auditors:",
        "    sponsor: bob@ourcorp.example",
        "    reason: Audit",
        `    access: [{ role: Reader, scope: /subscriptions/${SUB}, expires: ${expires} }]`,
        "guests:",
        "  - email: a@contoso.example",
        "    displayName: A",
        "    sponsor: bob@ourcorp.example",
        "    reason: Audit",
        "    memberOf: [auditors]",
      ].join("\n");
    const old = loadText(text("2099-01-01"), NOW).model;
    const now = loadText(text("2020-01-01"), NOW).model;
    assert.ok(old && now);
    assert.equal(removalsInDiff(diffModels(old, now), old, now).grantsRemoved, 0);
  });

  const reorders = [
    {
      name: "groups listed in another order",
      edit: (text: string) =>
        text.replace(
          /( {2}contoso-auditors:[\s\S]*?)( {2}data-readers:[\s\S]*?)(guests:)/,
          "$2$1$3",
        ),
    },
    {
      name: "memberOf listed in another order",
      edit: (text: string) =>
        text.replace(
          "memberOf: [data-readers, contoso-auditors]",
          "memberOf: [contoso-auditors, data-readers]",
        ),
    },
    {
      name: "a group's grants listed in another order",
      edit: (text: string) =>
        text.replace(
          /( {6}- \{ role: Reader, scope: shop-prod \}\n)( {6}- \{ role: Cost Management Reader[^\n]*\n)/,
          "$2$1",
        ),
    },
  ];
  for (const reorder of reorders) {
    it(`changes nothing, neither in meaning nor in a resource, for ${reorder.name}`, async () => {
      const { readFileSync } = await import("node:fs");
      const { declarationResources } = await import("../../specs/declaration");
      const { previewResources } = await import("../../specs/preview");
      const text = readFileSync(BEFORE, "utf8");
      const edited = reorder.edit(text);
      assert.notEqual(edited, text, "the edit applies");
      const old = loadText(text, NOW).model;
      const now = loadText(edited, NOW).model;
      assert.ok(old && now);
      assert.ok(isEmptyDiff(diffModels(old, now)));
      const resources = (m: AccessModel) =>
        previewResources(declarationResources(m), { project: "p", stack: "s" })
          .map((r) => JSON.stringify(r))
          .sort();
      assert.deepEqual(resources(now), resources(old));
    });
  }
});

describe("guest-access diff with groups: output", () => {
  for (const format of ["text", "markdown", "json"] as const) {
    const ext = format === "markdown" ? "md" : format === "json" ? "json" : "txt";
    it(`prints memberships and group changes as ${format}`, async () => {
      const { io, stdout, stderr } = memoryIO();
      const code = await main(
        [
          "diff",
          BEFORE,
          AFTER,
          "--now",
          NOW,
          "--format",
          format,
          "--policy-config",
          DEV_POLICY_CONFIG,
        ],
        io,
      );
      assert.equal(stderr(), "");
      assertGolden(`diff/groups.${ext}`, stdout());
      assert.equal(code, 0);
    });
  }
});

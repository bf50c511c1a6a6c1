/**
 * `guest-access diff OLD NEW`: two declarations compared by meaning. The model-level cases pin what each
 * edit means; the golden cases pin the three formats; reorder, re-case and a move between files are no change.
 */

import assert from "node:assert/strict";
import { loadAccess } from "../../access/load";
import type { AccessModel } from "../../access/model";
import { countDiff, diffModels, isEmptyDiff, type AccessDiff } from "../../cli/diff-model";
import type { DiffReport } from "../../cli/diff";
import { main } from "../../cli/main";
import { assertGolden } from "./support/golden";
import { DEV_POLICY_CONFIG, memoryIO, NOW } from "./support/io";

const FIXTURES = "test/fixtures/diff";

function model(file: string): AccessModel {
  const loaded = loadAccess(`${FIXTURES}/${file}`, { today: NOW });
  assert.ok(loaded.model, `${file} has errors`);
  return loaded.model;
}

function diffOf(before: string, after: string): AccessDiff {
  return diffModels(model(before), model(after));
}

async function diff(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, stdout, stderr } = memoryIO();
  const code = await main(
    ["diff", ...args, "--now", NOW, "--policy-config", DEV_POLICY_CONFIG],
    io,
  );
  return { code, stdout: stdout(), stderr: stderr() };
}

describe("guest-access diff: meaning", () => {
  const noChange: { name: string; before: string; after: string }[] = [
    {
      name: "finds no changes when guests and grants are reordered",
      before: "base.yaml",
      after: "reordered.yaml",
    },
    {
      name: "finds no changes when emails, object ids and scopes are re-cased",
      before: "base.yaml",
      after: "recased.yaml",
    },
    {
      name: "finds no changes when a guest moves between the files of a directory",
      before: "dir-before",
      after: "dir-after",
    },
  ];
  for (const c of noChange) {
    it(c.name, () =>
      assert.ok(isEmptyDiff(diffOf(c.before, c.after)), JSON.stringify(diffOf(c.before, c.after))),
    );
  }

  it("reports an added guest with the account to invite and each grant", () => {
    const d = diffOf("base.yaml", "added.yaml");
    assert.deepEqual(
      d.added.map((g) => [g.email, g.account, g.grants.map((x) => x.roleName)]),
      [["dora.khan@northwind.example", "invited", ["Reader"]]],
    );
    assert.deepEqual([d.removed.length, d.changed.length], [0, 0]);
  });

  it("reports a removed delete-user guest as an account deleted, and a keep-user guest as grants revoked", () => {
    const d = diffOf("base.yaml", "removed.yaml");
    assert.deepEqual(
      d.removed.map((g) => [g.email, g.account.effect, g.account.destructive]),
      [
        ["ann.lee@contoso.example", "account-kept", false],
        ["cy.dubois@fabrikam.example", "account-deleted", true],
      ],
    );
    assert.equal(countDiff(d).accountsDeleted, 1);
  });

  it("reports a removed existing user as grants revoked, the account untouched", () => {
    const d = diffOf("added.yaml", "base.yaml");
    assert.deepEqual(
      d.removed.map((g) => g.account.effect),
      ["account-kept"],
    );
    const back = diffModels(model("base.yaml"), {
      ...model("base.yaml"),
      guests: model("base.yaml").guests.filter((g) => !g.spec.objectId),
    });
    assert.deepEqual(
      back.removed.map((g) => [g.email, g.account.effect, g.account.message]),
      [
        [
          "ben.ortiz@fabrikam.example",
          "account-kept",
          "grants revoked; the existing user is not managed here and stays",
        ],
      ],
    );
  });

  describe("a changed guest", () => {
    let d: AccessDiff;
    before(() => {
      d = diffOf("base.yaml", "changed.yaml");
    });
    const find = (email: string) => d.changed.find((c) => c.email === email);

    it("shows a grant's expiry moved and its description rewritten", () => {
      const ann = find("ann.lee@contoso.example");
      const moved = ann?.grantsChanged.find((g) => g.roleName === "Log Analytics Reader");
      assert.deepEqual(
        moved?.changes.map((c) => [
          c.field,
          c.field === "description" ? "…" : c.before,
          c.field === "description" ? "…" : c.after,
        ]),
        [
          ["expires", "2027-01-31", "2027-02-28"],
          ["description", "…", "…"],
        ],
      );
      assert.deepEqual(
        ann?.fields.find((f) => f.field === "reason"),
        { field: "reason", before: "Year-end audit", after: "Year-end audit, extended" },
      );
    });

    it("notes that a new display name is not applied to the existing account", () => {
      const change = find("ann.lee@contoso.example")?.fields.find((f) => f.field === "displayName");
      assert.match(change?.note ?? "", /not applied to the existing account/);
    });

    it("notes that onRemove: delete-user makes a later removal delete the account", () => {
      const change = find("ann.lee@contoso.example")?.fields.find((f) => f.field === "onRemove");
      assert.deepEqual([change?.before, change?.after], ["keep-user", "delete-user"]);
      assert.match(change?.note ?? "", /removing this guest deletes the account/);
    });

    it("shows a role swapped as one grant removed and one added", () => {
      const cy = find("cy.dubois@fabrikam.example");
      assert.deepEqual(
        cy?.grantsRemoved.map((g) => [g.roleName, g.reason]),
        [["Monitoring Reader", "removed"]],
      );
      assert.deepEqual(
        cy?.grantsAdded.map((g) => g.roleName),
        ["Log Analytics Reader"],
      );
    });

    it("calls out an existing user who would now be invited (re-invited)", () => {
      assert.equal(find("ben.ortiz@fabrikam.example")?.account?.effect, "re-invited");
      assert.equal(countDiff(d).accountsReinvited, 1);
    });
  });

  it("calls out an invited delete-user guest switched to an object id: the invitation's deletion deletes the account", () => {
    const before = model("base.yaml");
    const cy = before.guests.find((g) => g.spec.email === "cy.dubois@fabrikam.example");
    assert.ok(cy);
    const existing = {
      ...cy.spec,
      invitation: undefined,
      objectId: "0e0e0e0e-1111-4222-8333-444444444444",
    };
    const after = {
      ...before,
      guests: before.guests.map((g) => (g === cy ? { ...cy, spec: existing } : g)),
    };
    const change = diffModels(before, after).changed.find(
      (c) => c.email === "cy.dubois@fabrikam.example",
    );
    assert.deepEqual(
      [change?.account?.effect, change?.account?.destructive],
      ["account-deleted", true],
    );
  });

  it("reports a grant past its expiry on the new side as removed because expired", () => {
    const before = loadAccess(`${FIXTURES}/base.yaml`, { today: "2027-01-01" }).model;
    const after = loadAccess(`${FIXTURES}/base.yaml`, { today: "2027-02-15" }).model;
    assert.ok(before && after);
    const ann = diffModels(before, after).changed.find(
      (c) => c.email === "ann.lee@contoso.example",
    );
    assert.deepEqual(
      ann?.grantsRemoved.map((g) => [g.roleName, g.reason, g.expires]),
      [["Log Analytics Reader", "expired", "2027-01-31"]],
    );
  });
});

describe("guest-access diff: output", () => {
  for (const format of ["text", "markdown", "json"] as const) {
    const ext = format === "markdown" ? "md" : format === "json" ? "json" : "txt";
    it(`prints added, removed and changed guests as ${format}; a change alone exits 0`, async () => {
      const result = await diff([
        `${FIXTURES}/base.yaml`,
        `${FIXTURES}/changed.yaml`,
        "--format",
        format,
      ]);
      assert.equal(result.stderr, "");
      assertGolden(`diff/changed.${ext}`, result.stdout);
      assert.equal(result.code, 0);
    });
    it(`prints a deleted account loudly as ${format}`, async () => {
      const result = await diff([
        `${FIXTURES}/base.yaml`,
        `${FIXTURES}/removed.yaml`,
        "--format",
        format,
      ]);
      assertGolden(`diff/removed.${ext}`, result.stdout);
      assert.equal(result.code, 0);
    });
  }

  it("prints no changes for a reordered file", async () => {
    const result = await diff([`${FIXTURES}/base.yaml`, `${FIXTURES}/reordered.yaml`]);
    assertGolden("diff/reordered.txt", result.stdout);
    assert.match(result.stdout, /^No changes\.$/m);
  });

  it("fails with exit 1 when the new side breaks a mandatory guardrail", async () => {
    const result = await diff([
      `${FIXTURES}/base.yaml`,
      "test/fixtures/plan/violation.yaml",
      "--format",
      "json",
    ]);
    const report = JSON.parse(result.stdout) as DiffReport;
    assert.equal(result.code, 1);
    assert.equal(report.summary.mandatory, 2);
    assert.equal(report.summary.guestsAdded, 1);
  });

  it("fails with exit 1 and compares nothing when a side has errors", async () => {
    const result = await diff([`${FIXTURES}/base.yaml`, "test/fixtures/plan/invalid.yaml"]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /unknown-role/);
    assert.match(result.stdout, /nothing was compared/);
  });
});

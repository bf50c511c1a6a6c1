/**
 * The drift review of declared groups on the groups scenario (`test/fixtures/drift/groups/`): each declared
 * group resolved from the stack's state or by its display name, its grants and its members judged, and
 * access through a group shown for each guest it reaches.
 */

import { strict as assert } from "node:assert";
import { join } from "node:path";
import { computeDrift, type DriftOptions } from "../../review/drift/drift";
import type { DriftReport } from "../../review/drift/model";
import { fixture, groupLines as lines, TODAY } from "./scenario";

const ROOT = join(__dirname, "..", "..");
const SUB = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
const RG = `${SUB}/resourceGroups`;
const G1 = "9a000000-0000-4000-8000-0000000000a1";

/** A file of the groups scenario. */
export function groupsFixture(name: string): string {
  return fixture(join("groups", name));
}

/** The groups scenario reviewed offline, from its az and Graph exports. */
export const GROUPS_OFFLINE: DriftOptions = {
  path: groupsFixture("access.yaml"),
  stack: "dev",
  today: TODAY,
  assignments: [groupsFixture("arm-assignments.json")],
  users: [groupsFixture("graph-users.json")],
  groups: [groupsFixture("az-groups.json")],
  groupMembers: [
    { group: "contoso-auditors", file: groupsFixture("az-members-contoso-auditors.json") },
    { group: "northwind-ops", file: groupsFixture("az-members-northwind-ops.json") },
  ],
};

async function review(options: Partial<DriftOptions> = {}): Promise<DriftReport> {
  return (await computeDrift({ ...GROUPS_OFFLINE, ...options }, ROOT)).report;
}

describe("drift review of declared groups", () => {
  it("finds every group class with the stack's state, each where the fixture says", async () => {
    const report = await review({ state: groupsFixture("state.json") });
    assert.deepEqual(lines(report), [
      "out-of-band-member group contoso-auditors - -",
      "out-of-band-member ivan.petrov@partner.example via contoso-auditors - -",
      "out-of-band-member mallory.quinn@tailspin.example via contoso-auditors - -",
      "group-missing group fabrikam-support - -",
      "group-name-taken group northwind-ops - -",
      `unmanaged group contoso-auditors Storage Blob Data Reader ${RG}/shop-staging`,
      `inherited group contoso-auditors Reader ${SUB}`,
      `expired-present group contoso-auditors Monitoring Reader ${RG}/shop-prod`,
      `orphaned group fabrikam-support Reader ${RG}/shop-staging`,
      `missing group contoso-auditors Log Analytics Reader ${RG}/shop-prod`,
      "missing-membership grace.hopper@contoso.example via contoso-auditors - -",
      "missing-membership henry.ford@newco.example via contoso-auditors - -",
      "stale-guest mallory.quinn@tailspin.example - -",
      `in-sync group contoso-auditors Reader ${RG}/shop-prod`,
      `in-sync ivan.petrov@partner.example Reader ${RG}/shop-staging`,
    ]);
  });

  it("finds the groups by display name without the state, and a deleted one by its assignments", async () => {
    const report = await review();
    const groupLines = lines(report).filter((l) => /fabrikam|northwind/.test(l));
    assert.deepEqual(groupLines, [
      "group-missing group fabrikam-support - -",
      `orphaned group fabrikam-support Reader ${RG}/shop-staging`,
      `in-sync group northwind-ops Reader ${RG}/shop-staging`,
    ]);
  });

  it("refuses two groups of a declared group's name without the state: which one it is cannot be told", async () => {
    const report = await review({
      groups: [groupsFixture("az-groups.json"), groupsFixture("az-groups-twin.json")],
    });
    const taken = report.findings.filter((f) => f.class === "group-name-taken");
    assert.deepEqual(
      taken.map((f) => [f.group, f.fix.action]),
      [["contoso-auditors", "resolve-group-name"]],
    );
    assert.match(taken[0]?.detail ?? "", /2 groups are named guest-access-contoso-auditors/);
    assert.ok(
      !report.findings.some((f) => f.class === "out-of-band-member"),
      "the members of an unresolved group are not judged",
    );
  });

  it("shows each out-of-band member prominently: who, what it reaches through the group, and the command that removes it", async () => {
    const report = await review({ state: groupsFixture("state.json") });
    const mallory = report.findings.find(
      (f) => f.class === "out-of-band-member" && f.email === "mallory.quinn@tailspin.example",
    );
    assert.ok(mallory);
    assert.equal(mallory.group, "contoso-auditors");
    assert.match(mallory.detail, /added outside this project: access through the back door/);
    // The group's grants in key order (role GUID, then scope).
    assert.deepEqual(mallory.via, [
      `Log Analytics Reader on ${RG}/shop-prod`,
      `Reader on ${RG}/shop-prod`,
    ]);
    assert.deepEqual(mallory.fix.commands, [
      `az ad group member remove --group ${G1} --member-id 3a110000-0000-4000-8000-00000000000c`,
    ]);
    const ivan = report.findings.find(
      (f) => f.class === "out-of-band-member" && f.email === "ivan.petrov@partner.example",
    );
    assert.match(
      ivan?.fix.yaml ?? "",
      /under the guest ivan\.petrov@partner\.example, in memberOf:\n- "contoso-auditors"/,
    );
    const nested = report.findings.find((f) => f.class === "out-of-band-member" && !f.email);
    assert.match(
      nested?.detail ?? "",
      /A group nested in contoso-auditors \(Partner admins\): every one of its members holds/,
    );
  });

  it("names the declared members a group's grant reaches, and what a missing member lacks", async () => {
    const report = await review({ state: groupsFixture("state.json") });
    const missing = report.findings.find(
      (f) => f.class === "missing" && f.group === "contoso-auditors",
    );
    assert.deepEqual(missing?.via, [
      "alice.moreau@contoso.example",
      "grace.hopper@contoso.example",
      "henry.ford@newco.example",
    ]);
    const grace = report.findings.find(
      (f) => f.class === "missing-membership" && f.email === "grace.hopper@contoso.example",
    );
    assert.equal(grace?.principalId, "96ace000-0000-4000-8000-000000000007");
    assert.deepEqual(grace?.fix.commands, ["pulumi up --refresh --stack dev"]);
    const adopt = report.findings.find((f) => f.class === "unmanaged");
    assert.match(
      adopt?.fix.yaml ?? "",
      /^# under groups\.contoso-auditors, in access:\n- \{ role: "Storage Blob Data Reader"/,
    );
  });

  it("recovers a group deleted by hand with an update that refreshes first", async () => {
    const report = await review({ state: groupsFixture("state.json") });
    const gone = report.findings.find((f) => f.class === "group-missing");
    assert.equal(gone?.principalId, "9a000000-0000-4000-8000-0000000000a2");
    assert.deepEqual(gone?.fix.commands, ["pulumi up --refresh --stack dev"]);
    assert.equal(gone?.fix.action, "recover-group");
    assert.match(
      gone?.detail ?? "",
      /the group 9a000000-0000-4000-8000-0000000000a2 that the stack created is not in the tenant/,
    );
  });

  it("says which groups' members were not given, and does not judge their memberships", async () => {
    const report = await review({ groupMembers: [] });
    assert.ok(
      !report.findings.some(
        (f) =>
          f.class === "out-of-band-member" ||
          (f.class === "missing-membership" && f.principalId !== ""),
      ),
    );
    assert.match(
      report.summary.notes.join("\n"),
      /the members of contoso-auditors, northwind-ops were not read .*--group-members NAME=FILE/,
    );
  });

  it("says that groups cannot be judged when neither their groups nor the state were given", async () => {
    const report = await review({ groups: [], groupMembers: [] });
    assert.ok(!report.findings.some((f) => f.group !== ""));
    assert.match(report.summary.notes.join("\n"), /3 declared groups .* could not be found/);
    assert.ok(report.summary.notJudged >= 5);
  });

  it("refuses --group-members for a group the declaration does not have, naming those it has", async () => {
    await assert.rejects(
      review({ groupMembers: [{ group: "contoso-auditor", file: "x.json" }] }),
      /no declared group is named "contoso-auditor"; use one of contoso-auditors, fabrikam-support, northwind-ops/,
    );
  });

  it("counts groups and memberships in the summary", async () => {
    const report = await review({ state: groupsFixture("state.json") });
    assert.equal(report.summary.declared.groups, 3);
    assert.equal(report.summary.declared.memberships, 5);
    assert.equal(report.summary.tenant.groups, 3);
  });
});

/**
 * `plan --state` against stack exports in the shapes Pulumi CLI 3.248, azure-native 3.28 and the azuread 6.9.1
 * bridge really write (test/fixtures/state/README.md): the real program under mocks, the real comparison.
 * Pins issue 8: provider-added inputs, `delete: true` entries, pending operations, taint, initErrors, a user
 * deleted outside the stack, a refresh that overwrote the invitation's email, and secrets never printed.
 */

import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main";
import { computePlan, type PlanView } from "../../review/plan";
import type { ResourceChange } from "../../review/state";
import { memoryIO, NOW, ROOT } from "../cli/support/io";

const STATE = "test/fixtures/state";
const SMALL = "test/fixtures/plan/small.yaml";
const P = "urn:pulumi:dev::guest-access::guest-access:index:Guest";

async function planAgainst(state: string, path = SMALL, today = NOW): Promise<PlanView> {
  return computePlan(
    {
      path,
      stack: "dev",
      today,
      state: `${STATE}/${state}`,
      policyConfig: "policy/config/dev.json",
    },
    ROOT,
  );
}

function change(view: PlanView, urnEnd: string, pendingDeletion = false): ResourceChange {
  const found = (view.report.changes ?? []).filter(
    (c) => c.urn.endsWith(urnEnd) && (c.pendingDeletion ?? false) === pendingDeletion,
  );
  assert.equal(found.length, 1, `one change for ${urnEnd}`);
  return found[0] as ResourceChange;
}

describe("plan --state against real-shaped stack exports (issue 8)", () => {
  /**
   * The exports were written by the release that still sent built-in roles in the tenant form. The Guest
   * components' inputs (the spec) now name them in ARM's subscription form: the components update, with no
   * cloud effect; every provider resource stays as it is (`roleDefinitionId` is under ignoreChanges and
   * compared by GUID, `azureApiVersion` is the provider's).
   */
  function assertOnlyComponentsMoved(view: PlanView): void {
    const moved = (view.report.changes ?? []).filter((c) => c.kind !== "same");
    assert.ok(view.report.summary.changes && view.report.summary.changes.same > 0);
    for (const c of moved) {
      assert.deepEqual(
        [c.type, c.kind, c.changedInputs],
        ["guest-access:index:Guest", "update", ["grants"]],
        c.urn,
      );
    }
    assert.equal(view.report.summary.changes?.destructive, 0);
  }

  it("changes no provider resource of the dev stack as deployed: azureApiVersion and ARM's role ID forms are no change", async () => {
    const view = await planAgainst("dev.json", "access.yaml", "2026-11-20");
    assertOnlyComponentsMoved(view);
    assert.equal(view.report.stateNotices, undefined);
  });

  it("changes no provider resource of the small stack as deployed", async () => {
    assertOnlyComponentsMoved(await planAgainst("small.json"));
  });

  it("stops on a guest whose user was deleted by hand, naming the guest and the recovery", async () => {
    const view = await planAgainst("small-guest-deleted.json");
    const urn = `${P}$azuread:index/invitation:Invitation::cy.dubois@fabrikam.example-invitation`;
    assert.deepEqual(
      view.report.stateNotices?.map((n) => [n.severity, n.code, n.urn]),
      [["error", "user-deleted", urn]],
    );
    const message = view.report.stateNotices?.[0]?.message ?? "";
    assert.match(message, /^guest cy\.dubois@fabrikam\.example: the invited user no longer exists/);
    assert.ok(
      message.includes(`pulumi up --stack dev --target-replace '${urn}' --target-dependents`),
    );
    assert.ok(message.includes(`pulumi state delete --stack dev '${urn}' --target-dependents`));
    assert.equal(view.report.summary.verdict, "fail");
  });

  it("does not re-invite guests whose email a refresh overwrote with Graph's mail", async () => {
    const view = await planAgainst("small-mail-refreshed.json");
    assert.equal(change(view, "ann.lee@contoso.example-invitation").kind, "same");
    assert.equal(change(view, "cy.dubois@fabrikam.example-invitation").kind, "same");
    assert.equal(view.report.summary.changes?.destructive, 0);
  });

  it("makes an email changed in the file a new guest: the old invitation leaves, a new one is created", async () => {
    const dir = mkdtempSync(join(tmpdir(), "guest-access-email-"));
    try {
      const file = join(dir, "small.yaml");
      writeFileSync(
        file,
        readFileSync(join(ROOT, SMALL), "utf8").replace(
          "email: ann.lee@contoso.example",
          "email: ann.lee@contoso-audit.example",
        ),
      );
      const view = await planAgainst("small.json", file);
      const old = change(view, "::ann.lee@contoso.example-invitation");
      const renamed = change(view, "::ann.lee@contoso-audit.example-invitation");
      assert.deepEqual([old.kind, old.destructive], ["delete", false]);
      assert.equal(renamed.kind, "create");
      assert.ok(!view.report.changes?.some((c) => c.kind === "replace"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("after an interrupted and partly failed update (deployment v4, taint)", () => {
    let view: PlanView;
    before(async () => {
      view = await planAgainst("small-incidents.json");
    });

    it("compares the live invitation, not the old copy awaiting deletion under the same URN", () => {
      assert.equal(change(view, "cy.dubois@fabrikam.example-invitation").kind, "same");
    });

    it("reports the old copy's deletion as destructive: cy's old account goes with it", () => {
      const pending = change(view, "cy.dubois@fabrikam.example-invitation", true);
      assert.deepEqual([pending.kind, pending.destructive], ["delete", true]);
    });

    it("warns on the interrupted create, with the command that adopts it", () => {
      const urn = `${P}$azure-native:authorization:RoleAssignment::ann.lee@contoso.example-grant-64f1d2a8c4b5`;
      const notice = view.report.stateNotices?.find((n) => n.urn === urn);
      assert.equal(notice?.severity, "warning");
      assert.ok(
        notice?.message.includes(
          `pulumi refresh --import-pending-creates '${urn}' '/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod/providers/Microsoft.Authorization/roleAssignments/5f5774fa-d442-50eb-bc8b-4f077ed9b832'`,
        ),
        notice?.message,
      );
      assert.equal(change(view, "ann.lee@contoso.example-grant-64f1d2a8c4b5").kind, "create");
    });

    it("replaces the tainted grant and updates the one with initialisation errors", () => {
      const tainted = change(view, "ben.ortiz@fabrikam.example-grant-d997572c42f5");
      assert.equal(tainted.kind, "replace");
      assert.match(tainted.note ?? "", /tainted/);
      const retried = change(view, "cy.dubois@fabrikam.example-grant-c1563936ecd4");
      assert.equal(retried.kind, "update");
      assert.match(retried.note ?? "", /initialisation error/);
    });

    it("warns without failing the verdict", () => {
      assert.equal(view.report.summary.verdict, "pass");
    });
  });

  const formats = ["text", "markdown", "json"];
  for (const format of formats) {
    it(`never prints a secret from a --show-secrets export (${format})`, async () => {
      const exported = readFileSync(join(ROOT, STATE, "small-show-secrets.json"), "utf8");
      assert.ok(exported.includes("redeem?rd="), "the fixture holds plaintext redeem URLs");
      const { io, stdout, stderr } = memoryIO();
      await main(
        [
          "plan",
          SMALL,
          "--now",
          NOW,
          "--policy-config",
          "policy/config/dev.json",
          "--format",
          format,
          "--state",
          `${STATE}/small-show-secrets.json`,
        ],
        io,
      );
      assert.ok(!`${stdout()}${stderr()}`.includes("redeem?rd="));
      assert.ok(!`${stdout()}${stderr()}`.includes("ticket%3d"));
    });
  }

  it("prints the state's notices in the text report, errors first", async () => {
    const dir = mkdtempSync(join(tmpdir(), "guest-access-state-"));
    try {
      copyFileSync(join(ROOT, STATE, "small-guest-deleted.json"), join(dir, "state.json"));
      const { io, stdout } = memoryIO();
      const code = await main(
        [
          "plan",
          SMALL,
          "--now",
          NOW,
          "--policy-config",
          "policy/config/dev.json",
          "--state",
          join(dir, "state.json"),
        ],
        io,
      );
      assert.equal(code, 1);
      assert.match(stdout(), /error user-deleted: guest cy\.dubois@fabrikam\.example/);
      assert.match(
        stdout(),
        /Verdict: fail \(0 mandatory, \d+ advisory; 1 error in the deployed stack\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

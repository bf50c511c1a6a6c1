/**
 * The stack-export builder the workflow tests deploy declarations with (support/stack-export.ts), held to the
 * committed exports it stands in for: the expiry fixture (existing users, as `pulumi up` left the dev stack
 * on 2026-11-20) must come out identical, and the invitations of test/fixtures/state/small.json must come
 * out with the same inputs, outputs and options (the made-up ids, ciphertexts and times aside), their
 * guests' grants naming the account each invitation made.
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { scratchProject, type ScratchProject } from "./support/scratch";
import { planAsOf, stackExport } from "./support/stack-export";
import { ROOT } from "./support/workflow-file";

interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

interface StackExport {
  readonly deployment: { readonly resources: readonly ExportedResource[] };
}

function readExport(path: string): StackExport {
  return JSON.parse(readFileSync(join(ROOT, path), "utf8")) as StackExport;
}

/**
 * What two exports of the same deployment share: every field but the ids the cloud made up and the times
 * the engine stamps (`created`, `modified`).
 */
function comparable(resource: ExportedResource): Record<string, unknown> {
  const rest = Object.fromEntries(
    Object.entries(resource).filter(
      ([key]) => !["id", "outputs", "created", "modified"].includes(key),
    ),
  );
  const shown = { ...resource.outputs };
  if (resource.type.startsWith("azuread:")) {
    delete shown.id;
    delete shown.redeemUrl;
  }
  return { ...rest, outputs: shown };
}

describe("the stack-export builder of the workflow tests", function () {
  this.timeout(300_000);
  let project: ScratchProject;
  before(() => {
    project = scratchProject();
  });
  after(() => project.remove());

  it("rebuilds the expiry fixture exactly from its declaration and deploy date", () => {
    project.copy("test/fixtures/ci/expiry/access.yaml", "access.yaml");
    const committed = readExport("test/fixtures/ci/expiry/state.json") as unknown as {
      deployment: { manifest: { time: string } };
    };
    const built = stackExport(planAsOf(project.workspace, "2026-11-20"), {
      time: committed.deployment.manifest.time,
    });
    assert.deepEqual(built, committed);
  });

  it("builds invited guests as test/fixtures/state/small.json holds them, grants naming the account made", () => {
    project.copy("test/fixtures/plan/small.yaml", "access.yaml");
    const committed = readExport("test/fixtures/state/small.json");
    const invitedUsers = Object.fromEntries(
      committed.deployment.resources
        .filter((r) => r.type === "azuread:index/invitation:Invitation")
        .map((r) => [String(r.outputs?.userEmailAddress), String(r.outputs?.userId)]),
    );
    assert.ok(Object.keys(invitedUsers).length > 0, "the fixture has invitations");
    const built = stackExport(planAsOf(project.workspace, "2026-11-26"), {
      time: "2026-11-26T08:15:42Z",
      invitedUsers,
    }) as unknown as StackExport;
    const byUrn = new Map(built.deployment.resources.map((r) => [r.urn, r]));
    for (const resource of committed.deployment.resources) {
      const twin = byUrn.get(resource.urn);
      if (resource.type === "azuread:index/invitation:Invitation") {
        assert.ok(twin, `no ${resource.urn}`);
        assert.deepEqual(comparable(twin), comparable(resource), resource.urn);
      }
      // The fixture predates the subscription-form role definition ids (issue 8) and carries ARM's
      // createdOn/updatedOn: of a grant, compare whom it names, under which name, and its link.
      if (resource.type.includes("RoleAssignment")) {
        assert.ok(twin, `no ${resource.urn}`);
        for (const key of ["principalId", "name"])
          assert.equal(twin.outputs?.[key], resource.outputs?.[key], `${resource.urn} ${key}`);
        assert.deepEqual(twin.dependencies ?? [], resource.dependencies ?? [], resource.urn);
      }
    }
  });
});

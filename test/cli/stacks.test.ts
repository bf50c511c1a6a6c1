/**
 * The commands on a project split across stacks (examples/many-stacks): `validate` checks every stack of the
 * declaration, `plan --stack` plans that stack's part and names it, with the identities stack's outputs
 * unknown or given (`--identities-outputs`), the same from the specs and from the program under mocks.
 */

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main";
import type { PlanReport } from "../../review/plan-report";
import { memoryIO, NOW, ROOT } from "./support/io";

const ALICE = "5d7c1e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f";

describe("guest-access on a project split across stacks", () => {
  let project: string;
  before(() => {
    project = mkdtempSync(join(tmpdir(), "guest-access-stacks-"));
    cpSync(join(ROOT, "examples", "many-stacks"), project, { recursive: true });
    writeFileSync(
      join(project, "identities.json"),
      JSON.stringify({ principalIds: { "alice@contoso.example": ALICE }, redeemUrls: "[secret]" }),
    );
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  async function run(
    argv: readonly string[],
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const { io, stdout, stderr } = memoryIO({ cwd: project });
    const code = await main([...argv, "--now", NOW], io);
    return { code, stdout: stdout(), stderr: stderr() };
  }

  it("validates every stack's part of the declaration together", async () => {
    const { code, stdout } = await run(["validate", "access"]);
    assert.equal(code, 0);
    assert.match(
      stdout,
      /^stacks: data \(grants\), identities \(identities\), shop \(grants\): every grant and every invitation in exactly one$/m,
    );
  });

  it("fails validation naming the grant's place and both stacks when two stacks select it", async () => {
    const shop = join(project, "Pulumi.shop.yaml");
    const before = readFileSync(shop, "utf8");
    try {
      writeFileSync(
        shop,
        before.replace(
          "    - 3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b",
          "    - 3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b\n    - 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        ),
      );
      const { code, stdout } = await run(["validate", "access"]);
      assert.equal(code, 1);
      assert.match(
        stdout,
        /audit\.yaml:\d+:\d+ error grant-owned-by-several-stacks: the grant of "Reader" on \/subscriptions\/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\/resourceGroups\/lake to alice@contoso\.example is selected by stacks data and shop/m,
      );
    } finally {
      writeFileSync(shop, before);
    }
  });

  for (const capture of [false, true]) {
    for (const known of [false, true]) {
      it(`plans a grants stack's part${capture ? " under mocks" : ""}, the identities stack's outputs ${known ? "given" : "unknown"}`, async () => {
        const { code, stdout } = await run([
          "plan",
          "--stack",
          "data",
          "--format",
          "json",
          ...(known ? ["--identities-outputs", "identities.json"] : []),
          ...(capture ? ["--capture"] : []),
        ]);
        assert.equal(code, 0, stdout);
        const report = JSON.parse(stdout) as PlanReport;
        assert.match(report.summary.part ?? "", /^stack data: grants in subscriptions 9a8b7c6d/);
        const principals = report.resources
          .filter((r) => r.type === "azure-native:authorization:RoleAssignment")
          .map((r) => `${r.name.split("-grant-")[0] ?? ""} ${String(r.inputs.principalId)}`)
          .sort();
        const unknown = report.summary.unknownValue;
        assert.deepEqual(principals, [
          `alice@contoso.example ${known ? ALICE : unknown}`,
          `dan@northwind.example ${unknown}`,
          `dan@northwind.example ${unknown}`,
        ]);
        assert.equal(report.summary.grants, 3);
      });
    }
  }

  it("says a deployed grant that now belongs to another stack moves there, with the step that keeps the access", async () => {
    const planned = JSON.parse(
      (await run(["plan", "--stack", "data", "--format", "json"])).stdout,
    ) as PlanReport;
    const alice = planned.resources.find((r) => r.name.startsWith("alice@contoso.example-grant-"));
    assert.ok(alice);
    // What the data stack holds once deployed: Alice's grant on the data lake.
    const guest = "urn:pulumi:data::guest-access::guest-access:index:Guest::alice@contoso.example";
    writeFileSync(
      join(project, "data-state.json"),
      JSON.stringify({
        version: 3,
        deployment: {
          manifest: { time: "2026-06-01T00:00:00Z", magic: "", version: "v3.248.0" },
          resources: [
            {
              urn: "urn:pulumi:data::guest-access::pulumi:pulumi:Stack::guest-access-data",
              custom: false,
              type: "pulumi:pulumi:Stack",
            },
            {
              urn: guest,
              custom: false,
              type: "guest-access:index:Guest",
              parent: "urn:pulumi:data::guest-access::pulumi:pulumi:Stack::guest-access-data",
            },
            {
              urn: alice.urn,
              custom: true,
              id: "/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourceGroups/lake/providers/Microsoft.Authorization/roleAssignments/1a000000-0000-4000-8000-000000000002",
              type: "azure-native:authorization:RoleAssignment",
              parent: guest,
              inputs: { ...alice.inputs, principalId: "5d7c1e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f" },
              outputs: {},
            },
          ],
        },
      }),
    );
    const shop = join(project, "Pulumi.shop.yaml");
    const data = join(project, "Pulumi.data.yaml");
    const [shopBefore, dataBefore] = [readFileSync(shop, "utf8"), readFileSync(data, "utf8")];
    try {
      // The data subscription moves from the data stack to the shop stack.
      writeFileSync(
        shop,
        shopBefore.replace(
          "    - 3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b",
          "    - 3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b\n    - 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        ),
      );
      writeFileSync(
        data,
        dataBefore.replace(
          "guest-access:subscriptions: [9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d]",
          "guest-access:subscriptions: []",
        ),
      );
      const { stdout, stderr } = await run([
        "plan",
        "--stack",
        "data",
        "--state",
        "data-state.json",
        "--format",
        "json",
      ]);
      const report = JSON.parse(stdout) as PlanReport;
      const change = report.changes?.find((c) => c.urn === alice.urn);
      assert.equal(change?.kind, "delete", stderr);
      assert.match(
        change?.note ?? "",
        /^moves to another stack \(Reader on \/subscriptions\/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\/resourceGroups\/lake for alice@contoso\.example\): .*pulumi state delete --stack data/,
      );
    } finally {
      writeFileSync(shop, shopBefore);
      writeFileSync(data, dataBefore);
    }
  });

  it("names the part in the text header", async () => {
    const { stdout } = await run(["plan", "--stack", "identities"]);
    assert.match(
      stdout,
      /^part: stack identities: identities \(every invitation, group and membership\), no grants$/m,
    );
  });
});

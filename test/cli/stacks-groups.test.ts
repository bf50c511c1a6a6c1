/**
 * The commands on a declaration with groups split across stacks (test/fixtures/stacks/groups): `validate`
 * checks groups and group grants across every stack, `plan --stack` shows a stack's part with its groups
 * (the identities stack's groups and memberships, a grants stack's group grants for the object ids read from
 * the identities stack, known with `--identities-outputs`), `diff` takes `--identities-outputs` too, and
 * `plan --state` says a group grant that another stack now deploys moves there, counting it once per member.
 */

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main";
import { computeDiff, type DiffReport } from "../../review/diff";
import { evaluateGuardrails } from "../../review/findings";
import type { PlanReport } from "../../review/plan-report";
import { memoryIO, NOW, ROOT } from "./support/io";

const DATA = "/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const OUTPUTS = {
  principalIds: {
    "alice@contoso.example": "5d7c1e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f",
    "dan@northwind.example": "7f0e3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
  },
  groupIds: {
    "contoso-auditors": "6e8d2f3b-4c5a-4d7e-9f0a-1b2c3d4e5f6a",
    "northwind-support": "8a9b0c1d-2e3f-4a5b-9c6d-7e8f9a0b1c2d",
  },
  redeemUrls: "[secret]",
};
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";

describe("guest-access on a declaration with groups split across stacks", () => {
  let project: string;
  before(() => {
    project = mkdtempSync(join(tmpdir(), "guest-access-stacks-groups-"));
    cpSync(join(ROOT, "test", "fixtures", "stacks", "groups"), project, { recursive: true });
    writeFileSync(join(project, "identities.json"), JSON.stringify(OUTPUTS));
    // Every stack's guardrails: the fixture's roles, subscriptions and domains.
    const config = {
      "guest-role-allow-listed": { allowedRoles: ["Reader", "Monitoring Reader"] },
      "guest-scope-within-boundary": {
        allowedScopes: ["/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b", DATA],
      },
      "guest-email-domain-allowed": {
        allowedDomains: ["contoso.example", "fabrikam.example", "northwind.example"],
      },
      "guest-grant-expiry-bounded": { maxDays: 3650 },
    };
    writeFileSync(join(project, "policy.json"), JSON.stringify(config));
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  async function run(
    argv: readonly string[],
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const { io, stdout, stderr } = memoryIO({ cwd: project });
    const code = await main([...argv, "--now", NOW], io);
    return { code, stdout: stdout(), stderr: stderr() };
  }

  async function plan(stack: string, ...extra: string[]): Promise<PlanReport> {
    const { code, stdout, stderr } = await run([
      "plan",
      "--stack",
      stack,
      "--format",
      "json",
      "--policy-config",
      "policy.json",
      ...extra,
    ]);
    assert.ok(code === 0 || code === 1, stderr);
    return JSON.parse(stdout) as PlanReport;
  }

  it("validates every stack's part, groups included", async () => {
    const { code, stdout } = await run(["validate", "access"]);
    assert.equal(code, 0, stdout);
    assert.match(
      stdout,
      /^stacks: data \(grants\), identities \(identities\), shop \(grants\): every grant and every invitation, group and membership in exactly one$/m,
    );
  });

  it("fails validation naming a group grant's place when no stack selects it", async () => {
    const data = join(project, "Pulumi.data.yaml");
    const before = readFileSync(data, "utf8");
    try {
      writeFileSync(data, `${before}  guest-access:files: [audit.yaml]\n`);
      writeFileSync(
        data,
        before.replace(
          "guest-access:subscriptions: [9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d]",
          "guest-access:files: [vendors.yaml]",
        ),
      );
      const { code, stdout } = await run(["validate", "access"]);
      assert.equal(code, 1);
      assert.match(
        stdout,
        /audit\.yaml:\d+:\d+ error grant-owned-by-no-stack: the grant of "Reader" on \/subscriptions\/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\/resourceGroups\/lake to group contoso-auditors is deployed by no stack/,
      );
    } finally {
      writeFileSync(data, before);
    }
  });

  it("plans the identities stack's groups and memberships, with no grant", async () => {
    const report = await plan("identities");
    assert.equal(report.summary.verdict, "pass", JSON.stringify(report.policies));
    assert.deepEqual(
      report.groups?.map((g) => [g.name, g.grants.length, g.members.length]),
      [
        ["contoso-auditors", 0, 2],
        ["northwind-support", 0, 1],
      ],
    );
    assert.equal(report.summary.memberships, 3);
    assert.equal(report.resources.filter((r) => r.type === ROLE_ASSIGNMENT).length, 0);
  });

  for (const capture of [false, true])
    for (const known of [false, true])
      it(`plans a grants stack's group grants${capture ? " under mocks" : ""}, the identities stack's outputs ${known ? "given" : "unknown"}`, async () => {
        const report = await plan(
          "data",
          ...(known ? ["--identities-outputs", "identities.json"] : []),
          ...(capture ? ["--capture"] : []),
        );
        assert.equal(report.summary.verdict, "pass", JSON.stringify(report.policies));
        assert.match(report.summary.part ?? "", /^stack data: grants in subscriptions 9a8b7c6d/);
        const principals = report.resources
          .filter((r) => r.type === ROLE_ASSIGNMENT)
          .map((r) => `${r.name.split("-grant-")[0] ?? ""} ${String(r.inputs.principalId)}`)
          .sort();
        const unknown = report.summary.unknownValue;
        assert.deepEqual(principals, [
          `contoso-auditors ${known ? OUTPUTS.groupIds["contoso-auditors"] : unknown}`,
          `northwind-support ${known ? OUTPUTS.groupIds["northwind-support"] : unknown}`,
        ]);
        // Each group of the part, with its grants here and all its members.
        assert.deepEqual(
          report.groups?.map((g) => [g.name, g.grants.map((x) => x.scope), g.members.length]),
          [
            ["contoso-auditors", [`${DATA}/resourceGroups/lake`], 2],
            ["northwind-support", [DATA], 1],
          ],
        );
      });

  it("diffs a grants stack with the identities stack's outputs, as plan does: the guardrails see the object ids", async () => {
    const evaluated: unknown[] = [];
    const view = await computeDiff(
      {
        paths: ["access", "access"],
        stack: "data",
        today: NOW,
        policyConfig: "policy.json",
        identitiesOutputs: "identities.json",
      },
      project,
      {
        evaluate: async (resources, config) => {
          evaluated.push(
            ...resources
              .filter((r) => r.type === ROLE_ASSIGNMENT)
              .map((r) => r.inputs.principalId)
              .sort(),
          );
          return evaluateGuardrails(resources, config);
        },
      },
    );
    assert.equal(view.report.summary.verdict, "pass");
    assert.match(view.report.summary.part ?? "", /^stack data: grants/);
    assert.deepEqual(evaluated, [
      OUTPUTS.groupIds["contoso-auditors"],
      OUTPUTS.groupIds["northwind-support"],
    ]);
  });

  /**
   * The diff, for one stack, of the declaration as it is (kept as `access-before`) and as `edit` changes one
   * of its files (in place, so the stacks still deploy it; restored afterwards).
   */
  async function diffAfter(
    stack: string,
    file: string,
    edit: (text: string) => string,
  ): Promise<DiffReport> {
    const before = join(project, "access-before");
    rmSync(before, { recursive: true, force: true });
    cpSync(join(project, "access"), before, { recursive: true });
    const changed = join(project, "access", file);
    const text = readFileSync(changed, "utf8");
    try {
      const edited = edit(text);
      assert.notEqual(edited, text, "the edit changes the file");
      writeFileSync(changed, edited);
      const { stdout, stderr } = await run([
        "diff",
        "access-before",
        "access",
        "--stack",
        stack,
        "--format",
        "json",
        "--policy-config",
        "policy.json",
      ]);
      assert.ok(stdout, stderr);
      const report = JSON.parse(stdout) as DiffReport;
      assert.equal(report.summary.errors, 0, JSON.stringify(report.diagnostics));
      return report;
    } finally {
      writeFileSync(changed, text);
    }
  }

  it("counts a grants stack's removed group grant once per member of the group", async () => {
    const report = await diffAfter("data", "audit.yaml", (text) =>
      text.replace("      - { role: Reader, scope: data-lake }\n", ""),
    );
    // Before: contoso-auditors' data grant for Alice and Carol, northwind-support's for Dan.
    assert.equal(report.summary.massRemoval.grantsBefore, 3);
    assert.equal(report.summary.massRemoval.grantsRemoved, 2);
  });

  it("counts a guest leaving a group in the identities stack once per grant of the group, in every stack", async () => {
    const report = await diffAfter("identities", "audit.yaml", (text) =>
      text.replace(
        "    reason: Yearly audit, already a guest of the tenant\n    expires: 2027-03-31\n    memberOf: [contoso-auditors]\n",
        "    reason: Yearly audit, already a guest of the tenant\n    expires: 2027-03-31\n    access:\n      - { role: Reader, scope: shop-prod }\n",
      ),
    );
    // Carol leaves contoso-auditors, whose two grants (shop and data stacks) she loses.
    assert.equal(report.summary.massRemoval.grantsRemoved, 2);
    // Every membership's grants: contoso-auditors' two for Alice and Carol, northwind-support's one for Dan.
    assert.equal(report.summary.massRemoval.grantsBefore, 5);
  });

  it("refuses an --identities-outputs file that is not a stack's outputs", async () => {
    writeFileSync(join(project, "not-outputs.json"), "[1, 2]");
    const { code, stderr } = await run([
      "diff",
      "access",
      "access",
      "--stack",
      "data",
      "--identities-outputs",
      "not-outputs.json",
    ]);
    assert.equal(code, 2);
    assert.match(stderr, /--identities-outputs not-outputs\.json: is not a stack's outputs/);
  });

  it("says a deployed group grant that another stack now deploys moves there, counted once per member", async () => {
    const planned = await plan("data");
    const grant = planned.resources.find(
      (r) => r.type === ROLE_ASSIGNMENT && r.name.startsWith("contoso-auditors-grant-"),
    );
    assert.ok(grant);
    const stackUrn = "urn:pulumi:data::guest-access::pulumi:pulumi:Stack::guest-access-data";
    const group = "urn:pulumi:data::guest-access::guest-access:index:Group::contoso-auditors";
    writeFileSync(
      join(project, "data-state.json"),
      JSON.stringify({
        version: 3,
        deployment: {
          manifest: { time: "2026-06-01T00:00:00Z", magic: "", version: "v3.248.0" },
          resources: [
            { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack" },
            { urn: group, custom: false, type: "guest-access:index:Group", parent: stackUrn },
            {
              urn: grant.urn,
              custom: true,
              id: `${DATA}/resourceGroups/lake/providers/Microsoft.Authorization/roleAssignments/1a000000-0000-4000-8000-000000000009`,
              type: ROLE_ASSIGNMENT,
              parent: group,
              inputs: { ...grant.inputs, principalId: OUTPUTS.groupIds["contoso-auditors"] },
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
      // audit.yaml's grants (contoso-auditors' data grant among them) move to the shop stack.
      writeFileSync(shop, `${shopBefore}  guest-access:files: [audit.yaml]\n`);
      writeFileSync(
        data,
        dataBefore.replace(
          "guest-access:subscriptions: [9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d]",
          "guest-access:files: [vendors.yaml]",
        ),
      );
      const report = await plan("data", "--state", "data-state.json");
      const change = report.changes?.find((c) => c.urn === grant.urn);
      assert.equal(change?.kind, "delete", JSON.stringify(report.changes));
      assert.match(
        change?.note ?? "",
        /^moves to another stack \(Reader on \/subscriptions\/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\/resourceGroups\/lake for group contoso-auditors\): .*pulumi state delete --stack data/,
      );
      // The group's two members (in the identities stack) each lose the grant here.
      assert.equal(report.summary.massRemoval?.grantsRemoved, 2);
      assert.equal(report.summary.massRemoval?.grantsBefore, 2);
    } finally {
      writeFileSync(shop, shopBefore);
      writeFileSync(data, dataBefore);
    }
  });
});

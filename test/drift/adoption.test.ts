/**
 * `assignmentName`: a grant that adopts an existing role assignment. The component registers the
 * assignment under that name with Pulumi's `import` option (so the first `up` imports it instead of failing
 * with RoleAssignmentExists), and the guardrails and the plan treat the grant like any other.
 */

import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveSources } from "../../access/load";
import type { GrantSpec, GuestSpec } from "../../access/model";
import { parseSource } from "../../access/source";
import { ROLE_ASSIGNMENT_IGNORED_INPUTS } from "../../azure/role-assignment";
import { ROLE_ASSIGNMENT_TYPE } from "../../azure/tokens";
import { ADOPTED_ASSIGNMENT_IGNORED_INPUTS, Guest } from "../../components/guest";
import { captureProgram, type CapturedResource } from "../../program/capture";
import { computePlan } from "../../review/plan";

const ROOT = join(__dirname, "..", "..");
const SCOPE = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const NAME = "1a000000-0000-4000-8000-000000000004";

function grant(overrides: Partial<GrantSpec> = {}): GrantSpec {
  return {
    key: `${READER} ${SCOPE}`,
    role: { id: READER, name: "Reader", builtIn: true },
    roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
    scope: SCOPE,
    description: "guest-access: alice@contoso.example; reason: Audit",
    ...overrides,
  };
}

function guest(grants: GrantSpec[]): GuestSpec {
  return {
    email: "alice@contoso.example",
    displayName: "Alice",
    sponsor: "bob@ourcorp.example",
    reason: "Audit",
    invitation: { redirectUrl: "https://portal.azure.com", send: true },
    onRemove: "keep-user",
    grants,
  };
}

async function assignmentOf(spec: GuestSpec, preview: boolean): Promise<CapturedResource> {
  const { resources } = await captureProgram({ stack: "test", preview, config: {} }, () => {
    new Guest(spec.email, spec);
    return Promise.resolve();
  });
  const found = resources.filter((r) => r.type === ROLE_ASSIGNMENT_TYPE);
  assert.equal(found.length, 1);
  return found[0] as CapturedResource;
}

describe("adopting an existing role assignment with assignmentName", () => {
  for (const preview of [true, false]) {
    it(`registers the assignment under that name with the import option (${preview ? "preview" : "update"})`, async () => {
      const assignment = await assignmentOf(guest([grant({ assignmentName: NAME })]), preview);
      assert.equal(assignment.inputs.roleAssignmentName, NAME);
      assert.equal(
        assignment.options.importId,
        `${SCOPE}/providers/Microsoft.Authorization/roleAssignments/${NAME}`,
      );
      assert.deepEqual(
        [...assignment.options.ignoreChanges].sort(),
        [...ADOPTED_ASSIGNMENT_IGNORED_INPUTS].sort(),
      );
      assert.equal(assignment.inputs.principalType, "User");
      assert.equal(assignment.inputs.scope, SCOPE);
    });
  }

  it("leaves a grant without it as before: a generated name, no import, only the usual inputs ignored", async () => {
    const assignment = await assignmentOf(guest([grant()]), false);
    assert.notEqual(assignment.inputs.roleAssignmentName, NAME);
    assert.equal(assignment.options.importId, undefined);
    assert.deepEqual(assignment.options.ignoreChanges, [...ROLE_ASSIGNMENT_IGNORED_INPUTS]);
  });

  const yamlCases: { name: string; value: string; expect: string | RegExp }[] = [
    { name: "reads a GUID, lower-cased", value: NAME.toUpperCase(), expect: NAME },
    {
      name: "refuses what is not a GUID, naming the place and the form",
      value: "my-assignment",
      expect:
        /access\.yaml:9:\d+ .*invalid-assignment-name.*not a role assignment name: it is the GUID at the end/s,
    },
  ];
  for (const c of yamlCases) {
    it(c.name, () => {
      const text = [
        "version: 1",
        "guests:",
        "  - email: alice@contoso.example",
        "    displayName: Alice",
        "    sponsor: bob@ourcorp.example",
        "    reason: Audit",
        "    access:",
        `      - role: Reader`,
        `        assignmentName: ${c.value}`,
        `        scope: ${SCOPE}`,
      ].join("\n");
      const parsed = parseSource("access.yaml", text);
      const result = resolveSources([parsed.source], parsed.diagnostics, { today: "2026-11-26" });
      if (typeof c.expect === "string") {
        assert.equal(result.model?.guests[0]?.spec.grants[0]?.assignmentName, c.expect);
      } else {
        const said = result.diagnostics
          .map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)
          .join("\n");
        assert.match(said, c.expect);
        assert.equal(result.model, undefined);
      }
    });
  }

  describe("the guardrails and the plan", () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "adopt-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    function declaration(role: string, assignmentName?: string): string {
      return [
        "version: 1",
        "guests:",
        "  - email: alice@contoso.example",
        "    displayName: Alice",
        "    sponsor: bob.lindqvist@ourcorp.example",
        "    reason: Audit",
        "    expires: 2027-03-31",
        "    access:",
        `      - { role: ${role}, scope: ${SCOPE}${assignmentName ? `, assignmentName: ${assignmentName}` : ""} }`,
      ].join("\n");
    }

    async function planOf(role: string, assignmentName?: string) {
      const file = join(dir, `${role}-${assignmentName ?? "new"}.yaml`);
      writeFileSync(file, declaration(role, assignmentName));
      const view = await computePlan(
        {
          path: file,
          stack: "dev",
          today: "2026-11-26",
          policyConfig: join(ROOT, "policy", "config", "dev.json"),
        },
        ROOT,
      );
      return view.report;
    }

    for (const role of ["Reader", "Contributor"]) {
      it(`judges a ${role} grant with assignmentName exactly as without it`, async () => {
        const adopted = await planOf(role, NAME);
        const fresh = await planOf(role);
        const judged = (r: typeof adopted) =>
          r.policies.map((f) => `${f.policy} ${f.enforcementLevel} ${f.kind} ${f.message}`).sort();
        assert.deepEqual(judged(adopted), judged(fresh));
        assert.equal(adopted.summary.verdict, fresh.summary.verdict);
        assert.equal(adopted.summary.verdict, role === "Reader" ? "pass" : "fail");
        assert.deepEqual(
          adopted.resources.map((r) => r.urn),
          fresh.resources.map((r) => r.urn),
          "the same logical resources: adopting renames nothing",
        );
      });
    }
  });
});

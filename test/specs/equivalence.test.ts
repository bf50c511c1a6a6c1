/**
 * The specs are the single source of what the program registers: projecting them into a preview
 * (`specs/preview.ts`, what `plan` and `diff` use, without the Pulumi SDK) must give exactly what the real
 * program registers under Pulumi's mocks in preview (`captureProgram`): the same URNs, parents, inputs
 * (unknown values included, keys in the same order), property dependencies, dependencies and options. Run on
 * the bundled example, every fixture declaration, and generated files of 1,000 guests.
 */

import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadAccess } from "../../access/load";
import type { AccessModel } from "../../access/model";
import { generateDeclaration } from "../../bench/generate";
import { captureProgram } from "../../program/capture";
import { declareProgram } from "../../program/run";
import { declarationResources } from "../../specs/declaration";
import { previewResources } from "../../specs/preview";
import type { RegisteredResource } from "../../specs/registration";
import { NOW, ROOT } from "../cli/support/io";
import {
  GROUP_COMPONENT_TYPE,
  GROUP_MEMBER_TYPE,
  GROUP_TYPE,
  INVITATION_TYPE,
  ROLE_ASSIGNMENT_TYPE,
  STACK_REFERENCE_TYPE,
} from "../../azure/tokens";
import { UNKNOWN } from "../../azure/unknown";
import { readStackConfig } from "../../program/stack-config";
import { stackInput } from "../../review/stacks";
import { specId } from "../../specs/resource";
import { checkStackPart } from "../../specs/stack-check";
import type { StackPart } from "../../specs/stack-part";
import { stackResources } from "../../specs/stack-specs";

const CONTEXT = { project: "guest-access", stack: "dev" };
const FIXTURES = join(ROOT, "test", "fixtures");

/**
 * Every declaration among the fixtures: a directory of nothing but `*.yaml` files is one declaration (the
 * directory form), and elsewhere each `*.yaml` file is one. A Pulumi project's own files (`Pulumi.yaml`,
 * `Pulumi.<stack>.yaml`, in a fixture that is a whole project) are not declarations.
 */
function fixtureDeclarations(dir: string): string[] {
  const entries = readdirSync(dir)
    .filter((e) => !/^Pulumi(\..+)?\.yaml$/.test(e))
    .sort();
  const isDir = (name: string): boolean => statSync(join(dir, name)).isDirectory();
  if (entries.length > 0 && entries.every((e) => e.endsWith(".yaml") && !isDir(e))) return [dir];
  return entries.flatMap((e) =>
    isDir(e) ? fixtureDeclarations(join(dir, e)) : e.endsWith(".yaml") ? [join(dir, e)] : [],
  );
}

/** Each resource as one line of JSON (key order included), sorted by URN. */
function lines(resources: readonly RegisteredResource[]): string[] {
  return [...resources]
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))
    .map((r) => JSON.stringify(r));
}

async function captured(model: AccessModel): Promise<RegisteredResource[]> {
  const { resources } = await captureProgram({ ...CONTEXT, preview: true, config: {} }, () =>
    declareProgram(model, { waveSize: 50 }),
  );
  return resources;
}

function load(path: string): AccessModel | undefined {
  return loadAccess(path, { today: NOW }).model;
}

const temporary: string[] = [];

function generated(guests: number, varied: boolean, groups?: number): string {
  const dir = mkdtempSync(join(tmpdir(), "guest-access-equivalence-"));
  temporary.push(dir);
  const file = join(dir, `access-${guests}${varied ? "-varied" : ""}.yaml`);
  writeFileSync(
    file,
    generateDeclaration(guests, { varied, ...(groups !== undefined ? { groups } : {}) }),
  );
  return file;
}

describe("the specs' preview and the program under mocks", () => {
  after(() => {
    for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const declarations = [join(ROOT, "access.yaml"), ...fixtureDeclarations(FIXTURES)];
  for (const path of declarations) {
    const name = relative(ROOT, path);
    it(`register the same resources for ${name}, or both nothing when it has errors`, async () => {
      const model = load(path);
      if (!model) {
        // The program stops before registering anything; the plan projects nothing.
        const registered: RegisteredResource[] = [];
        await assert.rejects(
          captureProgram(
            {
              ...CONTEXT,
              preview: true,
              config: { "guest-access:accessFile": path, "guest-access:today": NOW },
            },
            undefined,
            (r) => registered.push(r),
          ),
          /nothing was deployed/,
        );
        assert.deepEqual(registered, []);
        return;
      }
      const fromSpecs = previewResources(declarationResources(model), CONTEXT);
      assert.ok(fromSpecs.length > 0, `${name} declares nothing`);
      assert.deepEqual(lines(fromSpecs), lines(await captured(model)));
    });
  }

  const sizes = [
    { guests: 1000, varied: false, what: "1,000 guests invited alike" },
    { guests: 1000, varied: true, what: "1,000 guests of every kind" },
    { guests: 1000, varied: true, groups: 20, what: "1,000 guests of every kind in 20 groups" },
  ];
  for (const size of sizes) {
    it(`register the same resources for a generated file of ${size.what}`, async () => {
      const model = load(generated(size.guests, size.varied, size.groups));
      assert.ok(model, "the generated declaration loads");
      assert.equal(model.guests.length, size.guests);
      const fromSpecs = previewResources(declarationResources(model), CONTEXT);
      assert.deepEqual(lines(fromSpecs), lines(await captured(model)));
    });
  }

  it("has fixtures to compare, valid and invalid", () => {
    const loaded = declarations.map(load);
    assert.ok(loaded.filter(Boolean).length >= 8, "valid fixture declarations");
    assert.ok(loaded.filter((m) => !m).length >= 1, "invalid fixture declarations");
  });
});

/**
 * A declaration split across stacks (examples/many-stacks: an identities stack and two grants stacks):
 * each stack's specs preview as the program registers that stack's part under mocks, its StackReference
 * read included, with the identities stack's outputs unknown (not deployed yet) and known.
 */
describe("the specs' preview and the program under mocks, one stack of many", () => {
  const EXAMPLE = join(ROOT, "examples", "many-stacks");
  const model = loadAccess(join(EXAMPLE, "access"), { today: NOW }).model;
  const IDENTITIES = "our-org/guest-access/identities";
  /** What the identities stack exports once deployed: one guest's object id is there, one is not yet. */
  const OUTPUTS = {
    principalIds: { "alice@contoso.example": "5d7c1e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f" },
  };

  async function capturedPart(
    stack: string,
    part: StackPart,
    stackOutputs?: Record<string, Record<string, unknown>>,
  ): Promise<RegisteredResource[]> {
    const { resources } = await captureProgram(
      {
        project: "guest-access",
        stack,
        preview: true,
        config: {},
        ...(stackOutputs ? { stackOutputs } : {}),
      },
      () => declareProgram(model as AccessModel, { waveSize: 50 }, part),
    );
    return resources;
  }

  for (const stack of ["identities", "shop", "data"]) {
    for (const known of [false, true]) {
      it(`register the same resources for stack ${stack}, the identities stack's outputs ${known ? "known" : "unknown"}`, async () => {
        assert.ok(model, "the example loads");
        const { part, diagnostics } = checkStackPart(
          model,
          stackInput(readStackConfig(EXAMPLE, stack)),
        );
        assert.deepEqual(diagnostics, []);
        const fromSpecs = previewResources(stackResources(model, part), {
          project: "guest-access",
          stack,
          ...(known
            ? { readOutputs: { [specId(STACK_REFERENCE_TYPE, IDENTITIES)]: OUTPUTS } }
            : {}),
        });
        const fromProgram = await capturedPart(
          stack,
          part,
          known ? { [IDENTITIES]: OUTPUTS } : undefined,
        );
        assert.deepEqual(lines(fromSpecs), lines(fromProgram));
        // The comparison has substance: the grants stacks read the identities stack; only it invites.
        const types = new Set(fromProgram.map((r) => r.type));
        assert.equal(types.has(STACK_REFERENCE_TYPE), part.role === "grants");
        assert.equal(types.has(INVITATION_TYPE), part.role === "identities");
        assert.equal(types.has(ROLE_ASSIGNMENT_TYPE), part.role === "grants");
      });
    }
  }

  it("take Alice's object id from the identities stack when it is known, and leave Dan's unknown", () => {
    assert.ok(model);
    const { part } = checkStackPart(model, stackInput(readStackConfig(EXAMPLE, "data")));
    const resources = previewResources(stackResources(model, part), {
      project: "guest-access",
      stack: "data",
      readOutputs: { [specId(STACK_REFERENCE_TYPE, IDENTITIES)]: OUTPUTS },
    });
    const principals = resources
      .filter((r) => r.type === ROLE_ASSIGNMENT_TYPE)
      .map((r) => [r.urn.split("::").pop()?.split("-")[0], r.inputs.principalId]);
    assert.deepEqual(principals.sort(), [
      ["alice@contoso.example", OUTPUTS.principalIds["alice@contoso.example"]],
      ["dan@northwind.example", UNKNOWN],
      ["dan@northwind.example", UNKNOWN],
    ]);
  });
});

/**
 * A declaration with groups split across stacks (test/fixtures/stacks/groups): the identities stack
 * registers the groups, invitations and memberships (an existing user's too), each grants stack its groups'
 * and guests' grants for object ids read from the identities stack, with its outputs unknown and known.
 */
describe("the specs' preview and the program under mocks, one stack of many, with groups", () => {
  const PROJECT = join(FIXTURES, "stacks", "groups");
  const model = loadAccess(join(PROJECT, "access"), { today: NOW }).model;
  const IDENTITIES = "our-org/guest-access/identities";
  /** The identities stack deployed before Dan and northwind-support were added. */
  const OUTPUTS = {
    principalIds: { "alice@contoso.example": "5d7c1e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f" },
    groupIds: { "contoso-auditors": "6e8d2f3b-4c5a-4d7e-9f0a-1b2c3d4e5f6a" },
  };

  for (const stack of ["identities", "shop", "data"]) {
    for (const known of [false, true]) {
      it(`register the same resources for stack ${stack}, the identities stack's outputs ${known ? "known" : "unknown"}`, async () => {
        assert.ok(model, "the fixture loads");
        const { part, diagnostics } = checkStackPart(
          model,
          stackInput(readStackConfig(PROJECT, stack)),
        );
        assert.deepEqual(diagnostics, []);
        const fromSpecs = previewResources(stackResources(model, part), {
          project: "guest-access",
          stack,
          ...(known
            ? { readOutputs: { [specId(STACK_REFERENCE_TYPE, IDENTITIES)]: OUTPUTS } }
            : {}),
        });
        const { resources: fromProgram } = await captureProgram(
          {
            project: "guest-access",
            stack,
            preview: true,
            config: {},
            ...(known ? { stackOutputs: { [IDENTITIES]: OUTPUTS } } : {}),
          },
          () => declareProgram(model, { waveSize: 50 }, part),
        );
        assert.deepEqual(lines(fromSpecs), lines(fromProgram));
        const count = (type: string): number => fromProgram.filter((r) => r.type === type).length;
        // The identities stack: both groups, two invitations, three memberships (Carol's by objectId).
        // The shop stack: Alice's grant and contoso-auditors' shop grant; data: two group grants.
        const expected = {
          identities: { groups: 2, entra: 2, invitations: 2, members: 3, grants: 0 },
          shop: { groups: 1, entra: 0, invitations: 0, members: 0, grants: 2 },
          data: { groups: 2, entra: 0, invitations: 0, members: 0, grants: 2 },
        }[stack];
        assert.deepEqual(
          {
            groups: count(GROUP_COMPONENT_TYPE),
            entra: count(GROUP_TYPE),
            invitations: count(INVITATION_TYPE),
            members: count(GROUP_MEMBER_TYPE),
            grants: count(ROLE_ASSIGNMENT_TYPE),
          },
          expected,
        );
      });
    }
  }

  it("take contoso-auditors' object id from the identities stack when it is known, and leave northwind-support's unknown", () => {
    assert.ok(model);
    const { part } = checkStackPart(model, stackInput(readStackConfig(PROJECT, "data")));
    const resources = previewResources(stackResources(model, part), {
      project: "guest-access",
      stack: "data",
      readOutputs: { [specId(STACK_REFERENCE_TYPE, IDENTITIES)]: OUTPUTS },
    });
    const principals = resources
      .filter((r) => r.type === ROLE_ASSIGNMENT_TYPE)
      .map((r) => [r.parent?.split("::").pop(), r.inputs.principalType, r.inputs.principalId]);
    assert.deepEqual(principals.sort(), [
      ["contoso-auditors", "Group", OUTPUTS.groupIds["contoso-auditors"]],
      ["northwind-support", "Group", UNKNOWN],
    ]);
  });
});

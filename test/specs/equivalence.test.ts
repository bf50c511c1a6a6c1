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

const CONTEXT = { project: "guest-access", stack: "dev" };
const FIXTURES = join(ROOT, "test", "fixtures");

/**
 * Every declaration among the fixtures: a directory of nothing but `*.yaml` files is one declaration (the
 * directory form), and elsewhere each `*.yaml` file is one.
 */
function fixtureDeclarations(dir: string): string[] {
  const entries = readdirSync(dir).sort();
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

/**
 * The table of diagnostic codes (access/diagnostic-codes.ts) against what the loader really emits: every row's
 * example produces its code (so a row naming a code nothing emits fails), every code any fixture produces is
 * a row with the same severity (the type refuses unknown literals; this catches computed codes such as
 * `duplicate-${what}`), and docs/diagnostics.md is generated from the table (fix: `npm run diagnostics`).
 */

import { strict as assert } from "node:assert";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  DIAGNOSTIC_CODES,
  DIAGNOSTICS,
  type DiagnosticCode,
  type DiagnosticRow,
} from "../../access/diagnostic-codes";
import type { Diagnostic } from "../../access/diagnostics";
import { loadAccess } from "../../access/load";
import { isDeclarationFile } from "../../access/source";
import { projectStacks, readStackConfig } from "../../program/stack-config";
import { isPulumiFile, stackInput, withStackCheck } from "../../review/stacks";
import {
  DIAGNOSTICS_DOC,
  EXAMPLE_TODAY,
  diagnosticsDocIsStale,
  exampleBytes,
  exampleFiles,
  renderDiagnosticsDoc,
} from "../../scripts/diagnostics-table";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");

/**
 * Writes a row's example to a temporary folder and loads it with `loadAccess`, as `validate` would; a
 * `stacks` example's project files go beside a `declaration/` folder, and its stacks are read from disk.
 */
function loadExampleFromDisk(row: DiagnosticRow): readonly Diagnostic[] {
  const dir = mkdtempSync(join(tmpdir(), "guest-access-diagnostic-"));
  try {
    const files = exampleFiles(row);
    const declaration = join(dir, "declaration");
    mkdirSync(declaration);
    for (const [name, text] of Object.entries(files))
      writeFileSync(join(isPulumiFile(name) ? dir : declaration, name), exampleBytes(row, text));
    const names = Object.keys(files).filter((name) => !isPulumiFile(name));
    const path = names.length === 1 ? join(declaration, names[0] as string) : declaration;
    const load = loadAccess(path, { today: EXAMPLE_TODAY });
    const stacks = projectStacks(dir).map((stack) => stackInput(readStackConfig(dir, stack)));
    return withStackCheck(load, stacks).diagnostics;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every declaration under a folder: each YAML file alone, and each folder of YAML files as one declaration. */
function declarations(dir: string): string[] {
  const entries = readdirSync(dir).map((name) => join(dir, name));
  const files = entries.filter((p) => statSync(p).isFile() && isDeclarationFile(p));
  const folders = entries.filter((p) => statSync(p).isDirectory());
  return [...files, ...(files.length > 1 ? [dir] : []), ...folders.flatMap(declarations)];
}

function isCode(code: string): code is DiagnosticCode {
  return Object.hasOwn(DIAGNOSTICS, code);
}

describe("the diagnostic codes", () => {
  describe("each row's example, loaded from files", () => {
    for (const code of DIAGNOSTIC_CODES) {
      const row: DiagnosticRow = DIAGNOSTICS[code];
      it(`reports ${code} (${row.severity}) and nothing else`, () => {
        const found = loadExampleFromDisk(row).map((d) => `${d.severity} ${d.code}`);
        assert.ok(found.length > 0, `the example of ${code} reports nothing`);
        assert.deepEqual([...new Set(found)], [`${row.severity} ${code}`]);
      });
    }
  });

  it("has a row, with the same severity, for every code the fixtures and the bundled access.yaml produce", () => {
    const paths = [join(ROOT, "access.yaml"), ...declarations(FIXTURES)];
    const seen = new Set<string>();
    for (const path of paths) {
      for (const d of loadAccess(path, { today: EXAMPLE_TODAY }).diagnostics) {
        const where = `${d.code} from ${relative(ROOT, path)}`;
        assert.ok(isCode(d.code), `${where} has no row in access/diagnostic-codes.ts`);
        assert.equal(d.severity, DIAGNOSTICS[d.code].severity, `${where} has another severity`);
        seen.add(d.code);
      }
    }
    // The walk must reach fixtures with problems, or this test could not fail.
    assert.ok(seen.size >= 2, `only ${[...seen].join(", ")} seen in ${paths.length} declarations`);
  });

  it("is documented in docs/diagnostics.md, generated from the table", () => {
    assert.equal(diagnosticsDocIsStale(), false, "run: npm run diagnostics");
  });

  it("notices a change to any row in docs/diagnostics.md", () => {
    const changed = {
      ...DIAGNOSTICS,
      "unknown-role": { ...DIAGNOSTICS["unknown-role"], fix: "X" },
    };
    assert.notEqual(renderDiagnosticsDoc(changed), readFileSync(DIAGNOSTICS_DOC, "utf8"));
  });

  it("shows each code's real output in the reference", () => {
    const doc = renderDiagnosticsDoc();
    for (const code of DIAGNOSTIC_CODES)
      assert.match(doc, new RegExp(`:\\d+:\\d+ ${DIAGNOSTICS[code].severity} ${code}: `), code);
  });

  it("is linked from the README", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    assert.ok(
      readme.includes("](docs/diagnostics.md)"),
      "README.md does not link docs/diagnostics.md",
    );
  });
});

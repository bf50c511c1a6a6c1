/**
 * The build the command runs from (`scripts/build.js`, run by `npm ci` through `prepare`): every source
 * transpiled into dist/, the JSON it requires copied, and a freshness check that sends the command back to
 * the TypeScript sources as soon as one is newer than the build, so it never runs stale code.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Build {
  readonly isFresh: (root?: string) => boolean;
  readonly build: (root?: string) => number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script, not a module of ours
const { build, isFresh } = require("../scripts/build.js") as Build;

/** A tiny project: a tsconfig, a CLI module that requires a JSON file, and an untouched test folder. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), "guest-access-build-"));
  const write = (path: string, text: string): void => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    "tsconfig.json",
    JSON.stringify({
      compilerOptions: { module: "commonjs", target: "ES2022", esModuleInterop: true },
    }),
  );
  write("cli/data/answer.json", '{ "answer": 42 }\n');
  write(
    "cli/main.ts",
    'import type { Stats } from "node:fs";\nimport data from "./data/answer.json";\nexport const answer: number = data.answer;\nexport type S = Stats;\n',
  );
  write("test/ignored.test.ts", "export const ignored = true;\n");
  return root;
}

describe("the build", () => {
  const roots: string[] = [];
  after(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it("transpiles the sources into dist/, copies the JSON they require, and leaves tests out", () => {
    const root = project();
    roots.push(root);
    assert.equal(build(root), 1);
    const run = spawnSync(
      process.execPath,
      ["-e", `process.stdout.write(String(require("./dist/cli/main.js").answer))`],
      { cwd: root, encoding: "utf8" },
    );
    assert.equal(run.stdout, "42", run.stderr);
    assert.ok(!existsSync(join(root, "dist", "test")));
  });

  it("is fresh once built, and stale as soon as a source is newer", () => {
    const root = project();
    roots.push(root);
    assert.equal(isFresh(root), false, "fresh before any build");
    build(root);
    assert.equal(isFresh(root), true);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "cli", "main.ts"), later, later);
    assert.equal(isFresh(root), false);
  });

  it("is fresh in this repository when the tests run (npm test builds first)", () => {
    assert.equal(isFresh(), true, "dist/ is stale: run npm run build");
  });
});

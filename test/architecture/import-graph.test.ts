/**
 * No import cycle among the sources, type-only imports included. ESLint's `import-x/no-cycle` guards the
 * runtime graph and skips `import type` (such a cycle cannot fail at load time); a cycle of types is still two
 * modules that cannot be read apart, which is what the layout removed (renderers importing their view types
 * from the commands that import the renderers). This reads every import with TypeScript's own pre-processor.
 */

import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const ROOT = join(__dirname, "..", "..");
const SOURCE_ROOMS = ["azure", "access", "components", "program", "policy", "review", "cli"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** The file a relative specifier names, as TypeScript resolves it (`x.ts` or `x/index.ts`). */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = join(dirname(from), specifier);
  return [`${base}.ts`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
}

/** Every file's imports of our own files (static, dynamic, `import type` and `export … from` alike). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = info.importedFiles
      .map((ref) => resolveSpecifier(file, ref.fileName))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The strongly connected components with more than one file (Tarjan): each is an import cycle. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node))
      found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe("the import graph", () => {
  it("has no cycle among the sources, type-only imports included", () => {
    const files = [
      join(ROOT, "index.ts"),
      ...SOURCE_ROOMS.flatMap((room) => sourceFiles(join(ROOT, room))),
    ];
    const found = cycles(importGraph(files)).map((c) => c.map((f) => relative(ROOT, f)));
    assert.deepEqual(found, []);
  });

  it("finds the cycle in the lint fixture, so the check can fail", () => {
    const dir = join(ROOT, "test", "fixtures", "lint", "cycle");
    const found = cycles(importGraph(sourceFiles(dir))).map((c) => c.map((f) => relative(dir, f)));
    assert.deepEqual(found, [["first.ts", "second.ts"]]);
  });

  it("finds a cycle made only of type imports, which ESLint's no-cycle skips", () => {
    const dir = join(ROOT, "test", "fixtures", "lint", "type-cycle");
    const found = cycles(importGraph(sourceFiles(dir))).map((c) => c.map((f) => relative(dir, f)));
    assert.deepEqual(found, [["command.ts", "view.ts"]]);
  });
});

/**
 * GitHub's own workflow parser (@actions/workflow-parser), run in a child `node` process: the parser is ESM
 * that loads only with a module hook (see parse-workflows.mjs), and mocha runs these tests as CommonJS.
 */

import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** One error the parser reports, with its place in the file as the parser gives it. */
export interface ParserError {
  readonly message: string;
  readonly range: {
    readonly start: { readonly line: number; readonly column: number };
    readonly end: { readonly line: number; readonly column: number };
  } | null;
}

/** The parser's verdict on one file. */
export interface ParserResult {
  readonly name: string;
  readonly errors: readonly ParserError[];
}

const SCRIPT = join(__dirname, "parse-workflows.mjs");

/** Every error GitHub's parser reports for each file (in memory: name and content). */
export function parseWithGitHub(
  files: readonly { name: string; content: string }[],
): ParserResult[] {
  const child = spawnSync(process.execPath, [SCRIPT], {
    input: JSON.stringify(files),
    encoding: "utf8",
    timeout: 120_000,
  });
  if (child.status !== 0) {
    throw new Error(
      `the workflow parser did not run (exit ${child.status ?? child.signal}): ${child.stderr}`,
    );
  }
  return JSON.parse(child.stdout) as ParserResult[];
}

/**
 * Every workflow as GitHub's own parser (@actions/workflow-parser, behind the GitHub Actions extension for
 * VS Code) reads it: any error it reports fails the test. The broken workflows below show that the parser
 * really runs and that an error it reports reaches the test.
 */

import assert from "node:assert/strict";
import { parseWithGitHub } from "./support/github-parser";
import { workflowFiles } from "./support/workflow-file";

/** A minimal valid workflow with `steps` in its one job. */
function workflowWith(steps: string, extra = ""): string {
  return `on: push\n${extra}jobs:\n  one:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
}

const BROKEN: readonly { name: string; content: string; error: RegExp }[] = [
  {
    name: "reports a permission level that does not exist",
    content: workflowWith("      - run: echo hi\n", "permissions:\n  contents: reed\n"),
    error: /Unexpected value 'reed'/,
  },
  {
    name: "reports an expression naming a context that does not exist",
    content: workflowWith("      - run: echo ${{ secret.TOKEN }}\n"),
    error: /Unrecognized named-value: 'secret'/,
  },
  {
    name: "reports a step that both uses an action and runs a script",
    content: workflowWith("      - uses: actions/checkout@v4\n        run: echo both\n"),
    error: /Unexpected value 'run'/,
  },
  {
    name: "reports a job that needs a job that does not exist",
    content:
      "on: push\njobs:\n  one:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n" +
      "  two:\n    needs: three\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n",
    error: /three/,
  },
  {
    name: "reports text that is not YAML",
    content: "on: push\njobs: [unclosed\n",
    error: /./,
  },
];

describe("GitHub's workflow parser", () => {
  const files = workflowFiles();

  it("finds the four workflows", () => {
    assert.deepEqual(
      files.map((f) => f.file),
      ["deploy.yml", "drift.yml", "expire.yml", "pull-request.yml"],
    );
  });

  it("reports no error in any workflow", () => {
    const results = parseWithGitHub(files.map((f) => ({ name: f.file, content: f.text })));
    assert.equal(results.length, files.length);
    for (const result of results) {
      assert.deepEqual(
        result.errors.map((e) => e.message),
        [],
        `${result.name}: GitHub's parser reports errors`,
      );
    }
  });

  describe("on broken workflows", () => {
    const results = new Map<string, readonly string[]>();
    before(() => {
      for (const result of parseWithGitHub(
        BROKEN.map((b) => ({ name: b.name, content: b.content })),
      ))
        results.set(
          result.name,
          result.errors.map((e) => e.message),
        );
    });

    for (const c of BROKEN) {
      it(c.name, () => {
        const errors = results.get(c.name) ?? [];
        assert.ok(
          errors.some((message) => c.error.test(message)),
          `expected an error matching ${String(c.error)}, got ${JSON.stringify(errors)}`,
        );
      });
    }
  });
});

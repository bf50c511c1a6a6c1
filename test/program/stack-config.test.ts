/**
 * program/stack-config.ts: the config a stack runs with, read from Pulumi.yaml and Pulumi.<stack>.yaml.
 */

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStackConfig, stackAccessFile, StackConfigError } from "../../program/stack-config";
import { ROOT } from "../cli/support/io";

describe("program/stack-config: a stack's configuration", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "stack-config-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function project(yaml: string, stacks: Record<string, string> = {}): void {
    writeFileSync(join(dir, "Pulumi.yaml"), yaml);
    for (const [stack, text] of Object.entries(stacks))
      writeFileSync(join(dir, `Pulumi.${stack}.yaml`), text);
  }

  it("reads the repository's dev stack over the project defaults", () => {
    const { project: name, config } = readStackConfig(ROOT, "dev");
    assert.equal(name, "guest-access");
    assert.equal(config["guest-access:accessFile"], "access.yaml");
    assert.equal(config["guest-access:waveSize"], "50");
    assert.equal(config["azure-native:location"], "westeurope");
  });

  const cases: {
    name: string;
    projectYaml: string;
    stackYaml?: string;
    expected: Record<string, string>;
    secure?: string[];
  }[] = [
    {
      name: "takes declared defaults and qualifies them with the project name",
      projectYaml:
        "name: p\nruntime: nodejs\nconfig:\n  size: { type: integer, default: 3 }\n  label: { type: string }\n",
      expected: { "p:size": "3" },
    },
    {
      name: "lets the stack's values win over the defaults",
      projectYaml: "name: p\nconfig:\n  size: { type: integer, default: 3 }\n",
      stackYaml: "config:\n  p:size: 5\n  aws:region: eu-west-1\n",
      expected: { "p:size": "5", "aws:region": "eu-west-1" },
    },
    {
      name: "passes objects as JSON, as the Pulumi CLI does",
      projectYaml: "name: p\n",
      stackYaml: "config:\n  p:tags:\n    team: a\n",
      expected: { "p:tags": '{"team":"a"}' },
    },
    {
      name: "leaves out secure values it cannot decrypt, and names them",
      projectYaml: "name: p\n",
      stackYaml: "config:\n  p:token:\n    secure: AAABAxyz\n  p:plain: x\n",
      expected: { "p:plain": "x" },
      secure: ["p:token"],
    },
    {
      name: "runs a stack without its own file on the defaults alone",
      projectYaml: "name: p\nconfig:\n  p:size: { default: 1 }\n",
      expected: { "p:size": "1" },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      project(c.projectYaml, c.stackYaml ? { s: c.stackYaml } : {});
      const result = readStackConfig(dir, "s");
      assert.deepEqual(result.config, c.expected);
      assert.deepEqual(result.secureKeys, c.secure ?? []);
    });
  }

  const accessFiles: {
    name: string;
    projectYaml: string;
    stackYaml?: string;
    accessFile: string;
    found: boolean;
  }[] = [
    {
      name: "takes the stack's own accessFile over the project default",
      projectYaml: "name: guest-access\nconfig:\n  accessFile: { default: access.yaml }\n",
      stackYaml: "config:\n  guest-access:accessFile: prod.yaml\n",
      accessFile: "prod.yaml",
      found: true,
    },
    {
      name: "says the stack has no file of its own when Pulumi.<stack>.yaml does not exist",
      projectYaml: "name: guest-access\nconfig:\n  accessFile: { default: teams }\n",
      accessFile: "teams",
      found: false,
    },
    {
      name: "falls back to the program's default access.yaml when nothing sets accessFile",
      projectYaml: "name: p\n",
      stackYaml: "config: {}\n",
      accessFile: "access.yaml",
      found: true,
    },
  ];
  for (const c of accessFiles) {
    it(c.name, () => {
      project(c.projectYaml, c.stackYaml ? { s: c.stackYaml } : {});
      const result = readStackConfig(dir, "s");
      assert.equal(stackAccessFile(result), c.accessFile);
      assert.deepEqual(
        [result.stackFile, result.stackFileFound],
        [join(dir, "Pulumi.s.yaml"), c.found],
      );
    });
  }

  it("refuses a directory without Pulumi.yaml", () => {
    assert.throws(
      () => readStackConfig(dir, "dev"),
      (e: unknown) => e instanceof StackConfigError && /no Pulumi project/.test(e.message),
    );
  });

  it("refuses a project without a name", () => {
    project("runtime: nodejs\n");
    assert.throws(() => readStackConfig(dir, "dev"), /has no name/);
  });
});

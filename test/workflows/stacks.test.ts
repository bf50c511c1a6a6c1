/**
 * The stacks every workflow runs one job for: the workflows' own `stacks` step (stacks.sh) in a scratch
 * checkout, and the declaration each stack deploys (access-file.js), as the review validates it.
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { scratchProject, type ScratchProject } from "./support/scratch";
import { runShellStep } from "./support/steps";
import { jobOf, loadWorkflow, stepOf } from "./support/workflow-file";

const stacksJob = jobOf(loadWorkflow("deploy.yml"), "stacks");
const stacksStep = stepOf(stacksJob, "stacks");

interface StacksCase {
  readonly name: string;
  /** Files to add to the checkout (the dev stack is there already). */
  readonly add?: Readonly<Record<string, string>>;
  readonly removeDev?: boolean;
  readonly code: number;
  readonly stacks?: readonly string[];
  /** The stacks deployed first (stackRole: identities), and those deployed after them. */
  readonly identities?: readonly string[];
  readonly dependents?: readonly string[];
  readonly error?: RegExp;
}

const STACKS_CASES: readonly StacksCase[] = [
  {
    name: "lists every Pulumi.<stack>.yaml in name order, and not Pulumi.yaml itself",
    add: {
      "Pulumi.prod.yaml": "config: {}\n",
      "policy/config/prod.json": "{}\n",
      "Pulumi.eu.west.yaml": "config: {}\n",
      "policy/config/eu.west.json": "{}\n",
    },
    code: 0,
    stacks: ["dev", "eu.west", "prod"],
  },
  {
    name: "deploys the one all-in-one stack without waiting for an identities stack",
    code: 0,
    stacks: ["dev"],
    identities: [],
    dependents: ["dev"],
  },
  {
    name: "deploys the identities stack first and the grants stacks after it, from the stack files",
    removeDev: true,
    add: {
      "Pulumi.identities.yaml":
        "# invites\nconfig:\n  guest-access:stackRole: identities # first\n  azuread:tenantId: t\n",
      "policy/config/identities.json": "{}\n",
      "Pulumi.shop.yaml":
        "config:\n  guest-access:stackRole: grants\n  guest-access:identitiesStack: o/guest-access/identities\n",
      "policy/config/shop.json": "{}\n",
      "Pulumi.data.yaml":
        "config:\n  guest-access:identitiesStack: o/guest-access/identities\n  stackRole: 'grants'\n",
      "policy/config/data.json": "{}\n",
    },
    code: 0,
    stacks: ["data", "identities", "shop"],
    identities: ["identities"],
    dependents: ["data", "shop"],
  },
  {
    name: "reads the role in the project's own namespace and in quotes",
    removeDev: true,
    add: {
      "Pulumi.ids.yaml": 'config:\n  stackRole: "identities"\n',
      "policy/config/ids.json": "{}\n",
      "Pulumi.rest.yaml": "config:\n  guest-access:stackRole: grants\n",
      "policy/config/rest.json": "{}\n",
    },
    code: 0,
    identities: ["ids"],
    dependents: ["rest"],
  },
  {
    name: "refuses a stack without its guardrails configuration, naming the file to create",
    add: { "Pulumi.staging.yaml": "config: {}\n" },
    code: 1,
    error: /stack "staging" has no guardrails configuration: create policy\/config\/staging\.json/,
  },
  {
    name: "refuses a stack name that is not a plain Pulumi stack name",
    add: { "Pulumi.a b.yaml": "config: {}\n", "policy/config/a b.json": "{}\n" },
    code: 1,
    error: /"a b" is not a stack name CI accepts/,
  },
  {
    name: "lists no stack when there is no stack file (the per-stack jobs are skipped)",
    removeDev: true,
    code: 0,
    stacks: [],
  },
];

describe("the stacks step (stacks.sh)", () => {
  for (const c of STACKS_CASES) {
    it(c.name, () => {
      const project = scratchProject();
      try {
        for (const [path, text] of Object.entries(c.add ?? {})) project.write(path, text);
        if (c.removeDev) rmSync(join(project.workspace, "Pulumi.dev.yaml"));
        const result = runShellStep(stacksJob, stacksStep, project);
        assert.equal(result.code, c.code, result.stderr);
        if (c.stacks) assert.deepEqual(JSON.parse(result.outputs.stacks ?? ""), c.stacks);
        if (c.identities)
          assert.deepEqual(JSON.parse(result.outputs.identities ?? ""), c.identities);
        if (c.dependents)
          assert.deepEqual(JSON.parse(result.outputs.dependents ?? ""), c.dependents);
        if (c.error) assert.match(result.stderr, c.error);
      } finally {
        project.remove();
      }
    });
  }
});

describe("the declaration a stack deploys (access-file.js)", () => {
  let project: ScratchProject;
  before(() => {
    project = scratchProject();
  });
  after(() => project.remove());

  function accessFile(stack: string): string {
    return execFileSync(process.execPath, [".github/scripts/access-file.js", stack], {
      cwd: project.workspace,
      encoding: "utf8",
    }).trim();
  }

  const cases: readonly { name: string; stack: string; file?: string; expected: string }[] = [
    {
      name: "is the stack's guest-access:accessFile",
      stack: "teams",
      file: "config:\n  guest-access:accessFile: teams\n",
      expected: "teams",
    },
    {
      name: "is the project's default when the stack does not set it",
      stack: "prod",
      file: "config:\n  azure-native:location: westeurope\n",
      expected: "access.yaml",
    },
    {
      name: "is the project's default when the stack has no file yet",
      stack: "new",
      expected: "access.yaml",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.file) project.write(`Pulumi.${c.stack}.yaml`, c.file);
      assert.equal(accessFile(c.stack), c.expected);
    });
  }

  it("is the program's own default when the project declares none", () => {
    project.write("Pulumi.yaml", "name: guest-access\nruntime: nodejs\n");
    assert.equal(accessFile("prod"), "access.yaml");
    project.write(
      "Pulumi.yaml",
      "name: guest-access\nruntime: nodejs\nconfig:\n  accessFile:\n    default: declared.yaml\n",
    );
    assert.equal(accessFile("prod"), "declared.yaml");
  });
});

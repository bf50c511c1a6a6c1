/**
 * How `plan` and `diff` are called: usage errors exit 2 with a message on stderr, and colour appears only on
 * a terminal without NO_COLOR.
 */

import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { main } from "../../cli/main";
import { DEV_POLICY_CONFIG, memoryIO, NOW } from "./support/io";

const SMALL = "test/fixtures/plan/small.yaml";
const ESC = "\u001b[";

describe("guest-access plan and diff: usage", () => {
  const usage: { name: string; argv: string[]; stderr: RegExp; cwd?: string }[] = [
    {
      name: "refuses an unknown format",
      argv: ["plan", SMALL, "--format", "html"],
      stderr: /html/,
    },
    {
      name: "refuses a date that is no date",
      argv: ["plan", SMALL, "--now", "2026-02-30"],
      stderr: /not a date/,
    },
    {
      name: "refuses a declaration that does not exist",
      argv: ["plan", "no-such.yaml"],
      stderr: /no such file/,
    },
    {
      name: "refuses a --state file that does not exist",
      argv: ["plan", SMALL, "--state", "no-such.json"],
      stderr: /--state no-such\.json/,
    },
    {
      name: "refuses a --state file that is no stack export",
      argv: ["plan", SMALL, "--state", "package.json"],
      stderr: /not a stack export/,
    },
    {
      // Pins the bug where another stack's export gave a plan of creates and deletes, exit 0.
      name: "refuses a --state export of another stack, naming the stack it belongs to",
      argv: ["plan", SMALL, "--state", "test/fixtures/plan/other-stack-state.json"],
      stderr: /belongs to stack "prod" of project "guest-access", not to stack "dev"/,
    },
    {
      name: "refuses --fail-on-destructive without --state",
      argv: ["plan", SMALL, "--fail-on-destructive"],
      stderr: /--fail-on-destructive needs --state/,
    },
    {
      name: "refuses a policy config that names no policy of the pack",
      argv: ["plan", SMALL, "--policy-config", "test/fixtures/plan/misspelt-policy-config.json"],
      stderr: /guest-role-allow-listd: no such policy/,
    },
    {
      name: "refuses to run outside a Pulumi project (no Pulumi.yaml)",
      argv: ["plan", SMALL],
      stderr: /Pulumi\.yaml/,
      cwd: tmpdir(),
    },
    {
      name: "refuses diff with one path and no --base",
      argv: ["diff", SMALL],
      stderr: /two paths/,
    },
    {
      name: "refuses diff with --base and two paths",
      argv: ["diff", "--base", "HEAD", SMALL, SMALL],
      stderr: /at most one PATH/,
    },
  ];
  for (const c of usage) {
    it(c.name, async () => {
      const { io, stdout, stderr } = memoryIO(c.cwd ? { cwd: c.cwd } : {});
      const code = await main(c.argv, io);
      assert.equal(code, 2, `exit code; stderr: ${stderr()}`);
      assert.match(stderr(), c.stderr);
      assert.equal(stdout(), "");
    });
  }

  for (const command of ["plan", "diff"]) {
    it(`documents --fail-on-destructive and the exit codes in ${command} --help`, async () => {
      const { io, stdout } = memoryIO();
      assert.equal(await main([command, "--help"], io), 0);
      assert.match(
        stdout(),
        /--fail-on-destructive +(with --state: )?exit 1 when a change costs a\s+guest/,
      );
      assert.match(stdout(), /--allow-mass-removal +the change is meant to remove more guests/);
      assert.match(stdout(), /--max-removed-guests <n>[\s\S]*--max-removed-grants <percent>/);
      assert.match(stdout(), /Exit codes: 0 clean[\s\S]*destructive change[\s\S]*2 usage/);
    });
  }

  const colour: { name: string; isTTY: boolean; env: Record<string, string>; coloured: boolean }[] =
    [
      { name: "colours text on a terminal", isTTY: true, env: {}, coloured: true },
      {
        name: "never colours with NO_COLOR set",
        isTTY: true,
        env: { NO_COLOR: "1" },
        coloured: false,
      },
      {
        name: "never colours when stdout is not a terminal",
        isTTY: false,
        env: {},
        coloured: false,
      },
    ];
  for (const c of colour) {
    it(c.name, async () => {
      const { io, stdout } = memoryIO({ isTTY: c.isTTY, env: c.env });
      await main(["plan", SMALL, "--now", NOW, "--policy-config", DEV_POLICY_CONFIG], io);
      assert.equal(stdout().includes(ESC), c.coloured);
    });
  }
});

import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDrift, type DriftCommandOptions } from "../../cli/drift";
import type { CliIO } from "../../cli/io";
import { main } from "../../cli/main";
import { DRIFT_CLASSES } from "../../review/drift/model";
import { fixture, TODAY } from "./scenario";
import { startAzureServer, SUBSCRIPTION_B, type AzureServer } from "./support/azure-server";
import { TEST_TOKEN } from "./support/credential";
import { liveDeps } from "./support/live";
import { loopbackOnly } from "./support/loopback-only";

const ROOT = join(__dirname, "..", "..");

/** Markdown without its fenced code blocks: where GitHub renders mentions and HTML. */
function outsideCodeBlocks(markdown: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const open = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined && open) fence = open;
    else if (fence !== undefined && line === fence) fence = undefined;
    else if (fence === undefined) kept.push(line);
  }
  return kept.join("\n");
}

function capture(overrides: Partial<CliIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: ROOT,
    env: {},
    isTTY: false,
    ...overrides,
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}

const OFFLINE: DriftCommandOptions = {
  path: fixture("access.yaml"),
  stack: "dev",
  format: "json",
  today: TODAY,
  assignments: [
    fixture("arm-page-1.json"),
    fixture("arm-page-2.json"),
    fixture("az-assignments.json"),
  ],
  users: [fixture("graph-users-page-1.json"), fixture("graph-users-page-2.json")],
};

describe("drift command", () => {
  it("prints exactly { findings, errors, summary }, each finding with the fields other tools read", async () => {
    const run = capture();
    assert.equal(await runDrift(OFFLINE, run.io), 1);
    const report = JSON.parse(run.stdout()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(report), ["findings", "errors", "summary"]);
    const findings = report.findings as Record<string, unknown>[];
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).sort(), [
        "assignmentId",
        "class",
        "detail",
        "email",
        "fix",
        "group",
        "principalId",
        "roleId",
        "roleName",
        "scope",
      ]);
      assert.ok((DRIFT_CLASSES as readonly unknown[]).includes(f.class));
    }
  });

  const exitCases: { name: string; options: Partial<DriftCommandOptions>; exit: number }[] = [
    { name: "exits 1 on drift in any class but in-sync by default", options: {}, exit: 1 },
    { name: "exits 0 when --fail-on selects no class", options: { failOn: [] }, exit: 0 },
    {
      name: "exits 1 when a selected class has findings",
      options: { failOn: ["pending-invitation"] },
      exit: 1,
    },
  ];
  for (const c of exitCases) {
    it(c.name, async () => {
      assert.equal(await runDrift({ ...OFFLINE, ...c.options }, capture().io), c.exit);
    });
  }

  const usageCases: { name: string; argv: string[]; message: RegExp }[] = [
    {
      name: "refuses to run with nothing to compare with",
      argv: ["drift", fixture("access.yaml")],
      message: /nothing to compare with: pass --live/,
    },
    {
      name: "refuses an unknown class in --fail-on, listing the classes",
      argv: ["drift", fixture("access.yaml"), "--live", "--fail-on", "unmanged"],
      message:
        /unknown class "unmanged".*out-of-band-member, account-missing, .*email-taken, unmanaged/,
    },
    {
      name: "refuses --live together with exports",
      argv: ["drift", "--live", "--users", fixture("az-users.json")],
      message: /--live reads Azure/,
    },
    {
      name: "refuses users without assignments",
      argv: ["drift", "--users", fixture("az-users.json")],
      message: /--assignments is required/,
    },
    {
      name: "names the file and the entry of a malformed export",
      argv: [
        "drift",
        fixture("access.yaml"),
        "--assignments",
        fixture("policy-config.json"),
        "--users",
        fixture("az-users.json"),
      ],
      message:
        /policy-config\.json: no role assignments found; expected the JSON of `az role assignment list/,
    },
  ];
  for (const c of usageCases) {
    it(`${c.name} (exit 2)`, async () => {
      const run = capture();
      assert.equal(await main(c.argv, run.io), 2);
      assert.match(run.stderr(), c.message);
    });
  }

  it("reads az ad user list, telling guests by their #EXT# name, and says pending invitations were not judged", async () => {
    const run = capture();
    await runDrift({ ...OFFLINE, users: [fixture("az-users.json")], failOn: [] }, run.io);
    const report = JSON.parse(run.stdout()) as {
      findings: { class: string; email: string }[];
      summary: { notes: string[] };
    };
    assert.ok(
      report.findings.some(
        (f) => f.class === "stale-guest" && f.email === "frank.li@tailspin.example",
      ),
    );
    assert.match(report.summary.notes.join("\n"), /pending invitations are not judged/);
  });

  it("reads --state: an invitation whose userId a refresh emptied is account-missing, with the recovery", async () => {
    const dir = mkdtempSync(join(tmpdir(), "drift-state-"));
    try {
      const urn =
        "urn:pulumi:dev::guest-access::guest-access:index:Guest$azuread:index/invitation:Invitation::erin.walsh@newco.example-invitation";
      writeFileSync(
        join(dir, "state.json"),
        JSON.stringify({
          version: 3,
          deployment: {
            resources: [
              {
                urn,
                type: "azuread:index/invitation:Invitation",
                custom: true,
                outputs: { userId: "" },
              },
            ],
          },
        }),
      );
      const run = capture();
      await runDrift({ ...OFFLINE, state: join(dir, "state.json") }, run.io);
      const report = JSON.parse(run.stdout()) as {
        findings: { class: string; email: string; fix: { commands: string[] } }[];
      };
      const erin = report.findings.filter((f) => f.email === "erin.walsh@newco.example");
      assert.deepEqual(
        erin.map((f) => f.class),
        ["account-missing"],
      );
      assert.deepEqual(erin[0]?.fix.commands, [
        `pulumi up --stack dev --target-replace '${urn}' --target-dependents`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("untrusted text from the tenant", () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "drift-untrusted-"));
      const users = JSON.parse(readFileSync(fixture("graph-users-page-2.json"), "utf8")) as {
        value: Record<string, unknown>[];
      };
      const hostile =
        "Frank ```\n## forged heading @octo-org/admins <img src=x onerror=alert(1)> \u202egnp.exe\u001b[31m";
      const frank = users.value[0] as Record<string, unknown>;
      frank.displayName = hostile;
      frank.mail = `frank.li@tailspin.example ${hostile}`;
      writeFileSync(join(dir, "users.json"), JSON.stringify(users));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const format of ["markdown", "text"] as const) {
      it(`stays inert in ${format}: no control or bidi character, no mention, no HTML, no forged line`, async () => {
        const run = capture();
        await runDrift(
          {
            ...OFFLINE,
            format,
            users: [fixture("graph-users-page-1.json"), join(dir, "users.json")],
          },
          run.io,
        );
        const out = run.stdout();
        assert.ok(
          !out.includes("\u001b") && !out.includes("\u202e"),
          "no raw control or bidi character",
        );
        assert.ok(!/^## forged/m.test(out), "no forged heading line");
        assert.ok(out.includes("\\u202e"), "the bidi override is shown as an escape");
        if (format === "markdown") {
          const rendered = outsideCodeBlocks(out);
          assert.ok(!rendered.includes("@octo-org"), "no mention");
          assert.ok(!/(^|[^\\])<img/.test(rendered), "no HTML");
          // The line break before it is escaped, so "##" can never start a line (a heading).
          assert.ok(rendered.includes("\\u000a## forged heading"), "the text is there, escaped");
        }
      });
    }
  });

  describe("live", () => {
    let unguard: () => void;
    let server: AzureServer;
    before(async () => {
      unguard = loopbackOnly();
      server = await startAzureServer({ forbiddenScopes: [`subscriptions/${SUBSCRIPTION_B}`] });
    });
    after(async () => {
      await server.close();
      unguard();
    });

    const LIVE: DriftCommandOptions = {
      path: fixture("access.yaml"),
      stack: "dev",
      format: "text",
      today: TODAY,
      live: true,
      policyConfig: fixture("policy-config.json"),
    };

    it("exits 2 when a read failed, saying so on stderr", async () => {
      const run = capture();
      assert.equal(await runDrift(LIVE, run.io, liveDeps(server)), 2);
      assert.match(run.stderr(), /1 read\(s\) failed; the review is incomplete/);
      assert.match(run.stdout(), /Reads that failed/);
    });

    it("exits 1 on drift with --allow-partial", async () => {
      assert.equal(
        await runDrift({ ...LIVE, allowPartial: true }, capture().io, liveDeps(server)),
        1,
      );
    });

    for (const format of ["text", "markdown", "json"] as const) {
      it(`never prints the token (${format})`, async () => {
        const run = capture({ stderrIsTTY: true });
        await runDrift({ ...LIVE, format }, run.io, liveDeps(server));
        assert.ok(!run.stdout().includes(TEST_TOKEN) && !run.stderr().includes(TEST_TOKEN));
      });
    }

    it("shows progress on stderr only when it is a terminal", async () => {
      const tty = capture({ stderrIsTTY: true });
      await runDrift(LIVE, tty.io, liveDeps(server));
      assert.match(tty.stderr(), /role assignments: \d+\/\d+ scopes/);
      const piped = capture();
      await runDrift(LIVE, piped.io, liveDeps(server));
      assert.doesNotMatch(piped.stderr(), /role assignments:/);
    });
  });
});

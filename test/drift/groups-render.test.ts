/**
 * How the reports show access through groups: each guest "via group G", what a group's grant reaches, the
 * out-of-band members first and marked, every fix line; and a member's hostile name inert in every format.
 */

import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDrift, type DriftCommandOptions } from "../../cli/drift";
import type { CliIO } from "../../cli/io";
import { main } from "../../cli/main";
import { memoryIO } from "../cli/support/io";
import { fixture, TODAY } from "./scenario";

const ROOT = join(__dirname, "..", "..");
const G1 = "9a000000-0000-4000-8000-0000000000a1";

const OPTIONS: DriftCommandOptions = {
  path: fixture("groups/access.yaml"),
  stack: "dev",
  format: "text",
  today: TODAY,
  state: fixture("groups/state.json"),
  assignments: [fixture("groups/arm-assignments.json")],
  users: [fixture("groups/graph-users.json")],
  groups: [fixture("groups/az-groups.json")],
  groupMembers: [
    { group: "contoso-auditors", file: fixture("groups/az-members-contoso-auditors.json") },
  ],
};

async function render(
  options: Partial<DriftCommandOptions>,
): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: CliIO = {
    stdout: (t) => out.push(t),
    stderr: () => undefined,
    cwd: ROOT,
    env: {},
    isTTY: false,
  };
  const code = await runDrift({ ...OPTIONS, ...options }, io);
  return { code, out: out.join("") };
}

/** Markdown without its fenced code blocks: where GitHub renders mentions and HTML. */
function outsideCodeBlocks(markdown: string): string {
  let inside = false;
  return markdown
    .split("\n")
    .filter((line) => {
      if (/^`{3,}/.test(line)) inside = !inside;
      return !inside && !/^`{3,}/.test(line);
    })
    .join("\n");
}

describe("drift reports with groups", () => {
  it("leads the text report with the out-of-band members, marked, each with what it reaches and its fix", async () => {
    const { code, out } = await render({});
    assert.equal(code, 1);
    const sections = out.split("\n").filter((l) => /^\S.* \(\d+\): /.test(l));
    assert.match(sections[0] ?? "", /^!! out-of-band-member \(3\): members of declared groups/);
    assert.ok(
      out.includes(
        [
          "  mallory.quinn@tailspin.example via group contoso-auditors (3a110000-0000-4000-8000-00000000000c)",
          "    An account that the declaration does not make a member of contoso-auditors, added outside this project: access through the back door.",
          "    through the group: Log Analytics Reader on /subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod, Reader on /subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod",
          "    fix: Remove the member now: nothing in the declaration vouches for its access through the group.",
          `      $ az ad group member remove --group ${G1} --member-id 3a110000-0000-4000-8000-00000000000c`,
        ].join("\n"),
      ),
      out,
    );
  });

  it("shows each guest's missing access through a group, and the members a group's grant reaches", async () => {
    const { out } = await render({});
    assert.match(
      out,
      / {2}grace\.hopper@contoso\.example via group contoso-auditors \(96ace000-0000-4000-8000-000000000007\)\n {4}Declared a member of group contoso-auditors, and is not in it/,
    );
    assert.match(
      out,
      / {2}group contoso-auditors: Log Analytics Reader on \/subscriptions\/.*\/shop-prod\n {4}Declared for group contoso-auditors, and not in Azure: its 3 declared members lack it\.\n {4}members: alice\.moreau@contoso\.example, grace\.hopper@contoso\.example, henry\.ford@newco\.example/,
    );
  });

  it("puts the out-of-band members first in markdown, with who, the group and the fix", async () => {
    const { out } = await render({ format: "markdown" });
    const headings = out.split("\n").filter((l) => l.startsWith("### "));
    assert.match(headings[0] ?? "", /^### 🚨 `out-of-band-member` \(3\)/);
    assert.match(out, /mallory\.quinn@tailspin\.example via group contoso-auditors/);
    assert.match(out, /az ad group member remove --group 9a000000/);
  });

  describe("a member with a hostile name", () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "drift-groups-"));
      const members = JSON.parse(
        readFileSync(fixture("groups/az-members-contoso-auditors.json"), "utf8"),
      ) as Record<string, unknown>[];
      members.push({
        "@odata.type": "#microsoft.graph.group",
        id: "6e6e0000-0000-4000-8000-00000000000d",
        displayName:
          "Ops ```\n## forged heading @octo-org/admins <img src=x onerror=alert(1)> \u202egnp.exe\u001b[31m",
      });
      writeFileSync(join(dir, "members.json"), JSON.stringify(members));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    // The printers escape text and markdown themselves; every write of the CLI, json included, is escaped
    // once more by main (test/cli/hostile-output.test.ts runs drift with groups through it).
    for (const format of ["text", "markdown"] as const) {
      it(`stays inert in ${format}`, async () => {
        const { out } = await render({
          format,
          groupMembers: [{ group: "contoso-auditors", file: join(dir, "members.json") }],
        });
        assert.ok(!out.includes("\u001b") && !out.includes("\u202e"), "no raw control or bidi");
        assert.ok(!/^## forged/m.test(out), "no forged heading line");
        if (format === "markdown") {
          const rendered = outsideCodeBlocks(out);
          assert.ok(!rendered.includes("@octo-org"), "no mention");
          assert.ok(!/(^|[^\\])<img/.test(rendered), "no HTML");
        }
      });
    }
  });
});

describe("drift command line with groups", () => {
  const F = "test/fixtures/drift/groups";
  const base = [
    "drift",
    `${F}/access.yaml`,
    "--now",
    TODAY,
    "--assignments",
    `${F}/arm-assignments.json`,
    "--users",
    `${F}/graph-users.json`,
    "--groups",
    `${F}/az-groups.json`,
    "--state",
    `${F}/state.json`,
    "--format",
    "json",
  ];
  const members = [
    "--group-members",
    `contoso-auditors=${F}/az-members-contoso-auditors.json`,
    `northwind-ops=${F}/az-members-northwind-ops.json`,
  ];

  const cases: { name: string; argv: string[]; code: number; stderr?: RegExp }[] = [
    {
      name: "exits 1 when --fail-on selects out-of-band-member and a group has one",
      argv: [...base, ...members, "--fail-on", "out-of-band-member"],
      code: 1,
    },
    {
      name: "exits 0 when --fail-on selects only classes the groups scenario does not have",
      argv: [...base, ...members, "--fail-on", "account-missing,email-taken,pending-invitation"],
      code: 0,
    },
    {
      name: "exits 1 on missing-membership alone, even without the members of every group",
      argv: [
        ...base,
        "--group-members",
        `contoso-auditors=${F}/az-members-contoso-auditors.json`,
        "--fail-on",
        "missing-membership",
      ],
      code: 1,
    },
    {
      name: "refuses --group-members without GROUP=, saying how to write it (exit 2)",
      argv: [...base, "--group-members", `${F}/az-members-contoso-auditors.json`],
      code: 2,
      stderr: /is not GROUP=FILE; .*contoso-auditors=members\.json/,
    },
    {
      name: "refuses --groups together with --live (exit 2)",
      argv: ["drift", `${F}/access.yaml`, "--live", "--groups", `${F}/az-groups.json`],
      code: 2,
      stderr: /--live reads Azure: leave out .*--groups/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { io, stdout, stderr } = memoryIO({ cwd: ROOT });
      const code = await main(c.argv, io);
      assert.equal(code, c.code, stderr() + stdout().slice(0, 500));
      if (c.stderr) assert.match(stderr(), c.stderr);
    });
  }
});

/**
 * How the installed command starts: from the compiled JavaScript that `npm ci` (and `npm test`) build into
 * dist/, and loading only what the command needs. `--help` and `validate` never load the Pulumi SDK, nor
 * does `plan` (it projects the specs); only `plan --capture`, which runs the real program, does.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DEV_POLICY_CONFIG, NOW, ROOT } from "./support/io";

const PRELOAD = join(__dirname, "support", "loaded-packages.js");

/** Runs `guest-access ...args` as `npm ci` installs it and returns the files it loaded from node_modules. */
function filesLoadedBy(args: readonly string[]): string[] {
  const child = spawnSync(
    process.execPath,
    ["-r", PRELOAD, join("bin", "guest-access.js"), ...args],
    { cwd: ROOT, encoding: "utf8", timeout: 300_000 },
  );
  assert.equal(child.status, 0, child.stderr);
  const line = child.stderr.split("\n").find((l) => l.startsWith("LOADED:"));
  assert.ok(line, `no report of loaded packages:\n${child.stderr}`);
  return JSON.parse(line.slice("LOADED:".length)) as string[];
}

/** The packages among loaded files (`@scope/name` or `name`), and "(sources)" as it is. */
function packagesOf(files: readonly string[]): string[] {
  const packages = files.map((file) => {
    const parts = file.split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1] ?? ""}` : (parts[0] ?? file);
  });
  return [...new Set(packages)];
}

const PLAN = ["plan", "access.yaml", "--now", NOW, "--policy-config", DEV_POLICY_CONFIG];

const cases: { name: string; args: readonly string[]; sdk: boolean }[] = [
  { name: "--help", args: ["--help"], sdk: false },
  { name: "validate", args: ["validate", "access.yaml", "--now", NOW], sdk: false },
  { name: "plan", args: PLAN, sdk: false },
  { name: "plan --capture", args: [...PLAN, "--capture"], sdk: true },
];

describe("guest-access start-up", () => {
  for (const c of cases) {
    it(`runs ${c.name} from the compiled build, ${c.sdk ? "loading" : "never loading"} the Pulumi SDK`, () => {
      const loaded = packagesOf(filesLoadedBy(c.args));
      assert.ok(!loaded.includes("(sources)"), `compiled TypeScript on load: ${loaded.join(", ")}`);
      assert.ok(!loaded.includes("ts-node"), "loaded ts-node");
      assert.equal(loaded.includes("@pulumi/pulumi"), c.sdk, loaded.join(", "));
    });
  }

  it("never loads ajv's compiler to validate: the schema's validator is precompiled", () => {
    const ajv = filesLoadedBy(["validate", "access.yaml", "--now", NOW]).filter((f) =>
      f.startsWith("ajv/"),
    );
    // The precompiled validator needs one small runtime helper of ajv's, nothing else.
    assert.deepEqual(ajv, ["ajv/dist/runtime/ucs2length.js"]);
  });
});

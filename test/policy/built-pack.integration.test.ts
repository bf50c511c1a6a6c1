/**
 * The publishable pack (`npm run pack:build`) is self-contained and is the same pack: built, copied to a
 * temporary folder outside the repository whose `node_modules` holds only `@pulumi/policy` and
 * `@pulumi/pulumi`, and booted by that folder's own runner as the Pulumi CLI boots a published pack, it answers
 * the analyzer protocol with the local pack's (`policy/`) verdicts on the same resources, to the letter.
 */

import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import {
  buildPolicyPack,
  forbiddenSources,
  PACK_DEPENDENCIES,
  type PackBuild,
} from "../../scripts/build-policy-pack";
import type { PolicyInputResource } from "../../policy/evaluate";
import { UNKNOWN } from "../../azure/unknown";
import {
  diagnosticLines,
  FakeEngine,
  notApplicableLines,
  PolicyPackProcess,
} from "./support/analyzer-client";
import type { WireDiagnostic, WireNotApplicable } from "./support/analyzer-client";
import { bypassAssignment, guestResources, guestUrn, happyGuest, ROLES } from "./support/factory";
import { resolveConfig, TEST_CONFIG } from "./support/harness";
import { captureForPolicies, devConfig, OWNER_FIXTURE, ROOT } from "./support/program";

const BOOT_TIMEOUT_MS = 240_000;

interface Packs {
  readonly build: PackBuild;
  /** The copy outside the repository that was booted. */
  readonly folder: string;
  readonly local: PolicyPackProcess;
  readonly built: PolicyPackProcess;
}

/** A package's real folder in this repository's node_modules. */
function installed(name: string): string {
  return realpathSync(dirname(require.resolve(`${name}/package.json`)));
}

/**
 * Builds the pack, copies it to a fresh temporary folder with only the two Pulumi packages in its
 * node_modules (symlinks: their own dependencies resolve from their real path, as in an install), and boots
 * it next to the local pack.
 */
function bootBothPerSuite(): () => Packs {
  let packs: Packs | undefined;
  let engine: FakeEngine | undefined;
  const temporary: string[] = [];
  const started: PolicyPackProcess[] = [];
  before(async function () {
    this.timeout(2 * BOOT_TIMEOUT_MS + 60_000);
    const buildDir = mkdtempSync(join(tmpdir(), "guest-access-pack-build-"));
    const copyDir = mkdtempSync(join(tmpdir(), "guest-access-pack-"));
    temporary.push(buildDir, copyDir);
    const build = await buildPolicyPack(join(buildDir, "policy-pack"));
    const folder = join(copyDir, "policy-pack");
    cpSync(build.dir, folder, { recursive: true });
    mkdirSync(join(folder, "node_modules", "@pulumi"), { recursive: true });
    for (const name of PACK_DEPENDENCIES)
      symlinkSync(installed(name), join(folder, "node_modules", name));
    engine = new FakeEngine();
    const address = await engine.start();
    const [local, built] = await Promise.all([
      PolicyPackProcess.boot(join(ROOT, "policy"), address, BOOT_TIMEOUT_MS),
      PolicyPackProcess.boot(
        folder,
        address,
        BOOT_TIMEOUT_MS,
        join(folder, "node_modules", "@pulumi", "pulumi"),
      ),
    ]);
    started.push(local, built);
    packs = { build, folder, local, built };
  });
  after(async function () {
    this.timeout(30_000);
    await Promise.all(started.map((p) => p.stop()));
    engine?.stop();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });
  return () => packs as Packs;
}

interface Scenario {
  readonly name: string;
  readonly preview: boolean;
  readonly config: () => unknown;
  readonly resources: () => Promise<PolicyInputResource[]>;
  /** Whether the verdicts hold findings: agreeing on nothing would prove nothing. */
  readonly findings: boolean;
}

const scenarios: Scenario[] = [
  {
    name: "the bundled example in preview, under the dev config",
    preview: true,
    config: devConfig,
    resources: () => captureForPolicies(join(ROOT, "access.yaml"), "preview"),
    findings: false,
  },
  {
    name: "the bundled example in an update, under the policies' defaults",
    preview: false,
    config: () => ({}),
    resources: () => captureForPolicies(join(ROOT, "access.yaml"), "update"),
    findings: true,
  },
  {
    name: "a guest given Owner and the plan's violation fixture, under the dev config",
    preview: true,
    config: devConfig,
    resources: async () => [
      ...(await captureForPolicies(OWNER_FIXTURE, "preview")),
      ...(await captureForPolicies(
        join(ROOT, "test", "fixtures", "plan", "violation.yaml"),
        "preview",
      )),
    ],
    findings: true,
  },
  {
    name: "a bypassing Owner assignment and a Guest whose outputs hold no declaration",
    preview: true,
    config: () => TEST_CONFIG,
    resources: () => {
      const guest = happyGuest();
      const bob = { ...guest, email: "bob@contoso.example" };
      return Promise.resolve([
        ...guestResources(guest, "preview"),
        ...guestResources(bob, "preview").map((r) =>
          r.urn === guestUrn(bob.email) ? { ...r, outputs: { principalId: UNKNOWN } } : r,
        ),
        bypassAssignment(guest, "preview", { roleId: ROLES.owner }),
      ]);
    },
    findings: true,
  },
];

async function verdicts(
  pack: PolicyPackProcess,
  scenario: Scenario,
  resources: readonly PolicyInputResource[],
): Promise<{ diagnostics: WireDiagnostic[]; notApplicable: WireNotApplicable[] }> {
  await pack.configure(resolveConfig(scenario.config()));
  await pack.configureStack("dev", "guest-access", scenario.preview);
  return pack.analyzeAll(resources);
}

describe("the built policy pack, published and booted outside the repository", function () {
  this.timeout(2 * BOOT_TIMEOUT_MS + 120_000);
  const packs = bootBothPerSuite();

  it("is a folder outside the repository holding index.js, package.json and PulumiPolicy.yaml", () => {
    const { folder } = packs();
    assert.ok(relative(ROOT, folder).startsWith(".."), `${folder} is inside ${ROOT}`);
    assert.deepEqual(readdirSync(folder).sort(), [
      "PulumiPolicy.yaml",
      "index.js",
      "node_modules",
      "package.json",
    ]);
    assert.deepEqual(readdirSync(join(folder, "node_modules", "@pulumi")).sort(), [
      "policy",
      "pulumi",
    ]);
  });

  it("depends on @pulumi/policy and @pulumi/pulumi alone, at the project's pinned versions", () => {
    const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const pack = JSON.parse(readFileSync(join(packs().folder, "package.json"), "utf8")) as {
      main: string;
      dependencies: Record<string, string>;
      devDependencies?: unknown;
    };
    assert.equal(pack.main, "index.js");
    assert.deepEqual(pack.dependencies, {
      "@pulumi/policy": root.dependencies["@pulumi/policy"],
      "@pulumi/pulumi": root.dependencies["@pulumi/pulumi"],
    });
    assert.equal(pack.devDependencies, undefined);
  });

  it("bundles only sources from policy/ and azure/ (and npm packages), and leaves only @pulumi/policy to run time", () => {
    // `@pulumi/policy/proxy` is the package's own module of the unknown-checking proxy, which its analyzer
    // server uses too (policy/lib/engine-proxy.ts reads it there so the offline plan never loads the SDK).
    const { build } = packs();
    const ours = build.sources.filter((s) => !s.startsWith(`node_modules${sep}`));
    assert.ok(ours.includes(join("policy", "index.ts")));
    assert.ok(ours.some((s) => s.startsWith(`azure${sep}`)));
    assert.deepEqual(forbiddenSources(build.sources), []);
    assert.deepEqual(build.externals, ["@pulumi/policy", "@pulumi/policy/proxy"]);
  });

  it("ships the runtime and description of the local pack's PulumiPolicy.yaml", () => {
    assert.equal(
      readFileSync(join(packs().folder, "PulumiPolicy.yaml"), "utf8"),
      readFileSync(join(ROOT, "policy", "PulumiPolicy.yaml"), "utf8"),
    );
  });

  it("describes itself as the local pack does: name, version, policies, levels and config schemas", async () => {
    const [local, built] = await Promise.all([packs().local.info(), packs().built.info()]);
    assert.deepEqual(built.toObject(), local.toObject());
  });

  for (const scenario of scenarios) {
    it(`gives the local pack's verdicts on ${scenario.name}`, async () => {
      const resources = await scenario.resources();
      const local = await verdicts(packs().local, scenario, resources);
      const built = await verdicts(packs().built, scenario, resources);
      assert.deepEqual(diagnosticLines(built.diagnostics), diagnosticLines(local.diagnostics));
      assert.deepEqual(
        notApplicableLines(built.notApplicable),
        notApplicableLines(local.notApplicable),
      );
      assert.equal(
        built.diagnostics.length > 0,
        scenario.findings,
        "agreeing on nothing proves nothing",
      );
      assert.equal(packs().built.errors.trim(), "", "the built pack wrote to stderr");
    });
  }
});

describe("the pack's import rule", () => {
  const cases: { name: string; sources: string[]; forbidden: string[] }[] = [
    {
      name: "allows policy/, azure/ and npm packages",
      sources: ["policy/index.ts", "azure/scope.ts", "node_modules/uuid/dist/esm/v5.js"],
      forbidden: [],
    },
    {
      name: "refuses access/",
      sources: ["policy/index.ts", "access/model.ts"],
      forbidden: ["access/model.ts"],
    },
    {
      name: "refuses a folder that only starts like policy/",
      sources: ["policy-old/x.ts"],
      forbidden: ["policy-old/x.ts"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const native = (files: string[]) => files.map((f) => f.split("/").join(sep));
      assert.deepEqual(forbiddenSources(native(c.sources)), native(c.forbidden));
    });
  }
});

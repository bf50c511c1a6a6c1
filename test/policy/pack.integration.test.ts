/**
 * The real pack, booted from `policy/index.ts` the way the Pulumi CLI boots it, answering the analyzer gRPC
 * protocol on resources captured from the real program under mocks: its verdicts must be the in-process
 * harness's, to the letter. Slow (the pack type-checks itself with ts-node on boot): generous timeouts.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ROLE_ASSIGNMENT_TYPE } from "../../azure/tokens";
import type { EvaluationResult, PolicyInputResource } from "../../policy/evaluate";
import { UNKNOWN } from "../../azure/unknown";
import packJson from "../../policy/package.json";
import { PACK_NAME, policies } from "../../policy/policies/index";
import {
  diagnosticLines,
  FakeEngine,
  levelFromWire,
  notApplicableLines,
  PolicyPackProcess,
} from "./support/analyzer-client";
import type { WireDiagnostic, WireNotApplicable } from "./support/analyzer-client";
import {
  bypassAssignment,
  grantUrn,
  guestReference,
  guestResources,
  guestUrn,
  happyGuest,
  ROLES,
} from "./support/factory";
import { evaluate, resolveConfig, TEST_CONFIG } from "./support/harness";
import { captureForPolicies, devConfig, OWNER_FIXTURE, ROOT } from "./support/program";
import { main } from "../../cli/main";
import type { PlanReport } from "../../review/plan-report";
import { memoryIO } from "../cli/support/io";

const BOOT_TIMEOUT_MS = 240_000;
const GROUPS_FIXTURE = join(ROOT, "test", "fixtures", "plan", "groups.yaml");
const GROUP_OWNER_FIXTURE = join(ROOT, "test", "fixtures", "policy", "group-owner.yaml");

interface Scenario {
  readonly name: string;
  readonly preview: boolean;
  readonly resources: () => Promise<PolicyInputResource[]>;
  readonly config: () => unknown;
  /** What must be among the verdicts, so that agreeing on nothing cannot pass. */
  readonly check: (wire: WireDiagnostic[]) => void;
}

const scenarios: Scenario[] = [
  {
    name: "the bundled example in preview passes with no finding",
    preview: true,
    resources: () => captureForPolicies(join(ROOT, "access.yaml"), "preview"),
    config: devConfig,
    check: (wire) => assert.deepEqual(wire, []),
  },
  {
    name: "the bundled example in an update passes with no finding",
    preview: false,
    resources: () => captureForPolicies(join(ROOT, "access.yaml"), "update"),
    config: devConfig,
    check: (wire) => assert.deepEqual(wire, []),
  },
  {
    name: "a guest given Owner in preview is a mandatory violation naming the guest and the role",
    preview: true,
    resources: () => captureForPolicies(OWNER_FIXTURE, "preview"),
    config: devConfig,
    check: (wire) => {
      const owner = wire.find((d) => d.policy === "guest-role-not-privileged");
      assert.equal(owner?.enforcementLevel, "mandatory");
      assert.match(
        owner?.message ?? "",
        /\nguest mallory@contoso\.example must not receive "Owner" \(8e3af657-a8ff-443c-a75c-2fe8c4bcb635\)/,
      );
      assert.match(owner?.urn ?? "", /RoleAssignment::mallory@contoso\.example-grant-/);
    },
  },
  {
    name: "the groups fixture in preview passes with no finding",
    preview: true,
    resources: () => captureForPolicies(GROUPS_FIXTURE, "preview"),
    config: devConfig,
    check: (wire) => assert.deepEqual(wire, []),
  },
  {
    name: "a group given Owner, and a guest's membership in a group not declared, are mandatory violations",
    preview: true,
    resources: async () =>
      (await captureForPolicies(GROUP_OWNER_FIXTURE, "preview")).map((r) =>
        r.type === "azuread:index/groupMember:GroupMember"
          ? {
              ...r,
              props: { ...r.props, groupObjectId: "11111111-2222-4333-8444-555555555555" },
              propertyDependencies: { ...r.propertyDependencies, groupObjectId: [] },
            }
          : r,
      ),
    config: devConfig,
    check: (wire) => {
      const owner = wire.find((d) => d.policy === "guest-role-not-privileged");
      assert.equal(owner?.enforcementLevel, "mandatory");
      assert.match(owner?.message ?? "", /\ngroup shop-admins must not receive "Owner"/);
      const membership = wire.find((d) => d.policy === "guest-group-only-declared");
      assert.equal(membership?.enforcementLevel, "mandatory");
      assert.match(membership?.message ?? "", /not a group declared in access\.yaml/);
    },
  },
  {
    name: "the bundled example under the policies' defaults is refused for every scope",
    preview: true,
    resources: () => captureForPolicies(join(ROOT, "access.yaml"), "preview"),
    config: () => ({}),
    check: (wire) =>
      assert.equal(wire.filter((d) => d.policy === "guest-scope-within-boundary").length, 10),
  },
  {
    name: "bypassing assignments are caught over the stack, and an unknown role skips with an advisory",
    preview: true,
    resources: () => {
      const guest = happyGuest();
      const owner = bypassAssignment(guest, "preview", { roleId: ROLES.owner });
      const unknownRole = {
        ...bypassAssignment({ ...guest, email: "bob@contoso.example" }, "preview"),
        urn: `urn:pulumi:dev::guest-access::${ROLE_ASSIGNMENT_TYPE}::unknown-role`,
        name: "unknown-role",
      };
      return Promise.resolve([
        ...guestResources(guest, "preview"),
        ...guestResources({ ...guest, email: "bob@contoso.example" }, "preview"),
        owner,
        { ...unknownRole, props: { ...unknownRole.props, roleDefinitionId: UNKNOWN } },
      ]);
    },
    config: () => TEST_CONFIG,
    check: (wire) => {
      assert.ok(
        wire.some(
          (d) =>
            d.policy === "guest-grant-only-in-guest-component" &&
            d.enforcementLevel === "mandatory",
        ),
      );
      assert.ok(
        wire.some(
          (d) =>
            d.policy === "guest-role-not-privileged" &&
            /"Owner".*outside a Guest component/.test(d.message),
        ),
      );
      assert.ok(
        wire.some(
          (d) =>
            d.enforcementLevel === "advisory" &&
            /^can't run policy 'guest-role-allow-listed' .* during preview/.test(d.message),
        ),
      );
    },
  },
  {
    name: "Owner through a versioned role assignment token and a PIM eligibility outside a Guest is refused",
    preview: true,
    resources: () => {
      const guest = happyGuest();
      return Promise.resolve([
        ...guestResources(guest, "preview"),
        bypassAssignment(guest, "preview", {
          roleId: ROLES.owner,
          type: "azure-native:authorization/v20220401:RoleAssignment",
        }),
        guestReference(
          guest,
          "preview",
          "azure-native:authorization:PimRoleEligibilitySchedule",
          "principalId",
          {
            roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.owner}`,
          },
        ),
      ]);
    },
    config: () => TEST_CONFIG,
    check: (wire) => {
      const mandatory = wire.filter((d) => d.enforcementLevel === "mandatory");
      assert.ok(
        mandatory.some(
          (d) => d.policy === "guest-role-not-privileged" && /v20220401/.test(d.urn ?? ""),
        ),
      );
      assert.ok(
        mandatory.some(
          (d) =>
            d.policy === "guest-grant-only-in-guest-component" &&
            /\nazure-native:authorization:PimRoleEligibilitySchedule side-door-alice@contoso\.example gives guest alice@contoso\.example access/.test(
              d.message,
            ),
        ),
      );
    },
  },
  {
    name: "a Guest's own assignment with an unknown role in preview is a mandatory violation, not skipped",
    preview: true,
    resources: () =>
      Promise.resolve(
        guestResources(happyGuest(), "preview").map((r) =>
          r.urn === grantUrn(happyGuest().email)
            ? { ...r, props: { ...r.props, roleDefinitionId: UNKNOWN } }
            : r,
        ),
      ),
    config: () => TEST_CONFIG,
    check: (wire) => {
      assert.deepEqual(
        wire.map((d) => `${d.policy} ${d.enforcementLevel}`),
        ["guest-role-allow-listed mandatory", "guest-role-not-privileged mandatory"],
      );
      for (const d of wire)
        assert.match(d.message, /cannot be verified: roleDefinitionId is unknown/);
    },
  },
];

function inProcess(result: EvaluationResult): {
  diagnostics: WireDiagnostic[];
  notApplicable: WireNotApplicable[];
} {
  return {
    diagnostics: result.diagnostics.map((d) => ({
      policy: d.policy,
      enforcementLevel: d.enforcementLevel,
      ...(d.urn ? { urn: d.urn } : {}),
      message: d.message,
    })),
    notApplicable: [...result.notApplicable],
  };
}

/**
 * Boots the real pack (and a loopback engine for it to log to) before a suite's tests and stops both after;
 * the returned getters read them inside the tests.
 */
function bootPackPerSuite(): { pack: () => PolicyPackProcess; engine: () => FakeEngine } {
  let engine: FakeEngine | undefined;
  let pack: PolicyPackProcess | undefined;
  before(async function () {
    this.timeout(BOOT_TIMEOUT_MS + 30_000);
    engine = new FakeEngine();
    pack = await PolicyPackProcess.boot(
      join(ROOT, "policy"),
      await engine.start(),
      BOOT_TIMEOUT_MS,
    );
  });
  after(async function () {
    this.timeout(30_000);
    await pack?.stop();
    engine?.stop();
  });
  return { pack: () => pack as PolicyPackProcess, engine: () => engine as FakeEngine };
}

describe("the policy pack over the analyzer gRPC protocol", function () {
  this.timeout(BOOT_TIMEOUT_MS + 120_000);
  const booted = bootPackPerSuite();

  it("describes itself: name, version, every policy with its level, severity and config schema", async () => {
    const info = await booted.pack().info();
    assert.equal(info.getName(), PACK_NAME);
    assert.equal(info.getVersion(), packJson.version);
    assert.ok(info.getSupportsconfig());
    assert.deepEqual(
      info
        .getPoliciesList()
        .map(
          (p) =>
            `${p.getName()} ${levelFromWire(p.getEnforcementlevel())} ${p.getRemediationSteps() ? "steps" : "-"}`,
        ),
      policies.map((p) => `${p.name} ${p.enforcementLevel} steps`),
    );
    for (const p of info.getPoliciesList()) {
      const local = policies.find((q) => q.name === p.getName());
      assert.deepEqual(
        p.getConfigschema()?.getProperties()?.toJavaScript(),
        JSON.parse(JSON.stringify(local?.configSchema?.properties)),
      );
    }
  });

  for (const scenario of scenarios) {
    it(`agrees with the in-process harness: ${scenario.name}`, async () => {
      const running = booted.pack();
      const resources = await scenario.resources();
      const config = resolveConfig(scenario.config());
      await running.configure(config);
      await running.configureStack("dev", "guest-access", scenario.preview);
      const wire = await running.analyzeAll(resources);
      const local = inProcess(await evaluate(resources, scenario.config()));
      assert.deepEqual(diagnosticLines(wire.diagnostics), diagnosticLines(local.diagnostics));
      assert.deepEqual(
        notApplicableLines(wire.notApplicable),
        notApplicableLines(local.notApplicable),
      );
      scenario.check(wire.diagnostics);
      assert.equal(running.errors.trim(), "", "the pack wrote to stderr");
    });
  }

  // The engine's AnalyzeStack carries each resource's outputs (for a component: what it registered), never its
  // inputs (docs/providers.md, "What a policy sees of a component"). The real pack must judge a Guest's
  // children from that alone: with no Analyze before it, with the Guest's inputs hidden from Analyze
  // (PULUMI_NODEJS_SKIP_COMPONENT_INPUTS), and after earlier runs in the same process analysed the same URNs.
  const withRole = (roleId: string) => (r: PolicyInputResource) =>
    r.urn === grantUrn(happyGuest().email)
      ? {
          ...r,
          props: {
            ...r.props,
            roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
          },
        }
      : r;
  const olderGuest = (r: PolicyInputResource) =>
    r.urn === guestUrn(happyGuest().email) ? { ...r, outputs: { principalId: UNKNOWN } } : r;
  const hiddenInputs = (r: PolicyInputResource) =>
    r.urn === guestUrn(happyGuest().email) ? { ...r, props: {} } : r;
  const stackCases: {
    name: string;
    requests: "AnalyzeStack alone" | "Analyze, then AnalyzeStack";
    change: (r: PolicyInputResource) => PolicyInputResource;
    expected: RegExp[];
  }[] = [
    {
      name: "accepts a Guest's declared grant from its outputs",
      requests: "AnalyzeStack alone",
      change: withRole(ROLES.reader),
      expected: [],
    },
    {
      name: "refuses a grant the Guest's outputs do not declare",
      requests: "AnalyzeStack alone",
      change: withRole(ROLES.websiteContributor),
      expected: [/"Website Contributor" .* which none of the Guest's grants declares/],
    },
    {
      name: "checks a Guest whose inputs Analyze never saw, from its outputs",
      requests: "Analyze, then AnalyzeStack",
      change: (r) => withRole(ROLES.websiteContributor)(hiddenInputs(r)),
      expected: [/"Website Contributor" .* which none of the Guest's grants declares/],
    },
    {
      name: "fails closed on a Guest whose outputs hold only principalId, though Analyze saw its inputs",
      requests: "Analyze, then AnalyzeStack",
      change: olderGuest,
      expected: [/outputs declare no email, principal and grants/],
    },
  ];
  for (const c of stackCases) {
    it(`${c.name} (${c.requests})`, async () => {
      const running = booted.pack();
      await running.configure(resolveConfig(TEST_CONFIG));
      await running.configureStack("dev", "guest-access", true);
      const resources = guestResources(happyGuest(), "preview").map(c.change);
      const wire =
        c.requests === "AnalyzeStack alone"
          ? await running.analyzeStack(resources)
          : await running.analyzeAll(resources);
      const found = wire.diagnostics.filter((d) => d.policy === "guest-grant-declared-by-guest");
      assert.equal(found.length, c.expected.length, found.map((d) => d.message).join("\n"));
      c.expected.forEach((pattern, i) => {
        assert.equal(found[i]?.enforcementLevel, "mandatory");
        assert.match(found[i]?.message ?? "", pattern);
      });
      const local = inProcess(await evaluate(resources));
      const localStack = local.diagnostics.filter(
        (d) => d.policy === "guest-grant-declared-by-guest",
      );
      assert.deepEqual(diagnosticLines(found), diagnosticLines(localStack));
    });
  }

  // The offline plan (`guest-access plan`) and the real pack must give one verdict for one file.
  const planFiles = [
    { file: OWNER_FIXTURE, findings: true },
    { file: join(ROOT, "test", "fixtures", "plan", "violation.yaml"), findings: true },
    { file: join(ROOT, "access.yaml"), findings: false },
    { file: GROUP_OWNER_FIXTURE, findings: true },
    { file: GROUPS_FIXTURE, findings: false },
  ];
  for (const { file, findings } of planFiles) {
    it(`gives the offline plan's verdicts on ${file.slice(ROOT.length + 1)}`, async () => {
      const { io, stdout } = memoryIO();
      const args = ["plan", file, "--now", "2026-11-26", "--format", "json"];
      await main([...args, "--policy-config", "policy/config/dev.json"], io);
      const plan = JSON.parse(stdout()) as PlanReport;
      const running = booted.pack();
      const config = devConfig();
      await running.configure(resolveConfig(config));
      await running.configureStack("dev", "guest-access", true);
      const wire = await running.analyzeAll(await captureForPolicies(file, "preview"));
      assert.deepEqual(diagnosticLines(plan.policies), diagnosticLines(wire.diagnostics));
      assert.equal(
        wire.diagnostics.length > 0,
        findings,
        "agreeing on nothing would prove nothing",
      );
    });
  }

  it("never needed the engine for logging", () => assert.deepEqual(booted.engine().logs, []));
});

describe("the policy pack over the analyzer gRPC protocol, never configured", function () {
  // The CLI always sends Configure; a pack must still be safe on its own defaults if it is not.
  this.timeout(BOOT_TIMEOUT_MS + 120_000);
  const booted = bootPackPerSuite();

  it("agrees with the in-process harness on the policies' defaults: every scope refused, Owner refused", async () => {
    const running = booted.pack();
    await running.configureStack("dev", "guest-access", true);
    const resources = [
      ...(await captureForPolicies(join(ROOT, "access.yaml"), "preview")),
      ...(await captureForPolicies(OWNER_FIXTURE, "preview")),
    ];
    const wire = await running.analyzeAll(resources);
    const local = inProcess(await evaluate(resources, {}));
    assert.deepEqual(diagnosticLines(wire.diagnostics), diagnosticLines(local.diagnostics));
    assert.deepEqual(
      notApplicableLines(wire.notApplicable),
      notApplicableLines(local.notApplicable),
    );
    const levels = (policy: string) => [
      ...new Set(
        wire.diagnostics.filter((d) => d.policy === policy).map((d) => d.enforcementLevel),
      ),
    ];
    assert.deepEqual(levels("guest-scope-within-boundary"), ["mandatory"]);
    assert.deepEqual(levels("guest-role-not-privileged"), ["mandatory"]);
    assert.equal(running.errors.trim(), "", "the pack wrote to stderr");
  });
});

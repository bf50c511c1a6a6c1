/**
 * The evaluator behaves like the policy engine: levels resolved from the pack, `all` and per-policy config;
 * unknown values skip a policy with an advisory; notApplicable is recorded; other errors stop the run.
 */

import assert from "node:assert/strict";
import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import {
  evaluatePolicies,
  fromCaptured,
  mandatoryViolations,
  PolicyRunError,
} from "../../policy/evaluate";
import { UNKNOWN } from "../../azure/unknown";
import type { PolicyInputResource } from "../../policy/evaluate";
import { reconcilePackConfig } from "../../policy/pack-config";
import { GUEST_ROLE_ALLOW_LISTED } from "../../policy/policies/guest-role-allow-listed";
import { GUEST_ROLE_NOT_PRIVILEGED } from "../../policy/policies/guest-role-not-privileged";
import { GUEST_SPONSOR_AND_REASON_PRESENT } from "../../policy/policies/guest-sponsor-and-reason-present";
import { guestResources, happyGuest, ROLES } from "./support/factory";
import { evaluate, TEST_CONFIG } from "./support/harness";

const thing: PolicyInputResource = {
  urn: "urn:pulumi:dev::p::test:index:Thing::a",
  type: "test:index:Thing",
  name: "a",
  props: { known: "yes", secret: UNKNOWN, nested: { value: UNKNOWN } },
};

function probe(
  validate: ResourceValidationPolicy["validateResource"],
  extra: Partial<ResourceValidationPolicy> = {},
): Policies {
  return [
    {
      name: "probe",
      description: "Probe.",
      enforcementLevel: "mandatory",
      validateResource: validate,
      ...extra,
    },
  ];
}

async function run(policies: Policies, given: unknown = {}, resources = [thing]) {
  const config = reconcilePackConfig(given, { policies, strict: false });
  assert.ok(config.ok);
  return evaluatePolicies(resources, { config: config.config, policies });
}

describe("the engine-like evaluator", () => {
  it("skips a policy that reads an unknown value, with an advisory naming the property", async () => {
    const result = await run(probe((args, report) => report(String(args.props.secret))));
    assert.equal(result.diagnostics.length, 1);
    const [d] = result.diagnostics;
    assert.equal(d?.kind, "unknown-during-preview");
    assert.equal(d?.enforcementLevel, "advisory");
    assert.match(
      d?.message ?? "",
      /^can't run policy 'probe' from policy pack 'guest-access@v0\.1\.0' during preview: string value at \.secret can't be known during preview$/,
    );
  });

  it("detects unknown values nested in objects", async () => {
    const result = await run(
      probe((args, report) => report(String((args.props.nested as { value: unknown }).value))),
    );
    assert.match(result.diagnostics[0]?.detail ?? "", /\.nested\.value/);
  });

  it("reports a violation as description, newline, message, at the policy's level", async () => {
    const result = await run(probe((args, report) => report(`saw ${String(args.props.known)}`)));
    assert.deepEqual(
      result.diagnostics.map((d) => [d.kind, d.enforcementLevel, d.message, d.urn]),
      [["violation", "mandatory", "Probe.\nsaw yes", thing.urn]],
    );
  });

  it("records notApplicable with its reason", async () => {
    const result = await run(probe((args) => args.notApplicable("not mine")));
    assert.deepEqual(result.notApplicable, [
      { policy: "probe", urn: thing.urn, reason: "not mine" },
    ]);
    assert.deepEqual(result.diagnostics, []);
  });

  it("skips a policy disabled by config", async () => {
    const result = await run(
      probe((_args, report) => report("x")),
      { probe: "disabled" },
    );
    assert.deepEqual(result.disabled, ["probe"]);
    assert.deepEqual(result.diagnostics, []);
  });

  it("lets `all` override every policy's level and a per-policy level override `all`", async () => {
    const two: Policies = [
      ...probe((_args, report) => report("x")),
      {
        name: "other",
        description: "Other.",
        enforcementLevel: "advisory",
        validateResource: (_args, report) => report("y"),
      },
    ];
    const result = await run(two, { all: "advisory", other: "mandatory" });
    assert.deepEqual(
      result.diagnostics.map((d) => [d.policy, d.enforcementLevel]),
      [
        ["probe", "advisory"],
        ["other", "mandatory"],
      ],
    );
  });

  it("reports remediate as mandatory", async () => {
    const result = await run(
      probe((_args, report) => report("x")),
      { probe: "remediate" },
    );
    assert.equal(result.diagnostics[0]?.enforcementLevel, "mandatory");
  });

  it("stops the run when a policy throws anything else", async () => {
    await assert.rejects(
      run(
        probe(() => {
          throw new Error("boom");
        }),
      ),
      (e: unknown) => e instanceof PolicyRunError && /boom/.test(e.message),
    );
  });

  it("gives getConfig the schema defaults and the configured values", async () => {
    let seen: unknown;
    const policies = probe(
      (args) => {
        seen = args.getConfig();
      },
      {
        configSchema: {
          properties: { a: { type: "integer", default: 1 }, b: { type: "string", default: "x" } },
        },
      },
    );
    await run(policies, { probe: { b: "y" } });
    assert.deepEqual(seen, { a: 1, b: "y" });
  });

  it("links stack resources to their parents and property dependencies", async () => {
    const resources = guestResources(happyGuest(), "preview");
    let links: string[] = [];
    const policies: Policies = [
      {
        name: "links",
        description: "Links.",
        enforcementLevel: "advisory",
        validateStack: (args) => {
          links = args.resources.map(
            (r) =>
              `${r.name} <- ${r.parent?.name ?? "-"} / ${(r.propertyDependencies.principalId ?? []).map((d) => d.name).join(",")}`,
          );
        },
      },
    ];
    await run(policies, {}, resources);
    assert.deepEqual(links, [
      "alice@contoso.example <- - / ",
      "alice@contoso.example-invitation <- alice@contoso.example / ",
      "alice@contoso.example-grant-0 <- alice@contoso.example / alice@contoso.example-invitation",
    ]);
  });

  // AnalyzeRequest carries inputs, AnalyzeStackRequest state.Outputs (docs/providers.md).
  const component: PolicyInputResource = {
    urn: "urn:pulumi:dev::p::test:index:Box::b",
    type: "test:index:Box",
    name: "b",
    props: { seen: "inputs" },
    outputs: { seen: "outputs" },
  };
  const views: {
    name: string;
    resource: PolicyInputResource;
    resourceView: string;
    stack: string;
  }[] = [
    {
      name: "shows a resource policy a component's inputs and a stack policy its outputs",
      resource: component,
      resourceView: "inputs",
      stack: "outputs",
    },
    {
      name: "shows both kinds of policy a custom resource's props when it carries no outputs",
      resource: { ...thing, props: { seen: "props" } },
      resourceView: "props",
      stack: "props",
    },
  ];
  for (const c of views) {
    it(c.name, async () => {
      const seen: string[] = [];
      const policies: Policies = [
        {
          name: "probe",
          description: "Probe.",
          enforcementLevel: "mandatory",
          validateResource: (args) => void seen.push(`resource ${String(args.props.seen)}`),
          validateStack: (args) => {
            for (const r of args.resources) seen.push(`stack ${String(r.props.seen)}`);
          },
        },
      ];
      await run(policies, {}, [c.resource]);
      assert.deepEqual(seen, [`resource ${c.resourceView}`, `stack ${c.stack}`]);
    });
  }

  it("gives a captured component its registered outputs as its stack view, or none", () => {
    const base = {
      urn: "urn:pulumi:dev::p::test:index:Box::b",
      type: "test:index:Box",
      name: "b",
      dependencies: [],
      propertyDependencies: {},
      inputs: { x: 1 },
    };
    assert.deepEqual(fromCaptured({ ...base, custom: false, outputs: { y: 2 } }).outputs, {
      y: 2,
    });
    assert.deepEqual(fromCaptured({ ...base, custom: false }).outputs, {});
    assert.equal(fromCaptured({ ...base, custom: true }).outputs, undefined);
  });

  it("turns a captured registration into the analyzer's view", () => {
    const view = fromCaptured({
      urn: thing.urn,
      type: thing.type,
      name: "a",
      parent: "urn:p",
      dependencies: ["urn:d"],
      propertyDependencies: { x: ["urn:d"] },
      inputs: { x: 1 },
      options: {
        protect: true,
        ignoreChanges: ["x"],
        additionalSecretOutputs: [],
        deleteBeforeReplace: false,
      },
    });
    assert.deepEqual(view, {
      urn: thing.urn,
      type: thing.type,
      name: "a",
      props: { x: 1 },
      parent: "urn:p",
      dependencies: ["urn:d"],
      propertyDependencies: { x: ["urn:d"] },
      opts: { protect: true, ignoreChanges: ["x"], additionalSecretOutputs: [] },
    });
  });
});

// The engine takes levels from the config alone; the CLI refuses a config that lowers an always-mandatory
// guardrail (pack-config.test.ts), so these run the pack as the engine would with such a config.
describe("the pack's levels, as the engine applies a config", () => {
  it("makes a mandatory violation advisory when the config says so for that policy", async () => {
    const resources = guestResources(
      { ...happyGuest(), roleId: ROLES.owner, reason: "" },
      "preview",
    );
    const result = await evaluate(
      resources,
      { ...TEST_CONFIG, all: "advisory", [GUEST_SPONSOR_AND_REASON_PRESENT]: "mandatory" },
      false,
    );
    assert.deepEqual(
      mandatoryViolations(result).map((d) => d.policy),
      [GUEST_SPONSOR_AND_REASON_PRESENT],
    );
    assert.ok(
      result.diagnostics.some(
        (d) => d.policy === GUEST_ROLE_NOT_PRIVILEGED && d.enforcementLevel === "advisory",
      ),
    );
  });

  const ownerFor = async (levels: Record<string, string>) =>
    mandatoryViolations(
      await evaluate(
        guestResources({ ...happyGuest(), roleId: ROLES.owner }, "preview"),
        {
          ...TEST_CONFIG,
          ...Object.fromEntries(
            Object.entries(levels).map(([policy, level]) => [
              policy,
              { ...(TEST_CONFIG as Record<string, object>)[policy], enforcementLevel: level },
            ]),
          ),
        },
        false,
      ),
    ).map((d) => d.policy);

  it("keeps Owner a mandatory violation when guest-role-not-privileged is disabled", async () =>
    assert.deepEqual(await ownerFor({ [GUEST_ROLE_NOT_PRIVILEGED]: "disabled" }), [
      GUEST_ROLE_ALLOW_LISTED,
    ]));

  it("keeps Owner a mandatory violation when guest-role-not-privileged is advisory", async () =>
    assert.deepEqual(await ownerFor({ [GUEST_ROLE_NOT_PRIVILEGED]: "advisory" }), [
      GUEST_ROLE_ALLOW_LISTED,
    ]));

  it("keeps Owner a mandatory violation when guest-role-allow-listed is disabled", async () =>
    assert.deepEqual(await ownerFor({ [GUEST_ROLE_ALLOW_LISTED]: "disabled" }), [
      GUEST_ROLE_NOT_PRIVILEGED,
    ]));

  it("lets Owner through only when both role policies are turned off", async () =>
    assert.deepEqual(
      await ownerFor({
        [GUEST_ROLE_ALLOW_LISTED]: "disabled",
        [GUEST_ROLE_NOT_PRIVILEGED]: "advisory",
      }),
      [],
    ));
});

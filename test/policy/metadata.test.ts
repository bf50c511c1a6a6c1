/**
 * Every guardrail's metadata is complete, and the inventory of guardrails and their default levels is pinned:
 * a change to it shows up here as a diff a reviewer from security must approve.
 */

import assert from "node:assert/strict";
import { PACK_NAME, policies } from "../../policy/policies/index";

describe("guardrail metadata", () => {
  for (const policy of policies) {
    describe(policy.name, () => {
      it("is named lower-case and hyphenated", () =>
        assert.match(policy.name, /^[a-z]+(-[a-z]+)+$/));
      it("has a one-sentence description", () => {
        assert.match(policy.description, /^[A-Z][^\n]*\.$/);
        assert.equal(policy.description.split(/\.\s/).length, 1, "one sentence");
      });
      it("has a severity", () =>
        assert.ok(["low", "medium", "high", "critical"].includes(policy.severity ?? "")));
      it("has remediation steps", () => assert.ok((policy.remediationSteps ?? "").length > 20));
      it("declares its enforcement level", () =>
        assert.ok(["advisory", "mandatory"].includes(policy.enforcementLevel ?? "")));
      it("has a config schema whose every property has a default and a description", () => {
        assert.ok(policy.configSchema, "configSchema");
        assert.equal(
          policy.configSchema.properties.enforcementLevel,
          undefined,
          "enforcementLevel is reserved",
        );
        for (const [key, schema] of Object.entries(policy.configSchema.properties)) {
          assert.ok(
            typeof schema === "object" && schema.default !== undefined,
            `${key} has a default`,
          );
          assert.ok(
            typeof schema === "object" && (schema.description ?? "").length > 0,
            `${key} has a description`,
          );
        }
      });
      it("validates resources or the stack", () => {
        const p = policy as { validateResource?: unknown; validateStack?: unknown };
        assert.ok(
          typeof p.validateResource === "function" || typeof p.validateStack === "function",
        );
      });
    });
  }

  it("has unique names, none of them the reserved `all`", () => {
    const names = policies.map((p) => p.name);
    assert.equal(new Set(names).size, names.length);
    assert.ok(!names.includes("all"));
  });

  it("is served as the guest-access pack", () => assert.equal(PACK_NAME, "guest-access"));
});

describe("guardrail inventory", () => {
  it("pins every policy, its default level and its severity", () => {
    assert.deepEqual(
      policies.map((p) => `${p.name} ${p.enforcementLevel} ${p.severity}`),
      [
        "guest-role-allow-listed mandatory high",
        "guest-role-not-privileged mandatory critical",
        "guest-scope-within-boundary mandatory critical",
        "guest-principal-type-user mandatory medium",
        "guest-email-domain-allowed advisory medium",
        "invitation-redirect-https advisory low",
        "guest-grant-expiry-bounded advisory medium",
        "guest-sponsor-and-reason-present mandatory medium",
        "role-assignment-count-within-limit mandatory high",
        "role-assignment-count-below-warning advisory low",
        "guest-grant-only-in-guest-component mandatory high",
        "guest-grant-declared-by-guest mandatory critical",
        "guest-group-only-declared mandatory critical",
      ],
    );
  });
});

/**
 * Every guardrail, and the ABAC condition, judge a role by its GUID whatever form of role definition ID names
 * it: ARM returns `/subscriptions/<the scope's subscription>/providers/...` at subscription, resource group and
 * resource scope (Azure/azure-rest-api-specs #10939), the program sends that form, and stacks deployed before
 * it hold the tenant form (issue 8, item 6). The assignments are those of a real-shaped ARM list response
 * (test/fixtures/arm/role-assignments.list.json).
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { roleDefinitionIdFor, roleGuidOf } from "../../azure/roles";
import { parseScope } from "../../azure/scope";
import { conditionFor } from "../../policy/condition";
import { reconcilePackConfig } from "../../policy/pack-config";
import { guestResources, happyGuest, ROLES } from "./support/factory";
import { evaluate, summarise } from "./support/harness";

const ROOT = join(__dirname, "..", "..");

interface ArmAssignment {
  readonly properties: { readonly roleDefinitionId: string; readonly scope: string };
}

const listed = (
  JSON.parse(readFileSync(join(ROOT, "test/fixtures/arm/role-assignments.list.json"), "utf8")) as {
    value: ArmAssignment[];
  }
).value;

const TENANT = (guid: string): string =>
  `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const SUBSCRIPTION_FORM = (subscription: string, guid: string): string =>
  `/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

/** The policies' verdict on a guest granted `roleId` at `scope`, named by `roleDefinitionId`. */
async function verdict(roleId: string, scope: string, roleDefinitionId: string): Promise<string[]> {
  // The dev stack's config, which allows every role of the fixture; its boundary holds the fixture's scopes.
  const dev = JSON.parse(readFileSync(join(ROOT, "policy/config/dev.json"), "utf8")) as object;
  const config = {
    ...dev,
    "guest-scope-within-boundary": {
      allowedScopes: [
        ...new Set(
          listed.map((a) => a.properties.scope).filter((s) => s.startsWith("/subscriptions/")),
        ),
      ],
    },
    "guest-grant-expiry-bounded": { today: "2026-11-20" },
  };
  const result = await evaluate(
    guestResources({ ...happyGuest(), roleId, scope, roleDefinitionId }, "update"),
    config,
  );
  return summarise(result)
    .map((line) => line.replace(roleDefinitionId, "<role definition id>"))
    .sort();
}

describe("role definition IDs in every form ARM uses", () => {
  it("the fixture holds the subscription form at subscription, resource group and resource scope", () => {
    const subscriptionScoped = listed.filter((a) =>
      a.properties.scope.startsWith("/subscriptions/"),
    );
    assert.ok(subscriptionScoped.length >= 8);
    for (const a of subscriptionScoped) {
      const subscription = /^\/subscriptions\/([^/]+)/.exec(a.properties.scope)?.[1] as string;
      const guid = roleGuidOf(a.properties.roleDefinitionId) as string;
      assert.equal(a.properties.roleDefinitionId, SUBSCRIPTION_FORM(subscription, guid));
    }
  });

  it("the program sends the form ARM returns: the scope's subscription, or the tenant form at a management group", () => {
    for (const a of listed) {
      const parsed = parseScope(a.properties.scope);
      assert.ok(parsed.ok);
      const guid = roleGuidOf(a.properties.roleDefinitionId) as string;
      assert.equal(roleDefinitionIdFor(guid, true, parsed.scope), a.properties.roleDefinitionId);
    }
  });

  for (const [index, a] of listed.entries()) {
    const { roleDefinitionId, scope } = a.properties;
    if (!scope.startsWith("/subscriptions/")) continue;
    it(`judges ARM's assignment ${index} the same in the subscription and in the tenant form`, async () => {
      const guid = roleGuidOf(roleDefinitionId) as string;
      const bySubscription = await verdict(guid, scope, roleDefinitionId);
      // Every role in the fixture is allowed: no role rule may object to the form.
      assert.deepEqual(
        bySubscription.filter((line) => /^guest-role-/.test(line)),
        [],
      );
      assert.deepEqual(bySubscription, await verdict(guid, scope, TENANT(guid)));
    });
  }

  it("refuses Owner in the subscription form as in the tenant form", async () => {
    const scope = listed[0]?.properties.scope as string;
    const subscription = /^\/subscriptions\/([^/]+)/.exec(scope)?.[1] as string;
    const bySubscription = await verdict(
      ROLES.owner,
      scope,
      SUBSCRIPTION_FORM(subscription, ROLES.owner),
    );
    assert.ok(
      bySubscription.some((line) =>
        line.startsWith("guest-role-not-privileged [mandatory/violation]"),
      ),
    );
    assert.deepEqual(bySubscription, await verdict(ROLES.owner, scope, TENANT(ROLES.owner)));
  });

  it("builds the same ABAC condition from allow-list entries in either form (it compares GUIDs)", () => {
    const conditionOf = (entries: string[]): string => {
      const reconciled = reconcilePackConfig({
        "guest-role-allow-listed": { allowedRoles: entries },
      });
      assert.ok(reconciled.ok);
      const result = conditionFor(reconciled.config);
      assert.ok(result.ok);
      return result.condition;
    };
    const subscription = "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
    const byTenant = conditionOf([TENANT(ROLES.reader)]);
    assert.equal(conditionOf([SUBSCRIPTION_FORM(subscription, ROLES.reader)]), byTenant);
    assert.equal(conditionOf(["Reader"]), byTenant);
    assert.match(byTenant, new RegExp(`GuidEquals \\{${ROLES.reader}\\}`));
  });
});

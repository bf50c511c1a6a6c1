import { strict as assert } from "node:assert";
import { isScopeWithin, parseScope } from "../../azure/scope";

const SUB = "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";

const valid: [string, string, string][] = [
  ["the root scope", "/", "/"],
  [
    "a subscription, upper-case GUID",
    `/SUBSCRIPTIONS/${SUB.toUpperCase()}`,
    `/subscriptions/${SUB}`,
  ],
  [
    "a resource group in any case",
    `/subscriptions/${SUB}/resourcegroups/Shop-Prod`,
    `/subscriptions/${SUB}/resourceGroups/shop-prod`,
  ],
  [
    "a resource group with dots and parentheses",
    `/subscriptions/${SUB}/resourceGroups/a.b(c)_d`,
    `/subscriptions/${SUB}/resourceGroups/a.b(c)_d`,
  ],
  [
    "a resource",
    `/subscriptions/${SUB}/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/Raw`,
    `/subscriptions/${SUB}/resourceGroups/data/providers/microsoft.storage/storageaccounts/raw`,
  ],
  [
    "a child resource",
    `/subscriptions/${SUB}/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/raw/blobServices/default/containers/landing`,
    `/subscriptions/${SUB}/resourceGroups/data/providers/microsoft.storage/storageaccounts/raw/blobservices/default/containers/landing`,
  ],
  [
    "a subscription-level resource",
    `/subscriptions/${SUB}/providers/Microsoft.Network/dnsZones/x.example`,
    `/subscriptions/${SUB}/providers/microsoft.network/dnszones/x.example`,
  ],
  [
    "a management group",
    "/providers/microsoft.management/managementgroups/Partners",
    "/providers/Microsoft.Management/managementGroups/partners",
  ],
];

const invalid: [string, string, RegExp][] = [
  ["a relative scope", `subscriptions/${SUB}`, /must start with "\/"/],
  ["a trailing slash", `/subscriptions/${SUB}/`, /trailing slash/],
  [
    "a subscription name instead of its id",
    "/subscriptions/production",
    /is not a subscription id/,
  ],
  [
    "a misspelt resourceGroups keyword",
    `/subscriptions/${SUB}/resourceGroup/x`,
    /expected "providers"/,
  ],
  [
    "a resource group name ending with a period",
    `/subscriptions/${SUB}/resourceGroups/x.`,
    /not a resource group name/,
  ],
  ["a missing resource group name", `/subscriptions/${SUB}/resourceGroups`, /name is missing/],
  [
    "a provider without a type and name",
    `/subscriptions/${SUB}/resourceGroups/x/providers/Microsoft.Storage`,
    /type and name must follow/,
  ],
  [
    "a type without a name",
    `/subscriptions/${SUB}/resourceGroups/x/providers/Microsoft.Storage/storageAccounts`,
    /name is missing/,
  ],
  [
    "a namespace without a dot",
    `/subscriptions/${SUB}/resourceGroups/x/providers/Storage/accounts/a`,
    /not a resource provider namespace/,
  ],
  ["a double slash", `/subscriptions/${SUB}//resourceGroups/x`, /empty segment/],
  [
    "another provider at the top",
    "/providers/Microsoft.Storage/storageAccounts/x",
    /must be a management group/,
  ],
  ["white space around it", ` /subscriptions/${SUB}`, /white space/],
  ["something that is not a scope", "/tenants/x", /does not start an Azure scope/],
];

describe("Azure scopes", () => {
  for (const [name, raw, normalised] of valid) {
    it(`parses ${name}`, () => {
      const result = parseScope(raw);
      assert.ok(result.ok, result.ok ? "" : result.error);
      assert.equal(result.scope.id, normalised);
    });
  }
  for (const [name, raw, message] of invalid) {
    it(`rejects ${name}`, () => {
      const result = parseScope(raw);
      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : result.error, message);
    });
  }

  it("knows which scope lies within which, without mistaking a prefix for a parent", () => {
    const group = `/subscriptions/${SUB}/resourceGroups/shop`;
    assert.equal(isScopeWithin(`${group}/providers/microsoft.web/sites/a`, group), true);
    assert.equal(isScopeWithin(group, `/subscriptions/${SUB}`), true);
    assert.equal(isScopeWithin(`${group}-prod`, group), false);
    assert.equal(isScopeWithin(`/subscriptions/${SUB}`, group), false);
  });
});

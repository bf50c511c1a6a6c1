import { strict as assert } from "node:assert";
import { join } from "node:path";
import { computeDrift, type DriftOptions } from "../../review/drift/drift";
import { ARM_SCOPE, GRAPH_SCOPE } from "../../review/drift/live/credential";
import { fixture, lines, TODAY } from "./scenario";
import {
  startAzureServer,
  SUBSCRIPTION_A,
  SUBSCRIPTION_B,
  type AzureServer,
  type Misbehaviour,
} from "./support/azure-server";
import { TEST_TOKEN } from "./support/credential";
import { liveDeps } from "./support/live";
import { attempted, isLoopback, loopbackOnly } from "./support/loopback-only";

const ROOT = join(__dirname, "..", "..");
const RG = `/subscriptions/${SUBSCRIPTION_A}/resourceGroups`;
const SUB = `/subscriptions/${SUBSCRIPTION_A}`;

const OPTIONS: DriftOptions = {
  path: fixture("access.yaml"),
  stack: "dev",
  policyConfig: fixture("policy-config.json"),
  today: TODAY,
  live: true,
};

/** The scenario's drift as the live listing shows it (the exports add one az-only orphan). */
const LIVE_LINES = [
  "account-missing bob.gone@fabrikam.example - -",
  "email-taken carol.diaz@northwind.example - -",
  `unmanaged alice.moreau@contoso.example Storage Blob Data Reader ${RG}/shop-staging`,
  `unmanaged frank.li@tailspin.example Reader ${RG}/shop-staging`,
  "inherited alice.moreau@contoso.example Reader /providers/Microsoft.Management/managementGroups/corp-root",
  `inherited alice.moreau@contoso.example Reader ${SUB}`,
  `expired-present alice.moreau@contoso.example Monitoring Reader ${RG}/shop-prod`,
  `orphaned bob.gone@fabrikam.example Reader ${RG}/shop-prod`,
  `missing alice.moreau@contoso.example Log Analytics Reader ${RG}/shop-prod`,
  `missing erin.walsh@newco.example Reader ${RG}/shop-staging`,
  "pending-invitation dan.oduya@partner.example - -",
  "stale-guest frank.li@tailspin.example - -",
  `in-sync alice.moreau@contoso.example Reader ${RG}/shop-prod`,
  `in-sync dan.oduya@partner.example Reader ${RG}/shop-staging`,
];

describe("drift review, live, through the real SDK clients against a loopback ARM and Graph", () => {
  let unguard: () => void;
  let server: AzureServer | undefined;

  before(() => {
    unguard = loopbackOnly();
  });
  after(() => {
    unguard();
    assert.deepEqual(
      attempted.filter((host) => !isLoopback(host)),
      [],
      "no test may reach a non-loopback address",
    );
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function run(misbehaviour: Misbehaviour, options: Partial<DriftOptions> = {}) {
    server = await startAzureServer(misbehaviour);
    const deps = liveDeps(server);
    const view = await computeDrift({ ...OPTIONS, ...options }, ROOT, deps);
    return { view, deps, server };
  }

  it("follows every page, retries a 429 after Retry-After and a 5xx, and finds the scenario's drift", async () => {
    const { view, server } = await run({
      armThrottleOnce: true,
      armServerErrorOnce: true,
      graphThrottleOnce: true,
      graphServerErrorOnce: true,
    });
    assert.deepEqual(lines(view.report), LIVE_LINES);
    const statuses = server.requests.map((r) => r.status);
    assert.ok(statuses.includes(429) && statuses.includes(500) && statuses.includes(502));
    assert.ok(
      server.requests.some((r) => r.url.includes("$skipToken=page2") && r.status === 200),
      "the second ARM page was read",
    );
    assert.ok(
      server.requests.some((r) => r.url.includes("$skiptoken=page2") && r.status === 200),
      "the second Graph page was read",
    );
  });

  it("makes a 403 on one subscription an error for that scope, never a silent no-drift", async () => {
    const { view } = await run({ forbiddenScopes: [`subscriptions/${SUBSCRIPTION_B}`] });
    assert.equal(view.report.summary.verdict, "error");
    assert.deepEqual(
      view.report.errors.map((e) => [e.source, e.target, e.status, e.code]),
      [["arm", `/subscriptions/${SUBSCRIPTION_B}`, 403, "AuthorizationFailed"]],
    );
    assert.match(view.report.errors[0]?.message ?? "", /needs Reader/);
    assert.deepEqual(lines(view.report), LIVE_LINES, "what could be read is still reviewed");
  });

  it("judges what was read when a partial view is allowed", async () => {
    const { view } = await run(
      { forbiddenScopes: [`subscriptions/${SUBSCRIPTION_B}`] },
      { allowPartial: true },
    );
    assert.equal(view.report.summary.verdict, "fail");
    assert.equal(view.report.errors.length, 1);
  });

  it("reads the named scopes inside a subscription it may not read as a whole", async () => {
    const { view, server } = await run({ forbiddenScopes: [`subscriptions/${SUBSCRIPTION_A}`] });
    const read = server.requests.map((r) => new URL(r.url, server.origin).pathname);
    assert.ok(read.includes(`${RG}/shop-prod/providers/Microsoft.Authorization/roleAssignments`));
    assert.ok(
      read.includes(`${RG}/shop-staging/providers/Microsoft.Authorization/roleAssignments`),
    );
    assert.match(view.report.summary.notes.join("\n"), /read one by one/);
    assert.deepEqual(view.report.errors, []);
  });

  it("does not judge the grants under a scope whose read failed", async () => {
    const { view } = await run({
      forbiddenScopes: [
        `subscriptions/${SUBSCRIPTION_A}`,
        `subscriptions/${SUBSCRIPTION_A}/resourcegroups/shop-prod`,
        `subscriptions/${SUBSCRIPTION_A}/resourcegroups/shop-staging`,
      ],
    });
    assert.deepEqual(
      view.report.findings.filter((f) => f.class === "missing" || f.class === "in-sync"),
      [],
    );
    assert.equal(view.report.summary.notJudged, 5);
  });

  it("never prints the token, even when the service echoes it", async () => {
    const { view, server } = await run({
      forbiddenScopes: [`subscriptions/${SUBSCRIPTION_B}`],
    });
    assert.ok(server.requests.every((r) => r.authorization === `Bearer ${TEST_TOKEN}`));
    assert.ok(!JSON.stringify(view.report).includes(TEST_TOKEN));
    assert.match(view.report.errors[0]?.message ?? "", /\[redacted\]/);
  });

  it("asks ARM and Graph for tokens of their own audiences, from the credential handed in", async () => {
    const { deps } = await run({});
    assert.deepEqual([...new Set(deps.credential.scopes)].sort(), [ARM_SCOPE, GRAPH_SCOPE].sort());
  });

  it("reads each named subscription once, with no filter, and reads nothing below it again", async () => {
    const { server } = await run({});
    const firstPages = server.requests
      .filter((r) => r.url.includes("roleAssignments") && !r.url.includes("skipToken"))
      .map((r) => new URL(r.url, server.origin));
    assert.deepEqual(firstPages.map((u) => u.pathname).sort(), [
      `/subscriptions/${SUBSCRIPTION_A}/providers/Microsoft.Authorization/roleAssignments`,
      `/subscriptions/${SUBSCRIPTION_B}/providers/Microsoft.Authorization/roleAssignments`,
    ]);
    assert.ok(firstPages.every((u) => !u.searchParams.has("$filter")));
  });

  it("asks again without signInActivity when the tenant has no P1 licence, and says so", async () => {
    const { view } = await run({ graphNoPremium: true });
    assert.deepEqual(lines(view.report), LIVE_LINES);
    assert.match(
      view.report.summary.notes.join("\n"),
      /Authentication_RequestFromNonPremiumTenantOrB2CTenant.*AuditLog\.Read\.All and an Entra ID P1/,
    );
    const stale = view.report.findings.find((f) => f.class === "stale-guest");
    assert.match(stale?.detail ?? "", /last sign-in unknown/);
  });

  it("reports the last sign-in of a stale guest when Graph gives it", async () => {
    const { view } = await run({});
    const stale = view.report.findings.find((f) => f.class === "stale-guest");
    assert.match(stale?.detail ?? "", /last sign-in 2026-03-02 \(268 days ago\)/);
  });

  it("makes a Graph refusal an error and reports nothing that rests on who exists", async () => {
    const { view } = await run({ graphForbidden: true });
    assert.deepEqual(
      view.report.errors.map((e) => [e.source, e.target, e.status, e.code]),
      [["graph", "/users", 403, "Authorization_RequestDenied"]],
    );
    const classes = new Set(view.report.findings.map((f) => f.class));
    for (const c of [
      "stale-guest",
      "pending-invitation",
      "account-missing",
      "email-taken",
      "orphaned",
    ]) {
      assert.ok(!classes.has(c as never), `${c} needs the users`);
    }
    assert.equal(view.report.summary.verdict, "error");
  });
});

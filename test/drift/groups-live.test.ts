/**
 * The drift review of declared groups, live: groups and their members read from Microsoft Graph through the
 * real Graph client, against the loopback server speaking the groups scenario.
 */

import { strict as assert } from "node:assert";
import { join } from "node:path";
import { computeDrift, type DriftOptions } from "../../review/drift/drift";
import { fixture, TODAY } from "./scenario";
import { startAzureServer, type AzureServer, type Misbehaviour } from "./support/azure-server";
import { TEST_TOKEN } from "./support/credential";
import { liveDeps } from "./support/live";
import { attempted, isLoopback, loopbackOnly } from "./support/loopback-only";

const ROOT = join(__dirname, "..", "..");
const G1 = "9a000000-0000-4000-8000-0000000000a1";

const OPTIONS: DriftOptions = {
  path: fixture("groups/access.yaml"),
  stack: "dev",
  // Names the subscription whose listing the server holds (and one more, empty).
  policyConfig: fixture("policy-config.json"),
  today: TODAY,
  live: true,
};

describe("drift review of declared groups, live, through the real Graph client", () => {
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
    await server?.close();
    server = await startAzureServer(misbehaviour, "groups");
    const view = await computeDrift({ ...OPTIONS, ...options }, ROOT, liveDeps(server));
    return { view, server };
  }

  it("lists the groups named like declared ones, reads each one's members page by page, and finds their drift", async () => {
    const { view, server } = await run(
      { membersThrottleOnce: true },
      { state: fixture("groups/state.json") },
    );
    const groupsRequests = server.requests.filter((r) => r.url.startsWith("/v1.0/groups"));
    assert.ok(
      groupsRequests.some(
        (r) =>
          r.url.startsWith("/v1.0/groups?") && r.url.includes("startswith") && r.status === 200,
      ),
    );
    assert.ok(
      groupsRequests.some(
        (r) => r.url.includes(`${G1}/members?$skiptoken=page2`) && r.status === 429,
      ),
      "a 429 on the second page of members",
    );
    assert.ok(
      groupsRequests.some(
        (r) => r.url.includes(`${G1}/members?$skiptoken=page2`) && r.status === 200,
      ),
      "then the second page",
    );
    const classes = view.report.findings.map((f) => `${f.class} ${f.email || f.group}`);
    for (const expected of [
      "out-of-band-member mallory.quinn@tailspin.example",
      "out-of-band-member ivan.petrov@partner.example",
      "group-missing fabrikam-support",
      "group-name-taken northwind-ops",
      "missing-membership grace.hopper@contoso.example",
      "in-sync contoso-auditors",
    ]) {
      assert.ok(classes.includes(expected), `${expected} in ${classes.join("; ")}`);
    }
    assert.equal(view.report.summary.verdict, "fail");
    assert.ok(
      !server.requests.some((r) => r.url.includes("0000000000a2/members")),
      "the members of a group the tenant lacks are not asked for",
    );
  });

  it("makes a refused read of a group's members an error for that group, and judges the rest with --allow-partial", async () => {
    const { view } = await run({ membersForbidden: [G1] }, { state: fixture("groups/state.json") });
    assert.equal(view.report.summary.verdict, "error");
    assert.deepEqual(
      view.report.errors.map((e) => [e.source, e.target, e.status, e.code]),
      [["graph", `/groups/${G1}/members`, 403, "Authorization_RequestDenied"]],
    );
    assert.match(view.report.errors[0]?.message ?? "", /Group\.Read\.All/);
    assert.ok(!view.report.findings.some((f) => f.class === "out-of-band-member"));
    assert.ok(!JSON.stringify(view.report).includes(TEST_TOKEN));

    const partial = await run(
      { membersForbidden: [G1] },
      { state: fixture("groups/state.json"), allowPartial: true },
    );
    assert.equal(partial.view.report.summary.verdict, "fail");
    assert.ok(partial.view.report.findings.some((f) => f.class === "group-missing"));
  });

  it("finds the groups by display name without the state, as offline", async () => {
    const { view } = await run({});
    const lines = view.report.findings
      .filter((f) => f.group === "northwind-ops" || f.group === "fabrikam-support")
      .map((f) => `${f.class} ${f.group}`);
    assert.deepEqual(lines, [
      "group-missing fabrikam-support",
      "orphaned fabrikam-support",
      "in-sync northwind-ops",
    ]);
  });
});

import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { captureProgram, type CapturedResource } from "../../program/capture";

const SUB = "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";

/** A declaration with several guests and grants, as plain data to shuffle and re-case. */
function declaration(): {
  version: 1;
  scopes: Record<string, string>;
  guests: Record<string, unknown>[];
} {
  const guest = (
    email: string,
    grants: [string, string][],
    extra: Record<string, unknown> = {},
  ) => ({
    email,
    displayName: email.split("@")[0],
    sponsor: "bob@ourcorp.example",
    reason: "Audit",
    expires: "2027-03-31",
    ...extra,
    access: grants.map(([role, scope]) => ({ role, scope })),
  });
  return {
    version: 1,
    scopes: { "shop-prod": `/subscriptions/${SUB}/resourceGroups/shop-prod` },
    guests: [
      guest("alice@contoso.example", [
        ["Reader", "shop-prod"],
        [
          "Storage Blob Data Reader",
          `/subscriptions/${SUB}/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/raw`,
        ],
        ["Monitoring Reader", `/subscriptions/${SUB}`],
      ]),
      guest("rahul@contoso.example", [["Reader", "shop-prod"]]),
      guest("mei@fabrikam.example", [
        ["Log Analytics Reader", `/subscriptions/${SUB}/resourceGroups/Data-Platform`],
        ["Reader", `/subscriptions/${SUB}/resourceGroups/Data-Platform`],
      ]),
      guest("sam@northwind.example", [["Reader", "shop-prod"]], {
        objectId: "2b7e4c1a-9d3f-4a6b-8e2c-5f1d7a9b3c4e",
      }),
    ],
  };
}

/** A small seeded PRNG (mulberry32), so a failing shuffle can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Changes the case of a string where case means nothing (emails, scopes, role names). */
function recase(text: string, next: () => number): string {
  return [...text].map((c) => (next() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join("");
}

/** Shuffles guests and grants and re-cases emails, role names and scope paths. */
function scramble(seed: number): ReturnType<typeof declaration> {
  const next = random(seed);
  const base = declaration();
  return {
    ...base,
    guests: shuffle(base.guests, next).map((g) => ({
      ...g,
      email: recase(String(g.email), next),
      access: shuffle(g.access as { role: string; scope: string }[], next).map((a) => ({
        role: recase(a.role, next),
        scope: a.scope.startsWith("/") ? recase(a.scope, next) : a.scope,
      })),
    })),
  };
}

const temporary: string[] = [];

function writeDeclaration(data: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "guest-access-"));
  temporary.push(dir);
  const file = join(dir, "access.yaml");
  writeFileSync(file, stringify(data));
  return file;
}

async function plan(file: string): Promise<CapturedResource[]> {
  const { resources } = await captureProgram({
    stack: "dev",
    preview: false,
    config: { "guest-access:accessFile": file, "guest-access:today": "2026-11-26" },
  });
  return resources;
}

/** URN and inputs of every resource, sorted: what must not change under a cosmetic edit. */
function identity(resources: readonly CapturedResource[]): string[] {
  return resources.map((r) => JSON.stringify([r.urn, r.parent ?? "", r.inputs])).sort();
}

describe("the program, run under mocks", () => {
  after(() => {
    for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("registers every guest, invitation and grant of the declaration", async () => {
    const resources = await plan(writeDeclaration(declaration()));
    assert.equal(resources.filter((r) => r.type === "guest-access:index:Guest").length, 4);
    assert.equal(
      resources.filter((r) => r.type === "azuread:index/invitation:Invitation").length,
      3,
    );
    assert.equal(
      resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment").length,
      7,
    );
  });

  it("yields identical URNs and inputs when guests and grants are shuffled and emails, roles and scopes re-cased (40 seeds)", async () => {
    const expected = identity(await plan(writeDeclaration(declaration())));
    for (let seed = 1; seed <= 40; seed++) {
      const got = identity(await plan(writeDeclaration(scramble(seed))));
      assert.deepEqual(got, expected, `seed ${seed} changed the plan`);
    }
  });

  it("registers zero resources from a file with one bad entry among good ones", async () => {
    const data = declaration();
    (data.guests[2] as { access: { role: string; scope: string }[] }).access[0] = {
      role: "Reeder",
      scope: "shop-prod",
    };
    const registered: CapturedResource[] = [];
    await assert.rejects(
      captureProgram(
        {
          stack: "dev",
          preview: true,
          config: { "guest-access:accessFile": writeDeclaration(data) },
        },
        undefined,
        (r) => registered.push(r),
      ),
      (error: Error) =>
        /nothing was deployed/.test(error.message) && /unknown-role/.test(error.message),
    );
    assert.equal(registered.length, 0);
  });

  it("declares guests in waves: every registration of a wave is answered before the next wave starts", async () => {
    const order: string[] = [];
    await captureProgram(
      {
        stack: "dev",
        preview: true,
        config: {
          "guest-access:accessFile": writeDeclaration(declaration()),
          "guest-access:waveSize": "2",
        },
      },
      undefined,
      (r) => order.push(r.urn),
    );
    // Guests are declared in email order: alice, mei | rahul, sam.
    const lastOfFirstWave = Math.max(
      ...order.flatMap((urn, i) => (/(alice|mei)@/.test(urn) ? [i] : [])),
    );
    const firstOfSecondWave = order.findIndex((urn) => /(rahul|sam)@/.test(urn));
    assert.ok(firstOfSecondWave > lastOfFirstWave, order.join("\n"));
  });

  it("is the function index.ts exports, which the Pulumi runtime calls", async () => {
    const entry = (await import("../../index")) as unknown;
    const { runProgram } = await import("../../program/run");
    assert.equal((entry as { default?: unknown }).default ?? entry, runProgram);
  });

  it("does not declare a grant whose expiry has passed, so the next update revokes it", async () => {
    const data = declaration();
    (data.guests[1] as { expires: string }).expires = "2026-11-01";
    const resources = await plan(writeDeclaration(data));
    const rahul = resources.filter((r) => r.urn.includes("rahul@contoso.example"));
    assert.deepEqual(rahul.map((r) => r.type).sort(), [
      "azuread:index/invitation:Invitation",
      "guest-access:index:Guest",
    ]);
  });
});

import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { accessDocumentSchema } from "../../access/schema";
import { renderSchema } from "../../access/schema-file";
import { renderValidator } from "../../scripts/schema-validator";
import type { AccessDocument } from "../../access/document";

interface SchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
}

/** Every property schema in the tree, with its path. */
function properties(node: SchemaNode, path = ""): [string, SchemaNode, boolean][] {
  const out: [string, SchemaNode, boolean][] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    out.push([`${path}/${name}`, child, (node.required ?? []).includes(name)]);
    out.push(...properties(child, `${path}/${name}`));
  }
  if (node.items) out.push(...properties(node.items, `${path}/*`));
  if (typeof node.additionalProperties === "object")
    out.push(...properties(node.additionalProperties, `${path}/*`));
  return out;
}

/**
 * A document that uses every field of `AccessDocument`. The type annotation makes the compiler check it
 * against the TypeScript types, and the test checks it against the schema: together they keep the two
 * from drifting (JSONSchemaType<AccessDocument> in schema.ts checks the other direction).
 */
const everyField: Required<AccessDocument> = {
  version: 1,
  defaults: {
    redirectUrl: "https://portal.azure.com",
    invitation: { send: true, language: "de-DE", cc: "x@ourcorp.example" },
    onRemove: "keep-user",
  },
  scopes: { prod: "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b" },
  roles: { "Shop Auditor": "6a9f3c2e-4b1d-4e7a-8c5f-1d2e3f4a5b6c" },
  groups: {
    auditors: {
      sponsor: "s@ourcorp.example",
      reason: "r",
      ticket: "T-2",
      access: [{ role: "Reader", scope: "prod", expires: "2027-01-01" }],
    },
  },
  guests: [
    {
      email: "a@b.example",
      displayName: "A",
      sponsor: "s@ourcorp.example",
      reason: "r",
      ticket: "T-1",
      expires: "2027-01-01",
      objectId: "2b7e4c1a-9d3f-4a6b-8e2c-5f1d7a9b3c4e",
      redirectUrl: "https://portal.azure.com",
      invitation: { send: false, message: "hi" },
      onRemove: "delete-user",
      memberOf: ["auditors"],
      access: [
        {
          role: "Reader",
          scope: "prod",
          expires: "2027-01-01",
          assignmentName: "1a000000-0000-4000-8000-000000000004",
        },
      ],
    },
  ],
};

describe("the access file schema", () => {
  it("is committed as access.schema.json exactly as generated (run npm run schema)", () => {
    assert.equal(
      readFileSync(join(__dirname, "..", "..", "access.schema.json"), "utf8"),
      renderSchema(),
    );
  });

  it("is compiled as access/schema-validator.js exactly as generated (run npm run schema)", () => {
    assert.equal(
      readFileSync(join(__dirname, "..", "..", "access", "schema-validator.js"), "utf8"),
      renderValidator(),
    );
  });

  it("describes every property, and describes every property so editors can explain it", () => {
    for (const [path, node] of properties(accessDocumentSchema as unknown as SchemaNode)) {
      assert.ok(node.description, `${path} has no description`);
    }
  });

  it("accepts a document that uses every field of the TypeScript type", () => {
    const validate = new Ajv({ strict: true }).compile(accessDocumentSchema);
    assert.ok(validate(everyField), JSON.stringify(validate.errors));
  });

  it("lists exactly the TypeScript type's fields at every level", () => {
    const schema = accessDocumentSchema as unknown as SchemaNode;
    const guest = schema.properties?.guests?.items;
    assert.deepEqual(Object.keys(schema.properties ?? {}).sort(), Object.keys(everyField).sort());
    assert.deepEqual(
      Object.keys(guest?.properties ?? {}).sort(),
      Object.keys(everyField.guests[0] ?? {}).sort(),
    );
    assert.deepEqual(
      Object.keys(guest?.properties?.access?.items?.properties ?? {}).sort(),
      Object.keys(everyField.guests[0]?.access?.[0] ?? {}).sort(),
    );
    const group = schema.properties?.groups?.additionalProperties;
    assert.deepEqual(
      Object.keys(typeof group === "object" ? (group.properties ?? {}) : {}).sort(),
      Object.keys(everyField.groups.auditors ?? {}).sort(),
    );
    assert.deepEqual(
      Object.keys(schema.properties?.defaults?.properties ?? {}).sort(),
      Object.keys(everyField.defaults).sort(),
    );
  });

  it("validates the bundled example", () => {
    const validate = new Ajv({ strict: true }).compile(accessDocumentSchema);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require("yaml") as typeof import("yaml");
    const data: unknown = parse(readFileSync(join(__dirname, "..", "..", "access.yaml"), "utf8"));
    assert.ok(validate(data), JSON.stringify(validate.errors));
  });
});

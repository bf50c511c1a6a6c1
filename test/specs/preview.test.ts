/**
 * The specs' preview on hand-made specs: what the engine would see, for shapes the program does not yet
 * produce (a grandchild, a link across components, an undefined input), and the errors that mean a bug in
 * the specs.
 */

import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../azure/unknown";
import { previewResources, wireValue } from "../../specs/preview";
import { specId, type ComponentSpec, type ResourceSpec } from "../../specs/resource";

const CONTEXT = { project: "proj", stack: "dev" };

function component(type: string, name: string, parent?: string): ComponentSpec {
  return {
    id: specId(type, name),
    type,
    name,
    custom: false,
    ...(parent ? { parent } : {}),
    inputs: {},
    links: {},
    options: {},
    outputs: {},
    outputLinks: {},
  };
}

function custom(
  type: string,
  name: string,
  parent: string | undefined,
  inputs: Record<string, unknown>,
  links: ResourceSpec["links"] = {},
): ResourceSpec {
  return {
    id: specId(type, name),
    type,
    name,
    custom: true,
    ...(parent ? { parent } : {}),
    inputs,
    links,
    options: {},
  };
}

describe("the specs' preview", () => {
  it("names a grandchild with every ancestor's type in its URN, and a top-level resource with none", () => {
    const outer = component("my:index:Outer", "a");
    const inner = component("my:index:Inner", "b", outer.id);
    const leaf = custom("my:index:Leaf", "c", inner.id, {});
    const [o, i, l] = previewResources([[outer, inner, leaf]], CONTEXT);
    assert.equal(o?.urn, "urn:pulumi:dev::proj::my:index:Outer::a");
    assert.equal(i?.urn, "urn:pulumi:dev::proj::my:index:Outer$my:index:Inner::b");
    assert.equal(l?.urn, "urn:pulumi:dev::proj::my:index:Outer$my:index:Inner$my:index:Leaf::c");
    assert.equal(l?.parent, i?.urn);
    assert.equal(o?.parent, undefined);
  });

  it("sends inputs as the engine receives them: undefined left out, keys sorted at every depth", () => {
    const [r] = previewResources(
      [
        [
          custom("my:index:R", "r", undefined, {
            z: 1,
            a: { y: undefined, b: [{ d: 1, c: 2 }] },
            m: undefined,
          }),
        ],
      ],
      CONTEXT,
    );
    assert.equal(JSON.stringify(r?.inputs), '{"a":{"b":[{"c":2,"d":1}]},"z":1}');
    assert.deepEqual(Object.keys(r?.propertyDependencies ?? {}), ["a", "z"]);
  });

  it("makes a linked input unknown and records its dependency, across components too", () => {
    const group = component("my:index:Group", "g");
    const member = custom("my:index:Member", "m", group.id, { name: "x" });
    const guest = component("my:index:Guest", "h");
    const link = custom(
      "my:index:Link",
      "l",
      guest.id,
      { kind: "k" },
      {
        target: { from: member.id, output: "id" },
      },
    );
    const resources = previewResources(
      [
        [group, member],
        [guest, link],
      ],
      CONTEXT,
    );
    const linked = resources.find((r) => r.name === "l");
    const memberUrn = resources.find((r) => r.name === "m")?.urn ?? "";
    assert.equal(linked?.inputs.target, UNKNOWN);
    assert.deepEqual(linked?.propertyDependencies, { kind: [], target: [memberUrn] });
    assert.deepEqual(linked?.dependencies, [memberUrn]);
  });

  it("registers a component's outputs after its children, a linked one unknown", () => {
    const guest = {
      ...component("my:index:Guest", "h"),
      outputs: { email: "h@example.com" },
      outputLinks: { principalId: { from: specId("my:index:Inv", "i"), output: "userId" } },
    };
    const invitation = custom("my:index:Inv", "i", guest.id, {});
    const [g] = previewResources([[guest, invitation]], CONTEXT);
    assert.deepEqual(g?.outputs, { email: "h@example.com", principalId: UNKNOWN });
  });

  const bugs = [
    {
      name: "refuses a link to a resource not registered before it",
      specs: [
        custom("my:index:A", "a", undefined, {}, { x: { from: "my:index:B::b", output: "id" } }),
      ],
      error: /links to my:index:B::b/,
    },
    {
      name: "refuses a parent not registered before its child",
      specs: [custom("my:index:A", "a", "my:index:P::p", {})],
      error: /parent my:index:P::p/,
    },
  ];
  for (const c of bugs) {
    it(c.name, () => {
      assert.throws(() => previewResources([c.specs], CONTEXT), c.error);
    });
  }

  it("puts null for an undefined array item, as JSON does", () => {
    assert.deepEqual(wireValue([1, undefined, { b: 1, a: undefined }]), [1, null, { b: 1 }]);
  });
});

/**
 * What the engine would see when the program registers the specs in a preview of a new stack, computed
 * without the Pulumi SDK: each resource's URN, parent, inputs in their wire form, the unknown sentinel for
 * every linked input (the resource it comes from is created in the same run, so its outputs are not known
 * yet), property dependencies, options, and what a component registers as its outputs (a linked output is
 * unknown too). This is what `captureProgram` records of the real program in preview mode; a test requires
 * the two to be identical.
 *
 * How the SDK puts inputs on the wire (`@pulumi/pulumi` 3.248 `runtime/rpc.js`): a top-level property whose
 * value is `undefined` is left out, along with its property dependencies (`serializeFilteredProperties`); so
 * is an `undefined` key of a nested object, and an `undefined` array item becomes `null` ("This matches JSON
 * semantics", `serializeProperty`); the protobuf `Struct` the engine receives holds object keys in sorted
 * order (`google-protobuf` `jspb.Map` sorts them).
 *
 * URNs follow the engine: `urn:pulumi:<stack>::<project>::<parent type chain>$<type>::<name>`, the chain
 * holding every ancestor's type below the stack. (Pulumi's mocks keep only the immediate parent's type; with
 * one level of nesting, as here, the two agree.)
 */

import { UNKNOWN } from "../azure/unknown";
import { derive } from "./derive";
import type { RegisteredResource } from "./registration";
import {
  linksOf,
  type ComponentSpec,
  type OutputLink,
  type ResourceSpec,
  type SpecId,
} from "./resource";

/** The stack the resources are previewed in. */
export interface PreviewContext {
  /** The Pulumi project name. */
  readonly project: string;
  /** The stack name. */
  readonly stack: string;
  /**
   * The outputs of resources the program reads rather than creates (a `StackReference`: the referenced
   * stack's outputs), by spec id, when they are known: `pulumi stack output --json` of the identities stack.
   * Links to a read resource are then known (derived from these), as the engine knows them in a preview; a
   * read resource without outputs here leaves its links unknown.
   */
  readonly readOutputs?: Readonly<Record<SpecId, Readonly<Record<string, unknown>>>>;
}

interface Known {
  readonly urn: string;
  readonly typeChain: string;
  /** Outputs known in a preview: only those of a read resource whose outputs the context gives. */
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/** A plain value in the form the engine receives it: undefined properties dropped, object keys sorted. */
export function wireValue(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map((item) => (item === undefined ? null : wireValue(item)));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = wireValue(item);
    }
    return out;
  }
  return value;
}

/**
 * Registers specs in a preview, in order, and returns what the engine would see of each. A link must name a
 * spec registered before it; anything else is a bug in the specs and throws.
 */
export function previewResources(
  groups: Iterable<readonly ResourceSpec[]>,
  context: PreviewContext,
): RegisteredResource[] {
  const known = new Map<SpecId, Known>();
  const out: RegisteredResource[] = [];
  const prefix = `urn:pulumi:${context.stack}::${context.project}::`;
  for (const group of groups) {
    const components: [index: number, spec: ComponentSpec][] = [];
    for (const spec of group) {
      const parent = spec.parent === undefined ? undefined : known.get(spec.parent);
      if (spec.parent !== undefined && !parent)
        throw new Error(`${spec.id}: its parent ${spec.parent} is not registered before it`);
      const typeChain = parent ? `${parent.typeChain}$${spec.type}` : spec.type;
      const urn = `${prefix}${typeChain}::${spec.name}`;
      if ("outputs" in spec) components.push([out.length, spec as ComponentSpec]);
      out.push(registration(spec, urn, parent?.urn, known));
      const outputs = spec.options.read !== undefined ? context.readOutputs?.[spec.id] : undefined;
      known.set(spec.id, { urn, typeChain, ...(outputs ? { outputs } : {}) });
    }
    // A component registers its outputs last, once its children exist: they may name their outputs.
    for (const [index, spec] of components) {
      out[index] = {
        ...(out[index] as RegisteredResource),
        outputs: componentOutputs(spec, known),
      };
    }
  }
  return out;
}

/**
 * A link's value in a preview: unknown, unless it comes from a read resource whose outputs are known (then
 * derived as the program derives it; a guest missing from the outputs stays unknown, as in a preview).
 */
function linkValue(link: OutputLink, source: Known): unknown {
  if (source.outputs === undefined) return UNKNOWN;
  const value = wireValue(
    derive(link.derive ?? [], source.outputs[link.output], { urn: source.urn, preview: true }),
  );
  return value === undefined ? UNKNOWN : value;
}

/** A read resource as the engine receives it: its id and properties; it has no options nor dependencies. */
function readRegistration(
  spec: ResourceSpec,
  urn: string,
  parent: string | undefined,
  id: string,
): RegisteredResource {
  return {
    urn,
    type: spec.type,
    name: spec.name,
    custom: true,
    ...(parent ? { parent } : {}),
    dependencies: [],
    propertyDependencies: {},
    inputs: wireValue(spec.inputs) as Record<string, unknown>,
    secretInputs: [],
    options: {
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      ignoreChanges: [],
      additionalSecretOutputs: [],
      replaceOnChanges: [],
    },
    readId: id,
  };
}

function registration(
  spec: ResourceSpec,
  urn: string,
  parent: string | undefined,
  known: ReadonlyMap<SpecId, Known>,
): RegisteredResource {
  if (spec.options.read !== undefined)
    return readRegistration(spec, urn, parent, spec.options.read);
  const values: Record<string, unknown> = {};
  const dependsOn = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(spec.inputs as Record<string, unknown>)) {
    if (value !== undefined) values[key] = wireValue(value);
  }
  for (const [key, link] of linksOf(spec)) {
    const source = known.get(link.from);
    if (!source)
      throw new Error(`${spec.id}: input ${key} links to ${link.from}, not registered before it`);
    // The linked resource is created in this run: in a preview, none of its outputs is known (unless it is
    // read, not created, and its outputs are given).
    values[key] = linkValue(link, source);
    dependsOn.set(key, [source.urn]);
  }
  const inputs: Record<string, unknown> = {};
  const propertyDependencies: Record<string, readonly string[]> = {};
  for (const key of Object.keys(values).sort()) {
    inputs[key] = values[key];
    propertyDependencies[key] = dependsOn.get(key) ?? [];
  }
  return {
    urn,
    type: spec.type,
    name: spec.name,
    custom: spec.custom,
    ...(parent ? { parent } : {}),
    dependencies: [...new Set([...dependsOn.values()].flat())].sort(),
    propertyDependencies,
    inputs,
    secretInputs: [],
    options: {
      protect: false,
      retainOnDelete: spec.options.retainOnDelete === true,
      deleteBeforeReplace: false,
      ignoreChanges: [...(spec.options.ignoreChanges ?? [])],
      additionalSecretOutputs: [...(spec.options.additionalSecretOutputs ?? [])],
      replaceOnChanges: [],
      ...(spec.options.import !== undefined ? { importId: spec.options.import } : {}),
    },
  };
}

/** A component's registered outputs on the wire: plain ones as they are, linked ones unknown. */
function componentOutputs(
  spec: ComponentSpec,
  known: ReadonlyMap<SpecId, Known>,
): Record<string, unknown> {
  const values: Record<string, unknown> = { ...spec.outputs };
  for (const [key, link] of Object.entries(spec.outputLinks)) {
    const source = known.get(link.from);
    if (!source) throw new Error(`${spec.id}: output ${key} links to ${link.from}, not registered`);
    values[key] = linkValue(link, source);
  }
  return wireValue(values) as Record<string, unknown>;
}

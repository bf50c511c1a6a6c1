/**
 * What a resource spec is: one resource the program registers, as plain data. The specs are the single source
 * of what the program declares: the `Guest` component registers exactly them with the Pulumi SDK, and the
 * offline plan projects them into what the engine would see (`preview.ts`) without loading the SDK.
 *
 * An input is either a plain value known now, or a link: the output of another spec's resource (a new
 * guest's object id is the invitation's `userId`), possibly passed through named pure functions
 * (`derive.ts`). Links are what make an input unknown during a preview and what the engine records as a
 * property dependency.
 */

import type { Derivation } from "./derive";

/** The identity of a spec within a stack: its type and logical name (`<type>::<name>`). */
export type SpecId = string;

/** The id of the spec of type `type` named `name`. */
export function specId(type: string, name: string): SpecId {
  return `${type}::${name}`;
}

/** An input whose value is an output of another spec's resource, optionally derived by pure functions. */
export interface OutputLink {
  /** The spec whose resource has the output. */
  readonly from: SpecId;
  /** The output's name, e.g. `userId`. */
  readonly output: string;
  /** What to compute from the output's value, in order; the value itself when absent. */
  readonly derive?: readonly Derivation[];
}

/** Which of a resource's inputs are links, by input name. */
export type Links<Inputs extends object> = { readonly [K in keyof Inputs & string]?: OutputLink };

/** A spec's links as a list of `[input, link]`. */
export function linksOf(spec: { readonly links: object }): [string, OutputLink][] {
  return Object.entries(spec.links as Readonly<Record<string, OutputLink | undefined>>).filter(
    (entry): entry is [string, OutputLink] => entry[1] !== undefined,
  );
}

/** The resource options the program sets. Absent means the engine's default. */
export interface SpecOptions {
  /** The resource is left in the cloud when deleted or replaced. */
  readonly retainOnDelete?: boolean;
  /** Inputs never diffed against the state. */
  readonly ignoreChanges?: readonly string[];
  /** Outputs stored and shown as secrets. */
  readonly additionalSecretOutputs?: readonly string[];
  /** Adopt the existing cloud resource with this id (Pulumi's `import`) instead of creating one. */
  readonly import?: string;
  /**
   * Read the resource with this id instead of managing it (a `StackReference`): the engine reads its state
   * and never creates, updates or deletes it.
   */
  readonly read?: string;
}

/**
 * One resource, as plain data. `inputs` and `links` have disjoint keys: together they are the inputs the
 * resource is registered with.
 */
export interface ResourceSpec<Type extends string = string, Inputs extends object = object> {
  /** `specId(type, name)`. */
  readonly id: SpecId;
  /** The Pulumi type token. */
  readonly type: Type;
  /** The logical name (unique per type and parent). */
  readonly name: string;
  /** A custom (provider) resource, as opposed to a component. */
  readonly custom: boolean;
  /** The parent's spec id; absent for a top-level resource. */
  readonly parent?: SpecId;
  /** Inputs known now, plain JSON. */
  readonly inputs: Inputs;
  /** Inputs that are other resources' outputs. */
  readonly links: Links<Inputs>;
  /** The options set on the resource. */
  readonly options: SpecOptions;
}

/** A component's spec: also what it registers as its outputs once its children exist. */
export interface ComponentSpec<
  Type extends string = string,
  Inputs extends object = object,
> extends ResourceSpec<Type, Inputs> {
  readonly custom: false;
  /** Outputs known now, plain JSON data. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Outputs that are its children's outputs. */
  readonly outputLinks: Readonly<Record<string, OutputLink>>;
}

/**
 * Reading Pulumi URNs: `urn:pulumi:<stack>::<project>::<parent-type>$...$<type>::<name>`.
 *
 * Policies decide a resource's place in the tree from URNs because they are always known, in preview too,
 * unlike the values of outputs.
 */

/** The parts of a URN this project reads. */
export interface UrnParts {
  /** The stack the resource belongs to. */
  readonly stack: string;
  /** The Pulumi project. */
  readonly project: string;
  /** The resource's own type (the last element of the type chain). */
  readonly type: string;
  /** The types of its ancestors, outermost first, as the URN records them (mocks keep only the parent's). */
  readonly ancestorTypes: readonly string[];
  /** The logical name. */
  readonly name: string;
}

/** Parses a URN; undefined when the text is not one. */
export function parseUrn(urn: string): UrnParts | undefined {
  // Found by position rather than split: policies parse a URN per resource and policy, and a large plan
  // parses hundreds of thousands.
  const afterStack = urn.indexOf("::");
  if (!urn.startsWith(URN_PREFIX) || afterStack < URN_PREFIX.length) return undefined;
  const afterProject = urn.indexOf("::", afterStack + 2);
  const afterChain = afterProject < 0 ? -1 : urn.indexOf("::", afterProject + 2);
  if (afterChain < 0) return undefined;
  const chain = urn.slice(afterProject + 2, afterChain).split("$");
  const type = chain[chain.length - 1];
  if (!type) return undefined;
  return {
    stack: urn.slice(URN_PREFIX.length, afterStack),
    project: urn.slice(afterStack + 2, afterProject),
    type,
    ancestorTypes: chain.slice(0, -1),
    // A name may itself contain "::", so everything after the type chain is the name.
    name: urn.slice(afterChain + 2),
  };
}

const URN_PREFIX = "urn:pulumi:";

/** The type of the resource a URN names, or undefined. */
export function typeOfUrn(urn: string): string | undefined {
  return parseUrn(urn)?.type;
}

/** The logical name in a URN, or the URN itself when it cannot be parsed (so messages still say something). */
export function nameOfUrn(urn: string): string {
  return parseUrn(urn)?.name ?? urn;
}

/** The type of the immediate parent according to the URN's type chain, or undefined at the top. */
export function parentTypeOfUrn(urn: string): string | undefined {
  const ancestors = parseUrn(urn)?.ancestorTypes ?? [];
  return ancestors[ancestors.length - 1];
}

/**
 * Policy configuration: defaults from a policy's `configSchema`, and the error a policy raises when its
 * configuration cannot mean anything safe.
 */

import type { PolicyConfigSchema } from "@pulumi/policy";

/**
 * A configuration problem found while reading a policy's config (an unknown role name, a root scope).
 * Thrown from a policy, the engine stops the run with this message: failing closed, never guessing.
 */
export class PolicyConfigError extends Error {
  override readonly name = "PolicyConfigError";

  constructor(
    /** The policy whose configuration is wrong. */
    readonly policy: string,
    /** One sentence per problem, each naming the property, the bad value and the fix. */
    readonly problems: readonly string[],
  ) {
    super(`policy "${policy}" is misconfigured: ${problems.join("; ")}`);
  }
}

/** The top-level defaults a schema declares, as the Pulumi CLI fills them in before `Configure`. */
export function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema?.properties ?? {})) {
    if (typeof property === "object" && property.default !== undefined) {
      defaults[key] = structuredClone(property.default);
    }
  }
  return defaults;
}

/**
 * A policy's effective configuration: the schema's defaults under what the engine passed. The CLI applies
 * the defaults already; applying them again here keeps a pack safe when it runs without `Configure`.
 */
export function configWithDefaults<T>(schema: PolicyConfigSchema, given: object): T {
  // getConfig() returns plain JSON, so a shallow merge over top-level properties is what the CLI does too.
  return { ...schemaDefaults(schema), ...(given as Record<string, unknown>) } as T;
}

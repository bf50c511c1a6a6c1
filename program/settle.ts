/**
 * Waiting for an output without keeping it: its value when known, or the fact that it is unknown (during a
 * preview, a resource created in the same run has unknown outputs, and `apply` callbacks never run on them).
 */

import * as pulumi from "@pulumi/pulumi";

/** A settled output. */
export type Settled<T> = { readonly known: true; readonly value: T } | { readonly known: false };

/**
 * Resolves once `output` has settled, known or not. `pulumi.isSecret` resolves when an output's state is
 * final whether or not its value is known (`@pulumi/pulumi` `output.js`: it awaits the output's lifted
 * state), which no other public API offers.
 */
export async function settle<T>(output: pulumi.Output<T>): Promise<Settled<T>> {
  let value: { readonly value: T } | undefined;
  const observed = output.apply((v) => {
    value = { value: v };
  });
  await pulumi.isSecret(observed);
  return value ? { known: true, value: value.value } : { known: false };
}

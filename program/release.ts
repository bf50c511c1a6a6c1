/**
 * Letting go of registered components the stack would otherwise keep alive.
 *
 * Every resource created without a parent gets the stack as its parent, and the SDK records each child in
 * its parent's `__childResources` set (`@pulumi/pulumi` 3.248 `resource.js`, the `Resource` constructor).
 * The set is only read to expand a `dependsOn` on a component into its children (`runtime/dependsOn.js`);
 * nothing depends on the stack itself. So under `pulumi preview`/`up` every guest, its children and all their
 * outputs stay reachable from the stack until the program ends, and memory grows with the declaration. Once
 * a wave is registered, its guests are removed from the stack's set, and the garbage collector can take them.
 * Under mocks (`captureProgram`) there is no stack resource and this does nothing.
 */

import type * as pulumi from "@pulumi/pulumi";

/** The root stack's type token (`@pulumi/pulumi` `runtime/stack.js` `rootPulumiStackTypeName`). */
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The SDK's private parent link (see above); every field optional, so another SDK layout is a no-op. */
interface ParentLinks {
  readonly __parentResource?: {
    readonly __pulumiType?: unknown;
    readonly __childResources?: Set<unknown>;
  };
}

/** Removes registered resources from the stack's children, when the stack is their parent. */
export function releaseFromStack(resources: readonly pulumi.Resource[]): void {
  for (const resource of resources) {
    const parent = (resource as unknown as ParentLinks).__parentResource;
    if (parent?.__pulumiType === ROOT_STACK_TYPE) parent.__childResources?.delete(resource);
  }
}

/**
 * Typed access to the unknown-checking proxy of `@pulumi/policy` 1.21. The package exports
 * `unknownCheckingProxy` and `UnknownValueError` at runtime, but its type declarations for them are empty
 * (they are marked internal), so TypeScript would see `any`. One module declares what they are.
 *
 * They are read from the package's own `proxy` module, the one its analyzer server uses: the package's index
 * also loads that server, and with it the whole Pulumi SDK, which the offline plan never needs.
 */

import * as policySdk from "@pulumi/policy/proxy";

interface ProxyExports {
  unknownCheckingProxy<T extends object>(this: void, target: T): T;
  UnknownValueError: abstract new (...args: never[]) => Error;
}

const sdk = policySdk as unknown as ProxyExports;

/** Wraps resource properties so that reading a value unknown during preview throws `UnknownValueError`. */
export const unknownCheckingProxy: ProxyExports["unknownCheckingProxy"] = sdk.unknownCheckingProxy;

/** Whether an error is the proxy's "this value is unknown during preview". */
export function isUnknownValueError(error: unknown): error is Error {
  return error instanceof sdk.UnknownValueError;
}

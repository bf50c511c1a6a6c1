/**
 * Reading values that may be unknown during preview without tripping the engine's unknown-checking proxy.
 *
 * The engine wraps resource properties in `unknownCheckingProxy`: touching an unknown value throws
 * `UnknownValueError` and the whole policy is skipped for that resource with an advisory. Checks that have
 * another way to decide (a dependency, a parent type) read optional evidence through this helper instead.
 */

import { isUnknownValueError } from "./engine-proxy";

/** The value `read` returns, or undefined when it is unknown during preview. */
export function ifKnown<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (isUnknownValueError(error)) return undefined;
    throw error;
  }
}

/** The string `read` returns when known and a string; otherwise undefined. */
export function knownString(read: () => unknown): string | undefined {
  const value = ifKnown(read);
  return typeof value === "string" ? value : undefined;
}

/** Whether `read` touches a value unknown during preview. */
export function isUnknown(read: () => unknown): boolean {
  try {
    read();
    return false;
  } catch (error) {
    if (isUnknownValueError(error)) return true;
    throw error;
  }
}

/**
 * Letting go of what Pulumi's mock monitor keeps of every resource once the capture has recorded it.
 *
 * `setMocks` installs the SDK's `MockMonitor` (`@pulumi/pulumi` 3.248 `runtime/mocks.js`), which stands in for
 * the engine inside the program's own process and keeps every registered resource in its `resources` map:
 * the serialized state of each custom resource (`registerResource`, `readResource`) and, for a component, the
 * protobuf `Struct` of its outputs (`registerResourceOutputs` stores `req.getOutputs()` as its state). The map
 * is read again only to answer a `pulumi:pulumi:getResource` invoke (a resource looked up by URN, which the
 * program never does) and by `registerResourceOutputs` (which needs the component's entry). The real engine
 * keeps that state in its own process, never in the program's: under mocks the map made the program's memory
 * grow by about 3 KB per resource (measured: 43 MB of the 96 MB a 5,000-guest run grew between 1,000 and 4,000
 * guests, in heap snapshots). `captureProgram` records what it needs itself, so it lets the monitor forget a
 * resource as soon as the resource can no longer be asked for: a custom or read resource once registered, a
 * component once its outputs are in.
 */

/** The monitor's map (public in the SDK's `mocks.d.ts`); optional, so another monitor is left alone. */
interface MockBookkeeping {
  readonly resources?: unknown;
}

/** Removes `urn` from the mock monitor's record of registered resources, when it keeps one. */
export function forgetRegistered(monitor: unknown, urn: string): void {
  const resources = (monitor as MockBookkeeping | undefined)?.resources;
  if (resources instanceof Map) resources.delete(urn);
}

/** How many resources the mock monitor still keeps (0 for another monitor): what the tests count. */
export function keptByMonitor(monitor: unknown): number {
  const resources = (monitor as MockBookkeeping | undefined)?.resources;
  return resources instanceof Map ? resources.size : 0;
}

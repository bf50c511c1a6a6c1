/**
 * What a live drift test connects with: the real SDK clients pointed at the loopback server, trusting its
 * certificate only, with short backoffs so retries do not slow the suite.
 */

import { Agent } from "undici";
import type { DriftDeps } from "../../../review/drift/drift";
import type { AzureServer } from "./azure-server";
import { StaticTestCredential } from "./credential";

/** Deps for `computeDrift` / `runDrift` against `server`. */
export function liveDeps(
  server: AzureServer,
  credential = new StaticTestCredential(),
): DriftDeps & { credential: StaticTestCredential } {
  return {
    credential,
    arm: { endpoint: server.origin, ca: server.ca, retry: { maxRetries: 3, retryDelayInMs: 20 } },
    graph: {
      baseUrl: `${server.origin}/`,
      // Node's fetch (undici) takes a dispatcher: this one trusts the test server's certificate.
      fetchOptions: { dispatcher: new Agent({ connect: { ca: server.ca } }) },
      retry: { maxRetries: 3, delaySeconds: 0.02 },
      timeoutMs: 10_000,
    },
    concurrency: 2,
  };
}

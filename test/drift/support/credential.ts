/**
 * A static test credential: a fixed token, counted, never from Entra ID. With it the live review never asks
 * `@azure/identity` for a token (nor probes the instance-metadata service).
 */

import type { AccessToken, TokenCredential } from "@azure/identity";

/** The token the test credential hands out: tests assert it never appears in any output. */
export const TEST_TOKEN =
  "eyJ0ZXN0IjoidG9rZW4ifQ.eyJzdWIiOiJkcmlmdC10ZXN0In0.c2lnbmF0dXJlLW5vdC1yZWFs";

/** A credential that answers every request with `TEST_TOKEN`, remembering the scopes asked for. */
export class StaticTestCredential implements TokenCredential {
  readonly scopes: string[] = [];

  getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return Promise.resolve({ token: TEST_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 });
  }
}

/**
 * The credential a live review authenticates with. By default `@azure/identity`'s `DefaultAzureCredential`
 * (environment, workload identity federation in CI, managed identity, `az login`, ...), loaded only when a
 * live review runs and no credential was handed in: tests hand in their own, so the default chain (and its
 * instance-metadata probe) never runs there.
 */

import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";

/** The scope of an ARM token. */
export const ARM_SCOPE = "https://management.azure.com/.default";

/** The scope of a Microsoft Graph token (the app's or user's consented permissions). */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** `@azure/identity`'s default chain. */
export async function defaultCredential(): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential();
}

/** A credential that remembers the tokens it handed out, so every message can be scrubbed of them. */
export class RecordingCredential implements TokenCredential {
  private readonly issued = new Set<string>();

  constructor(private readonly inner: TokenCredential) {}

  /** Gets a token from the wrapped credential and remembers it. */
  async getToken(
    scopes: string | string[],
    options?: GetTokenOptions,
  ): Promise<AccessToken | null> {
    const token = await this.inner.getToken(scopes, options);
    if (token) this.issued.add(token.token);
    return token;
  }

  /** Every token handed out so far. */
  get tokens(): Iterable<string> {
    return this.issued;
  }
}

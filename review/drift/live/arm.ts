/**
 * Role assignments from ARM through the official SDK (`@azure/arm-authorization`,
 * `roleAssignments.listForScope`, API 2022-04-01). The SDK follows `nextLink`, retries 429 after
 * `Retry-After` (throttling policy) and retries 5xx and network errors with exponential backoff (the
 * default retry policy of @azure/core-rest-pipeline).
 */

import { AuthorizationManagementClient, type RoleAssignment } from "@azure/arm-authorization";
import type { TokenCredential } from "@azure/identity";
import { toTenantAssignment } from "../exports/assignments";
import type { TenantAssignment } from "../model";
import { ARM_SCOPE } from "./credential";
import type { ScopeRead } from "./scopes";

/** How the ARM client is built; tests point it at a loopback server. */
export interface ArmClientOptions {
  /** The ARM endpoint; `https://management.azure.com` by default. */
  readonly endpoint?: string;
  /** Extra CA certificates to trust (the test server's). */
  readonly ca?: string;
  /** Retries of a failed request, and the first backoff (doubled each time). */
  readonly retry?: { readonly maxRetries: number; readonly retryDelayInMs: number };
}

/**
 * The client. `listForScope` takes its scope as an argument; the subscription every generated ARM client
 * requires at construction is never used by it.
 */
export function armClient(
  credential: TokenCredential,
  options: ArmClientOptions = {},
): AuthorizationManagementClient {
  return new AuthorizationManagementClient(credential, "00000000-0000-0000-0000-000000000000", {
    credentialScopes: [ARM_SCOPE],
    retryOptions: {
      maxRetries: options.retry?.maxRetries ?? 4,
      retryDelayInMs: options.retry?.retryDelayInMs ?? 1000,
    },
    ...(options.endpoint ? { endpoint: options.endpoint, $host: options.endpoint } : {}),
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
  });
}

/** One SDK assignment (the model flattens `properties`) as the review's. */
function fromSdk(assignment: RoleAssignment, where: () => string): TenantAssignment {
  return toTenantAssignment(
    { id: assignment.id, name: assignment.name },
    {
      principalId: assignment.principalId,
      principalType: assignment.principalType,
      roleDefinitionId: assignment.roleDefinitionId,
      scope: assignment.scope,
      description: assignment.description,
      condition: assignment.condition,
    },
    where,
  );
}

/** Every assignment that applies at `read.scope`, all pages; `onPage` sees the running count. */
export async function listAssignments(
  client: AuthorizationManagementClient,
  read: ScopeRead,
  options: { readonly abortSignal?: AbortSignal; readonly onItem?: () => void } = {},
): Promise<TenantAssignment[]> {
  // The operation's path is `/{scope}/providers/...` with the scope not encoded: it goes without its slash.
  const scope = read.scope.replace(/^\//, "");
  const out: TenantAssignment[] = [];
  const pages = client.roleAssignments.listForScope(scope, {
    ...(read.filter ? { filter: read.filter } : {}),
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  for await (const assignment of pages) {
    out.push(fromSdk(assignment, () => `ARM ${read.scope}: ${assignment.id ?? "an assignment"}`));
    options.onItem?.();
  }
  return out;
}

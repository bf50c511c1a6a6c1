/**
 * Azure RBAC scopes: parsed by their grammar, not matched loosely, and normalised so that two spellings of
 * the same scope are one string.
 *
 * Grammar (keywords are case-insensitive, as in ARM):
 *
 *   /                                                              the root (tenant) scope
 *   /providers/Microsoft.Management/managementGroups/{group}
 *   /subscriptions/{guid}
 *   /subscriptions/{guid}/resourceGroups/{group}
 *   /subscriptions/{guid}[/resourceGroups/{group}]{provider-path}+ a resource (or a child or extension resource)
 *   provider-path := /providers/{Namespace.Name}/{type}/{name}[/{type}/{name}]...
 *
 * The normalised form writes keywords in ARM's canonical case and every value in lower case. Azure treats
 * scopes case-insensitively, but `scope` forces replacement of a role assignment: sending the user's casing
 * would turn a cosmetic re-casing of the YAML into revoking and re-granting access.
 */

/** What kind of thing a scope is. */
export type ScopeKind = "root" | "managementGroup" | "subscription" | "resourceGroup" | "resource";

/** A parsed, normalised Azure scope. */
export interface AzureScope {
  /** The kind of scope. */
  readonly kind: ScopeKind;
  /** The normalised scope string. */
  readonly id: string;
  /** The management group name (lower-case), for a management group scope. */
  readonly managementGroup?: string;
  /** The subscription GUID (lower-case), for subscription, resource group and resource scopes. */
  readonly subscriptionId?: string;
  /** The resource group name (lower-case), for resource group scopes and resources inside one. */
  readonly resourceGroup?: string;
}

/** The outcome of parsing: a scope, or a sentence saying what is wrong and how to write it. */
export type ScopeParseResult =
  | { readonly ok: true; readonly scope: AzureScope }
  | { readonly ok: false; readonly error: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Management group and resource group names: ARM's documented character sets; neither may end with a period.
const MANAGEMENT_GROUP_NAME = /^[A-Za-z0-9\-_().]{1,90}$/;
const RESOURCE_GROUP_NAME = /^[-\w.()\p{L}\p{N}]{1,90}$/u;
const PROVIDER_NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9]*$/;
const RESOURCE_NAME = /^[^\s/?#\\]+$/;
/** Control and format characters (bidirectional controls, zero-width characters): never part of a scope. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
/** A percent-encoded byte: ARM decodes it, so `%2F` would be a separator nobody sees in the YAML. */
const PERCENT_ENCODED = /%[0-9A-Fa-f]{2}/;

/**
 * The longest scope accepted. Azure names are short (resource groups 90, most resources 24-80 characters), so
 * even a deeply nested child resource stays far below; a scope this long is a mistake or an attack.
 */
export const MAX_SCOPE_LENGTH = 2000;

const EXAMPLES =
  "write /subscriptions/<guid>, /subscriptions/<guid>/resourceGroups/<name>, " +
  "/subscriptions/<guid>/resourceGroups/<name>/providers/<Namespace>/<type>/<name> " +
  "or /providers/Microsoft.Management/managementGroups/<name>";

/** True when `value` is a GUID in 8-4-4-4-12 form (any case). */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

function fail(error: string): ScopeParseResult {
  return { ok: false, error };
}

function same(segment: string | undefined, keyword: string): boolean {
  return segment !== undefined && segment.toLowerCase() === keyword.toLowerCase();
}

/** Parses and normalises an Azure scope string. */
export function parseScope(raw: string): ScopeParseResult {
  if (raw.length > MAX_SCOPE_LENGTH) {
    return fail(
      `a scope of ${raw.length} characters is longer than any Azure scope (at most ${MAX_SCOPE_LENGTH} here)`,
    );
  }
  const invisible = INVISIBLE.exec(raw);
  if (invisible) {
    const hex = (invisible[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
    return fail(`a scope must not contain control or invisible characters (U+${hex})`);
  }
  if (PERCENT_ENCODED.test(raw)) {
    return fail(
      'a scope must not contain percent-encoding (such as "%2F"): Azure would decode it into another scope; write the characters themselves',
    );
  }
  if (raw !== raw.trim()) return fail("a scope must not start or end with white space");
  if (raw === "/") return { ok: true, scope: { kind: "root", id: "/" } };
  if (!raw.startsWith("/")) return fail(`a scope must start with "/"; ${EXAMPLES}`);
  if (raw.endsWith("/")) return fail('a scope must not end with "/"; remove the trailing slash');
  const parts = raw.slice(1).split("/");
  if (parts.some((p) => p === "")) return fail('a scope must not contain an empty segment ("//")');

  if (same(parts[0], "providers")) return parseManagementGroup(parts);
  if (!same(parts[0], "subscriptions")) {
    return fail(`"/${parts[0]}" does not start an Azure scope; ${EXAMPLES}`);
  }
  const subscription = parts[1];
  if (subscription === undefined)
    return fail("the subscription id is missing after /subscriptions");
  if (!isGuid(subscription)) {
    return fail(`"${subscription}" is not a subscription id; a subscription id is a GUID`);
  }
  const subscriptionId = subscription.toLowerCase();
  let id = `/subscriptions/${subscriptionId}`;
  if (parts.length === 2) return { ok: true, scope: { kind: "subscription", id, subscriptionId } };

  let rest = parts.slice(2);
  let resourceGroup: string | undefined;
  if (same(rest[0], "resourceGroups")) {
    const group = rest[1];
    if (group === undefined)
      return fail("the resource group name is missing after /resourceGroups");
    if (!RESOURCE_GROUP_NAME.test(group) || group.endsWith(".")) {
      return fail(
        `"${group}" is not a resource group name: 1-90 letters, digits, "-", "_", ".", "(" or ")", not ending with "."`,
      );
    }
    resourceGroup = group.toLowerCase();
    id += `/resourceGroups/${resourceGroup}`;
    rest = rest.slice(2);
    if (rest.length === 0) {
      return { ok: true, scope: { kind: "resourceGroup", id, subscriptionId, resourceGroup } };
    }
  }
  const resource = parseProviderPath(rest);
  if (typeof resource !== "string") return fail(resource.error);
  id += resource;
  return {
    ok: true,
    scope: resourceGroup
      ? { kind: "resource", id, subscriptionId, resourceGroup }
      : { kind: "resource", id, subscriptionId },
  };
}

function parseManagementGroup(parts: readonly string[]): ScopeParseResult {
  if (!same(parts[1], "Microsoft.Management") || !same(parts[2], "managementGroups")) {
    return fail(`a scope starting with /providers must be a management group; ${EXAMPLES}`);
  }
  const name = parts[3];
  if (name === undefined)
    return fail("the management group name is missing after /managementGroups");
  if (!MANAGEMENT_GROUP_NAME.test(name) || name.endsWith(".")) {
    return fail(
      `"${name}" is not a management group name: 1-90 letters, digits, "-", "_", ".", "(" or ")", not ending with "."`,
    );
  }
  if (parts.length > 4) {
    return fail(
      "resources under a management group are not role assignment scopes; end the scope at the group's name",
    );
  }
  const managementGroup = name.toLowerCase();
  return {
    ok: true,
    scope: {
      kind: "managementGroup",
      id: `/providers/Microsoft.Management/managementGroups/${managementGroup}`,
      managementGroup,
    },
  };
}

/** Parses `providers/{ns}/{type}/{name}[/{type}/{name}]...` repeated; returns the normalised path or an error. */
function parseProviderPath(parts: readonly string[]): string | { error: string } {
  let out = "";
  let i = 0;
  while (i < parts.length) {
    if (!same(parts[i], "providers")) {
      return { error: `expected "providers" where "${parts[i]}" is; ${EXAMPLES}` };
    }
    const namespace = parts[i + 1];
    if (namespace === undefined || !PROVIDER_NAMESPACE.test(namespace)) {
      return {
        error: `"${namespace ?? ""}" is not a resource provider namespace such as Microsoft.Storage`,
      };
    }
    out += `/providers/${namespace.toLowerCase()}`;
    i += 2;
    let pairs = 0;
    while (i < parts.length && !same(parts[i], "providers")) {
      const type = parts[i] as string;
      const name = parts[i + 1];
      if (!RESOURCE_TYPE.test(type)) return { error: `"${type}" is not a resource type` };
      if (name === undefined) return { error: `the resource name is missing after "${type}"` };
      if (name === "." || name === "..") {
        return {
          error: `"${name}" is not a resource name: "." and ".." would climb the path, not name a resource`,
        };
      }
      if (!RESOURCE_NAME.test(name)) return { error: `"${name}" is not a resource name` };
      out += `/${type.toLowerCase()}/${name.toLowerCase()}`;
      i += 2;
      pairs++;
    }
    if (pairs === 0)
      return { error: `a resource type and name must follow /providers/${namespace}` };
  }
  return out;
}

/** True when `inner` is `outer` or lies below it. Both must be normalised. Management group ancestry is not known offline. */
export function isScopeWithin(inner: string, outer: string): boolean {
  if (outer === "/") return true;
  return inner === outer || inner.startsWith(`${outer}/`);
}

/** Normalises a scope string, or returns undefined when it is not a scope. */
export function normaliseScope(raw: string): string | undefined {
  const parsed = parseScope(raw);
  return parsed.ok ? parsed.scope.id : undefined;
}

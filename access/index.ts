/**
 * The pure core: from access files to a resolved model, or to diagnostics. Knows nothing of Pulumi.
 */

export * from "./diagnostics";
export * from "./model";
export {
  loadAccess,
  resolveSources,
  loadRoleCatalog,
  type LoadOptions,
  type LoadResult,
} from "./load";
export { UnreadableInputError, readSources, parseSource, type SourceFile } from "./source";
export { RoleCatalog, roleGuidOf, type CatalogRole } from "./roles";
export { parseScope, isScopeWithin, isGuid, type ScopeKind } from "./scope";
export { normaliseEmail, emailDomain } from "./email";
export { todayUtc } from "./dates";
export { GUEST_COMPONENT_TYPE, INVITATION_TYPE, ROLE_ASSIGNMENT_TYPE } from "./tokens";
export { formatDiagnostic, formatDiagnostics, countDiagnostics, type SourceTexts } from "./format";

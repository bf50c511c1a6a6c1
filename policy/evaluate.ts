/**
 * Runs the pack's policies over a list of resources the way the policy engine does, in-process: the offline
 * plan and the tests use it to get the verdicts `pulumi preview --policy-pack policy` would give.
 *
 * Faithful to `@pulumi/policy`'s analyzer server (1.21) in what a policy can observe:
 * - resource policies run per resource, in pack order, with `props` behind `unknownCheckingProxy`, so touching
 *   a value unknown during preview skips the policy for that resource with an advisory
 *   "can't run policy … during preview" diagnostic;
 * - stack policies run once over every resource, with parents, dependencies and property dependencies
 *   resolved to resource objects (URNs that name no resource are dropped, as the server drops them);
 * - a resource policy sees a resource's inputs (the engine's `Analyze` sends them), a stack policy its
 *   outputs (`AnalyzeStack` sends `state.Outputs`): for a component, only what it registered with
 *   `registerOutputs`, never its inputs (docs/providers.md, "What a policy sees of a component");
 * - `getConfig()` returns the policy's reconciled properties (see `pack-config.ts`), `notApplicable()` is
 *   recorded, `disabled` policies are skipped, and `remediate` is reported as `mandatory`;
 * - a violation's message is the policy's description, a newline and what the policy reported.
 * Any other error a policy throws stops the evaluation, as it stops a real preview.
 */

import type {
  EnforcementLevel,
  Policies,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { isUnknownValueError, unknownCheckingProxy } from "./lib/engine-proxy";
import packJson from "./package.json";
import type { ResolvedPackConfig } from "./pack-config";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies as packPolicies } from "./policies/index";

/** A resource as the engine would hand it to the analyzer. */
export interface PolicyInputResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Inputs, as `Analyze` sends them; `UNKNOWN` where a value is not known yet. Plain JSON. */
  readonly props: Readonly<Record<string, unknown>>;
  /**
   * Outputs, as `AnalyzeStack` sends them: for a component, what it registered (`{}` when nothing). Absent
   * for a custom resource, whose stack view is then its `props`: in a preview the provider echoes the
   * inputs, and no policy here reads an output a provider computes.
   */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** The parent's URN. */
  readonly parent?: string;
  /** URNs this resource depends on. */
  readonly dependencies?: readonly string[];
  /** URNs each input property depends on. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** Resource options the analyzer sees; defaults as the engine sends for a resource without them. */
  readonly opts?: Partial<Omit<PolicyResourceOptions, "parent">>;
}

/** The levels a diagnostic can carry once `remediate` is reported as `mandatory`. */
export type DiagnosticLevel = "advisory" | "mandatory";

/** One diagnostic, as the engine would print it. */
export interface PolicyDiagnostic {
  /** The policy's name. */
  readonly policy: string;
  /** The level it is reported at. */
  readonly enforcementLevel: DiagnosticLevel;
  /** The policy's severity. */
  readonly severity?: Severity;
  /** The resource concerned (a stack policy may name none). */
  readonly urn?: string;
  /** The policy's description: why the rule exists. */
  readonly description: string;
  /** What the policy reported: what triggered, with the offending values (or why it could not run). */
  readonly detail: string;
  /** The message as the engine shows it (`description\ndetail` for a violation). */
  readonly message: string;
  /** A violation, or a policy that could not run on a value unknown during preview. */
  readonly kind: "violation" | "unknown-during-preview";
  /** Which RPC it would come from. */
  readonly phase: "resource" | "stack";
}

/** A policy that declared itself not applicable to a resource (or to the stack). */
export interface NotApplicable {
  readonly policy: string;
  readonly urn?: string;
  readonly reason?: string;
}

/** Everything an evaluation produced. */
export interface EvaluationResult {
  readonly diagnostics: readonly PolicyDiagnostic[];
  readonly notApplicable: readonly NotApplicable[];
  /** Policies skipped because their level is `disabled`. */
  readonly disabled: readonly string[];
}

/** How to evaluate. */
export interface EvaluateOptions {
  /** Every policy's reconciled configuration (`reconcilePackConfig`); a policy missing here gets `{}`. */
  readonly config: ResolvedPackConfig;
  /** The policies (default: this pack's). */
  readonly policies?: Policies;
  /** The pack's default level (default: this pack's). */
  readonly packEnforcementLevel?: EnforcementLevel;
  /** Stack tags, as `ConfigureStack` would set them. */
  readonly stackTags?: ReadonlyMap<string, string>;
  /**
   * Record which policies declared themselves not applicable, and to what (default true). A large plan
   * turns it off: it is most pairs of resource and policy, and nothing it prints reads them.
   */
  readonly recordNotApplicable?: boolean;
}

/** A policy threw something other than "unknown" or "not applicable": the engine would fail the run. */
export class PolicyRunError extends Error {
  override readonly name = "PolicyRunError";

  constructor(
    readonly policy: string,
    readonly urn: string | undefined,
    override readonly cause: unknown,
  ) {
    super(
      `policy '${policy}' failed${urn ? ` on ${urn}` : ""}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/**
 * What `args.notApplicable()` throws. Thrown for most policy and resource pairs (a policy about role
 * assignments, asked about an invitation), and never shown: it records no stack trace, which would cost more
 * than the policy itself.
 */
class NotApplicableSignal extends Error {
  readonly reason: string | undefined;

  constructor(reason: string | undefined) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(reason ?? "Policy does not apply");
    Error.stackTraceLimit = limit;
    this.reason = reason;
  }
}

function notApplicable(reason?: string): never {
  throw new NotApplicableSignal(reason);
}

const DEFAULT_OPTIONS: Omit<PolicyResourceOptions, "parent"> = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function optionsOf(resource: PolicyInputResource): PolicyResourceOptions {
  return {
    ...DEFAULT_OPTIONS,
    ...resource.opts,
    ...(resource.parent ? { parent: resource.parent } : {}),
  };
}

function isResourcePolicy(p: object): p is ResourceValidationPolicy {
  const v = (p as ResourceValidationPolicy).validateResource;
  return typeof v === "function" || Array.isArray(v);
}

function isStackPolicy(p: object): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
  // Provider SDK classes carry their type token; the pack never imports them, so this is for completeness.
  const token = (resourceClass as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof token === "string" && token === type;
}

/**
 * A deep copy of JSON data, equal to a JSON round trip (undefined and functions dropped from objects, null
 * in arrays) without building the intermediate string.
 */
function copyJson(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map((item: unknown) =>
      item === undefined || typeof item === "function" ? null : copyJson(item),
    );
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined && typeof item !== "function") out[key] = copyJson(item);
    }
    return out;
  }
  return value;
}

/** A fresh proxied copy of a resource's props, as each validation receives from the server. */
function proxiedProps(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // The server deserialises a fresh object per validation, and policies must not share state.
  return unknownCheckingProxy(copyJson(props) as Record<string, unknown>);
}

/**
 * What one resource validation receives. The props and options are made when first read, then kept: a
 * validation sees exactly what the server would give it (a fresh copy of its own), while one that never reads
 * them (a policy about another type: most resource and policy pairs) costs no copy. Built for every resource
 * and policy, so it is one small object.
 */
class ValidationArgs implements ResourceValidationArgs {
  readonly #resource: PolicyInputResource;
  #props: Record<string, unknown> | undefined;
  #opts: PolicyResourceOptions | undefined;
  readonly type: string;
  readonly urn: string;
  readonly name: string;

  constructor(
    resource: PolicyInputResource,
    readonly stackTags: ReadonlyMap<string, string>,
    readonly getConfig: <T extends object>() => T,
  ) {
    this.#resource = resource;
    this.type = resource.type;
    this.urn = resource.urn;
    this.name = resource.name;
  }

  get props(): Record<string, unknown> {
    return (this.#props ??= proxiedProps(this.#resource.props));
  }

  get opts(): PolicyResourceOptions {
    return (this.#opts ??= optionsOf(this.#resource));
  }

  isType(cls: unknown): boolean {
    return isTypeOf(this.type, cls);
  }

  asType<T>(cls: unknown): T | undefined {
    return isTypeOf(this.type, cls) ? (this.props as T) : undefined;
  }

  notApplicable(reason?: string): never {
    return notApplicable(reason);
  }
}

/**
 * One resource of the stack as a stack policy sees it: props, options, dependencies and property
 * dependencies made when first read, as for `ValidationArgs` (most policies read few of them, on few
 * resources); the parent linked by `stackView`.
 */
class StackResourceView implements PolicyResource {
  readonly #resource: PolicyInputResource;
  readonly #byUrn: ReadonlyMap<string, PolicyResource>;
  #props: Record<string, unknown> | undefined;
  #opts: PolicyResourceOptions | undefined;
  #dependencies: PolicyResource[] | undefined;
  #propertyDependencies: Record<string, PolicyResource[]> | undefined;
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  parent?: PolicyResource;

  constructor(resource: PolicyInputResource, byUrn: ReadonlyMap<string, PolicyResource>) {
    this.#resource = resource;
    this.#byUrn = byUrn;
    this.type = resource.type;
    this.urn = resource.urn;
    this.name = resource.name;
  }

  /** A stack policy sees a resource's outputs (see the top of this file). */
  get props(): Record<string, unknown> {
    return (this.#props ??= proxiedProps(this.#resource.outputs ?? this.#resource.props));
  }

  get opts(): PolicyResourceOptions {
    return (this.#opts ??= optionsOf(this.#resource));
  }

  get dependencies(): PolicyResource[] {
    return (this.#dependencies ??= this.#known(this.#resource.dependencies));
  }

  get propertyDependencies(): Record<string, PolicyResource[]> {
    if (!this.#propertyDependencies) {
      const deps: Record<string, PolicyResource[]> = {};
      const given = this.#resource.propertyDependencies ?? {};
      for (const property of Object.keys(given)) deps[property] = this.#known(given[property]);
      this.#propertyDependencies = deps;
    }
    return this.#propertyDependencies;
  }

  isType(cls: unknown): boolean {
    return isTypeOf(this.type, cls);
  }

  asType<T>(cls: unknown): T | undefined {
    return isTypeOf(this.type, cls) ? (this.props as T) : undefined;
  }

  /** The resources `urns` name; URNs that name none are dropped, as the server drops them. */
  #known(urns: readonly string[] | undefined): PolicyResource[] {
    const out: PolicyResource[] = [];
    for (const urn of urns ?? []) {
      const resource = this.#byUrn.get(urn);
      if (resource) out.push(resource);
    }
    return out;
  }
}

/** Evaluates every policy over `resources`: resource policies per resource, then stack policies. */
export async function evaluatePolicies(
  resources: readonly PolicyInputResource[],
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const policies = options.policies ?? packPolicies;
  const packLevel = options.packEnforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
  const stackTags = options.stackTags ?? new Map<string, string>();
  const diagnostics: PolicyDiagnostic[] = [];
  const notApplicables: NotApplicable[] = [];
  const disabled: string[] = [];
  const packLabel = `'${PACK_NAME}@v${packJson.version}'`;

  const levelOf = (name: string, declared: EnforcementLevel | undefined): EnforcementLevel =>
    options.config[name]?.enforcementLevel ?? declared ?? packLevel;
  const configOf = (name: string) => () =>
    ({ ...(options.config[name]?.properties ?? {}) }) as never;
  const configs = new Map(policies.map((p) => [p.name, configOf(p.name)]));

  const active = policies.filter((p) => {
    if (levelOf(p.name, p.enforcementLevel) !== "disabled") return true;
    disabled.push(p.name);
    return false;
  });

  const reporter = (
    policy: (typeof policies)[number],
    phase: "resource" | "stack",
    defaultUrn: string | undefined,
  ): ReportViolation => {
    const level = levelOf(policy.name, policy.enforcementLevel);
    const enforcementLevel: DiagnosticLevel = level === "advisory" ? "advisory" : "mandatory";
    return (detail: string, urn?: string) => {
      const reportedUrn = phase === "resource" ? defaultUrn : urn;
      diagnostics.push({
        policy: policy.name,
        enforcementLevel,
        ...(policy.severity ? { severity: policy.severity } : {}),
        ...(reportedUrn ? { urn: reportedUrn } : {}),
        description: policy.description,
        detail,
        message: detail ? `${policy.description}\n${detail}` : policy.description,
        kind: "violation",
        phase,
      });
    };
  };

  const handle = (
    error: unknown,
    policy: (typeof policies)[number],
    phase: "resource" | "stack",
    urn: string | undefined,
  ): void => {
    if (error instanceof NotApplicableSignal) {
      if (options.recordNotApplicable === false) return;
      notApplicables.push({
        policy: policy.name,
        ...(urn ? { urn } : {}),
        ...(error.reason ? { reason: error.reason } : {}),
      });
    } else if (isUnknownValueError(error)) {
      const detail = `can't run policy '${policy.name}' from policy pack ${packLabel} during preview: ${error.message}`;
      diagnostics.push({
        policy: policy.name,
        enforcementLevel: "advisory",
        ...(policy.severity ? { severity: policy.severity } : {}),
        ...(phase === "resource" && urn ? { urn } : {}),
        description: policy.description,
        detail,
        message: detail,
        kind: "unknown-during-preview",
        phase,
      });
    } else {
      throw new PolicyRunError(policy.name, urn, error);
    }
  };

  for (const resource of resources) {
    for (const policy of active) {
      if (!isResourcePolicy(policy) || !policy.validateResource) continue;
      const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
      const report = reporter(policy, "resource", resource.urn);
      for (const validate of validations) {
        const args = new ValidationArgs(resource, stackTags, configs.get(policy.name) as never);
        try {
          // Awaited only when it returns a promise: most validations are synchronous, and a microtask per
          // resource and policy was a measurable share of a large plan.
          const result = validate(args, report);
          if (result instanceof Promise) await result;
        } catch (error) {
          handle(error, policy, "resource", resource.urn);
        }
      }
    }
  }

  for (const policy of active) {
    if (!isStackPolicy(policy)) continue;
    const args: StackValidationArgs = {
      resources: stackView(resources),
      stackTags,
      getConfig: configOf(policy.name),
      notApplicable,
    };
    try {
      await policy.validateStack(args, reporter(policy, "stack", undefined));
    } catch (error) {
      handle(error, policy, "stack", undefined);
    }
  }
  return { diagnostics, notApplicable: notApplicables, disabled };
}

/** The stack as a stack policy sees it: resources linked to their parents and dependencies. */
function stackView(resources: readonly PolicyInputResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const views = resources.map((resource) => {
    const view = new StackResourceView(resource, byUrn);
    byUrn.set(resource.urn, view);
    return view;
  });
  resources.forEach((resource, i) => {
    const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
    if (parent) (views[i] as StackResourceView).parent = parent;
  });
  return views;
}

/** The mandatory violations among diagnostics: what makes `pulumi preview` fail. */
export function mandatoryViolations(result: EvaluationResult): PolicyDiagnostic[] {
  return result.diagnostics.filter(
    (d) => d.kind === "violation" && d.enforcementLevel === "mandatory",
  );
}

/** A registration captured from the program under mocks (structurally: `program/capture.ts`'s record). */
export interface CapturedRegistration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** A custom resource (false: a component). */
  readonly custom?: boolean;
  /** What a component registered with `registerOutputs`. */
  readonly outputs?: Readonly<Record<string, unknown>>;
  readonly options?: {
    readonly protect?: boolean;
    readonly ignoreChanges?: readonly string[];
    readonly additionalSecretOutputs?: readonly string[];
    readonly deleteBeforeReplace?: boolean;
  };
}

/**
 * The analyzer's view of a captured registration: its inputs as props, a component's registered outputs as
 * its stack view (none registered: empty, as the engine's state holds none), its options as the engine
 * sends them.
 */
export function fromCaptured(captured: CapturedRegistration): PolicyInputResource {
  const options = captured.options;
  return {
    urn: captured.urn,
    type: captured.type,
    name: captured.name,
    props: captured.inputs,
    ...(captured.custom === false ? { outputs: captured.outputs ?? {} } : {}),
    ...(captured.parent ? { parent: captured.parent } : {}),
    dependencies: captured.dependencies,
    propertyDependencies: captured.propertyDependencies,
    opts: {
      protect: options?.protect ?? false,
      ignoreChanges: [...(options?.ignoreChanges ?? [])],
      additionalSecretOutputs: [...(options?.additionalSecretOutputs ?? [])],
      ...(options?.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
    },
  };
}

/**
 * A resource as the engine sees its registration: URN, parent, dependencies, inputs (unknown values as the
 * unknown sentinel) and options. The offline plan makes these from the specs (`preview.ts`); the capture of
 * the real program under mocks (`program/capture.ts`) records the same shape from the SDK's requests, and a
 * test requires the two to agree.
 */

/** The resource options a plan and the policies care about. */
export interface RegisteredOptions {
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: readonly string[];
  readonly additionalSecretOutputs: readonly string[];
  readonly replaceOnChanges: readonly string[];
  /** The `import` option: the id of an existing resource to adopt; absent when not set. */
  readonly importId?: string;
}

/** One registered resource, as the engine would see it. */
export interface RegisteredResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** A custom (provider) resource, as opposed to a component. */
  readonly custom: boolean;
  readonly parent?: string;
  /** Every URN an input depends on, sorted. */
  readonly dependencies: readonly string[];
  /** Per input, the URNs its value depends on (sorted); an input with no dependency maps to `[]`. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** Inputs as sent to the engine; unknown values are `UNKNOWN`; secrets are unwrapped. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Top-level input names whose value was secret. */
  readonly secretInputs: readonly string[];
  readonly options: RegisteredOptions;
  /**
   * Set for a resource the program reads rather than manages (a `StackReference`): the id it reads. A read
   * resource is never created, updated or deleted.
   */
  readonly readId?: string;
  /**
   * What a component registered with `registerOutputs` (unknown values `UNKNOWN`, secrets unwrapped): its
   * outputs, which is all the engine's `AnalyzeStack` shows of it. Absent when it registered none, and for a
   * custom resource (whose outputs under the mocks merely echo its inputs).
   */
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/**
 * Builds the policy pack into a self-contained folder that `pulumi policy publish` can upload and Pulumi Cloud
 * can run: `index.js` (policy/index.ts and everything it imports, bundled by esbuild, TypeScript compiled
 * away), `package.json` whose only dependencies are `@pulumi/policy` and `@pulumi/pulumi` at the project's
 * pinned versions, and `PulumiPolicy.yaml`.
 *
 *   ts-node scripts/build-policy-pack.ts [OUT_DIR]   (default dist/policy-pack; `npm run pack:build`)
 *
 * Why a bundle: `pulumi policy publish` uploads the folder as `npm pack` makes it, and the service installs only
 * the dependencies its package.json lists (pulumi/pulumi `pkg/backend/httpstate/policypack.go`, v3.248.0:
 * `npm.Pack` on publish, `installRequiredPolicy` on use). `policy/` imports `azure/` and npm packages, none of
 * which would be there. The two Pulumi packages stay external: the pack must share the SDK the runner loads.
 *
 * The build refuses a pack that imports anything of ours outside `policy/` and `azure/` (the layout's rule:
 * the pack never reaches into access/, components/, program/, review/ or cli/), or that leaves any import
 * other than the two Pulumi packages and Node's built-ins to be resolved at run time.
 */

import { builtinModules } from "node:module";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { build, type Metafile } from "esbuild";

const ROOT = join(__dirname, "..");

/** The packages the built pack leaves to its own `node_modules`: the only ones its package.json lists. */
export const PACK_DEPENDENCIES = ["@pulumi/policy", "@pulumi/pulumi"] as const;

/** Folders of this repository the pack may import from. */
export const PACK_SOURCE_FOLDERS = ["policy", "azure"] as const;

/** The default output folder. */
export const DEFAULT_PACK_DIR = join(ROOT, "dist", "policy-pack");

/** What a build produced. */
export interface PackBuild {
  /** The folder written. */
  readonly dir: string;
  /** Source files bundled into `index.js`, relative to the repository, sorted. */
  readonly sources: readonly string[];
  /** Imports left to run time (the Pulumi packages and Node built-ins), sorted. */
  readonly externals: readonly string[];
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

function readJson(path: string): PackageJson {
  return JSON.parse(readFileSync(path, "utf8")) as PackageJson;
}

/** The project's pinned version of each pack dependency; policy/package.json must agree with the root. */
function pinnedDependencies(): Record<string, string> {
  const root = readJson(join(ROOT, "package.json")).dependencies ?? {};
  const pack = readJson(join(ROOT, "policy", "package.json")).dependencies ?? {};
  const pinned: Record<string, string> = {};
  for (const name of PACK_DEPENDENCIES) {
    const version = root[name];
    if (version === undefined || !/^\d+\.\d+\.\d+$/.test(version))
      throw new Error(`package.json must pin ${name} to an exact version (found ${version})`);
    if (pack[name] !== version)
      throw new Error(
        `policy/package.json has ${name} ${pack[name]}, package.json ${version}: make them equal`,
      );
    pinned[name] = version;
  }
  return pinned;
}

/**
 * Bundled source files (relative to the repository) of ours outside the allowed folders: the layout rule a
 * pack must keep. npm packages (under node_modules) are bundled, so they are allowed.
 */
export function forbiddenSources(sources: readonly string[]): string[] {
  return sources.filter(
    (file) =>
      !file.startsWith(`node_modules${sep}`) &&
      !PACK_SOURCE_FOLDERS.some((folder) => file.startsWith(`${folder}${sep}`)),
  );
}

function isBuiltin(path: string): boolean {
  const bare = path.startsWith("node:") ? path.slice("node:".length) : path;
  return builtinModules.includes(bare);
}

function isPackDependency(path: string): boolean {
  return PACK_DEPENDENCIES.some((name) => path === name || path.startsWith(`${name}/`));
}

function externalsOf(metafile: Metafile): string[] {
  const externals = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const imported of output.imports) if (imported.external) externals.add(imported.path);
  return [...externals].sort();
}

/** Builds the pack into `dir` (emptied first). Throws, naming the culprit, when the pack is not self-contained. */
export async function buildPolicyPack(dir: string = DEFAULT_PACK_DIR): Promise<PackBuild> {
  const dependencies = pinnedDependencies();
  const result = await build({
    entryPoints: [join(ROOT, "policy", "index.ts")],
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: PACK_DEPENDENCIES.flatMap((name) => [name, `${name}/*`]),
    write: false,
    metafile: true,
    logLevel: "silent",
    outfile: join(dir, "index.js"),
  });
  const sources = Object.keys(result.metafile.inputs)
    .map((file) => relative(ROOT, join(ROOT, file)))
    .sort();
  const forbidden = forbiddenSources(sources);
  if (forbidden.length > 0)
    throw new Error(
      `the policy pack imports ${forbidden.join(", ")}; it may import only ${PACK_SOURCE_FOLDERS.map((f) => `${f}/`).join(" and ")} (and npm packages, which are bundled)`,
    );
  const externals = externalsOf(result.metafile);
  const unresolved = externals.filter((path) => !isPackDependency(path) && !isBuiltin(path));
  if (unresolved.length > 0)
    throw new Error(
      `the policy pack leaves ${unresolved.join(", ")} to be found at run time; only ${PACK_DEPENDENCIES.join(" and ")} are installed with it`,
    );

  const pack = readJson(join(ROOT, "policy", "package.json"));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of result.outputFiles) writeFileSync(file.path, file.contents);
  const packageJson = {
    name: pack.name,
    version: pack.version,
    private: true,
    ...(pack.description !== undefined ? { description: pack.description } : {}),
    ...(pack.license !== undefined ? { license: pack.license } : {}),
    main: "index.js",
    dependencies,
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(packageJson, null, 2)}\n`);
  copyFileSync(join(ROOT, "policy", "PulumiPolicy.yaml"), join(dir, "PulumiPolicy.yaml"));
  return { dir, sources, externals };
}

async function main(argv: readonly string[]): Promise<void> {
  const built = await buildPolicyPack(argv[0] ?? DEFAULT_PACK_DIR);
  const ours = built.sources.filter((s) => !s.startsWith(`node_modules${sep}`)).length;
  process.stdout.write(
    `policy pack written to ${relative(process.cwd(), built.dir) || "."}: ${ours} source files of ours, ` +
      `${built.sources.length - ours} from npm packages, bundled; left to run time: ${built.externals.join(", ")}\n`,
  );
}

if (require.main === module)
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });

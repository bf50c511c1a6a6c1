import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface LockPackage {
  version?: string;
  engines?: Record<string, string> | string[];
  dev?: boolean;
}

const ROOT = join(__dirname, "..");
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, LockPackage>;
};
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<
  string,
  Record<string, string>
>;

describe("the toolchain", () => {
  it("has exactly one @pulumi/pulumi in the tree, so resources and mocks share one runtime", () => {
    const copies = Object.keys(lock.packages).filter((path) =>
      path.endsWith("node_modules/@pulumi/pulumi"),
    );
    assert.deepEqual(copies, ["node_modules/@pulumi/pulumi"]);
  });

  it("pins every direct dependency to an exact version", () => {
    for (const section of ["dependencies", "devDependencies"]) {
      for (const [name, range] of Object.entries(manifest[section] ?? {})) {
        assert.match(
          range,
          /^\d+\.\d+\.\d+$/,
          `${name}@${range} in ${section} is not an exact pin`,
        );
      }
    }
  });

  it("uses TypeScript 5.9, whose compiler API ts-node and Pulumi need", () => {
    assert.match(lock.packages["node_modules/typescript"]?.version ?? "", /^5\.9\./);
  });

  it("installs no package whose engines exclude Node.js 20 (no EBADENGINE)", () => {
    const excluding = Object.entries(lock.packages)
      .filter(([, pkg]) => !Array.isArray(pkg.engines) && typeof pkg.engines?.node === "string")
      .filter(([, pkg]) => {
        const node = (pkg.engines as Record<string, string>).node as string;
        // Every alternative of the range must either admit 20.x or be a ">=N" with N <= 20.
        return !node.split("||").some((alternative) => admits20(alternative.trim()));
      })
      .map(([path, pkg]) => `${path} (${(pkg.engines as Record<string, string>).node})`);
    assert.deepEqual(excluding, []);
  });
});

/** Whether one alternative of an engines range admits Node.js 20.19 or later 20.x (the supported runtime). */
function admits20(alternative: string): boolean {
  const lower = /(?:>=?|\^|~)?\s*v?(\d+)(?:\.(\d+))?/.exec(alternative);
  if (!lower) return alternative === "*" || alternative === "";
  const major = Number(lower[1]);
  const minor = Number(lower[2] ?? 0);
  if (alternative.startsWith("^") || alternative.startsWith("~"))
    return major === 20 && minor <= 19;
  if (alternative.startsWith(">")) {
    const upper = /<\s*(\d+)/.exec(alternative);
    return (major < 20 || (major === 20 && minor <= 19)) && (!upper || Number(upper[1]) > 20);
  }
  return major === 20;
}

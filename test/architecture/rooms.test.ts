/**
 * The architecture checks itself: the real ESLint config (eslint.config.mjs) refuses an import that points up
 * the rooms of ARCHITECTURE.md, a provider SDK in `azure/` or `policy/`, and an import cycle. Each case lints
 * one import as if it were written in a file of that room, with only the import rules on (the type-checked
 * rules need a file on disk and are not what is tested here).
 */

import { strict as assert } from "node:assert";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";

const ROOT = join(__dirname, "..", "..");

const IMPORT_RULES = new Set([
  "import-x/no-restricted-paths",
  "import-x/no-cycle",
  "no-restricted-imports",
]);

/** The project's ESLint config, import rules only, without type information. */
function importLinter(): ESLint {
  return new ESLint({
    cwd: ROOT,
    ignore: false,
    overrideConfig: {
      files: ["**/*.ts"],
      languageOptions: { parserOptions: { projectService: false, project: null } },
    },
    ruleFilter: ({ ruleId }) => IMPORT_RULES.has(ruleId),
  });
}

interface Case {
  readonly name: string;
  /** The file the import is written in, relative to the repository. */
  readonly file: string;
  /** The import statement. */
  readonly code: string;
  /** The rule that must fire; undefined when the import is allowed. */
  readonly fires?: string;
}

const PATHS = "import-x/no-restricted-paths";
const SDK = "no-restricted-imports";

const cases: readonly Case[] = [
  {
    name: "refuses an azure/ fact that imports the core",
    file: "azure/upward.ts",
    code: 'import { loadAccess } from "../access/load";',
    fires: PATHS,
  },
  {
    name: "refuses the core (access/) importing the component",
    file: "access/upward.ts",
    code: 'import { Guest } from "../components/guest";',
    fires: PATHS,
  },
  {
    name: "refuses the component importing the program",
    file: "components/upward.ts",
    code: 'import { runProgram } from "../program/run";',
    fires: PATHS,
  },
  {
    name: "refuses the program importing the review library",
    file: "program/upward.ts",
    code: 'import { buildPlan } from "../review/plan";',
    fires: PATHS,
  },
  {
    name: "refuses a policy importing the core, even for a type",
    file: "policy/policies/upward.ts",
    code: 'import type { GuestSpec } from "../../access/model";',
    fires: PATHS,
  },
  {
    name: "refuses a policy helper importing the component",
    file: "policy/lib/upward.ts",
    code: 'import { Guest } from "../../components/guest";',
    fires: PATHS,
  },
  {
    name: "refuses a path that climbs out of policy/ and back into the core",
    file: "policy/lib/upward.ts",
    code: 'import { loadAccess } from "../../policy/../access/load";',
    fires: PATHS,
  },
  {
    name: "refuses the review library importing a command",
    file: "review/upward.ts",
    code: 'import { run } from "../cli/main";',
    fires: PATHS,
  },
  {
    name: "refuses a renderer importing a test helper",
    file: "cli/render/upward.ts",
    code: 'import { loadText } from "../../test/access/load-text";',
    fires: PATHS,
  },
  {
    name: "refuses a script importing a command",
    file: "scripts/upward.ts",
    code: 'import { run } from "../cli/main";',
    fires: PATHS,
  },
  {
    name: "refuses the provider SDK azure-native in policy/",
    file: "policy/policies/sdk.ts",
    code: 'import * as azure from "@pulumi/azure-native";',
    fires: SDK,
  },
  {
    name: "refuses a module of the azuread SDK in azure/",
    file: "azure/sdk.ts",
    code: 'import { Invitation } from "@pulumi/azuread/invitation";',
    fires: SDK,
  },
  {
    name: "allows the core importing an azure/ fact",
    file: "access/downward.ts",
    code: 'import { parseScope } from "../azure/scope";',
  },
  {
    name: "allows a policy importing an azure/ fact",
    file: "policy/policies/downward.ts",
    code: 'import { ROLE_ASSIGNMENT_TYPE } from "../../azure/tokens";',
  },
  {
    name: "allows the review library importing the pack's policies",
    file: "review/downward.ts",
    code: 'import { policies } from "../policy/policies/index";',
  },
  {
    name: "allows a renderer importing the review library",
    file: "cli/render/downward.ts",
    code: 'import { buildPlan } from "../../review/plan";',
  },
  {
    name: "allows a test importing a command",
    file: "test/downward.ts",
    code: 'import { run } from "../cli/main";',
  },
  {
    name: "allows the component importing the provider SDK",
    file: "components/sdk.ts",
    code: 'import * as azuread from "@pulumi/azuread";',
  },
];

describe("the architecture's import rules", () => {
  const eslint = importLinter();

  for (const c of cases) {
    it(c.name, async () => {
      const [result] = await eslint.lintText(`${c.code}\nexport {};\n`, {
        filePath: join(ROOT, c.file),
      });
      const fired = (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
      assert.deepEqual(fired, c.fires === undefined ? [] : [c.fires]);
    });
  }

  it("knows every top-level folder that holds TypeScript, so a new folder cannot import freely", async () => {
    const config = (await eslint.calculateConfigForFile(join(ROOT, "access", "load.ts"))) as {
      rules: Record<string, [unknown, { zones: { target: string; from: string[] }[] }]>;
    };
    const zones = config.rules["import-x/no-restricted-paths"]?.[1].zones ?? [];
    const rooms = new Set(zones.flatMap((z) => [z.target, ...z.from]).map((p) => p.slice(2)));
    const holdsTypeScript = (dir: string): boolean =>
      readdirSync(dir).some((name) => {
        if (name === "node_modules") return false;
        const path = join(dir, name);
        return statSync(path).isDirectory() ? holdsTypeScript(path) : name.endsWith(".ts");
      });
    const folders = readdirSync(ROOT).filter(
      (name) =>
        !name.startsWith(".") &&
        name !== "node_modules" &&
        statSync(join(ROOT, name)).isDirectory() &&
        holdsTypeScript(join(ROOT, name)),
    );
    assert.ok(folders.length >= 8, `found only ${folders.join(", ")}`);
    for (const folder of [...folders, "index.ts"])
      assert.ok(rooms.has(folder), `${folder}/ is not a room of ROOMS in eslint.config.mjs`);
  });

  it("refuses an import cycle", async () => {
    const [result] = await eslint.lintFiles([join(ROOT, "test/fixtures/lint/cycle/first.ts")]);
    const fired = (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
    assert.deepEqual(fired, ["import-x/no-cycle"]);
  });
});

#!/usr/bin/env node
// Compiles the TypeScript sources the command runs into dist/, so `guest-access` starts without compiling
// anything. `npm ci` runs it (the `prepare` script); `npm test` runs it first, so the tests drive a fresh
// build. Each file is transpiled on its own, exactly as ts-node's transpile-only mode does when the tests run
// the sources: types are checked by `npm test` (tsc --noEmit), not here. JSON files the code requires are
// copied next to it.
//
// Also a library for bin/guest-access.js, which asks whether the build is fresh (newer than every source).
"use strict";
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  copyFileSync,
} = require("node:fs");
const path = require("node:path");

/** This project's root. Every function takes another root for tests. */
const ROOT = path.join(__dirname, "..");
/** What the build compiles: the entry point and every source folder (tests and scripts are not shipped). */
const SOURCES = [
  "index.ts",
  "access",
  "azure",
  "specs",
  "components",
  "program",
  "policy",
  "review",
  "cli",
  "bench",
];
/** Where the build goes. */
function distOf(root) {
  return path.join(root, "dist");
}

/** Written last: its time is the build's. */
function stampOf(root) {
  return path.join(distOf(root), ".built");
}

/** Every .ts source file (not .d.ts) and every .js module among them (generated code), relative to root. */
function sourceFiles(root) {
  const out = [];
  const walk = (relative) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isFile()) {
      if ((relative.endsWith(".ts") && !relative.endsWith(".d.ts")) || relative.endsWith(".js"))
        out.push(relative);
      return;
    }
    for (const entry of readdirSync(full, { withFileTypes: true })) {
      if (entry.name === "node_modules") continue;
      walk(path.join(relative, entry.name));
    }
  };
  for (const source of SOURCES) walk(source);
  return out;
}

/** True when dist/ holds a build newer than every source file (and than the build script itself). */
function isFresh(root = ROOT) {
  const stamp = stampOf(root);
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  if (statSync(__filename).mtimeMs > built) return false;
  return sourceFiles(root).every((file) => statSync(path.join(root, file)).mtimeMs <= built);
}

/** Transpiles every source into dist/ and copies the JSON files they require; returns the files written. */
function build(root = ROOT) {
  const ts = require("typescript");
  const dist = distOf(root);
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => ts.flattenDiagnosticMessageText(d, "\n"),
    },
  );
  const compilerOptions = {
    ...config.options,
    noEmit: false,
    sourceMap: false,
    declaration: false,
  };
  let files = 0;
  for (const file of sourceFiles(root)) {
    if (file.endsWith(".js")) {
      mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
      copyFileSync(path.join(root, file), path.join(dist, file));
      files++;
      continue;
    }
    const { outputText } = ts.transpileModule(readFileSync(path.join(root, file), "utf8"), {
      compilerOptions,
      fileName: file,
      reportDiagnostics: false,
    });
    const target = path.join(dist, file.replace(/\.ts$/, ".js"));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    files++;
    for (const [, required] of outputText.matchAll(/require\("(\.{1,2}\/[^"]+\.json)"\)/g)) {
      const json = path.join(path.dirname(file), required);
      mkdirSync(path.dirname(path.join(dist, json)), { recursive: true });
      copyFileSync(path.join(root, json), path.join(dist, json));
    }
  }
  writeFileSync(stampOf(root), `${new Date().toISOString()}\n`);
  return files;
}

module.exports = { isFresh, build };

if (require.main === module) {
  const files = build();
  process.stdout.write(`built ${files} files into ${path.relative(process.cwd(), distOf(ROOT))}\n`);
}

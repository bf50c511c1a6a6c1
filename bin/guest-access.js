#!/usr/bin/env node
// The `guest-access` command. It runs the compiled JavaScript in dist/, which `npm ci` builds (the `prepare`
// script runs scripts/build.js), so it starts without compiling anything. When there is no build, or a source
// is newer than it (you edited the code), it compiles the TypeScript sources on load instead: slower to start,
// never stale. Types are checked by `npm test`, not here.
const path = require("node:path");
const { isFresh } = require("../scripts/build.js");

if (isFresh()) {
  require("../dist/cli/main.js").run();
} else {
  require("ts-node").register({
    project: path.join(__dirname, "..", "tsconfig.json"),
    transpileOnly: true,
  });
  require("../cli/main").run();
}

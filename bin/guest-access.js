#!/usr/bin/env node
// The `guest-access` command. The sources are TypeScript; they are compiled on load (types are checked by
// `npm test`, not here, so the command starts fast).
const path = require("node:path");
require("ts-node").register({
  project: path.join(__dirname, "..", "tsconfig.json"),
  transpileOnly: true,
});
require("../cli/main").run();

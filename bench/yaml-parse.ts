/**
 * The bench's baseline for reading a declaration: `node dist/bench/yaml-parse.js FILE` loads `yaml` and
 * parses the file, nothing else. Validation is judged against it.
 */

import { readFileSync } from "node:fs";
import { parse } from "yaml";

const file = process.argv[2];
if (!file) throw new Error("usage: yaml-parse.js FILE");
parse(readFileSync(file, "utf8"));

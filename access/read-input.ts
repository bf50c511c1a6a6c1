/**
 * The one guarded reader for every file the tool reads: declarations, policy configs, stack exports, role
 * tables and stack configs. Input is hostile until read: a pull request can add a symlink to a key on the CI
 * runner, a named pipe that blocks forever, `/dev/zero`, or a file of gigabytes. So, before a byte is read:
 *
 * - symlinks are resolved and refused when they leave the directory the file must stay in (the declaration's
 *   directory, or the project for configs); loops and dangling links are named as such;
 * - only regular files are read: a FIFO, device, socket or directory is refused from `stat`, never opened,
 *   so nothing blocks (the open itself is `O_NONBLOCK | O_NOFOLLOW` as a second guard against a swap);
 * - sizes are limited per file and per run (`InputLimits`), and the read stops one byte past the limit even
 *   when `stat` lies (as `/proc` files do).
 *
 * Every refusal is an `UnreadableInputError` (exit 2) that names the file and the fix, never its content.
 * The limits of a run are set once by the CLI (`withInputLimits`) and read here; outside a run each read is
 * judged alone with the limits of the environment.
 */

import { AsyncLocalStorage } from "node:async_hooks";
import { isUtf8 } from "node:buffer";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

/** An input that cannot be read at all (missing, refused, too large): exit code 2. */
export class UnreadableInputError extends Error {
  override readonly name = "UnreadableInputError";
}

/** What kind of input a file is, for messages and for which size limit applies. */
export type InputKind =
  | "declaration"
  | "policy config"
  | "stack export"
  | "tenant export"
  | "role table"
  | "stack config";

/** Size limits, in bytes. */
export interface InputLimits {
  /** Any one declaration, policy config, role table or stack config. */
  readonly fileBytes: number;
  /**
   * One stack export or tenant export (`az role assignment list`, Graph user pages): they grow with the
   * stack or the tenant.
   */
  readonly stateBytes: number;
  /** Everything one run reads, together. */
  readonly totalBytes: number;
}

const MIB = 1024 * 1024;

/**
 * The defaults: a declaration of 5,000 guests is about 2 MiB, a stack export of them about 40 MiB; each limit
 * leaves room for several times that while refusing what would take minutes to parse.
 */
export const DEFAULT_INPUT_LIMITS: InputLimits = {
  fileBytes: 8 * MIB,
  stateBytes: 256 * MIB,
  totalBytes: 512 * MIB,
};

/** The environment variable that sets each limit. */
export const LIMIT_VARIABLES: Readonly<Record<keyof InputLimits, string>> = {
  fileBytes: "GUEST_ACCESS_MAX_FILE_BYTES",
  stateBytes: "GUEST_ACCESS_MAX_STATE_BYTES",
  totalBytes: "GUEST_ACCESS_MAX_TOTAL_BYTES",
};

/** The limits set in an environment, over the defaults. Throws on a value that is not a positive integer. */
export function limitsFromEnv(env: Readonly<Record<string, string | undefined>>): InputLimits {
  const limits: Record<keyof InputLimits, number> = { ...DEFAULT_INPUT_LIMITS };
  for (const key of Object.keys(LIMIT_VARIABLES) as (keyof InputLimits)[]) {
    const raw = env[LIMIT_VARIABLES[key]];
    if (raw === undefined || raw === "") continue;
    if (!/^[1-9]\d{0,15}$/.test(raw)) {
      throw new UnreadableInputError(
        `${LIMIT_VARIABLES[key]} must be a number of bytes, such as ${DEFAULT_INPUT_LIMITS[key]}`,
      );
    }
    limits[key] = Number(raw);
  }
  return limits;
}

/** The bytes one run has read so far, against its limits. */
class InputBudget {
  private used = 0;
  constructor(readonly limits: InputLimits) {}

  /** The per-file limit for a kind of input, and the variable that raises it. */
  limitFor(kind: InputKind): { bytes: number; variable: string } {
    const key = kind === "stack export" || kind === "tenant export" ? "stateBytes" : "fileBytes";
    return { bytes: this.limits[key], variable: LIMIT_VARIABLES[key] };
  }

  /** The bytes still allowed in this run. */
  remaining(): number {
    return Math.max(0, this.limits.totalBytes - this.used);
  }

  charge(bytes: number): void {
    this.used += bytes;
  }
}

const currentBudget = new AsyncLocalStorage<InputBudget>();

/** Runs `fn` as one run with these limits: every read inside it counts towards `totalBytes`. */
export function withInputLimits<T>(limits: InputLimits, fn: () => T): T {
  return currentBudget.run(new InputBudget(limits), fn);
}

function budget(): InputBudget {
  return currentBudget.getStore() ?? new InputBudget(limitsFromEnv(process.env));
}

/** How a file is read. */
export interface ReadOptions {
  /** What the file is, for messages and limits. */
  readonly kind: InputKind;
  /**
   * The directory the file must stay in once symlinks are resolved. Absent: symlinks are followed anywhere
   * (a path the operator typed outside the project).
   */
  readonly within?: string;
  /** How the file is named in messages (default: the path). */
  readonly shown?: string;
}

/** True when `path` is `root` or lies below it (both absolute and resolved). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/**
 * The directory a config path must stay in: the project when the path given lies inside it (so a symlink
 * planted in the repository cannot point out of it), none when the operator named a file elsewhere.
 */
export function projectBoundFor(path: string, project: string): string | undefined {
  return isInside(resolve(project, path), resolve(project)) ? project : undefined;
}

function kindOfFile(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * The real path of `path`, after symlinks, checked against `within`. Throws `UnreadableInputError` for a
 * missing file, a dangling symlink, a symlink loop, or a real path outside `within`.
 */
export function resolveInput(path: string, options: ReadOptions): string {
  const shown = options.shown ?? path;
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR")
      throw new UnreadableInputError(`${shown}: no such file`);
    throw new UnreadableInputError(`${shown}: cannot be read (${errorCode(error) ?? "error"})`);
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    if (errorCode(error) === "ELOOP")
      throw new UnreadableInputError(
        `${shown}: is a symlink loop; replace it with the file itself`,
      );
    if (errorCode(error) === "ENOENT")
      throw new UnreadableInputError(
        `${shown}: is a dangling symlink (its target does not exist); replace it with the file itself`,
      );
    throw new UnreadableInputError(`${shown}: cannot be resolved (${errorCode(error) ?? "error"})`);
  }
  if (options.within !== undefined && link.isSymbolicLink()) {
    const root = realpathSync(options.within);
    if (!isInside(real, root)) {
      throw new UnreadableInputError(
        `${shown}: is a symlink to a file outside ${options.within}; a ${options.kind} must be a file inside it (symlinks out of it are never followed)`,
      );
    }
  }
  return real;
}

/**
 * Reads a file as bytes, guarded as described above. Throws `UnreadableInputError` with the file's name and
 * the reason; never blocks on a FIFO or a device, never reads past the size limit.
 */
export function readInputBytes(path: string, options: ReadOptions): Buffer {
  const shown = options.shown ?? path;
  const real = resolveInput(path, options);
  const stats = statSync(real);
  if (!stats.isFile()) {
    throw new UnreadableInputError(
      `${shown}: is ${kindOfFile(stats)}, not a regular file; a ${options.kind} must be a file`,
    );
  }
  const run = budget();
  const { bytes: limit, variable } = run.limitFor(options.kind);
  const tooLarge = (size: string): UnreadableInputError =>
    new UnreadableInputError(
      `${shown}: is ${size}, over the limit of ${limit} bytes for a ${options.kind} (limit reached; raise it with ${variable})`,
    );
  if (stats.size > limit) throw tooLarge(`${stats.size} bytes`);
  if (stats.size > run.remaining()) throw overTotal(shown, run);

  // O_NONBLOCK: should the file be swapped for a FIFO after the stat, opening it still cannot block.
  const fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    if (!fstatSync(fd).isFile())
      throw new UnreadableInputError(`${shown}: changed while it was read; run again`);
    const cap = Math.min(limit, run.remaining()) + 1;
    // Read into one buffer of the size `stat` gave (and a byte more, to see a file that grew), so a tenant
    // export of hundreds of megabytes is not copied chunk by chunk and again whole; grown only when the
    // file is longer than it said.
    let buffer = Buffer.allocUnsafe(Math.min(cap, Math.max(stats.size + 1, 64 * 1024)));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(cap, buffer.length * 2));
        buffer.copy(grown, 0, 0, total);
        buffer = grown;
      }
      const n = readSync(fd, buffer, total, buffer.length - total, null);
      if (n === 0) break;
      total += n;
      if (total >= cap) {
        if (total > limit) throw tooLarge(`more than ${limit} bytes`);
        throw overTotal(shown, run);
      }
    }
    run.charge(total);
    return buffer.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

function overTotal(shown: string, run: InputBudget): UnreadableInputError {
  return new UnreadableInputError(
    `${shown}: reading it would take this run past its limit of ${run.limits.totalBytes} bytes in all (limit reached; raise it with ${LIMIT_VARIABLES.totalBytes})`,
  );
}

/**
 * Reads a file that is not a declaration as UTF-8 text. Its content is never quoted in an error: an input
 * that is not what it should be may be anything (a key, a credentials file).
 */
export function readInputText(path: string, options: ReadOptions): string {
  const bytes = readInputBytes(path, options);
  const problem = encodingProblem(bytes);
  if (problem) throw new UnreadableInputError(`${options.shown ?? path}: ${problem.message}`);
  return stripBom(bytes.toString("utf8"));
}

/** A problem with a file's encoding, and the byte where it is. */
export interface EncodingProblem {
  /** One sentence naming the encoding or the byte, with the fix. */
  readonly message: string;
  /** The byte offset of the problem. */
  readonly byte: number;
}

/** Why bytes are not UTF-8 text (UTF-16 and UTF-32 named, invalid UTF-8 or binary located), or undefined. */
export function encodingProblem(bytes: Uint8Array): EncodingProblem | undefined {
  const named = wideEncoding(bytes);
  if (named) {
    return {
      message: `the file is ${named} encoded; save it as UTF-8 (an editor's "Save with encoding", or iconv -f ${named.split(" ")[0]} -t UTF-8)`,
      byte: 0,
    };
  }
  // Node checks valid UTF-8 natively; the byte at fault is looked for only in text that is not.
  const invalid = isUtf8(bytes) ? undefined : firstInvalidUtf8(bytes);
  if (invalid !== undefined) {
    return {
      message: `invalid UTF-8 at byte ${invalid}; the file must be UTF-8 text: save it as UTF-8`,
      byte: invalid,
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      message: `binary content (a NUL byte at byte ${nul}); a text file is expected`,
      byte: nul,
    };
  }
  return undefined;
}

/** UTF-16 or UTF-32, from a byte-order mark or the NUL bytes of ASCII text in a wide encoding. */
function wideEncoding(b: Uint8Array): string | undefined {
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return "UTF-32LE (little-endian)";
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return "UTF-32BE (big-endian)";
  if (b[0] === 0xff && b[1] === 0xfe) return "UTF-16LE (little-endian)";
  if (b[0] === 0xfe && b[1] === 0xff) return "UTF-16BE (big-endian)";
  if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0)
    return "UTF-16LE (little-endian)";
  if (b.length >= 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0)
    return "UTF-16BE (big-endian)";
  return undefined;
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number | undefined {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    if (i + n >= b.length) return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cont = b[i + k];
      if (cont === undefined || (cont & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cont & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += n + 1;
  }
  return undefined;
}

/** Text without a leading UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * JSON parsed so that no key is special: every object has a null prototype, so `__proto__` and
 * `constructor` are keys like any other. The error names the position only: the text is never quoted.
 * `plainObjects: false` skips the null prototypes, for large inputs read field by field and never merged
 * (a tenant export of hundreds of thousands of entries), where the reviver would double the parse time.
 */
export function parseJsonInput(
  text: string,
  shown: string,
  what: string,
  options: { readonly plainObjects?: boolean } = {},
): unknown {
  let data: unknown;
  try {
    data =
      options.plainObjects === false
        ? JSON.parse(text)
        : JSON.parse(text, (_key, value: unknown) =>
            typeof value === "object" && value !== null && !Array.isArray(value)
              ? Object.assign(Object.create(null) as object, value)
              : value,
          );
  } catch (error) {
    const match = /position (\d+)/.exec((error as Error).message);
    const where = match ? ` near ${lineColumn(text, Number(match[1]))}` : "";
    throw new UnreadableInputError(`${shown}: is not valid JSON${where}; ${what}`);
  }
  return data;
}

/** `line 3, column 7` of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

/** The directory a declaration file's symlinks must stay in: its own directory. */
export function declarationBound(file: string): string {
  return dirname(file);
}

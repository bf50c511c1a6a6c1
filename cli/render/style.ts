/**
 * Terminal styling for text output: colour only on a terminal and never when `NO_COLOR` is set
 * (https://no-color.org), so piped and captured output is plain and stable.
 */

import type { CliIO } from "../io";

/** The few styles the printers use. */
export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
}

const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const identity = (text: string): string => text;

/** Plain text: what files, pipes and tests get. */
export const PLAIN: Style = {
  bold: identity,
  dim: identity,
  red: identity,
  yellow: identity,
  green: identity,
};

const COLOUR: Style = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  green: ansi(32, 39),
};

/** Colour on a terminal unless `NO_COLOR` is set to anything non-empty. */
export function styleFor(io: Pick<CliIO, "isTTY" | "env">): Style {
  const noColor = io.env.NO_COLOR;
  return io.isTTY && (noColor === undefined || noColor === "") ? COLOUR : PLAIN;
}

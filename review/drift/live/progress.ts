/**
 * Progress of a live read, on stderr and only on a terminal: a script or a CI log gets nothing but the
 * report. One line, rewritten in place.
 */

/** Where progress goes. */
export interface ProgressSink {
  /** Writes to stderr. */
  readonly write: (text: string) => void;
  /** Whether stderr is a terminal. */
  readonly isTTY: boolean;
}

/** A progress line. */
export interface Progress {
  /** Replaces the line with `text`. */
  readonly update: (text: string) => void;
  /** Clears the line. */
  readonly done: () => void;
}

/** Progress on `sink` when it is a terminal, nothing otherwise. */
export function progressOn(sink: ProgressSink | undefined): Progress {
  if (!sink?.isTTY) return { update: () => undefined, done: () => undefined };
  let shown = false;
  return {
    update: (text) => {
      shown = true;
      sink.write(`\r\u001b[2K${text}`);
    },
    done: () => {
      if (shown) sink.write("\r\u001b[2K");
    },
  };
}

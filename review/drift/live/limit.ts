/**
 * Bounded concurrency: ARM throttles per principal and per tenant, so a review of many scopes reads a few at
 * a time rather than all at once. One limiter is shared by every read of a review, including the narrower
 * reads that replace a refused one, so the bound holds however the reads nest.
 */

/** Runs work with at most `limit` pieces in flight. */
export type Limiter = <T>(work: () => Promise<T>) => Promise<T>;

/** A limiter of `limit` slots; a finished piece hands its slot straight to the next one waiting. */
export function limiter(limit: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= Math.max(1, limit)) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

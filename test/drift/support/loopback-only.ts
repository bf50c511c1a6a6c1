/**
 * A guard for the live-read tests: while it is installed, a socket may connect to loopback addresses only.
 * Every TCP and TLS client in Node (undici's fetch, the https agent of the Azure SDK) connects through
 * `net.Socket.prototype.connect`, so a test that would reach Azure, Graph, a login endpoint or the
 * instance-metadata service (169.254.169.254) fails here, naming the address, instead of leaving the machine.
 */

import * as net from "node:net";

/** Addresses that stay on this machine. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Every address something tried to reach while the guard was installed, loopback or not. */
export const attempted: string[] = [];

/** Installs the guard; returns the function that removes it. */
export function loopbackOnly(): () => void {
  // Kept to be put back as the method it is, and called with the socket as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = net.Socket.prototype.connect;
  const guarded = function (this: net.Socket, ...args: unknown[]): net.Socket {
    const [first, second] = args;
    let host: string | undefined;
    if (typeof first === "object" && first !== null && !Array.isArray(first)) {
      const options = first as { host?: string; path?: string };
      host = options.path !== undefined ? undefined : (options.host ?? "localhost");
    } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
      host = typeof second === "string" ? second : "localhost";
    }
    if (host !== undefined) {
      attempted.push(host);
      if (!isLoopback(host)) {
        throw new Error(`a test tried to connect to ${host}: only loopback addresses are allowed`);
      }
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = guarded;
  return () => {
    net.Socket.prototype.connect = original;
  };
}

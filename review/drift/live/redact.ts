/**
 * Nothing a live read prints may carry a token: error messages come from services and SDKs, and a service
 * can echo a request back. Every message is passed through here before it reaches a report.
 */

const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** `text` with bearer tokens, JWTs and the given secrets replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join("[redacted]");
  return out.replace(BEARER, "Bearer [redacted]").replace(JWT, "[redacted]");
}

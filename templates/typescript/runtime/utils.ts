// Small helpers with no product knowledge: path templating, query strings, environment, ids.

/**
 * Substitutes `{wire_name}` placeholders in an operation's path template.
 *
 * Every value is percent-encoded (`/` included), so an id can never change which route is hit;
 * an empty value, `.` or `..` is rejected before any request is made, because the server would
 * see a different path than the caller meant.
 */
export function pathTemplate(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([^{}]*)\}/g, (_placeholder, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) {
      throw new TypeError(`Path parameter ${JSON.stringify(name)} is missing.`);
    }
    const value: unknown = params[name];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
      throw new TypeError(
        `Path parameter ${JSON.stringify(name)} must be a string or number, got ${
          value === null ? 'null' : typeof value
        }.`,
      );
    }
    const text = String(value);
    if (text === '' || text === '.' || text === '..') {
      throw new TypeError(
        `Path parameter ${JSON.stringify(name)} must not be empty, "." or ".."; got ${JSON.stringify(text)}.`,
      );
    }
    return encodeURIComponent(text);
  });
}

/** Serialises query parameters: arrays repeat the key, `undefined`/`null` are left out. */
export function buildQueryString(query: Readonly<Record<string, unknown>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === undefined || item === null) continue;
      params.append(key, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  return params.toString();
}

/** Reads an environment variable where one exists (Node, Bun, Deno with --allow-env). */
export function readEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A random UUID v4; `crypto.randomUUID` where available (Node >= 19, browsers, Deno, Bun). */
export function uuid4(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof webCrypto?.randomUUID === 'function') return webCrypto.randomUUID();
  // Node 18 without the global: an idempotency key needs uniqueness, not secrecy.
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Splits a method's params object into query parameters, header parameters and body fields.
 * `queryKeys`/`headerKeys` map a params key to its wire name; every other key is a body field.
 * `undefined` values are dropped (an omitted argument is not sent); `null` is kept (sent as null).
 */
export function splitParams(
  params: object | undefined,
  queryKeys: Readonly<Record<string, string>>,
  headerKeys: Readonly<Record<string, string>>,
): {
  query: Record<string, unknown>;
  headers: Record<string, string | undefined>;
  body: Record<string, unknown>;
} {
  const query: Record<string, unknown> = {};
  const headers: Record<string, string | undefined> = {};
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    const queryName = Object.prototype.hasOwnProperty.call(queryKeys, key) ? queryKeys[key] : undefined;
    const headerName = Object.prototype.hasOwnProperty.call(headerKeys, key) ? headerKeys[key] : undefined;
    if (queryName !== undefined) setOwn(query, queryName, value);
    else if (headerName !== undefined) {
      setOwn(headers, headerName, typeof value === 'string' ? value : JSON.stringify(value));
    } else setOwn(body, key, value);
  }
  return { query, headers, body };
}

/** Plain assignment would treat a wire name such as `__proto__` specially; this never does. */
function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

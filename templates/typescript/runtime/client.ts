// The request machinery every generated client extends: options and environment, URL and header
// building, timeouts through AbortController, the retry policy, and response parsing. It knows
// no product names; the generated client passes them in as a `ClientIdentity`.

import { APIPromise, type RawResult, type WithResponse } from './api-promise.js';
import { encodeBody, type BodyEncoding } from './body.js';
import {
  APIConnectionError,
  APIError,
  APIResponseValidationError,
  APITimeoutError,
  APIUserAbortError,
} from './errors.js';
import { PagePromise, type CursorScheme } from './pagination.js';
import { Stream } from './streaming.js';
import { buildQueryString, isPlainObject, readEnv, uuid4 } from './utils.js';
import { assertValid, type Schema, type SchemaTable } from './validate.js';

/** Any `fetch`-compatible function: the global one, undici's, a test double, a proxy wrapper. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Header values; `null` removes a header set by a lower layer (defaults, the client). */
export type HeadersInit = Readonly<Record<string, string | null | undefined>>;

export interface RetryPolicy {
  /** Delay before the first retry, in milliseconds; doubled for each further retry. */
  readonly initialDelayMs: number;
  /** Upper bound of the exponential backoff, in milliseconds. */
  readonly maxDelayMs: number;
  /** Fraction (0..1) of the backoff taken off at random, so clients do not retry in lockstep. */
  readonly jitter: number;
  /** Statuses that are retried; every status >= 500 is too when `retryServerErrors` is set. */
  readonly retryStatuses: readonly number[];
  readonly retryServerErrors: boolean;
  /** `Retry-After` / `retry-after-ms` values above this (or <= 0) fall back to the backoff. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  initialDelayMs: 500,
  maxDelayMs: 8000,
  jitter: 0.25,
  retryStatuses: Object.freeze([408, 409, 429]),
  retryServerErrors: true,
  maxRetryAfterMs: 60_000,
});

export interface ClientOptions {
  /** Overrides the environment variable and the API's default server. */
  baseURL?: string | undefined;
  /** Sent as `Authorization: Bearer <apiKey>`; overrides the environment variable. */
  apiKey?: string | null | undefined;
  /** Per-attempt timeout in milliseconds (default from the SDK config, normally 60 000),
   * covering the response body too. */
  timeout?: number | undefined;
  /** Retries after the first attempt (default from the SDK config, normally 2). */
  maxRetries?: number | undefined;
  /** The transport; defaults to the global `fetch`. */
  fetch?: Fetch | undefined;
  defaultHeaders?: HeadersInit | undefined;
  defaultQuery?: Readonly<Record<string, unknown>> | undefined;
  retryPolicy?: Partial<RetryPolicy> | undefined;
  /** Header carrying the idempotency key of non-GET requests. */
  idempotencyHeader?: string | undefined;
  /** Check every 2xx JSON body (each page, each stream event) against the spec's types and
   * reject a mismatch with `APIResponseValidationError` (default `false`: bodies are handed back
   * as sent, unchecked). */
  strictResponseValidation?: boolean | undefined;
}

/** Per-request options, always the last argument of an API method. */
export interface RequestOptions {
  /** Extra headers; `null` removes a default header. */
  headers?: HeadersInit | undefined;
  /** Extra query parameters, merged over the method's own. */
  query?: Readonly<Record<string, unknown>> | undefined;
  /** Extra JSON body fields, merged over the method's own (object bodies only). */
  body?: Readonly<Record<string, unknown>> | undefined;
  /** Per-attempt timeout in milliseconds. */
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  /** Aborting it cancels the request (and any pending retry) with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Reused on every retry; one is generated per call when omitted (non-GET only). */
  idempotencyKey?: string | undefined;
  /** Overrides the client's `strictResponseValidation` for this request. */
  strictResponseValidation?: boolean | undefined;
}

/** One way to authenticate; each credential is a client option with an environment variable. */
export interface AuthScheme {
  readonly id: string;
  readonly kind: 'bearer' | 'api_key' | 'basic';
  readonly in: 'header' | 'query' | 'cookie';
  /** The header, query parameter or cookie carrying the credential. */
  readonly name: string;
  /** Its credentials (basic: username, then password): the client option and its variable. */
  readonly credentials: readonly { readonly option: string; readonly env: string | null }[];
}

/** Product-specific values the generated client supplies; the runtime never hard-codes them. */
export interface ClientIdentity {
  readonly defaultBaseURL: string;
  /** Environment variables consulted when the option is not given (`null`: none). */
  readonly baseURLEnv: string | null;
  readonly apiKeyEnv: string | null;
  readonly userAgent: string;
  readonly idempotencyHeader: string;
  readonly defaultTimeoutMs: number;
  readonly defaultMaxRetries: number;
  readonly retryPolicy?: Partial<RetryPolicy> | undefined;
  /** The API's schemes; absent: one bearer `apiKey` read from `apiKeyEnv`. */
  readonly auth?: readonly AuthScheme[] | undefined;
  /** Headers every request carries unless `defaultHeaders` or a request overrides them. */
  readonly defaultHeaders?: Readonly<Record<string, string>> | undefined;
  /** The declarations `APIRequest.schema` names, for strict response validation. */
  readonly schemas?: SchemaTable | undefined;
}

/**
 * How a successful response body is turned into the method's result: parsed JSON, a string,
 * the `Response` itself with its body unread (`binary`: `blob()`, `arrayBuffer()` and `body` give
 * the exact bytes), nothing, or a `Stream` of server-sent events (`events`: each event's `data`
 * parsed as JSON; `sse`: the `ServerSentEvent`s themselves).
 */
export type ResponseKind = 'json' | 'text' | 'binary' | 'none' | 'events' | 'sse';

export type { BodyEncoding };

export interface APIRequest {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options' | 'trace';
  /** Path with parameters already substituted and encoded (see `pathTemplate`). */
  readonly path: string;
  readonly query?: Readonly<Record<string, unknown>> | undefined;
  readonly body?: unknown;
  readonly bodyEncoding?: BodyEncoding | undefined;
  readonly headers?: HeadersInit | undefined;
  readonly responseKind: ResponseKind;
  readonly options?: RequestOptions | undefined;
  /** Ids of the auth schemes the operation accepts (`[]`: no credential); absent: all. */
  readonly security?: readonly string[] | undefined;
  /** The JSON body's schema (`json` responses and pages), checked in strict mode only. */
  readonly schema?: Schema | undefined;
  /** Each stream event's schema (`events` responses), checked in strict mode only. */
  readonly eventSchema?: Schema | undefined;
}

/** A 2xx response, its body unread: how to read it under the attempt's timeout and signal. */
interface Handover {
  /** The body as text; a failure is the SDK's connection, timeout or abort error. */
  readonly read: () => Promise<string>;
  /** Stops the timeout and the forwarding of the caller's signal (the caller owns the body). */
  readonly release: () => void;
  /** Aborts this exchange (a stream's `controller`). */
  readonly controller: AbortController;
}

type Attempt =
  /** A non-2xx response with its body read (`text`), or a 2xx one handed over unread. */
  | { readonly ok: true; readonly response: Response; readonly text: string }
  | { readonly ok: true; readonly response: Response; readonly handover: Handover }
  | { readonly ok: false; readonly error: APIConnectionError };

export abstract class BaseClient {
  readonly baseURL: string;
  readonly apiKey: string | null;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly retryPolicy: RetryPolicy;
  readonly strictResponseValidation: boolean;
  /** The options this client was built from, for `withOptions()`. */
  protected readonly options: ClientOptions;
  readonly #identity: ClientIdentity;
  readonly #fetch: Fetch;
  readonly #auth: readonly AuthScheme[];
  /** Every credential by option name (`apiKey`, `authToken`, `username`...), `null` when unset. */
  protected readonly credentials: Readonly<Record<string, string | null>>;

  protected constructor(options: ClientOptions, identity: ClientIdentity) {
    this.options = options;
    this.#identity = identity;
    const envBaseURL = identity.baseURLEnv === null ? undefined : readEnv(identity.baseURLEnv);
    this.baseURL = (options.baseURL ?? envBaseURL ?? identity.defaultBaseURL).replace(/\/+$/, '');
    this.#auth = identity.auth ?? [
      { id: 'bearer', kind: 'bearer', in: 'header', name: 'Authorization',
        credentials: [{ option: 'apiKey', env: identity.apiKeyEnv }] },
    ];
    const credentials: Record<string, string | null> = {};
    const given = options as Record<string, unknown>;
    for (const scheme of this.#auth) {
      for (const { option, env } of scheme.credentials) {
        const value = given[option];
        const fromEnv = env === null ? undefined : readEnv(env);
        credentials[option] = typeof value === 'string' || value === null ? value : (fromEnv ?? null);
      }
    }
    this.credentials = credentials;
    this.apiKey = credentials['apiKey'] ?? null;
    this.timeout = validateNonNegative('timeout', options.timeout ?? identity.defaultTimeoutMs);
    this.maxRetries = validateNonNegative('maxRetries', options.maxRetries ?? identity.defaultMaxRetries);
    this.retryPolicy = validateRetryPolicy({
      ...DEFAULT_RETRY_POLICY,
      ...identity.retryPolicy,
      ...options.retryPolicy,
    });
    this.strictResponseValidation = options.strictResponseValidation ?? false;
    const fetchImpl = options.fetch ?? (globalThis as { fetch?: Fetch }).fetch;
    if (typeof fetchImpl !== 'function') {
      throw new TypeError('No global fetch found (Node >= 18 has one); pass `fetch` in the client options.');
    }
    // Called without a receiver: browsers reject `fetch` invoked as a method of another object.
    this.#fetch = options.fetch ?? ((url, init) => fetchImpl(url, init));
  }

  /** Sends one API request with retries; resolves to the parsed body. */
  request<T>(request: APIRequest): APIPromise<T> {
    return new APIPromise(this.#send<T>(request));
  }

  /** Sends a paginated request; the result is a page that also iterates across all pages. */
  requestPage<Item, Body>(request: APIRequest, scheme: CursorScheme): PagePromise<Item, Body> {
    const fetchPage = (query: Record<string, unknown>, url?: string): Promise<WithResponse<Body>> =>
      this.#send<Body>(url === undefined ? { ...request, query } : { ...request, query, path: url })
        .then(async (raw) => ({ data: await raw.parse(), response: raw.response }));
    return new PagePromise<Item, Body>(scheme, { ...request.query }, fetchPage);
  }

  /** Waits between attempts; tests override it to record delays instead of sleeping. */
  protected sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  protected makeIdempotencyKey(): string {
    return uuid4();
  }

  async #send<T>(request: APIRequest): Promise<RawResult<T>> {
    const options = request.options ?? {};
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout ?? this.timeout;
    const method = request.method.toUpperCase();
    const idempotencyKey =
      method === 'GET' ? undefined : (options.idempotencyKey ?? this.makeIdempotencyKey());
    const auth = this.#authFor(request.security);
    const url = this.#buildURL(request.path, {
      ...auth.query,
      ...this.options.defaultQuery,
      ...request.query,
      ...options.query,
    });
    const body = mergeBody(request.body, options.body);
    if (body !== undefined && (method === 'GET' || method === 'HEAD')) {
      // fetch would reject it on every attempt; say so once, before any request.
      throw new TypeError(`A ${method} request cannot have a body (RequestOptions.body).`);
    }
    const encoded = encodeBody(body, request.bodyEncoding ?? 'json');

    for (let retriesTaken = 0; ; retriesTaken++) {
      const headers = this.#buildHeaders(request, retriesTaken, idempotencyKey, encoded.contentType, auth.headers);
      const init: RequestInit = { method, headers };
      if (encoded.body !== undefined) init.body = encoded.body;
      const attempt = await this.#attempt(url, init, timeout, options.signal, request.responseKind);

      if (!attempt.ok) {
        if (retriesTaken < maxRetries) {
          await this.#pause(this.#backoffMs(retriesTaken), options.signal);
          continue;
        }
        throw attempt.error;
      }

      const { response } = attempt;
      // Past this point nothing is retried: a retry only ever happens before the first byte of
      // a successful body.
      if ('handover' in attempt) {
        const strict = (options.strictResponseValidation ?? this.strictResponseValidation)
          ? { table: this.#identity.schemas ?? {}, body: request.schema, event: request.eventSchema }
          : undefined;
        return rawResult<T>(request.responseKind, response, attempt.handover, options.signal, strict);
      }
      if (retriesTaken < maxRetries && this.#shouldRetry(response)) {
        await this.#pause(this.#retryDelayMs(retriesTaken, response.headers), options.signal);
        continue;
      }
      throw APIError.generate(response.status, parseErrorBody(attempt.text), response.headers);
    }
  }

  /** One HTTP exchange under a timeout combined with the caller's signal. An error body is read
   * here; a 2xx body is handed over unread, still under the timeout (but for binary and stream
   * bodies, whose timeout covers the headers only) until it is read or released. */
  async #attempt(
    url: string,
    init: RequestInit,
    timeout: number,
    signal: AbortSignal | undefined,
    kind: ResponseKind,
  ): Promise<Attempt> {
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const forwardAbort = (): void => controller.abort();
    signal?.addEventListener('abort', forwardAbort, { once: true });
    const release = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    };
    const failure = (error: unknown): APIConnectionError | APIUserAbortError => {
      if (signal?.aborted) return new APIUserAbortError({ cause: error });
      if (timedOut) return new APITimeoutError({ cause: error });
      return new APIConnectionError({ cause: error });
    };
    let handedOver = false;
    try {
      const response = await this.#fetch(url, { ...init, signal: controller.signal });
      if (response.ok) {
        // A binary download or a stream is the caller's to read at its own pace (as with
        // openai-node's `files.content` and streams): the timeout covers its headers only; the
        // caller's signal still aborts it.
        if (kind === 'binary' || kind === 'events' || kind === 'sse') clearTimeout(timer);
        handedOver = true;
        const read = async (): Promise<string> => {
          try {
            return await response.text();
          } catch (error) {
            throw failure(error);
          } finally {
            release();
          }
        };
        return { ok: true, response, handover: { read, release, controller } };
      }
      // Reading an error body inside the timeout also releases the connection before a retry.
      const text = await response.text();
      return { ok: true, response, text };
    } catch (error) {
      const wrapped = failure(error);
      if (wrapped instanceof APIUserAbortError) throw wrapped;
      return { ok: false, error: wrapped };
    } finally {
      if (!handedOver) release();
    }
  }

  async #pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    await this.sleep(ms);
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
  }

  #shouldRetry(response: Response): boolean {
    // The server knows best: `x-should-retry` overrides the status rule in both directions.
    const override = response.headers.get('x-should-retry');
    if (override === 'true') return true;
    if (override === 'false') return false;
    const policy = this.retryPolicy;
    return (
      policy.retryStatuses.includes(response.status) ||
      (policy.retryServerErrors && response.status >= 500)
    );
  }

  /**
   * The server's delay when it asks for a sane one (0 < delay <= maxRetryAfterMs), else the
   * backoff. A parsable `retry-after-ms` wins over `retry-after` (seconds or an HTTP date).
   */
  #retryDelayMs(retriesTaken: number, headers: Headers): number {
    const serverDelay = retryAfterMs(headers);
    if (serverDelay !== undefined && serverDelay > 0 && serverDelay <= this.retryPolicy.maxRetryAfterMs) {
      return serverDelay;
    }
    return this.#backoffMs(retriesTaken);
  }

  /** `min(initial · 2ⁿ, max)` with up to `jitter` of it taken off at random. */
  #backoffMs(retriesTaken: number): number {
    const { initialDelayMs, maxDelayMs, jitter } = this.retryPolicy;
    const base = Math.min(initialDelayMs * 2 ** retriesTaken, maxDelayMs);
    return base * (1 - Math.random() * jitter);
  }

  /** The headers and query parameters carrying the configured credentials of the schemes in
   * `security` (all when absent); a scheme without credentials is left out. */
  #authFor(security: readonly string[] | undefined): {
    headers: Record<string, string>;
    query: Record<string, string>;
  } {
    const headers: Record<string, string> = {};
    const query: Record<string, string> = {};
    const cookies: string[] = [];
    for (const scheme of this.#auth) {
      if (security !== undefined && !security.includes(scheme.id)) continue;
      const values = scheme.credentials.map(({ option }) => this.credentials[option] ?? null);
      const first = values[0] ?? null;
      let value: string;
      if (scheme.kind === 'basic') {
        if (first === null) continue;
        value = `Basic ${base64(`${first}:${values[1] ?? ''}`)}`;
      } else if (first === null || first === '') {
        continue;
      } else {
        value = scheme.kind === 'bearer' ? `Bearer ${first}` : first;
      }
      if (scheme.in === 'query') query[scheme.name] = value;
      else if (scheme.in === 'cookie') cookies.push(`${scheme.name}=${value}`);
      else headers[scheme.name] = value;
    }
    if (cookies.length > 0) headers['cookie'] = cookies.join('; ');
    return { headers, query };
  }

  #buildURL(path: string, query: Readonly<Record<string, unknown>>): string {
    const queryString = buildQueryString(query);
    // An absolute URL (a page's `next` link) is used as given, its own query kept.
    if (/^https?:\/\//i.test(path)) {
      return queryString === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${queryString}`;
    }
    return `${this.baseURL}${path.startsWith('/') ? path : `/${path}`}${queryString === '' ? '' : `?${queryString}`}`;
  }

  /** A plain object with lower-cased names, not a `Headers`: fetch copies and validates its
   * init headers anyway, so building a `Headers` first did that work twice on every call. */
  #buildHeaders(
    request: APIRequest,
    retriesTaken: number,
    idempotencyKey: string | undefined,
    contentType: string | undefined,
    authHeaders: Readonly<Record<string, string>>,
  ): Record<string, string> {
    const headers: Record<string, string> = Object.create(null) as Record<string, string>;
    const streams = request.responseKind === 'events' || request.responseKind === 'sse';
    headers['accept'] = streams ? 'text/event-stream' : 'application/json';
    if (contentType !== undefined) headers['content-type'] = contentType;
    headers['user-agent'] = this.#identity.userAgent;
    setHeaders(headers, authHeaders);
    if (idempotencyKey !== undefined) {
      headers[(this.options.idempotencyHeader ?? this.#identity.idempotencyHeader).toLowerCase()] = idempotencyKey;
    }
    setHeaders(headers, this.#identity.defaultHeaders);
    setHeaders(headers, this.options.defaultHeaders);
    setHeaders(headers, request.headers);
    setHeaders(headers, request.options?.headers);
    // Set last so no layer can fake it: the server sees how many attempts came before.
    headers['x-retry-count'] = String(retriesTaken);
    return headers;
  }
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE_FORBIDDEN = /[\0\r\n]/;
const HTTP_WHITESPACE_ENDS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** What fetch refuses in a value: NUL, CR or LF once the ends' whitespace is trimmed. */
function badHeaderValue(value: string): boolean {
  return HEADER_VALUE_FORBIDDEN.test(value) && HEADER_VALUE_FORBIDDEN.test(value.replace(HTTP_WHITESPACE_ENDS, ''));
}

/** One layer of headers over `headers` (lower-cased names); `null` removes a header. A name or
 * value fetch would refuse is a `TypeError` here, as `Headers.set` made it, before any attempt
 * (from fetch it would look like a connection error, and be retried). */
function setHeaders(headers: Record<string, string>, layer: HeadersInit | undefined): void {
  if (layer === undefined) return;
  for (const name in layer) {
    if (!Object.prototype.hasOwnProperty.call(layer, name)) continue;
    if (!HEADER_NAME.test(name)) throw new TypeError(`Invalid header name: ${JSON.stringify(name)}`);
    const value = layer[name];
    if (value === null) delete headers[name.toLowerCase()];
    else if (value !== undefined) {
      if (badHeaderValue(value)) throw new TypeError(`Invalid value for header ${name}`);
      headers[name.toLowerCase()] = value;
    }
  }
}

/** Base64 of the UTF-8 bytes of `text` (basic auth credentials may be any Unicode). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The delay a response asks for, in milliseconds; `undefined` when absent or unparsable. */
function retryAfterMs(headers: Headers): number | undefined {
  const parse = (text: string | null): number | undefined => {
    if (text === null || text.trim() === '') return undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  };
  const milliseconds = parse(headers.get('retry-after-ms'));
  if (milliseconds !== undefined) return milliseconds;
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null) return undefined;
  const seconds = parse(retryAfter);
  if (seconds !== undefined) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : date - Date.now();
}

function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  for (const key of ['initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    validateNonNegative(`retryPolicy.${key}`, policy[key]);
  }
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) {
    throw new TypeError(`retryPolicy.jitter must be within [0, 1], got ${String(policy.jitter)}.`);
  }
  return policy;
}

function validateNonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative number, got ${String(value)}.`);
  }
  return value;
}

function mergeBody(body: unknown, extra: Readonly<Record<string, unknown>> | undefined): unknown {
  if (extra === undefined) return body;
  if (body === undefined) return { ...extra };
  if (!isPlainObject(body)) {
    throw new TypeError('RequestOptions.body can only extend an object request body.');
  }
  return { ...body, ...extra };
}

function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** What strict mode checks a response against; `undefined` (loose): nothing. */
interface StrictCheck {
  readonly table: SchemaTable;
  readonly body: Schema | undefined;
  readonly event: Schema | undefined;
}

/** How a 2xx response becomes the method's result, read when the result is first asked for. */
function rawResult<T>(
  kind: ResponseKind,
  response: Response,
  handover: Handover,
  signal: AbortSignal | undefined,
  strict: StrictCheck | undefined,
): RawResult<T> {
  const { read, release, controller } = handover;
  switch (kind) {
    case 'binary':
      return { response, parse: () => Promise.resolve(response as T) };
    case 'events':
    case 'sse':
      return {
        response,
        parse: () =>
          Promise.resolve(
            Stream.fromSSEResponse(response, controller, kind === 'sse' ? 'sse' : 'json', signal, release,
              strict?.event === undefined ? undefined : eventCheck(strict.event, strict.table, response)) as T,
          ),
      };
    default:
      return { response, parse: async () => parseSuccessBody<T>(kind, response, await read(), strict), release };
  }
}

function eventCheck(schema: Schema, table: SchemaTable, response: Response): (data: unknown, text: string) => void {
  return (data, text) => assertValid(data, schema, table, response, text);
}

function parseSuccessBody<T>(kind: ResponseKind, response: Response, text: string, strict: StrictCheck | undefined): T {
  if (kind === 'none') return undefined as T;
  if (kind === 'text') return text as T;
  // Loose (the default, like the official TS SDKs): the body as parsed, never validated against
  // the spec, so the cost is JSON.parse's; only a body that is not JSON rejects. Strict: checked.
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    if (text.trim() === '') {
      throw new APIResponseValidationError(response.status, text, 'expected JSON, got an empty body', response.headers);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new APIResponseValidationError(response.status, text, `expected JSON (${reason})`, response.headers);
  }
  if (strict?.body !== undefined) assertValid(value, strict.body, strict.table, response, text);
  return value as T;
}

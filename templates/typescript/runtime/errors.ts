// Error hierarchy shared by every generated client. Mirrors the Python runtime's `_exceptions.py`:
// APIError → APIStatusError (one subclass per status), APIConnectionError → APITimeoutError,
// APIUserAbortError and APIResponseValidationError.

/** The `{"error": {...}}` envelope every error response of the API carries. */
export interface ErrorObject {
  message?: string;
  type?: string | null;
  param?: string | null;
  code?: string | null;
  [key: string]: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export class APIError extends Error {
  /** HTTP status, or `undefined` when no response was received. */
  readonly status: number | undefined;
  /** Response headers, or `undefined` when no response was received. */
  readonly headers: Headers | undefined;
  /** The `error` object of the response body (or the whole body when it has none). */
  readonly error: unknown;
  /** The parsed response body (or its text when it was not JSON). */
  readonly body: unknown;
  readonly type: string | null;
  readonly param: string | null;
  readonly code: string | null;
  /** The `x-request-id` response header; quote it when reporting a problem. */
  readonly requestID: string | null;

  constructor(
    status: number | undefined,
    body: unknown,
    message: string,
    headers: Headers | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'APIError';
    this.status = status;
    this.headers = headers;
    this.body = body;
    const error = isRecord(body) && isRecord(body['error']) ? body['error'] : body;
    this.error = error;
    this.type = isRecord(error) ? stringOrNull(error['type']) : null;
    this.param = isRecord(error) ? stringOrNull(error['param']) : null;
    this.code = isRecord(error) ? stringOrNull(error['code']) : null;
    this.requestID = headers?.get('x-request-id') ?? null;
  }

  /** Builds the status-specific subclass for a non-2xx response. */
  static generate(status: number, body: unknown, headers: Headers): APIStatusError {
    const error = isRecord(body) && isRecord(body['error']) ? body['error'] : body;
    const detail =
      isRecord(error) && typeof error['message'] === 'string'
        ? error['message']
        : typeof body === 'string' && body !== ''
          ? body.slice(0, 500)
          : JSON.stringify(body) ?? '(no body)';
    const message = `${status} ${detail}`;
    const ErrorClass = statusErrorClass(status);
    return new ErrorClass(status, body, message, headers);
  }
}

export class APIStatusError extends APIError {
  declare readonly status: number;
  declare readonly headers: Headers;

  constructor(status: number, body: unknown, message: string, headers: Headers) {
    super(status, body, message, headers);
    this.name = 'APIStatusError';
  }
}

export class BadRequestError extends APIStatusError {
  override readonly name = 'BadRequestError';
}
export class AuthenticationError extends APIStatusError {
  override readonly name = 'AuthenticationError';
}
export class PermissionDeniedError extends APIStatusError {
  override readonly name = 'PermissionDeniedError';
}
export class NotFoundError extends APIStatusError {
  override readonly name = 'NotFoundError';
}
export class ConflictError extends APIStatusError {
  override readonly name = 'ConflictError';
}
export class RequestTooLargeError extends APIStatusError {
  override readonly name = 'RequestTooLargeError';
}
export class UnprocessableEntityError extends APIStatusError {
  override readonly name = 'UnprocessableEntityError';
}
export class RateLimitError extends APIStatusError {
  override readonly name = 'RateLimitError';
}
export class InternalServerError extends APIStatusError {
  override readonly name = 'InternalServerError';
}

type StatusErrorClass = new (
  status: number,
  body: unknown,
  message: string,
  headers: Headers,
) => APIStatusError;

const STATUS_ERRORS: Readonly<Record<number, StatusErrorClass>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: RequestTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

function statusErrorClass(status: number): StatusErrorClass {
  if (status >= 500) return InternalServerError;
  return STATUS_ERRORS[status] ?? APIStatusError;
}

/** No response arrived: DNS failure, refused or reset connection, and so on. */
export class APIConnectionError extends APIError {
  constructor(options: { message?: string; cause?: unknown } = {}) {
    super(undefined, undefined, options.message ?? 'Connection error.', undefined, {
      cause: options.cause,
    });
    this.name = 'APIConnectionError';
  }
}

/** The request (including reading its response body) took longer than its timeout. */
export class APITimeoutError extends APIConnectionError {
  constructor(options: { message?: string; cause?: unknown } = {}) {
    super({ message: options.message ?? 'Request timed out.', cause: options.cause });
    this.name = 'APITimeoutError';
  }
}

/** The caller's `signal` aborted the request. Never retried. */
export class APIUserAbortError extends APIError {
  constructor(options: { message?: string; cause?: unknown } = {}) {
    super(undefined, undefined, options.message ?? 'Request was aborted.', undefined, {
      cause: options.cause,
    });
    this.name = 'APIUserAbortError';
  }
}

/** A 2xx response whose body is not what the operation documents (e.g. not JSON, truncated). */
export class APIResponseValidationError extends APIError {
  declare readonly status: number;
  declare readonly headers: Headers;
  /** Strict mode: every mismatch found (JSON path and what was wrong), the first one first;
   * `[]` for a body that is not JSON at all. */
  readonly issues: readonly ValidationIssue[];
  /** The JSON path of the first mismatch (`$.data[2].count`), when the body was JSON. */
  readonly path: string | undefined;
  /** The response whose body failed (its body already read). */
  readonly response: Response | undefined;

  /** `details.body` is the parsed body (strict mode); absent, `body` is the body's text. */
  constructor(
    status: number,
    bodyText: string,
    reason: string,
    headers: Headers,
    details?: { body?: unknown; issues?: readonly ValidationIssue[]; response?: Response },
  ) {
    const excerpt = bodyText.length > 200 ? `${bodyText.slice(0, 200)}…` : bodyText;
    super(
      status,
      details !== undefined && 'body' in details ? details.body : bodyText,
      `Invalid response body (status ${status}): ${reason}. Body starts with: ${JSON.stringify(excerpt)}`,
      headers,
    );
    this.name = 'APIResponseValidationError';
    this.issues = details?.issues ?? [];
    this.path = this.issues[0]?.path;
    this.response = details?.response;
  }
}

/** One mismatch between a response body and the spec (strict response validation). */
export interface ValidationIssue {
  /** Where, as a JSON path from the body's root: `$`, `$.owner.name`, `$.data[2]["x-y"]`. */
  readonly path: string;
  readonly message: string;
}

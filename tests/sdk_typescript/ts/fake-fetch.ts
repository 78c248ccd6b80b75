// A scripted stand-in for `fetch`: each call takes the next step of the script and records
// what the SDK sent, so tests can assert on attempts, headers, bodies and delays.
import type { Fetch } from 'parley-client';

export interface RecordedRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: string | undefined;
  /** The body exactly as handed to fetch (a FormData for multipart), for `sentForm()`. */
  rawBody: BodyInit | null | undefined;
  signal: AbortSignal | undefined;
}

export type Step = (request: RecordedRequest) => Response | Promise<Response>;

export interface Script {
  fetch: Fetch;
  calls: RecordedRequest[];
  /** Every Response handed to the SDK, to check that each body was consumed (released). */
  responses: Response[];
}

export function scripted(...steps: Step[]): Script {
  const calls: RecordedRequest[] = [];
  const responses: Response[] = [];
  const fetch: Fetch = async (url, init) => {
    const request: RecordedRequest = {
      url: new URL(url),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      rawBody: init.body,
      signal: init.signal ?? undefined,
    };
    calls.push(request);
    const step = steps[calls.length - 1];
    if (step === undefined) throw new Error(`unexpected request #${calls.length}: ${request.method} ${url}`);
    const response = await step(request);
    responses.push(response);
    return response;
  };
  return { fetch, calls, responses };
}

/** A sent form body as it went over the wire, and that wire form parsed back. */
export interface SentForm {
  contentType: string;
  /** The serialised body (multipart with its boundary, or URL-encoded). */
  wire: string;
  form: FormData;
}

/**
 * The form a request sent, serialised by undici's `Request` exactly as `fetch` would (a FormData
 * becomes multipart with a boundary), then parsed back from those bytes with `formData()`.
 */
export async function sentForm(request: RecordedRequest): Promise<SentForm> {
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.rawBody !== undefined) init.body = request.rawBody;
  const outgoing = new Request(request.url, init);
  const contentType = outgoing.headers.get('content-type') ?? '';
  const bytes = await outgoing.arrayBuffer();
  const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  return { contentType, wire: new TextDecoder().decode(bytes), form };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Step {
  return () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_test', ...headers },
    });
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Step {
  return () => new Response(body, { status, headers: { 'content-type': 'text/plain', ...headers } });
}

export function apiError(status: number, code: string, param: string | null = null, headers: Record<string, string> = {}): Step {
  return json(status, { error: { message: `failed with ${status}`, type: 'invalid_request_error', param, code } }, headers);
}

/** A transport failure, as `fetch` reports a refused connection. */
export function networkError(): Step {
  return () => {
    throw new TypeError('fetch failed');
  };
}

/** Never answers; rejects like `fetch` does when the request's signal aborts. */
export function hang(): Step {
  return (request) =>
    new Promise<Response>((_resolve, reject) => {
      const signal = request.signal;
      if (signal === undefined) return;
      signal.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')), {
        once: true,
      });
    });
}

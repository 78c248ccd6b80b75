// Runtime behaviour of the generated client against a scripted fake fetch: retries and their
// delays, x-should-retry, idempotency keys, timeouts and aborts, response validation, errors,
// path encoding, options, environment, form bodies, pagination and forward compatibility.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';

import {
  APIConnectionError,
  APIError,
  APIResponseValidationError,
  APIStatusError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  Parley,
  PermissionDeniedError,
  RateLimitError,
  RequestTooLargeError,
  UnprocessableEntityError,
  type ClientOptions,
  type ConversationItem,
} from 'parley-client';

import {
  apiError,
  hang,
  json,
  networkError,
  scripted,
  sentForm,
  text,
  type Script,
  type Step,
} from './fake-fetch.js';

const CONV_ID = `conv_${'a'.repeat(48)}`;
const CONVERSATION = { id: CONV_ID, object: 'conversation', created_at: 1700000000, metadata: {} };
const BASE = 'http://api.test';

/** Records the delays the client would sleep instead of sleeping. */
class RecordingClient extends Parley {
  readonly delays: number[] = [];

  protected override sleep(ms: number): Promise<void> {
    this.delays.push(ms);
    return Promise.resolve();
  }
}

function client(
  steps: Step[],
  options: ClientOptions = {},
): { client: RecordingClient; calls: Script['calls']; responses: Script['responses'] } {
  const script = scripted(...steps);
  return {
    client: new RecordingClient({ baseURL: BASE, apiKey: 'k', fetch: script.fetch, ...options }),
    calls: script.calls,
    responses: script.responses,
  };
}

let realRandom: () => number;
beforeEach(() => {
  realRandom = Math.random;
});
afterEach(() => {
  Math.random = realRandom;
});

describe('retries', () => {
  for (const status of [408, 409, 429, 500, 502, 503, 504]) {
    test(`status ${status} is retried, twice by default`, async () => {
      const { client: c, calls } = client([apiError(status, 'x'), apiError(status, 'x'), json(200, CONVERSATION)]);
      const conversation = await c.conversations.retrieve(CONV_ID);
      assert.equal(conversation.id, CONV_ID);
      assert.equal(calls.length, 3);
      assert.equal(c.delays.length, 2);
    });
  }

  const classes: Array<[number, new (...args: never[]) => APIStatusError]> = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [413, RequestTooLargeError],
    [422, UnprocessableEntityError],
  ];
  for (const [status, ErrorClass] of classes) {
    test(`status ${status} is not retried and raises ${ErrorClass.name}`, async () => {
      const { client: c, calls } = client([apiError(status, 'nope', 'field')]);
      await assert.rejects(c.conversations.retrieve(CONV_ID), (err: unknown) => {
        assert.ok(err instanceof ErrorClass);
        assert.ok(err instanceof APIStatusError && err instanceof APIError);
        assert.equal(err.status, status);
        return true;
      });
      assert.equal(calls.length, 1);
    });
  }

  test('giving up raises the last status class; 409, 429 and 5xx map to their classes', async () => {
    for (const [status, ErrorClass] of [
      [500, InternalServerError],
      [503, InternalServerError],
      [409, ConflictError],
      [429, RateLimitError],
    ] as const) {
      const { client: c, calls } = client([apiError(status, 'a'), apiError(status, 'b'), apiError(status, 'c')]);
      await assert.rejects(c.conversations.retrieve(CONV_ID), ErrorClass);
      assert.equal(calls.length, 3);
    }
  });

  test('an unlisted status raises plain APIStatusError', async () => {
    const { client: c } = client([apiError(418, 'teapot')]);
    await assert.rejects(c.conversations.retrieve(CONV_ID), (err: unknown) => {
      assert.ok(err instanceof APIStatusError);
      assert.equal(err.constructor, APIStatusError);
      assert.equal(err.status, 418);
      return true;
    });
  });

  test('defaults: 2 retries and a 60 s timeout, from the SDK config', () => {
    const c = new Parley({ baseURL: BASE });
    assert.equal(c.maxRetries, 2);
    assert.equal(c.timeout, 60_000);
    assert.equal(c.retryPolicy.initialDelayMs, 500);
    assert.equal(c.retryPolicy.maxDelayMs, 8000);
    assert.equal(c.retryPolicy.jitter, 0.25);
    assert.deepEqual(c.retryPolicy.retryStatuses, [408, 409, 429]);
  });

  test('every response body is consumed, so giving up leaves no open connection', async () => {
    const { client: c, responses } = client([apiError(500, 'a'), text(503, 'b'), apiError(502, 'c')]);
    await assert.rejects(c.conversations.retrieve(CONV_ID), InternalServerError);
    assert.equal(responses.length, 3);
    assert.ok(responses.every((r) => r.bodyUsed));
  });

  test('maxRetries per client and per request', async () => {
    const none = client([apiError(500, 'x')], { maxRetries: 0 });
    await assert.rejects(none.client.conversations.retrieve(CONV_ID), InternalServerError);
    assert.equal(none.calls.length, 1);

    const steps = Array.from({ length: 5 }, () => apiError(503, 'x'));
    const five = client([...steps, json(200, CONVERSATION)]);
    await five.client.conversations.retrieve(CONV_ID, { maxRetries: 5 });
    assert.equal(five.calls.length, 6);
  });

  test('backoff is min(0.5 s * 2^n, 8 s) without jitter when random() is 0', async () => {
    Math.random = () => 0;
    const steps = Array.from({ length: 6 }, () => apiError(500, 'x'));
    const { client: c } = client([...steps, json(200, CONVERSATION)], { maxRetries: 6 });
    await c.conversations.retrieve(CONV_ID);
    assert.deepEqual(c.delays, [500, 1000, 2000, 4000, 8000, 8000]);
  });

  test('jitter takes up to 25 % off the backoff', async () => {
    Math.random = () => 0.999999;
    const { client: c } = client([apiError(500, 'x'), apiError(500, 'x'), json(200, CONVERSATION)]);
    await c.conversations.retrieve(CONV_ID);
    assert.equal(c.delays.length, 2);
    assert.ok(Math.abs((c.delays[0] ?? 0) - 375) < 0.01, String(c.delays));
    assert.ok(Math.abs((c.delays[1] ?? 0) - 750) < 0.01, String(c.delays));

    Math.random = realRandom;
    const sample = client([apiError(500, 'x'), apiError(500, 'x'), json(200, CONVERSATION)]);
    await sample.client.conversations.retrieve(CONV_ID);
    const [first = -1, second = -1] = sample.client.delays;
    assert.ok(first >= 375 && first <= 500, `first delay ${first}`);
    assert.ok(second >= 750 && second <= 1000, `second delay ${second}`);
  });

  test('an invalid retry policy or timeout is rejected at construction', () => {
    assert.throws(() => new Parley({ baseURL: BASE, retryPolicy: { jitter: 2 } }), /jitter/);
    assert.throws(() => new Parley({ baseURL: BASE, retryPolicy: { initialDelayMs: -1 } }), /initialDelayMs/);
    assert.throws(() => new Parley({ baseURL: BASE, timeout: Number.NaN }), /timeout/);
  });

  test('the retry policy is configurable', async () => {
    Math.random = () => 0;
    const { client: c, calls } = client([apiError(400, 'x'), apiError(400, 'x'), json(200, CONVERSATION)], {
      retryPolicy: { initialDelayMs: 100, maxDelayMs: 150, retryStatuses: [400] },
    });
    await c.conversations.retrieve(CONV_ID);
    assert.equal(calls.length, 3);
    assert.deepEqual(c.delays, [100, 150]);
  });

  test('connection errors are retried, then raise APIConnectionError with the cause', async () => {
    const ok = client([networkError(), networkError(), json(200, CONVERSATION)]);
    assert.equal((await ok.client.conversations.retrieve(CONV_ID)).id, CONV_ID);
    assert.equal(ok.calls.length, 3);

    const failing = client([networkError(), networkError(), networkError()]);
    await assert.rejects(failing.client.conversations.retrieve(CONV_ID), (err: unknown) => {
      assert.ok(err instanceof APIConnectionError);
      assert.ok(!(err instanceof APITimeoutError));
      assert.equal(err.status, undefined);
      assert.ok(err.cause instanceof TypeError);
      return true;
    });
    assert.equal(failing.calls.length, 3);
  });

  test('each attempt sends x-retry-count', async () => {
    const { client: c, calls } = client([apiError(500, 'x'), apiError(500, 'x'), json(200, CONVERSATION)]);
    await c.conversations.retrieve(CONV_ID);
    assert.deepEqual(calls.map((r) => r.headers.get('x-retry-count')), ['0', '1', '2']);
  });
});

describe('Retry-After', () => {
  const cases: Array<[string, Record<string, string>, number | 'backoff']> = [
    ['retry-after-ms', { 'retry-after-ms': '1500' }, 1500],
    ['retry-after in seconds', { 'retry-after': '2' }, 2000],
    ['retry-after with a fraction', { 'retry-after': '0.25' }, 250],
    ['retry-after-ms wins over retry-after', { 'retry-after-ms': '700', 'retry-after': '9' }, 700],
    ['retry-after of 0 falls back to the backoff', { 'retry-after': '0' }, 'backoff'],
    ['retry-after above 60 s falls back', { 'retry-after': '61' }, 'backoff'],
    ['retry-after-ms above 60 s falls back', { 'retry-after-ms': '60001' }, 'backoff'],
    // As in Python: a parsable retry-after-ms decides, even when out of range.
    ['an out-of-range retry-after-ms is not replaced by retry-after', { 'retry-after-ms': '0', 'retry-after': '3' }, 'backoff'],
    ['an unparsable retry-after-ms leaves retry-after in charge', { 'retry-after-ms': 'x', 'retry-after': '3' }, 3000],
    ['exactly 60 s is honoured', { 'retry-after': '60' }, 60000],
    ['a negative value falls back', { 'retry-after-ms': '-5' }, 'backoff'],
    ['garbage falls back', { 'retry-after': 'soon' }, 'backoff'],
  ];
  for (const [name, headers, expected] of cases) {
    test(name, async () => {
      Math.random = () => 0;
      const { client: c } = client([apiError(429, 'slow down', null, headers), json(200, CONVERSATION)]);
      await c.conversations.retrieve(CONV_ID);
      assert.deepEqual(c.delays, [expected === 'backoff' ? 500 : expected]);
    });
  }

  test('retry-after as an HTTP date', async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    const { client: c } = client([apiError(503, 'x', null, { 'retry-after': date }), json(200, CONVERSATION)]);
    await c.conversations.retrieve(CONV_ID);
    const [delay = -1] = c.delays;
    // HTTP dates have whole seconds, so up to one second is lost.
    assert.ok(delay > 3000 && delay <= 5000, `delay ${delay}`);
  });

  test('an HTTP date in the past falls back to the backoff', async () => {
    Math.random = () => 0;
    const date = new Date(Date.now() - 10_000).toUTCString();
    const { client: c } = client([apiError(503, 'x', null, { 'retry-after': date }), json(200, CONVERSATION)]);
    await c.conversations.retrieve(CONV_ID);
    assert.deepEqual(c.delays, [500]);
  });
});

describe('x-should-retry', () => {
  test('true retries a status that is not retried by default', async () => {
    const { client: c, calls } = client([apiError(400, 'x', null, { 'x-should-retry': 'true' }), json(200, CONVERSATION)]);
    await c.conversations.retrieve(CONV_ID);
    assert.equal(calls.length, 2);
  });

  test('false stops a retry the status would get', async () => {
    const { client: c, calls } = client([apiError(503, 'x', null, { 'x-should-retry': 'false' })]);
    await assert.rejects(c.conversations.retrieve(CONV_ID), InternalServerError);
    assert.equal(calls.length, 1);
  });
});

describe('idempotency keys', () => {
  test('one key per non-GET call, identical on every retry', async () => {
    const { client: c, calls } = client([
      apiError(500, 'x'),
      networkError(),
      json(200, CONVERSATION),
      json(200, CONVERSATION),
    ]);
    await c.conversations.create({ metadata: { a: 'b' } });
    await c.conversations.create({});
    const keys = calls.map((r) => r.headers.get('idempotency-key'));
    assert.equal(keys.length, 4);
    assert.ok(typeof keys[0] === 'string' && keys[0].length >= 16, String(keys[0]));
    assert.equal(keys[1], keys[0]);
    assert.equal(keys[2], keys[0]);
    assert.notEqual(keys[3], keys[0]);
    assert.ok(keys[3]);
  });

  test('GET requests carry no key; an explicit key is used as given', async () => {
    const { client: c, calls } = client([json(200, CONVERSATION), apiError(500, 'x'), json(200, CONVERSATION)]);
    await c.conversations.retrieve(CONV_ID);
    await c.conversations.delete(CONV_ID, { idempotencyKey: 'my-key' });
    assert.equal(calls[0]?.headers.get('idempotency-key'), null);
    assert.equal(calls[1]?.headers.get('idempotency-key'), 'my-key');
    assert.equal(calls[2]?.headers.get('idempotency-key'), 'my-key');
  });

  test('the header name is configurable', async () => {
    const { client: c, calls } = client([json(200, CONVERSATION)], { idempotencyHeader: 'X-Idem' });
    await c.conversations.create({});
    assert.ok(calls[0]?.headers.get('x-idem'));
    assert.equal(calls[0]?.headers.get('idempotency-key'), null);
  });
});

describe('timeouts and aborts', () => {
  test('a hanging request times out, is retried, then raises APITimeoutError', async () => {
    const { client: c, calls } = client([hang(), hang()], { timeout: 30, maxRetries: 1 });
    const started = Date.now();
    await assert.rejects(c.conversations.retrieve(CONV_ID), APITimeoutError);
    assert.equal(calls.length, 2);
    assert.ok(calls.every((r) => r.signal?.aborted === true));
    assert.ok(Date.now() - started < 5000);
  });

  test('the per-request timeout overrides the client one', async () => {
    const { client: c, calls } = client([hang()], { timeout: 60_000, maxRetries: 0 });
    await assert.rejects(c.conversations.retrieve(CONV_ID, { timeout: 20 }), APITimeoutError);
    assert.equal(calls.length, 1);
  });

  test("the caller's signal aborts with APIUserAbortError and is never retried", async () => {
    const { client: c, calls } = client([hang(), hang(), hang()]);
    const controller = new AbortController();
    const pending = c.conversations.retrieve(CONV_ID, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, APIUserAbortError);
    assert.equal(calls.length, 1);
  });

  test('an already aborted signal sends nothing', async () => {
    const { client: c, calls } = client([json(200, CONVERSATION)]);
    await assert.rejects(c.conversations.retrieve(CONV_ID, { signal: AbortSignal.abort() }), APIUserAbortError);
    assert.equal(calls.length, 0);
  });

  test('aborting during the retry wait stops before the next attempt', async () => {
    const controller = new AbortController();
    class AbortingClient extends Parley {
      protected override sleep(): Promise<void> {
        controller.abort();
        return Promise.resolve();
      }
    }
    const script = scripted(apiError(500, 'x'), json(200, CONVERSATION));
    const c = new AbortingClient({ baseURL: BASE, fetch: script.fetch });
    await assert.rejects(c.conversations.retrieve(CONV_ID, { signal: controller.signal }), APIUserAbortError);
    assert.equal(script.calls.length, 1);
  });
});

describe('response validation', () => {
  test('a non-JSON 200 raises APIResponseValidationError with status and excerpt', async () => {
    const { client: c, calls } = client([text(200, '<html>gateway page</html>')]);
    await assert.rejects(c.conversations.retrieve(CONV_ID), (err: unknown) => {
      assert.ok(err instanceof APIResponseValidationError);
      assert.equal(err.status, 200);
      assert.match(err.message, /status 200/);
      assert.match(err.message, /gateway page/);
      return true;
    });
    assert.equal(calls.length, 1);
  });

  test('truncated JSON and an empty body raise the same error', async () => {
    const { client: c } = client([text(200, '{"id": "conv_'), text(200, '')]);
    await assert.rejects(c.conversations.retrieve(CONV_ID), APIResponseValidationError);
    await assert.rejects(c.conversations.retrieve(CONV_ID), /empty body/);
  });
});

describe('errors', () => {
  test('carry status, error body, type, param, code, headers and request id', async () => {
    const { client: c } = client([apiError(400, 'invalid_value', 'items.3.role', { 'x-request-id': 'req_123' })]);
    await assert.rejects(c.conversations.items.list(CONV_ID, { limit: 5 }), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.equal(err.status, 400);
      assert.equal(err.param, 'items.3.role');
      assert.equal(err.code, 'invalid_value');
      assert.equal(err.type, 'invalid_request_error');
      assert.equal(err.requestID, 'req_123');
      assert.equal(err.headers.get('x-request-id'), 'req_123');
      assert.deepEqual(err.error, { message: 'failed with 400', type: 'invalid_request_error', param: 'items.3.role', code: 'invalid_value' });
      assert.match(err.message, /^400 failed with 400/);
      return true;
    });
  });

  test('a non-JSON error body is kept as text', async () => {
    const { client: c } = client([text(502, 'Bad Gateway'), text(502, 'Bad Gateway'), text(502, 'Bad Gateway')]);
    await assert.rejects(c.conversations.retrieve(CONV_ID), (err: unknown) => {
      assert.ok(err instanceof InternalServerError);
      assert.equal(err.body, 'Bad Gateway');
      assert.equal(err.code, null);
      assert.match(err.message, /502 Bad Gateway/);
      return true;
    });
  });
});

describe('requests', () => {
  test('path parameters are percent-encoded, slash included', async () => {
    const { client: c, calls } = client([json(200, { id: 'x', type: 'message', role: 'user', content: 'hi' })]);
    await c.conversations.items.retrieve(CONV_ID, 'a/b?c#d é%');
    assert.equal(calls[0]?.url.pathname, `/v1/conversations/${CONV_ID}/items/a%2Fb%3Fc%23d%20%C3%A9%25`);
    assert.equal(calls[0]?.url.search, '');
  });

  for (const bad of ['', '.', '..']) {
    test(`path parameter ${JSON.stringify(bad)} is rejected before any request`, async () => {
      const { client: c, calls } = client([json(200, CONVERSATION)]);
      assert.throws(() => c.conversations.retrieve(bad), (err: unknown) => {
        assert.ok(err instanceof TypeError);
        assert.match(err.message, /conversation_id/);
        return true;
      });
      assert.equal(calls.length, 0);
    });
  }

  test('body fields and query parameters go where the spec puts them', async () => {
    const page = { object: 'list', data: [], first_id: null, last_id: null, has_more: false };
    const { client: c, calls } = client([json(200, page), json(200, page)]);
    await c.conversations.items.list(CONV_ID, { limit: 3, order: 'asc', include: ['message.output_text.logprobs', 'reasoning.encrypted_content'] });
    const url = calls[0]?.url;
    assert.equal(url?.searchParams.get('limit'), '3');
    assert.equal(url?.searchParams.get('order'), 'asc');
    assert.deepEqual(url?.searchParams.getAll('include'), ['message.output_text.logprobs', 'reasoning.encrypted_content']);
    assert.equal(calls[0]?.body, undefined);
    assert.equal(calls[0]?.method, 'GET');

    await c.conversations.items.create(CONV_ID, { items: [{ type: 'message', role: 'user', content: 'hi' }], include: ['reasoning.encrypted_content'] });
    assert.equal(calls[1]?.method, 'POST');
    assert.deepEqual(JSON.parse(calls[1]?.body ?? 'null'), { items: [{ type: 'message', role: 'user', content: 'hi' }] });
    assert.deepEqual(calls[1]?.url.searchParams.getAll('include'), ['reasoning.encrypted_content']);
    assert.equal(calls[1]?.headers.get('content-type'), 'application/json');
  });

  test('an omitted field is not sent; null is sent as null', async () => {
    const { client: c, calls } = client([json(200, CONVERSATION), json(200, CONVERSATION)]);
    await c.conversations.create({});
    await c.conversations.create({ items: [{ type: 'message', role: 'user', content: 'x', status: null } as unknown as ConversationItem] });
    assert.deepEqual(JSON.parse(calls[0]?.body ?? 'null'), {});
    assert.deepEqual(JSON.parse(calls[1]?.body ?? 'null'), { items: [{ type: 'message', role: 'user', content: 'x', status: null }] });
  });

  test('RequestOptions: extra headers (null removes), query and body fields', async () => {
    const { client: c, calls } = client([json(200, CONVERSATION)], { defaultHeaders: { 'x-default': 'd', 'x-gone': 'g' } });
    await c.conversations.update(CONV_ID, { metadata: { k: 'v' } }, {
      headers: { 'x-extra': 'e', 'x-gone': null },
      query: { trace: 'yes' },
      body: { extra_field: 1 },
    });
    const request = calls[0];
    assert.equal(request?.headers.get('x-default'), 'd');
    assert.equal(request?.headers.get('x-extra'), 'e');
    assert.equal(request?.headers.get('x-gone'), null);
    assert.equal(request?.url.searchParams.get('trace'), 'yes');
    assert.deepEqual(JSON.parse(request?.body ?? 'null'), { metadata: { k: 'v' }, extra_field: 1 });
  });

  test('header names are case-insensitive across layers; null removes whatever the case', async () => {
    const { client: c, calls } = client([json(200, CONVERSATION)], { defaultHeaders: { 'X-Layer': 'client', 'X-Gone': 'g' } });
    await c.conversations.retrieve(CONV_ID, { headers: { 'x-layer': 'request', 'x-gone': null, 'Accept': 'text/plain' } });
    const sent = calls[0]?.headers;
    assert.equal(sent?.get('x-layer'), 'request');
    assert.equal(sent?.get('x-gone'), null);
    assert.equal(sent?.get('accept'), 'text/plain');
    assert.equal(sent?.get('authorization'), 'Bearer k');
  });

  test('a header fetch would refuse is a TypeError before any attempt, never a retried connection error', async () => {
    const { client: c, calls } = client([json(200, CONVERSATION)]);
    await assert.rejects(c.conversations.retrieve(CONV_ID, { headers: { 'x-bad': 'a\nb' } }), TypeError);
    await assert.rejects(c.conversations.retrieve(CONV_ID, { headers: { 'bad name': 'v' } }), TypeError);
    await assert.rejects(new Parley({ baseURL: BASE, apiKey: 'k\r\nx: y', fetch: () => Promise.reject(new Error('sent')) })
      .conversations.retrieve(CONV_ID), TypeError);
    assert.equal(calls.length, 0);
    // Leading and trailing whitespace is trimmed by fetch, as `Headers` does, not refused.
    await c.conversations.retrieve(CONV_ID, { headers: { 'x-padded': ' v \n' } });
    assert.equal(calls[0]?.headers.get('x-padded'), 'v');
  });

  test('RequestOptions.body on a GET is refused before any request', async () => {
    const { client: c, calls } = client([json(200, CONVERSATION)]);
    await assert.rejects(c.conversations.retrieve(CONV_ID, { body: { x: 1 } }), /GET request cannot have a body/);
    assert.equal(calls.length, 0);
  });

  test('the API key is sent as a bearer token', async () => {
    const { client: c, calls } = client([json(200, CONVERSATION)], { apiKey: 'sk-123' });
    await c.conversations.retrieve(CONV_ID);
    assert.equal(calls[0]?.headers.get('authorization'), 'Bearer sk-123');
    assert.equal(calls[0]?.url.origin, BASE);
  });

  test('PARLEY_BASE_URL and PARLEY_API_KEY are read from the environment; arguments win', async () => {
    const saved = { url: process.env['PARLEY_BASE_URL'], key: process.env['PARLEY_API_KEY'] };
    process.env['PARLEY_BASE_URL'] = 'http://env.example:1234/';
    process.env['PARLEY_API_KEY'] = 'env-key';
    try {
      const script = scripted(json(200, CONVERSATION), json(200, CONVERSATION));
      await new Parley({ fetch: script.fetch }).conversations.retrieve(CONV_ID);
      await new Parley({ fetch: script.fetch, baseURL: 'http://arg.example', apiKey: 'arg-key' }).conversations.retrieve(CONV_ID);
      assert.equal(script.calls[0]?.url.href, `http://env.example:1234/v1/conversations/${CONV_ID}`);
      assert.equal(script.calls[0]?.headers.get('authorization'), 'Bearer env-key');
      assert.equal(script.calls[1]?.url.origin, 'http://arg.example');
      assert.equal(script.calls[1]?.headers.get('authorization'), 'Bearer arg-key');
    } finally {
      for (const [name, value] of [['PARLEY_BASE_URL', saved.url], ['PARLEY_API_KEY', saved.key]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test('withOptions derives a client with changed options', async () => {
    const { client: c, calls } = client([apiError(500, 'x')]);
    const derived = c.withOptions({ maxRetries: 0 });
    assert.ok(derived instanceof Parley);
    assert.equal(derived.baseURL, BASE);
    await assert.rejects(derived.conversations.retrieve(CONV_ID), InternalServerError);
    assert.equal(calls.length, 1);
  });

  test('.withResponse() gives the parsed data and the Response', async () => {
    const { client: c } = client([json(200, CONVERSATION, { 'x-request-id': 'req_raw' })]);
    const { data, response } = await c.conversations.retrieve(CONV_ID).withResponse();
    assert.deepEqual(data, CONVERSATION);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-request-id'), 'req_raw');
  });
});

describe('form bodies', () => {
  // `PYTHON_WIRE` is what the Python runtime (`_body.flatten_form` + `urlencode`) sends for the
  // same body, recorded from it: both SDKs must put identical forms on the wire.
  const BODY = {
    purpose: 'batch',
    expires_after: { anchor: 'created_at', seconds: 3600 },
    tags: ['a', 'b c'],
    items: [{ name: 'x' }, { name: 'y', tags: ['p', 'q'] }],
    matrix: [[1, 2], [3]],
    stream: false,
    verbose: true,
    note: null,
    skipped: undefined,
    meta: { gone: null, ok: true },
    empty: [],
    ratio: 0.5,
  };
  const FIELDS: Array<[string, string]> = [
    ['purpose', 'batch'],
    ['expires_after[anchor]', 'created_at'],
    ['expires_after[seconds]', '3600'],
    ['tags', 'a'],
    ['tags', 'b c'],
    ['items[0][name]', 'x'],
    ['items[1][name]', 'y'],
    ['items[1][tags]', 'p'],
    ['items[1][tags]', 'q'],
    ['matrix[0]', '1'],
    ['matrix[0]', '2'],
    ['matrix[1]', '3'],
    ['stream', 'false'],
    ['verbose', 'true'],
    ['meta[ok]', 'true'],
    ['ratio', '0.5'],
  ];
  const PYTHON_WIRE =
    'purpose=batch&expires_after%5Banchor%5D=created_at&expires_after%5Bseconds%5D=3600&tags=a&tags=b+c' +
    '&items%5B0%5D%5Bname%5D=x&items%5B1%5D%5Bname%5D=y&items%5B1%5D%5Btags%5D=p&items%5B1%5D%5Btags%5D=q' +
    '&matrix%5B0%5D=1&matrix%5B0%5D=2&matrix%5B1%5D=3&stream=false&verbose=true&meta%5Bok%5D=true&ratio=0.5';

  const upload = (c: RecordingClient, body: unknown, bodyEncoding: 'multipart' | 'form') =>
    c.request<unknown>({ method: 'post', path: '/v1/files', body, bodyEncoding, responseKind: 'json' });

  test('multipart: nested objects in brackets, lists repeat the key, booleans as text, nulls left out', async () => {
    const { client: c, calls } = client([json(200, { id: 'file-1' })]);
    await upload(c, BODY, 'multipart');
    const sent = await sentForm(calls[0]!);
    assert.match(sent.contentType, /^multipart\/form-data; boundary=/);
    assert.equal(calls[0]!.headers.get('content-type'), null, 'the boundary is left to fetch');
    assert.deepEqual([...sent.form.entries()], FIELDS);
    assert.ok(!sent.wire.includes('{'), 'no field is sent as a JSON string');
  });

  test('multipart: files go last as file parts with filename and content type', async () => {
    const { client: c, calls } = client([json(200, { id: 'file-1' })]);
    await upload(
      c,
      {
        file: new File(['hello upload'], 'data.txt', { type: 'text/plain' }),
        purpose: 'batch',
        raw: new Uint8Array([104, 105]),
        expires_after: { anchor: 'created_at' },
      },
      'multipart',
    );
    const sent = await sentForm(calls[0]!);
    assert.deepEqual(
      [...sent.form.keys()],
      ['purpose', 'expires_after[anchor]', 'file', 'raw'],
      'fields first, then files, each in order (as the Python runtime sends them)',
    );
    const file = sent.form.get('file');
    assert.ok(file instanceof File);
    assert.equal(file.name, 'data.txt');
    assert.equal(file.type, 'text/plain');
    assert.equal(await file.text(), 'hello upload');
    assert.match(sent.wire, /Content-Disposition: form-data; name="file"; filename="data.txt"\r\nContent-Type: text\/plain\r\n/);
    const raw = sent.form.get('raw');
    assert.ok(raw instanceof File);
    assert.equal(raw.name, 'upload', 'bytes without a name get the same default filename as in Python');
    assert.equal(raw.type, 'application/octet-stream');
    assert.equal(await raw.text(), 'hi');
  });

  test('multipart: a retry sends the same form again', async () => {
    const { client: c, calls } = client([json(503, {}), json(200, { id: 'file-1' })]);
    await upload(c, { file: new File(['x'], 'a.bin'), expires_after: { seconds: 60 } }, 'multipart');
    assert.equal(calls.length, 2);
    const [first, second] = [await sentForm(calls[0]!), await sentForm(calls[1]!)];
    assert.deepEqual([...second.form.keys()], ['expires_after[seconds]', 'file']);
    assert.equal(second.form.get('expires_after[seconds]'), first.form.get('expires_after[seconds]'));
    assert.equal(await (second.form.get('file') as File).text(), 'x');
  });

  test('form-urlencoded: the same flattening, byte for byte what the Python SDK sends', async () => {
    const { client: c, calls } = client([json(200, { id: 'file-1' })]);
    await upload(c, BODY, 'form');
    assert.equal(calls[0]!.headers.get('content-type'), 'application/x-www-form-urlencoded');
    assert.equal(calls[0]!.body, PYTHON_WIRE);
    assert.deepEqual([...(await sentForm(calls[0]!)).form.entries()], FIELDS);
  });

  test('a Date is sent as its JSON value', async () => {
    const { client: c, calls } = client([json(200, {})]);
    await upload(c, { at: new Date(0), window: { from: new Date(0) } }, 'form');
    assert.equal(calls[0]!.body, 'at=1970-01-01T00%3A00%3A00.000Z&window%5Bfrom%5D=1970-01-01T00%3A00%3A00.000Z');
  });

  test('values a form cannot carry are refused before any request, naming the field', async () => {
    const { client: c, calls } = client([]);
    await assert.rejects(upload(c, { doc: new Blob(['x']) }, 'form'), {
      name: 'TypeError',
      message: 'doc: files can only be sent in a multipart/form-data body.',
    });
    await assert.rejects(upload(c, { meta: { lookup: new Map() } }, 'multipart'), {
      name: 'TypeError',
      message: 'meta[lookup]: cannot send a value of type Map in a form body.',
    });
    await assert.rejects(upload(c, ['not', 'an', 'object'], 'multipart'), {
      name: 'TypeError',
      message: 'A multipart/form-data body must be an object.',
    });
    assert.equal(calls.length, 0);
  });
});

describe('pagination', () => {
  const item = (id: string) => ({ id, type: 'message', role: 'user', content: id });
  const page = (ids: string[], hasMore: boolean) => ({
    object: 'list',
    data: ids.map(item),
    first_id: ids[0] ?? null,
    last_id: ids[ids.length - 1] ?? null,
    has_more: hasMore,
  });

  test('for await walks every page, sending after = last_id', async () => {
    const { client: c, calls } = client([json(200, page(['a', 'b'], true)), json(200, page(['c', 'd'], true)), json(200, page(['e'], false))]);
    const ids: string[] = [];
    for await (const it of c.conversations.items.list(CONV_ID, { limit: 2, order: 'asc' })) {
      ids.push(it.id ?? '?');
    }
    assert.deepEqual(ids, ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(calls.map((r) => r.url.searchParams.get('after')), [null, 'b', 'd']);
    assert.ok(calls.every((r) => r.url.searchParams.get('limit') === '2' && r.url.searchParams.get('order') === 'asc'));
  });

  test('page-level control: data, body, hasNextPage, getNextPage, iterPages', async () => {
    const { client: c, calls } = client([json(200, page(['a'], true)), json(200, page(['b'], false)), json(200, page(['b'], false))]);
    const first = await c.conversations.items.list(CONV_ID);
    assert.deepEqual(first.data.map((i) => i.id), ['a']);
    assert.equal(first.body.has_more, true);
    assert.equal(first.hasNextPage(), true);
    const second = await first.getNextPage();
    assert.equal(second.hasNextPage(), false);
    await assert.rejects(second.getNextPage(), /No next page/);
    const sizes: number[] = [];
    for await (const p of first.iterPages()) sizes.push(p.data.length);
    assert.deepEqual(sizes, [1, 1]);
    assert.equal(calls.length, 3);
  });

  test('an empty page or a missing cursor stops even if has_more is true', async () => {
    const empty = client([json(200, page([], true))]);
    const seen: unknown[] = [];
    for await (const it of empty.client.conversations.items.list(CONV_ID)) seen.push(it);
    assert.deepEqual(seen, []);
    assert.equal(empty.calls.length, 1);

    const noCursor = client([json(200, { ...page(['a'], true), last_id: null })]);
    const ids: unknown[] = [];
    for await (const it of noCursor.client.conversations.items.list(CONV_ID)) ids.push(it.id);
    assert.deepEqual(ids, ['a']);
    assert.equal(noCursor.calls.length, 1);
  });
});

describe('forward compatibility', () => {
  test('unknown item types, part types and fields pass through untouched', async () => {
    const future = { id: 'item_1', type: 'hologram_call', beams: [1, 2, { nested: true }], status: 'warp' };
    const known = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      brand_new_field: { x: 1 },
      status: 'paused_in_a_future_version',
      content: [
        { type: 'output_text', text: 'hi', annotations: [{ type: 'future_citation', where: 'moon' }] },
        { type: 'output_smell', scent: 'rose' },
      ],
    };
    const body = { object: 'list', data: [future, known], first_id: 'item_1', last_id: 'msg_1', has_more: false, cursor_v2: 'z' };
    const { client: c } = client([json(200, body), json(200, future), json(200, known)]);
    const page = await c.conversations.items.list(CONV_ID);
    assert.deepEqual(page.body, body);
    assert.deepEqual(page.data, [future, known]);
    assert.deepEqual(await c.conversations.items.retrieve(CONV_ID, 'item_1'), future);
    const message = await c.conversations.items.retrieve(CONV_ID, 'msg_1');
    assert.deepEqual(message, known);
    // A new enum value from the server is kept as the string it is.
    assert.equal(message.type === 'message' ? message.status : undefined, 'paused_in_a_future_version');
  });
});

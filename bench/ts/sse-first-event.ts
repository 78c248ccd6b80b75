// Time to the first event of a stream: the server's time to first body byte (raw fetch) and the
// SDK's first event (the runtime of this checkout, templates/typescript/runtime/, as a client
// would use it), side by side in one process, alternating. Bundled by bench/sse_first_event.py
// with esbuild. Prints one JSON object: per side, the milliseconds from the call to the response
// headers, to the first byte / first event, and to the end of the stream, for every timed call.
//
//   node sse-first-event.mjs <base-url> <events> <first-ms> <gap-ms> <calls> <warmup>
import { BaseClient, type ClientIdentity } from '../../templates/typescript/runtime/client.js';
import type { APIPromise } from '../../templates/typescript/runtime/api-promise.js';
import type { Stream } from '../../templates/typescript/runtime/streaming.js';

const [baseURL = '', eventsArg = '5', firstArg = '20', gapArg = '40', callsArg = '20', warmupArg = '2'] =
  process.argv.slice(2);
const events = Number(eventsArg);
const calls = Number(callsArg);
const warmup = Number(warmupArg);
const path = `/v1/stream?events=${events}&first_ms=${firstArg}&gap_ms=${gapArg}`;

const IDENTITY: ClientIdentity = {
  defaultBaseURL: baseURL, baseURLEnv: null, apiKeyEnv: null, userAgent: 'sse-bench/1',
  idempotencyHeader: 'Idempotency-Key', defaultTimeoutMs: 60_000, defaultMaxRetries: 0,
};

interface Chunk { index: number; choices: unknown[] }

/** What a generated client's streaming method does: `responseKind: 'events'`. */
class Client extends BaseClient {
  constructor() {
    super({ baseURL, maxRetries: 0 }, IDENTITY);
  }
  stream(): APIPromise<Stream<Chunk>> {
    return this.request<Stream<Chunk>>({ method: 'get', path, responseKind: 'events' });
  }
}
const client = new Client();

interface Timing { headers_ms: number; first_ms: number; end_ms: number; count: number }
const now = (): number => performance.now();

async function raw(): Promise<Timing> {
  const start = now();
  const response = await fetch(`${baseURL}${path}`, { headers: { accept: 'text/event-stream' } });
  const headers = now() - start;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let first = -1;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (first < 0) first = now() - start;
    bytes += value.length;
  }
  return { headers_ms: headers, first_ms: first, end_ms: now() - start, count: bytes };
}

async function sdk(): Promise<Timing> {
  const start = now();
  const { data: stream, response } = await client.stream().withResponse();
  void response;
  const headers = now() - start;
  let first = -1;
  let count = 0;
  for await (const chunk of stream) {
    if (first < 0) first = now() - start;
    count += chunk.choices.length;
  }
  return { headers_ms: headers, first_ms: first, end_ms: now() - start, count };
}

const sides = { raw, sdk } as const;
const samples: Record<keyof typeof sides, Timing[]> = { raw: [], sdk: [] };
for (let attempt = 0; attempt < warmup + calls; attempt++) {
  const order = attempt % 2 === 0 ? (['raw', 'sdk'] as const) : (['sdk', 'raw'] as const);
  for (const side of order) {
    const timing = await sides[side]();
    if (side === 'sdk' && timing.count !== events) throw new Error(`sdk got ${timing.count} events, not ${events}`);
    if (attempt >= warmup) samples[side].push(timing);
  }
}
process.stdout.write(JSON.stringify({ events, samples }) + '\n');

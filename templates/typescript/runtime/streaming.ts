// Server-sent event streams: an incremental decoder following the WHATWG HTML "event stream"
// rules (§9.2), and `Stream<Item>`, what a streaming method resolves to. Uses only fetch,
// ReadableStream and TextDecoder, so it runs unchanged in Node 18+ and browsers.

import { APIConnectionError, APIError, APIResponseValidationError, APIUserAbortError } from './errors.js';

/** One event as sent: `event` is `null` when the server named none (the spec's "message"). */
export class ServerSentEvent {
  constructor(
    readonly event: string | null,
    readonly data: string,
    /** The last event ID seen on this stream (it persists across events); `null`: none yet. */
    readonly id: string | null,
    /** The reconnection time this event carried, in milliseconds; `null`: none. */
    readonly retry: number | null,
  ) {}

  /** `data` parsed as JSON. */
  json<T = unknown>(): T {
    return JSON.parse(this.data) as T;
  }
}

const LF = 10;

/**
 * Decodes an event stream incrementally: feed it text as it arrives (`push`), take the events it
 * completed. Lines end in CRLF, LF or CR (a CR at the end of a chunk waits for the next one, in
 * case an LF follows); an event ends at an empty line; a stream that ends mid-event drops it.
 */
export class SSEDecoder {
  #buffer = '';
  #pendingCR = false;
  #event: string | null = null;
  #data: string[] = [];
  #lastId: string | null = null;
  #retry: number | null = null;

  push(text: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let chunk = text;
    if (this.#pendingCR) {
      this.#pendingCR = false;
      if (chunk.charCodeAt(0) === LF) chunk = chunk.slice(1);
    }
    const buffer = this.#buffer + chunk;
    const length = buffer.length;
    let start = 0;
    // indexOf (native) finds line ends much faster than a loop over the characters; each
    // search is redone only once the scan has passed its last hit (-1: none left at all).
    let lf = buffer.indexOf('\n');
    let cr = buffer.indexOf('\r');
    for (;;) {
      if (lf !== -1 && lf < start) lf = buffer.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(lf, cr);
      if (end === -1) break;
      const event = this.#line(buffer.slice(start, end));
      if (event !== null) events.push(event);
      start = end + 1;
      if (end === cr) {
        if (start === length) this.#pendingCR = true;
        else if (buffer.charCodeAt(start) === LF) start++;
      }
    }
    this.#buffer = start === 0 ? buffer : buffer.slice(start);
    return events;
  }

  /** One complete line; returns the event an empty line dispatches. */
  #line(line: string): ServerSentEvent | null {
    if (line === '') return this.#dispatch();
    const colon = line.indexOf(':');
    if (colon === 0) return null; // a comment
    let field = line;
    let value = '';
    if (colon > 0) {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.#lastId = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.#retry = Number(value);
        break;
      default: // unknown fields are ignored
    }
    return null;
  }

  #dispatch(): ServerSentEvent | null {
    const { length } = this.#data;
    const event =
      length === 0
        ? null
        : new ServerSentEvent(
            this.#event === '' ? null : this.#event,
            length === 1 ? (this.#data[0] as string) : this.#data.join('\n'),
            this.#lastId,
            this.#retry,
          );
    this.#event = null;
    this.#data = [];
    this.#retry = null;
    return event;
  }
}

/** The events of a byte stream, decoded as UTF-8 (a leading BOM dropped, characters split
 * across chunks joined), in the batches each chunk completes (one await per chunk, not per
 * event). */
async function* sseBatches(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent[], void, undefined> {
  const reader = body.getReader();
  const text = new TextDecoder('utf-8');
  const decoder = new SSEDecoder();
  let done = false;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        done = true;
        yield decoder.push(text.decode());
        return;
      }
      yield decoder.push(text.decode(chunk.value, { stream: true }));
    }
  } finally {
    // Left early (break, return, an error): cancelling the body closes the connection.
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The events of a byte stream (see `SSEDecoder`), one at a time. */
export async function* iterSSE(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent, void, undefined> {
  for await (const batch of sseBatches(body)) yield* batch;
}

/** How a stream's events become its items: their `data` parsed as JSON, or the raw events. */
export type StreamDecoding = 'json' | 'sse';

function errorOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'error' in value
    ? (value as { error: unknown }).error
    : undefined;
}

function streamError(response: Response, body: unknown): APIError {
  const error = errorOf(body) ?? body;
  const message =
    typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
      ? (error as { message: string }).message
      : JSON.stringify(body) ?? 'stream error';
  return new APIError(undefined, body, `Error in the event stream: ${message}`, response.headers);
}

function parseData(response: Response, sse: ServerSentEvent): unknown {
  try {
    return JSON.parse(sse.data) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new APIResponseValidationError(response.status, sse.data, `event data is not JSON (${reason})`, response.headers);
  }
}

/**
 * What a streaming method resolves to: `for await` it for the events, typed by the spec (events
 * of unknown types are passed through, never dropped). It can be iterated once; `tee()` splits
 * it in two. `controller.abort()` (or leaving the loop early) closes the connection.
 */
export class Stream<Item> implements AsyncIterable<Item> {
  /** Aborting it stops the stream and closes its connection; iteration then simply ends. */
  readonly controller: AbortController;
  /** The HTTP response the events come from (status, headers; its body is the stream). */
  readonly response: Response | undefined;
  readonly #iterate: () => AsyncIterator<Item>;
  #consumed = false;

  constructor(iterate: () => AsyncIterator<Item>, controller: AbortController, response?: Response) {
    this.#iterate = iterate;
    this.controller = controller;
    this.response = response;
  }

  /**
   * The stream of a response: its events, or their `data` as JSON items (`data: [DONE]` ends the
   * stream). An `event: error`, or a JSON `{"error": ...}` item, raises `APIError`. `signal` is
   * the caller's: aborting it raises `APIUserAbortError`. `onEnd` runs once the stream is over,
   * however it ended (the client stops listening to `signal` there).
   */
  static fromSSEResponse<Item>(
    response: Response,
    controller: AbortController,
    decoding: StreamDecoding,
    signal?: AbortSignal,
    onEnd?: () => void,
    check?: (data: unknown, text: string) => void,
  ): Stream<Item> {
    async function* items(): AsyncGenerator<Item, void, undefined> {
      if (response.body === null) return;
      let finished = false;
      try {
        for await (const batch of sseBatches(response.body)) {
          for (const sse of batch) {
            if (decoding === 'sse') {
              if (sse.event === 'error') throw streamError(response, parseErrorData(sse.data));
              yield sse as Item;
              continue;
            }
            if (sse.data.startsWith('[DONE]')) {
              finished = true;
              return;
            }
            const value = parseData(response, sse);
            if (sse.event === 'error' || errorOf(value) !== undefined) throw streamError(response, value);
            // Strict mode: an event that breaks the spec ends the stream with its error.
            check?.(value, sse.data);
            yield value as Item;
          }
        }
        finished = true;
      } catch (error) {
        if (error instanceof APIError) throw error;
        if (signal?.aborted) throw new APIUserAbortError({ cause: error });
        if (controller.signal.aborted) return; // `stream.controller.abort()`: the caller stopped
        throw new APIConnectionError({ message: 'The event stream broke off.', cause: error });
      } finally {
        // Whatever ended the loop before the server did, the connection must not linger.
        if (!finished) controller.abort();
        onEnd?.();
      }
    }
    return new Stream<Item>(() => items(), controller, response);
  }

  [Symbol.asyncIterator](): AsyncIterator<Item> {
    if (this.#consumed) {
      throw new Error('This stream was already iterated; use `tee()` to read it twice.');
    }
    this.#consumed = true;
    return this.#iterate();
  }

  /** Two independent streams of the same items (each buffered until its reader takes it). */
  tee(): [Stream<Item>, Stream<Item>] {
    const queues: IteratorResult<Item>[][] = [[], []];
    const left = new Set<IteratorResult<Item>[]>(); // branches that stopped reading
    let source: AsyncIterator<Item> | undefined;
    let pending: Promise<void> | undefined;
    const pull = (): Promise<void> => {
      source ??= this[Symbol.asyncIterator]();
      pending ??= source.next().then(
        (result) => {
          pending = undefined;
          for (const queue of queues) if (!left.has(queue)) queue.push(result);
        },
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
      return pending;
    };
    const branch = (queue: IteratorResult<Item>[]): Stream<Item> =>
      new Stream<Item>(
        () => ({
          next: async (): Promise<IteratorResult<Item>> => {
            while (queue.length === 0) await pull();
            return queue.shift() as IteratorResult<Item>;
          },
          return: async (): Promise<IteratorResult<Item>> => {
            queue.length = 0;
            left.add(queue);
            if (left.size === queues.length) await source?.return?.();
            return { done: true, value: undefined };
          },
        }),
        this.controller,
        this.response,
      );
    return [branch(queues[0] as IteratorResult<Item>[]), branch(queues[1] as IteratorResult<Item>[])];
  }

  /** The items as newline-delimited JSON bytes (e.g. to send on from a server route). */
  toReadableStream(): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    let iterator: AsyncIterator<Item> | undefined;
    return new ReadableStream<Uint8Array>({
      start: () => {
        iterator = this[Symbol.asyncIterator]();
      },
      pull: async (controller) => {
        try {
          const result = await (iterator as AsyncIterator<Item>).next();
          if (result.done) {
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(`${JSON.stringify(result.value)}\n`));
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: async () => {
        await iterator?.return?.();
      },
    });
  }
}

function parseErrorData(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

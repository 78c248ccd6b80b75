// The value every API method returns: awaitable like a Promise of the parsed result, with
// `.asResponse()` for the raw HTTP response (body unread) and `.withResponse()` for both.

export interface WithResponse<T> {
  data: T;
  response: Response;
}

/** What a request hands over once its response headers are in: the `Response`, body unread,
 * and how to turn it into the result. */
export interface RawResult<T> {
  readonly response: Response;
  /** Reads and parses the body (called at most once, when the result is first asked for). */
  readonly parse: () => Promise<T>;
  /** The caller takes the body over unread (`asResponse()`): stop the request's timeout. */
  readonly release?: (() => void) | undefined;
}

export class APIPromise<T> implements Promise<T> {
  readonly #raw: Promise<RawResult<T>>;
  #parsed: Promise<WithResponse<T>> | undefined;

  /** Starts the request immediately, like any Promise-returning function; the body is read
   * only when the result is asked for, so `.asResponse()` gets it unread. */
  constructor(raw: Promise<RawResult<T>>) {
    this.#raw = raw;
    // The request starts even if nobody awaits this object yet; the rejection is delivered to
    // whoever awaits it (or calls `.withResponse()`), not reported as unhandled in between.
    raw.catch(() => undefined);
  }

  /** The parsed result together with the `Response` (status, headers). For a stream the body
   * is the stream itself, read as you iterate. */
  withResponse(): Promise<WithResponse<T>> {
    this.#parsed ??= this.#raw.then(async (raw) => ({ data: await raw.parse(), response: raw.response }));
    return this.#parsed;
  }

  /** Only the raw `Response`, its body unread (unless the result was already asked for). */
  asResponse(): Promise<Response> {
    return this.#raw.then((raw) => {
      if (this.#parsed === undefined) raw.release?.();
      return raw.response;
    });
  }

  then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    // One hop, not two: `onrejected` still sees only the request's failure, as with `.then(f, r)`.
    return this.withResponse().then(
      onfulfilled ? (r) => onfulfilled(r.data) : (r) => r.data as unknown as TResult1,
      onrejected,
    );
  }

  catch<TResult = never>(
    onrejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null,
  ): Promise<T | TResult> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return 'APIPromise';
  }
}

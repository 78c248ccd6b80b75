// The value every API method returns: awaitable like a Promise of the parsed result, with
// `.withResponse()` for raw access to the HTTP response.

export interface WithResponse<T> {
  data: T;
  response: Response;
}

export class APIPromise<T> implements Promise<T> {
  readonly #result: Promise<WithResponse<T>>;

  /** Starts the request immediately, like any Promise-returning function. */
  constructor(result: Promise<WithResponse<T>>) {
    this.#result = result;
    // The request starts even if nobody awaits this object yet; the rejection is delivered to
    // whoever awaits it (or calls `.withResponse()`), not reported as unhandled in between.
    result.catch(() => undefined);
  }

  /** The parsed result together with the `Response` (status, headers; the body is consumed). */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  /** Only the raw `Response` (its body already read and parsed into the result). */
  asResponse(): Promise<Response> {
    return this.#result.then((r) => r.response);
  }

  then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return this.#result.then((r) => r.data).then(onfulfilled, onrejected);
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

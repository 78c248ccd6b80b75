// Cursor pagination. The scheme (which field holds the items, which query parameter carries the
// cursor, where the cursor and the has-more flag come from) is data from the generator's config,
// so one class serves every paginated endpoint.

import { APIPromise, type WithResponse } from './api-promise.js';

export interface CursorScheme {
  /** Response field holding the page's items, e.g. `data`. */
  readonly itemsField: string;
  /** Query parameter that asks for the next page, e.g. `after`. */
  readonly cursorParam: string;
  /** Response field holding the cursor for the next page, e.g. `last_id`. */
  readonly cursorField: string;
  /** Response field that is `false` on the last page, e.g. `has_more`; `null` if none. */
  readonly hasMoreField: string | null;
}

/** Fetches one page given the query for it (the client's request machinery, bound). */
export type PageFetcher<Body> = (query: Record<string, unknown>) => Promise<WithResponse<Body>>;

export class CursorPage<Item, Body = Record<string, unknown>> implements AsyncIterable<Item> {
  /** The items of this page only; iterate the page itself to walk every page. */
  readonly data: Item[];
  /** The whole response body of this page (cursor fields included). */
  readonly body: Body;
  readonly response: Response;
  readonly #scheme: CursorScheme;
  readonly #query: Readonly<Record<string, unknown>>;
  readonly #fetchPage: PageFetcher<Body>;

  constructor(
    scheme: CursorScheme,
    query: Readonly<Record<string, unknown>>,
    fetchPage: PageFetcher<Body>,
    result: WithResponse<Body>,
  ) {
    this.#scheme = scheme;
    this.#query = query;
    this.#fetchPage = fetchPage;
    this.body = result.data;
    this.response = result.response;
    const items: unknown =
      typeof result.data === 'object' && result.data !== null
        ? (result.data as Record<string, unknown>)[scheme.itemsField]
        : undefined;
    this.data = Array.isArray(items) ? (items as Item[]) : [];
  }

  #field(name: string): unknown {
    return typeof this.body === 'object' && this.body !== null
      ? (this.body as Record<string, unknown>)[name]
      : undefined;
  }

  /** False when the server says there is no more, the page is empty, or there is no cursor. */
  hasNextPage(): boolean {
    const { hasMoreField, cursorField } = this.#scheme;
    if (hasMoreField !== null && this.#field(hasMoreField) === false) return false;
    if (this.data.length === 0) return false;
    const cursor = this.#field(cursorField);
    return cursor !== undefined && cursor !== null && cursor !== '';
  }

  async getNextPage(): Promise<CursorPage<Item, Body>> {
    if (!this.hasNextPage()) {
      throw new Error('No next page: check hasNextPage() before calling getNextPage().');
    }
    const query = { ...this.#query, [this.#scheme.cursorParam]: this.#field(this.#scheme.cursorField) };
    const result = await this.#fetchPage(query);
    return new CursorPage(this.#scheme, query, this.#fetchPage, result);
  }

  /** This page, then each following page, fetched lazily. */
  async *iterPages(): AsyncGenerator<CursorPage<Item, Body>, void, undefined> {
    let page: CursorPage<Item, Body> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  /** Every item of this page and of all following pages. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.iterPages()) {
      yield* page.data;
    }
  }
}

/**
 * What a `list` method returns: await it for the first page, or `for await` it directly to walk
 * every item of every page.
 */
export class PagePromise<Item, Body> extends APIPromise<CursorPage<Item, Body>> implements AsyncIterable<Item> {
  constructor(scheme: CursorScheme, query: Record<string, unknown>, fetchPage: PageFetcher<Body>) {
    super(
      fetchPage(query).then((result) => ({
        response: result.response,
        parse: () => Promise.resolve(new CursorPage<Item, Body>(scheme, query, fetchPage, result)),
      })),
    );
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    const page = await this;
    yield* page;
  }
}

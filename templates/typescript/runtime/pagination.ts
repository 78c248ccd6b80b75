// Pagination. The scheme (its kind, which field holds the items, which query parameter asks for
// the next page, where the cursor and the has-more flag come from) is data from the generator's
// IR, so one class serves every paginated endpoint. Kinds: `cursor_id` / `cursor_token` (the next
// cursor goes in `cursorParam`), `page_number` (`cursorParam` + 1), `offset` (`cursorParam` + the
// items received) and `next_url` (the URL in `cursorField`).

import { APIPromise, type WithResponse } from './api-promise.js';

export interface CursorScheme {
  /** Absent: `cursor_id`. */
  readonly kind?: 'cursor_id' | 'cursor_token' | 'page_number' | 'offset' | 'next_url' | undefined;
  /** Response field holding the page's items, e.g. `data`. */
  readonly itemsField: string;
  /** Query parameter that asks for the next page, e.g. `after` (`null` for `next_url`). */
  readonly cursorParam: string | null;
  /** Response field holding the cursor (or URL) of the next page, e.g. `last_id`. */
  readonly cursorField: string | null;
  /** `cursor_id` without `cursorField`: the field of the last item that is the cursor (`id`). */
  readonly cursorItemField?: string | null | undefined;
  /** `offset`: the total item count; `page_number`: the number of pages. */
  readonly totalField?: string | null | undefined;
  /** Response field that is `false` on the last page, e.g. `has_more`; `null` if none. */
  readonly hasMoreField: string | null;
}

/** Fetches one page given the query for it (the client's request machinery, bound). */
export type PageFetcher<Body> = (
  query: Record<string, unknown>,
  url?: string,
) => Promise<WithResponse<Body>>;

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

  /** The cursor, page number, offset or URL of the next page; `null` when there is none. */
  #nextCursor(): string | null {
    const { hasMoreField, cursorField, cursorParam } = this.#scheme;
    const kind = this.#scheme.kind ?? 'cursor_id';
    if (hasMoreField !== null && this.#field(hasMoreField) === false) return null;
    if (this.data.length === 0) return null;
    if (kind === 'page_number' || kind === 'offset') {
      const raw = cursorParam === null ? undefined : this.#query[cursorParam];
      const current = raw === undefined || raw === null ? (kind === 'page_number' ? 1 : 0) : Number(raw);
      if (!Number.isInteger(current)) return null;
      const next = kind === 'page_number' ? current + 1 : current + this.data.length;
      const total = this.#scheme.totalField ? this.#field(this.#scheme.totalField) : undefined;
      if (typeof total === 'number' && (kind === 'page_number' ? next > total : next >= total)) return null;
      return String(next);
    }
    let cursor = cursorField === null ? undefined : this.#field(cursorField);
    const itemField = this.#scheme.cursorItemField;
    if ((cursor === undefined || cursor === null) && itemField) {
      const last: unknown = this.data[this.data.length - 1];
      cursor = typeof last === 'object' && last !== null ? (last as Record<string, unknown>)[itemField] : undefined;
    }
    if (typeof cursor !== 'string' && typeof cursor !== 'number') return null;
    let text = String(cursor);
    if (text === '') return null;
    if (kind === 'next_url' && this.response.url) {
      // The URL carries every query parameter; a relative one resolves against this page's.
      text = new URL(text, this.response.url).toString();
    }
    // A server that hands back the cursor it was given would make iteration loop forever.
    const current = kind === 'next_url' ? this.response.url : cursorParam === null ? undefined : this.#query[cursorParam];
    if (text === String(current)) return null;
    return text;
  }

  /** False when the server says there is no more, the page is empty, or there is no cursor. */
  hasNextPage(): boolean {
    return this.#nextCursor() !== null;
  }

  async getNextPage(): Promise<CursorPage<Item, Body>> {
    const cursor = this.#nextCursor();
    if (cursor === null) {
      throw new Error('No next page: check hasNextPage() before calling getNextPage().');
    }
    if ((this.#scheme.kind ?? 'cursor_id') === 'next_url') {
      const result = await this.#fetchPage({}, cursor);
      return new CursorPage(this.#scheme, {}, this.#fetchPage, result);
    }
    const query = { ...this.#query, [this.#scheme.cursorParam ?? '']: cursor };
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

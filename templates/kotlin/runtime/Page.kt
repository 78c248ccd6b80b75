package dev.parley.core

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.withContext
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** How one cursor scheme reads a page: items key, cursor param and field, has-more key. */
data class PageScheme(
    val items: String,
    val cursorParam: String,
    val cursorField: String,
    val hasMore: String,
)

/**
 * One page of a list call. [hasNextPage] and [nextPage] give page-level control; [autoPager] walks
 * every item across pages, fetching each page when it is reached.
 */
class Page<T>(
    /** The page's items. */
    val data: List<T>,
    /** The page as received. */
    val json: JsonObject,
    private val scheme: PageScheme,
    private val fetch: (cursor: String) -> Page<T>,
) {
    /**
     * The cursor for the next page: stop when `has_more` is false, the page is empty or no cursor.
     */
    private val cursor: String? = run {
        val more = (json[scheme.hasMore] as? JsonPrimitive)?.content
        val c = (json[scheme.cursorField] as? JsonPrimitive)?.takeIf { it.isString }?.content
        if (data.isEmpty() || more == "false" || c.isNullOrEmpty()) null else c
    }

    fun hasNextPage(): Boolean = cursor != null

    /** The next page; [NoSuchElementException] when there is none. */
    fun nextPage(): Page<T> = fetch(cursor ?: throw NoSuchElementException("no next page"))

    /** Every item of this page and the ones after it. */
    fun autoPager(): Sequence<T> = sequence {
        var page = this@Page
        while (true) {
            yieldAll(page.data)
            if (!page.hasNextPage()) break
            page = page.nextPage()
        }
    }

    companion object {
        /** A page from its JSON; [decode] reads one item. */
        fun <T> of(
            value: JsonElement,
            scheme: PageScheme,
            decode: (JsonElement) -> T,
            fetch: (cursor: String) -> Page<T>,
        ): Page<T> {
            val obj = J.obj(value)
            val items = obj[scheme.items]?.let { J.list(it, decode) } ?: emptyList()
            return Page(items, obj, scheme, fetch)
        }
    }
}

/**
 * A [Page] in the async view: [nextPage] suspends, and [autoPager] is a cold [Flow] of every item
 * (each page fetched on [Dispatchers.IO] when it is reached, so collecting part of it fetches only
 * the pages it needs).
 */
class AsyncPage<T>(
    /** The same page in the blocking API. */
    val page: Page<T>
) {
    /** The page's items. */
    val data: List<T>
        get() = page.data

    /** The page as received. */
    val json: JsonObject
        get() = page.json

    fun hasNextPage(): Boolean = page.hasNextPage()

    /** The next page; [NoSuchElementException] when there is none. */
    suspend fun nextPage(): AsyncPage<T> =
        AsyncPage(withContext(Dispatchers.IO) { page.nextPage() })

    /** Every item of this page and the ones after it. */
    fun autoPager(): Flow<T> =
        flow {
                var current = page
                while (true) {
                    for (item in current.data) emit(item)
                    if (!current.hasNextPage()) break
                    current = current.nextPage()
                }
            }
            .flowOn(Dispatchers.IO)
}

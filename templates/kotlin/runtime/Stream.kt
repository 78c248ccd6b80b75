package dev.parley.core

import java.io.Closeable
import java.io.IOException
import java.io.InputStream
import java.lang.ref.Cleaner
import java.net.http.HttpResponse
import java.nio.ByteBuffer
import java.nio.CharBuffer
import java.nio.charset.CodingErrorAction
import java.nio.charset.StandardCharsets
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.serialization.json.JsonElement

/**
 * One server-sent event: [event] (null when unnamed), [data] (its lines joined by `\n`), [id] (the
 * last event id seen, which persists across events) and [retry] (ms).
 */
data class ServerSentEvent(
    val event: String? = null,
    val data: String = "",
    val id: String? = null,
    val retry: Long? = null,
) {
    /** [data] decoded as JSON ([DecodeException] when it is not JSON). */
    fun json(): JsonElement = J.parse(data)
}

/**
 * The incremental `text/event-stream` parser (WHATWG HTML §9.2): bytes in, events out. A UTF-8
 * character or a CRLF split across two chunks is joined, a leading BOM is dropped, CR, LF and CRLF
 * all end a line. [feed] returns the events a chunk completes, [finish] those the end of the body
 * completes (an event without its blank line is dropped, as the specification says).
 */
class SseDecoder {
    private val utf8 =
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)
    private var pending = ByteArray(0) // the start of a UTF-8 character the next chunk completes
    private var started = false
    private var skipLf = false // the last chunk ended in CR: a leading LF is its CRLF
    private val partial = StringBuilder() // an unterminated line
    private var event: String? = null
    private val data = mutableListOf<String>()
    private var lastId: String? = null
    private var retry: Long? = null

    fun feed(bytes: ByteArray, offset: Int = 0, length: Int = bytes.size): List<ServerSentEvent> =
        text(decode(pending + bytes.copyOfRange(offset, offset + length), false))

    fun finish(): List<ServerSentEvent> {
        val events = text(decode(pending, true)).toMutableList()
        if (partial.isNotEmpty()) {
            val last = partial.toString()
            partial.setLength(0)
            line(last, events)
        }
        return events
    }

    private fun decode(bytes: ByteArray, last: Boolean): String {
        val input = ByteBuffer.wrap(bytes)
        // UTF-8 never gives more UTF-16 units than bytes (a 4-byte character is 2 of them).
        val out = CharBuffer.allocate(bytes.size + 1)
        utf8.decode(input, out, last)
        if (last) utf8.flush(out)
        pending = ByteArray(input.remaining()).also { input.get(it) }
        return out.flip().toString()
    }

    private fun text(chunk: String): List<ServerSentEvent> {
        var text = chunk
        if (text.isEmpty()) return emptyList()
        if (!started) {
            started = true
            text = text.removePrefix("\uFEFF")
        }
        if (skipLf && text.startsWith("\n")) text = text.substring(1)
        skipLf = text.endsWith("\r")
        if ('\r' in text) text = text.replace("\r\n", "\n").replace('\r', '\n')
        val events = mutableListOf<ServerSentEvent>()
        var start = 0
        while (true) {
            val end = text.indexOf('\n', start)
            if (end < 0) break
            partial.append(text, start, end)
            val whole = partial.toString()
            partial.setLength(0)
            line(whole, events)
            start = end + 1
        }
        partial.append(text, start, text.length)
        return events
    }

    private fun line(line: String, events: MutableList<ServerSentEvent>) {
        if (line.isEmpty()) { // a blank line dispatches the event
            if (data.isNotEmpty()) {
                events.add(
                    ServerSentEvent(event?.ifEmpty { null }, data.joinToString("\n"), lastId, retry)
                )
            }
            event = null
            data.clear()
            retry = null
            return
        }
        if (line.startsWith(":")) return // a comment
        val colon = line.indexOf(':')
        val name = if (colon < 0) line else line.substring(0, colon)
        val value = if (colon < 0) "" else line.substring(colon + 1).removePrefix(" ")
        when (name) {
            "data" -> data.add(value)
            "event" -> event = value
            "id" -> if ('\u0000' !in value) lastId = value
            "retry" ->
                if (value.isNotEmpty() && value.all { it in '0'..'9' }) retry = value.toLongOrNull()
        }
    }
}

/**
 * What a streaming method returns: its events as they arrive, read from the open connection.
 *
 * A [Sequence] that can be iterated once (`for (event in stream)`) and a [Closeable]: `stream.use {
 * for (event in it) ... }` closes the connection however the loop is left (a `break` too); so does
 * reaching the end, an error, [close], or dropping the stream (when it is collected). In the async
 * view the same stream is a [Flow] ([asFlow]); cancelling its collection closes it. An OpenAI-style
 * `data: [DONE]` ends the stream; an `error` event, or an `{"error": {...}}` object in a typed
 * stream, is raised as an [ApiStreamException].
 */
class Stream<T>
internal constructor(
    /** The HTTP response (status, headers); its body is read as the stream is iterated. */
    val response: HttpResponse<InputStream>,
    private val item: (ServerSentEvent) -> T,
) : Sequence<T>, Closeable {
    private val body: InputStream = response.body()
    private val closed = AtomicBoolean()
    private val cleanup: Cleaner.Cleanable = CLEANER.register(this, Closer(body))
    private val decoder = SseDecoder()
    private val queue = ArrayDeque<ServerSentEvent>()
    private val buffer = ByteArray(8192)
    private var ended = false
    private var next: T? = null
    private var hasNext = false
    private val iterated = AtomicBoolean()

    /** The events; a stream can be iterated once. */
    override fun iterator(): Iterator<T> {
        check(iterated.compareAndSet(false, true)) { "a stream can be iterated only once" }
        return object : Iterator<T> {
            override fun hasNext(): Boolean = advance()

            override fun next(): T {
                if (!advance()) throw NoSuchElementException("the stream has ended")
                hasNext = false
                @Suppress("UNCHECKED_CAST")
                return next as T
            }
        }
    }

    private fun advance(): Boolean {
        if (hasNext) return true
        while (!closed.get()) {
            val sse = queue.removeFirstOrNull()
            if (sse == null) {
                if (ended) break
                read()
                continue
            }
            if (sse.data == DONE) break
            next =
                try {
                    item(sse)
                } catch (e: Throwable) {
                    close()
                    throw e
                }
            hasNext = true
            return true
        }
        close()
        return false
    }

    private fun read() {
        val n =
            try {
                body.read(buffer)
            } catch (e: IOException) {
                val wasClosed = closed.get()
                close()
                if (wasClosed) return
                throw ConnectionException("the event stream broke off: $e", e)
            }
        if (n < 0) {
            ended = true
            queue.addAll(decoder.finish())
        } else {
            queue.addAll(decoder.feed(buffer, 0, n))
        }
    }

    /** Stops reading and releases the connection (idempotent, from any thread). */
    override fun close() {
        if (closed.compareAndSet(false, true)) cleanup.clean()
    }

    /**
     * This stream as a cold [Flow] read on [Dispatchers.IO], collected once; the stream is closed
     * when the collection ends, fails or is cancelled.
     */
    fun asFlow(): Flow<T> =
        flow {
                val handle = currentCoroutineContext()[Job]?.invokeOnCompletion { close() }
                try {
                    for (event in this@Stream) emit(event)
                } finally {
                    handle?.dispose()
                    close()
                }
            }
            .flowOn(Dispatchers.IO)

    /** Holds the body only (never the stream), so a dropped stream can still be collected. */
    private class Closer(private val body: InputStream) : Runnable {
        override fun run() {
            runCatching { body.close() }
        }
    }

    companion object {
        /** The `data` of the event that ends an OpenAI-style stream. */
        const val DONE: String = "[DONE]"

        private val CLEANER: Cleaner = Cleaner.create()
    }
}

package dev.parley.core

import com.sun.net.httpserver.HttpExchange
import java.io.IOException
import java.time.Duration
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Event streams: the SSE decoder's wire rules (WHATWG HTML §9.2) chunk by chunk, and [Stream]
 * against the JDK's HttpServer on loopback: [DONE], errors mid-stream, early exit and a cancelled
 * Flow closing the connection (counted on the server), retries only before the first byte, and the
 * request timeout covering the headers, not the stream.
 */
class StreamTest {
    private val server = LoopbackServer()
    private val calls = server.calls
    /** Streams whose handler is still writing; a handler ends when its client goes away. */
    private val open = AtomicInteger()

    @AfterTest
    fun stop() {
        server.close()
    }

    private fun runner(maxRetries: Int = 2, timeout: Duration = Duration.ofSeconds(5)): HttpRunner =
        server.runner(maxRetries, timeout)

    /** Serves [handler] on /s as an event stream, counting the handlers still running. */
    private fun route(handler: (HttpExchange, Int) -> Unit) {
        server.route("s") { ex, n ->
            open.incrementAndGet()
            try {
                handler(ex, n)
            } catch (e: IOException) {
                // the client went away
            } finally {
                open.decrementAndGet()
                ex.close()
            }
        }
    }

    private fun HttpExchange.events(vararg chunks: ByteArray) {
        responseHeaders.add("Content-Type", "text/event-stream")
        sendResponseHeaders(200, 0)
        for (chunk in chunks) {
            responseBody.write(chunk)
            responseBody.flush()
        }
    }

    private val get = Request("GET", "s", accept = "text/event-stream")

    private fun typed(maxRetries: Int = 2): Stream<JsonElement> =
        runner(maxRetries).stream(get, RequestOptions.NONE) { it }

    /** Waits (up to 10 s) until every handler has ended: the client closed its connections. */
    private fun assertAllClosed() {
        val deadline = System.nanoTime() + 10_000_000_000
        while (open.get() > 0 && System.nanoTime() < deadline) Thread.sleep(10)
        assertEquals(0, open.get(), "streams still open on the server")
    }

    private fun decodeAll(wire: ByteArray, chunk: Int): List<ServerSentEvent> {
        val decoder = SseDecoder()
        val out = mutableListOf<ServerSentEvent>()
        var i = 0
        while (i < wire.size) {
            val n = minOf(chunk, wire.size - i)
            out += decoder.feed(wire, i, n)
            i += n
        }
        return out + decoder.finish()
    }

    @Test
    fun decoderWireRulesChunkByChunk() {
        val multiline =
            (": a comment\nevent: note\ndata: first line\ndata: second line\nid: 7\nretry: 1500\n\n" +
                    "data:no space\n\ndata\n\nevent: ignored-without-data\n\ndata:  two spaces keep one\n" +
                    "unknown: x\nid: bad\u0000id\nretry: 1x\n\ndata: unterminated")
                .toByteArray()
        val expected =
            listOf(
                ServerSentEvent("note", "first line\nsecond line", "7", 1500),
                ServerSentEvent(null, "no space", "7"),
                ServerSentEvent(null, "", "7"),
                ServerSentEvent(null, " two spaces keep one", "7"),
            )
        val simple = "event: greeting\ndata: κόσμε 🌍\n\nid: 1\ndata: {\"n\": 1}\n\n"
        val simpleEvents =
            listOf(
                ServerSentEvent("greeting", "κόσμε 🌍"),
                ServerSentEvent(null, "{\"n\": 1}", "1"),
            )
        for (chunk in listOf(1, 2, 3, 7, 4096)) {
            assertEquals(expected, decodeAll(multiline, chunk), "chunks of $chunk")
            for (wire in
                listOf(
                    simple,
                    simple.replace("\n", "\r\n"),
                    simple.replace("\n", "\r"),
                    "\uFEFF" + simple,
                )) {
                assertEquals(
                    simpleEvents,
                    decodeAll(wire.toByteArray(), chunk),
                    "chunks of $chunk: $wire",
                )
            }
        }
        // Only a leading BOM is dropped; a later one is data.
        assertEquals(
            listOf(ServerSentEvent(null, "\uFEFFx")),
            decodeAll("data: \uFEFFx\n\n".toByteArray(), 1),
        )
        assertEquals(JsonPrimitive(1), (simpleEvents[1].json() as JsonObject)["n"])
    }

    @Test
    fun typedEventsEndAtDoneAcrossByteByByteWrites() {
        val wire =
            "data: {\"d\":\"κό\"}\r\n\r\n: ping\r\n\r\ndata: {\"d\":\"🌍\"}\r\n\r\ndata: [DONE]\r\n\r\ndata: {\"d\":\"after\"}\n\n"
        route { ex, _ -> ex.events(*wire.toByteArray().map { byteArrayOf(it) }.toTypedArray()) }
        val items = typed().use { s -> s.map { (it as JsonObject)["d"] }.toList() }
        assertEquals(listOf(JsonPrimitive("κό"), JsonPrimitive("🌍")), items)
        assertAllClosed()
    }

    @Test
    fun untypedEventsKeepTheirFields() {
        route { ex, _ ->
            ex.events(
                "event: a\nid: 3\nretry: 10\ndata: x\ndata: y\n\ndata: [DONE]\n\n".toByteArray()
            )
        }
        val events = runner().events(get, RequestOptions.NONE).use { it.toList() }
        assertEquals(listOf(ServerSentEvent("a", "x\ny", "3", 10)), events)
    }

    @Test
    fun anErrorEventAndAnErrorObjectMidStreamAreApiExceptions() {
        route { ex, n ->
            val error =
                if (n == 0)
                    "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
                else
                    "data: {\"error\":{\"type\":\"server_error\",\"code\":\"c\",\"message\":\"boom\"}}\n\n"
            ex.events(
                "data: {\"i\":1}\n\n".toByteArray(),
                error.toByteArray(),
                "data: {\"i\":2}\n\n".toByteArray(),
            )
        }
        val seen = mutableListOf<JsonElement>()
        val first =
            assertFailsWith<ApiStreamException> { typed().use { for (e in it) seen.add(e) } }
        assertEquals("overloaded_error", first.type)
        assertEquals(200, first.statusCode)
        assertTrue(first.message!!.contains("Overloaded"), first.message)
        assertEquals("error", first.event.event)
        val second =
            assertFailsWith<ApiStreamException> { typed().use { for (e in it) seen.add(e) } }
        assertEquals("server_error", second.type)
        assertEquals("c", second.code)
        val base: ApiException = second // an ApiException like any other
        assertEquals(200, base.statusCode)
        assertEquals(2, seen.size) // the event before each error, none after
        assertAllClosed()
    }

    @Test
    fun anErrorFieldThatIsNoObjectIsDataAndInvalidJsonIsAValidationError() {
        route { ex, n ->
            ex.events(
                (if (n == 0) "data: {\"error\":\"just text\"}\n\n" else "data: {nope\n\n")
                    .toByteArray()
            )
        }
        assertEquals(
            listOf<JsonElement>(JsonObject(mapOf("error" to JsonPrimitive("just text")))),
            typed().use { it.toList() },
        )
        assertFailsWith<ResponseValidationException> { typed().use { it.toList() } }
    }

    private fun endless(ex: HttpExchange) {
        ex.responseHeaders.add("Content-Type", "text/event-stream")
        ex.sendResponseHeaders(200, 0)
        var n = 0
        while (true) { // until a write fails: the client closed the connection
            ex.responseBody.write("id: ${++n}\ndata: {\"tick\":$n}\n\n".toByteArray())
            ex.responseBody.flush()
            Thread.sleep(5)
        }
    }

    @Test
    fun leavingEarlyClosesTheConnection() {
        route { ex, _ -> endless(ex) }
        val r = runner()
        // break out of a use block
        r.stream(get, RequestOptions.NONE) { it }
            .use { s -> for ((i, _) in s.withIndex()) if (i == 2) break }
        // close() without reading at all
        r.events(get, RequestOptions.NONE).close()
        // a partial read of the sequence, then close
        val s = r.events(get, RequestOptions.NONE)
        assertEquals(listOf("1", "2"), s.take(2).map { it.id }.toList())
        s.close()
        assertEquals(3, calls.get())
        assertAllClosed()
    }

    @Test
    fun cancellingTheFlowClosesTheConnection() {
        route { ex, _ -> endless(ex) }
        val ids = runBlocking {
            runner().events(get, RequestOptions.NONE).asFlow().take(3).toList().map { it.id }
        }
        assertEquals(listOf("1", "2", "3"), ids)
        assertAllClosed()
    }

    @Test
    fun retriesOnlyBeforeTheFirstByteOfTheBody() {
        route { ex, n ->
            if (n == 0) {
                ex.sendResponseHeaders(503, -1)
            } else {
                // a stream that breaks off mid-event: the body has started, so no retry
                ex.responseHeaders.add("Content-Type", "text/event-stream")
                ex.sendResponseHeaders(200, 1000)
                ex.responseBody.write("data: {\"i\":1}\n\ndata: {\"i\"".toByteArray())
                ex.responseBody.flush()
                throw IOException("drop the connection")
            }
        }
        val seen = mutableListOf<JsonElement>()
        assertFailsWith<ConnectionException> { typed().use { for (e in it) seen.add(e) } }
        assertEquals(1, seen.size)
        assertEquals(2, calls.get()) // the 503 was retried, the broken stream was not
        assertAllClosed()
    }

    @Test
    fun aFailedStatusIsTheTypedErrorBeforeAnyEvent() {
        route { ex, _ ->
            val body =
                "{\"error\":{\"message\":\"no such case\",\"type\":\"not_found\"}}".toByteArray()
            ex.sendResponseHeaders(404, body.size.toLong())
            ex.responseBody.write(body)
        }
        val error = assertFailsWith<NotFoundException> { typed() }
        assertEquals("not_found", error.type)
        assertEquals(1, calls.get())
    }

    @Test
    fun theRequestTimeoutCoversTheHeadersNotTheStream() {
        // far above a loopback answer's headers, even on a busy machine
        val timeout = Duration.ofMillis(250)
        route { ex, _ ->
            ex.events("data: {\"i\":1}\n\n".toByteArray())
            Thread.sleep(4 * timeout.toMillis()) // a stream longer than the request timeout
            ex.responseBody.write("data: {\"i\":2}\n\n".toByteArray())
            ex.responseBody.flush()
        }
        val items =
            runner(timeout = timeout).stream(get, RequestOptions.NONE) { it }.use { it.toList() }
        assertEquals(listOf(1, 2).map { JsonObject(mapOf("i" to JsonPrimitive(it))) }, items)
        assertAllClosed()
    }

    @Test
    fun aStreamWhoseHeadersDoNotComeTimesOut() {
        route { ex, _ ->
            server.release.await(10, TimeUnit.SECONDS) // until the test ends
            ex.events("data: {}\n\n".toByteArray())
        }
        assertFailsWith<TimeoutException> {
            runner(maxRetries = 0, timeout = Duration.ofMillis(50)).stream(
                get,
                RequestOptions.NONE,
            ) {
                it
            }
        }
        assertEquals(1, calls.get())
    }
}

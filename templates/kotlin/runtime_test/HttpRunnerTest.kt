package dev.parley.core

import com.sun.net.httpserver.HttpExchange
import java.net.http.HttpClient
import java.nio.file.Files
import java.time.Duration
import java.util.Collections
import java.util.concurrent.TimeUnit
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** The runtime against the JDK's HttpServer on loopback: retries, Retry-After, timeouts, keys. */
class HttpRunnerTest {
    private val server = LoopbackServer()
    private val release = server.release
    private val seen: MutableList<Map<String, String?>> =
        Collections.synchronizedList(mutableListOf())

    @AfterTest
    fun stop() {
        server.close()
    }

    private fun runner(maxRetries: Int = 2, timeout: Duration = Duration.ofSeconds(5)): HttpRunner =
        server.runner(maxRetries, timeout)

    /** Serves [handler] on /t, recording each request's interesting headers. */
    private fun route(handler: (HttpExchange, Int) -> Unit) {
        server.route("t") { ex, n ->
            val h = ex.requestHeaders
            seen.add(
                mapOf(
                    "key" to h.getFirst("Idempotency-Key"),
                    "retry" to h.getFirst("X-Retry-Count"),
                    "auth" to h.getFirst("Authorization"),
                    "body" to ex.requestBody.readAllBytes().decodeToString(),
                    "query" to ex.requestURI.rawQuery,
                    // The client's port tells the connections apart.
                    "port" to ex.remoteAddress.port.toString(),
                )
            )
            handler(ex, n)
        }
    }

    private fun HttpExchange.reply(
        status: Int,
        body: String,
        vararg headers: Pair<String, String>,
    ) {
        for ((k, v) in headers) responseHeaders.add(k, v)
        val bytes = body.toByteArray()
        sendResponseHeaders(status, if (bytes.isEmpty()) -1 else bytes.size.toLong())
        responseBody.use { it.write(bytes) }
    }

    private val post =
        Request("POST", "t", body = Body.Json(JsonObject(mapOf("a" to JsonPrimitive(1)))))

    @Test
    fun retriesRetryableStatusesReusingOneIdempotencyKey() {
        route { ex, n ->
            if (n < 2) ex.reply(if (n == 0) 503 else 429, "{}")
            else ex.reply(200, """{"ok":true}""")
        }
        val out = runner().json(post, RequestOptions(extraBody = mapOf("b" to JsonPrimitive(2))))
        assertEquals(JsonPrimitive(true), (out as JsonObject)["ok"])
        assertEquals(3, seen.size)
        assertEquals(listOf("0", "1", "2"), seen.map { it["retry"] })
        val keys = seen.map { it["key"] }.toSet()
        assertEquals(1, keys.size)
        assertTrue(keys.single()!!.isNotEmpty())
        assertEquals("Bearer k", seen[0]["auth"])
        assertEquals("""{"a":1,"b":2}""", seen[2]["body"])
    }

    @Test
    fun retriedResponsesAreReadToTheEndSoOneConnectionServesEveryAttempt() {
        // A leaked (unread, unclosed) response holds its connection: the next attempt would open
        // another one. Every retried status, the final error and the success share one.
        route { ex, n ->
            if (n < 2) ex.reply(503, "x".repeat(50_000))
            else ex.reply(if (n == 2) 200 else 404, """{"ok":true}""")
        }
        val r = runner(maxRetries = 2)
        r.json(post, RequestOptions.NONE)
        assertFailsWith<NotFoundException> { r.json(post, RequestOptions.NONE) }
        assertEquals(4, seen.size)
        assertEquals(1, seen.map { it["port"] }.toSet().size, seen.map { it["port"] }.toString())
    }

    @Test
    fun aCallersIdempotencyKeyIsSentAndGetHasNone() {
        route { ex, _ -> ex.reply(200, "{}") }
        runner().json(post, RequestOptions(idempotencyKey = "mine"))
        runner()
            .json(
                Request("GET", "t", query = listOf("q" to "a b")),
                RequestOptions(extraQuery = mapOf("x" to "1")),
            )
        assertEquals("mine", seen[0]["key"])
        assertEquals(null, seen[1]["key"])
        assertEquals("q=a%20b&x=1", seen[1]["query"])
    }

    @Test
    fun givesUpAfterMaxRetriesWithTheTypedError() {
        route { ex, _ ->
            ex.reply(
                500,
                """{"error":{"message":"boom","type":"server_error","code":"c1"}}""",
                "x-request-id" to "req_1",
            )
        }
        val error =
            assertFailsWith<InternalServerException> {
                runner(maxRetries = 1).json(post, RequestOptions.NONE)
            }
        assertEquals(2, seen.size)
        assertEquals(500, error.statusCode)
        assertEquals("server_error", error.type)
        assertEquals("c1", error.code)
        assertEquals("req_1", error.requestId)
        assertTrue(error.message!!.contains("boom"))
    }

    @Test
    fun notRetryableStatusesAndShouldRetryFalseAreNotRetried() {
        route { ex, n ->
            if (n == 0) ex.reply(404, """{"detail":"nope"}""")
            else ex.reply(503, "{}", "x-should-retry" to "false")
        }
        assertFailsWith<NotFoundException> { runner().json(post, RequestOptions.NONE) }
        assertFailsWith<InternalServerException> { runner().json(post, RequestOptions.NONE) }
        assertEquals(2, seen.size)
    }

    @Test
    fun shouldRetryTrueRetriesAnyStatus() {
        route { ex, n ->
            if (n == 0) ex.reply(400, "{}", "x-should-retry" to "true") else ex.reply(200, "{}")
        }
        runner().json(post, RequestOptions.NONE)
        assertEquals(2, seen.size)
    }

    @Test
    fun retryAfterHeadersAreHonouredWithinSixtySeconds() {
        route { ex, _ -> ex.reply(200, "{}") }
        val r = runner()
        fun delay(vararg headers: Pair<String, String>): Duration {
            val response =
                object : java.net.http.HttpResponse<Unit> {
                    override fun statusCode() = 429

                    override fun request() = null

                    override fun previousResponse() =
                        java.util.Optional.empty<java.net.http.HttpResponse<Unit>>()

                    override fun headers() =
                        java.net.http.HttpHeaders.of(
                            headers.groupBy({ it.first }, { it.second })
                        ) { _, _ ->
                            true
                        }

                    override fun body() = Unit

                    override fun sslSession() = java.util.Optional.empty<javax.net.ssl.SSLSession>()

                    override fun uri() = java.net.URI.create("http://x")

                    override fun version() = HttpClient.Version.HTTP_1_1
                }
            return r.retryDelay(response, 0)
        }
        assertEquals(Duration.ofMillis(1500), delay("retry-after-ms" to "1500"))
        assertEquals(Duration.ofSeconds(2), delay("retry-after" to "2"))
        assertEquals(
            Duration.ofMillis(2500),
            delay("retry-after-ms" to "2500", "retry-after" to "9"),
        )
        // Out of range: back off instead (at most the initial delay for attempt 0).
        assertTrue(delay("retry-after" to "120") <= Duration.ofMillis(1))
        assertTrue(delay("retry-after" to "nonsense") <= Duration.ofMillis(1))
    }

    @Test
    fun aTimeoutIsRetriedWithTheSameIdempotencyKey() {
        route { ex, n ->
            if (n == 0)
                release.await(10, TimeUnit.SECONDS) // the first attempt never answers in time
            ex.reply(200, "{}")
        }
        runner(maxRetries = 2, timeout = Duration.ofMillis(500)).json(post, RequestOptions.NONE)
        assertTrue(seen.size >= 2)
        assertEquals(1, seen.map { it["key"] }.toSet().size)
        assertEquals("0", seen[0]["retry"])
    }

    @Test
    fun aTimeoutWithNoRetryLeftIsATimeoutException() {
        route { ex, _ ->
            release.await(10, TimeUnit.SECONDS)
            ex.reply(200, "{}")
        }
        assertFailsWith<TimeoutException> {
            runner(maxRetries = 0, timeout = Duration.ofMillis(200)).json(post, RequestOptions.NONE)
        }
    }

    @Test
    fun connectionErrorsAreRaisedAfterRetries() {
        val closed = runner()
        server.close()
        assertFailsWith<ConnectionException> { closed.json(post, RequestOptions(maxRetries = 1)) }
    }

    @Test
    fun aTwoHundredThatIsNotJsonIsAValidationError() {
        route { ex, _ -> ex.reply(200, "<html>") }
        val error =
            assertFailsWith<ResponseValidationException> {
                runner().json(post, RequestOptions.NONE)
            }
        assertEquals(200, error.statusCode)
    }

    @Test
    fun pagesFollowTheCursorUntilHasMoreIsFalse() {
        route { ex, _ ->
            val after =
                ex.requestURI.rawQuery?.substringAfter("after=", "")?.substringBefore("&").orEmpty()
            val next = if (after.isEmpty()) 1 else after.toInt() + 1
            ex.reply(200, """{"data":[$next],"last_id":"$next","has_more":${next < 5}}""")
        }
        val scheme = PageScheme("data", "after", "last_id", "has_more")
        val page =
            runner().page(
                Request("GET", "t", query = listOf("limit" to "1")),
                RequestOptions.NONE,
                scheme,
            ) {
                J.long(it)
            }
        assertEquals(listOf(1L, 2L, 3L, 4L, 5L), page.autoPager().toList())
        assertTrue(page.hasNextPage())
        assertEquals(listOf(2L), page.nextPage().data)
        assertTrue(seen.all { it["query"]!!.startsWith("limit=1") })
    }

    @Test
    fun binaryResponsesAreBytesAndWriteToAFile() {
        route { ex, _ ->
            ex.responseHeaders.add("Content-Type", "application/octet-stream")
            ex.sendResponseHeaders(200, 3)
            ex.responseBody.use { it.write(byteArrayOf(0, -1, 7)) }
        }
        val file = Files.createTempFile("bin", ".dat")
        runner()
            .binary(Request("GET", "t", accept = "application/octet-stream"), RequestOptions.NONE)
            .use { it.writeTo(file) }
        assertEquals(listOf<Byte>(0, -1, 7), Files.readAllBytes(file).toList())
        Files.delete(file)
    }

    @Test
    fun pathParametersAreEncodedAndDotSegmentsRefused() {
        assertEquals("a%2Fb%3F%23%20%C3%A9", Params.path("id", "a/b?# é"))
        assertFailsWith<IllegalArgumentException> { Params.path("id", "..") }
        assertFailsWith<IllegalArgumentException> { Params.path("id", "") }
    }
}

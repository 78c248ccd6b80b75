package dev.parley.core

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import java.net.InetSocketAddress
import java.net.http.HttpClient
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger

/**
 * The JDK's HttpServer on a free loopback port, shared by the runtime's tests: handlers numbered by
 * call, and an [HttpRunner] pointed at it with short backoffs.
 */
class LoopbackServer : AutoCloseable {
    private val server: HttpServer = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)

    /** The calls served so far, on every path. */
    val calls = AtomicInteger()

    /** Opens at [close]: a handler that never answers in time waits on it, not forever. */
    val release = CountDownLatch(1)

    init {
        server.executor = Executors.newCachedThreadPool()
        server.start()
    }

    /** Serves [handler] on /[path], with the number of the call (from 0). */
    fun route(path: String, handler: (HttpExchange, Int) -> Unit) {
        server.createContext("/$path") { ex -> handler(ex, calls.getAndIncrement()) }
    }

    fun runner(maxRetries: Int = 2, timeout: Duration = Duration.ofSeconds(5)): HttpRunner =
        HttpRunner(
            ClientOptions(
                baseUrl = "http://127.0.0.1:${server.address.port}",
                apiKey = "k",
                timeout = timeout,
                retry =
                    RetryPolicy(
                        maxRetries,
                        Duration.ofMillis(1),
                        Duration.ofMillis(5),
                        0.25,
                        setOf(408, 409, 429),
                    ),
                idempotencyHeader = "Idempotency-Key",
                userAgent = "test",
                httpClient = HttpClient.newHttpClient(),
            )
        )

    override fun close() {
        release.countDown()
        server.stop(0)
    }
}

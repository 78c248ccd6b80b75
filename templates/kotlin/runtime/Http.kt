package dev.parley.core

import java.io.IOException
import java.io.InputStream
import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.net.http.HttpTimeoutException
import java.nio.charset.StandardCharsets
import java.time.Duration
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import java.util.UUID
import kotlin.random.Random
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

/** What is retried and how long to wait between attempts. */
data class RetryPolicy(
    val maxRetries: Int,
    val initialDelay: Duration,
    val maxDelay: Duration,
    val jitter: Double,
    val statuses: Set<Int>,
)

/** Settings shared by every call of one client. */
data class ClientOptions(
    val baseUrl: String,
    val apiKey: String?,
    val timeout: Duration,
    val retry: RetryPolicy,
    val idempotencyHeader: String,
    val userAgent: String,
    val httpClient: HttpClient,
    val defaultHeaders: Map<String, String> = emptyMap(),
)

/** Options for one call; each one set wins over the client's. */
data class RequestOptions(
    val extraHeaders: Map<String, String> = emptyMap(),
    val extraQuery: Map<String, String> = emptyMap(),
    /** Keys merged into a JSON object body (they win over the generated ones). */
    val extraBody: Map<String, JsonElement> = emptyMap(),
    val timeout: Duration? = null,
    val maxRetries: Int? = null,
    /** Sent on every attempt of a non-GET call; generated once per call when null. */
    val idempotencyKey: String? = null,
) {
    companion object {
        val NONE = RequestOptions()
    }
}

/** A request body as it goes on the wire. */
sealed interface Body {
    data class Json(val value: JsonElement) : Body

    class Raw(val bytes: ByteArray, val contentType: String) : Body

    data class Text(val text: String, val contentType: String) : Body

    data class Form(val fields: List<Pair<String, String>>) : Body

    /** `multipart/form-data`: fields and file parts (name, file name, content type, bytes). */
    class Multipart(val fields: List<Pair<String, String>>, val files: List<FilePart>) : Body
}

/** One file of a multipart body. */
class FilePart(
    val name: String,
    val filename: String,
    val contentType: String,
    val bytes: ByteArray,
)

/** One call: its method, its encoded path (under the base URL), query, headers and body. */
class Request(
    val method: String,
    val path: String,
    val query: List<Pair<String, String>> = emptyList(),
    val headers: List<Pair<String, String>> = emptyList(),
    val body: Body? = null,
    val accept: String = "application/json",
) {
    /** This request with the query parameter [key] set to [value] (replacing any). */
    fun withQuery(key: String, value: String): Request =
        Request(
            method,
            path,
            query.filter { it.first != key } + (key to value),
            headers,
            body,
            accept,
        )
}

/** Query and header values as the wire spells them. */
object Params {
    fun text(value: Any?): String? =
        when (value) {
            null -> null
            is JsonElement ->
                (value as? kotlinx.serialization.json.JsonPrimitive)?.content ?: value.toString()
            else -> value.toString()
        }

    /** `key=a&key=b` (explode) or `key=a,b` for a list; a scalar as itself; null as nothing. */
    fun add(out: MutableList<Pair<String, String>>, key: String, value: Any?, explode: Boolean) {
        when (value) {
            null -> Unit
            is Maybe.Absent -> Unit
            is Maybe.Present<*> -> add(out, key, value.value, explode)
            is List<*> ->
                if (explode) value.forEach { text(it)?.let { v -> out.add(key to v) } }
                else out.add(key to value.mapNotNull { text(it) }.joinToString(","))
            else -> text(value)?.let { out.add(key to it) }
        }
    }

    /**
     * A path segment: percent-encoded (`/` too); empty, `.` and `..` are refused before sending.
     */
    fun path(name: String, value: Any): String {
        val text = text(value) ?: ""
        if (text.isEmpty() || text == "." || text == "..") {
            throw IllegalArgumentException(
                "path parameter $name must not be ${if (text.isEmpty()) "empty" else "\"$text\""}"
            )
        }
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20")
    }
}

/** Sends requests with the client's retry policy, auth and idempotency keys. */
class HttpRunner(val options: ClientOptions) {
    /** The response with an unread body stream; a non-2xx status raises its [ApiException]. */
    fun execute(request: Request, requestOptions: RequestOptions): HttpResponse<InputStream> {
        val maxRetries = requestOptions.maxRetries ?: options.retry.maxRetries
        // One key for every attempt of this call, so the server can tell a retry from a new call.
        val idempotencyKey =
            if (request.method == "GET") null
            else requestOptions.idempotencyKey ?: "kotlin-retry-${UUID.randomUUID()}"
        var attempt = 0
        while (true) {
            val httpRequest = build(request, requestOptions, idempotencyKey, attempt)
            val retry = attempt < maxRetries
            val response =
                try {
                    options.httpClient.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream())
                } catch (e: HttpTimeoutException) {
                    if (!retry)
                        throw TimeoutException(
                            "request timed out: ${request.method} ${httpRequest.uri()}",
                            e,
                        )
                    sleep(backoff(attempt))
                    attempt++
                    continue
                } catch (e: IOException) {
                    if (!retry)
                        throw ConnectionException(
                            "connection failed: ${request.method} ${httpRequest.uri()}: $e",
                            e,
                        )
                    sleep(backoff(attempt))
                    attempt++
                    continue
                } catch (e: InterruptedException) {
                    Thread.currentThread().interrupt()
                    throw ConnectionException("interrupted", e)
                }
            val status = response.statusCode()
            if (status in 200..299) return response
            if (retry && shouldRetry(response)) {
                response.body().use {
                    it.readAllBytes()
                } // read to the end, so the connection is reused
                sleep(retryDelay(response, attempt))
                attempt++
                continue
            }
            val body = response.body().use { String(it.readAllBytes(), StandardCharsets.UTF_8) }
            throw ApiException.of(status, response.headers(), body)
        }
    }

    /** The decoded JSON body of a 2xx response. */
    fun json(request: Request, requestOptions: RequestOptions): JsonElement {
        val response = execute(request, requestOptions)
        val text = response.body().use { String(it.readAllBytes(), StandardCharsets.UTF_8) }
        return try {
            J.parse(text)
        } catch (e: DecodeException) {
            throw ResponseValidationException(response.statusCode(), text, "expected a JSON body")
        }
    }

    /** A decoded model: a shape mismatch is a [ResponseValidationException], never a bare error. */
    fun <T> decode(
        request: Request,
        requestOptions: RequestOptions,
        decode: (JsonElement) -> T,
    ): T {
        val response = execute(request, requestOptions)
        val text = response.body().use { String(it.readAllBytes(), StandardCharsets.UTF_8) }
        return try {
            decode(J.parse(text))
        } catch (e: DecodeException) {
            throw ResponseValidationException(
                response.statusCode(),
                text,
                e.message ?: "unexpected body",
            )
        }
    }

    /** A page of a list call; its next page repeats [request] with the cursor parameter set. */
    fun <T> page(
        request: Request,
        requestOptions: RequestOptions,
        scheme: PageScheme,
        decode: (JsonElement) -> T,
    ): Page<T> =
        Page.of(json(request, requestOptions).also { checkObject(it) }, scheme, decode) { cursor ->
            page(request.withQuery(scheme.cursorParam, cursor), requestOptions, scheme, decode)
        }

    private fun checkObject(value: JsonElement) {
        if (value !is JsonObject)
            throw ResponseValidationException(200, value.toString(), "expected a page object")
    }

    /**
     * A typed event stream: each event's `data` decoded as JSON by [decode]. Retries happen only
     * before the first byte of the body (the status and headers decide them).
     */
    fun <T> stream(
        request: Request,
        requestOptions: RequestOptions,
        decode: (JsonElement) -> T,
    ): Stream<T> {
        val response = execute(request, requestOptions)
        val status = response.statusCode()
        return Stream(response) { sse ->
            if (sse.event == "error") throw ApiStreamException.of(response, sse)
            val json =
                try {
                    J.parse(sse.data)
                } catch (e: DecodeException) {
                    throw ResponseValidationException(status, sse.data, "expected JSON event data")
                }
            if (sse.event == null && (json as? JsonObject)?.get("error") is JsonObject)
                throw ApiStreamException.of(response, sse)
            try {
                decode(json)
            } catch (e: DecodeException) {
                throw ResponseValidationException(status, sse.data, e.message ?: "unexpected event")
            }
        }
    }

    /** An untyped event stream: the [ServerSentEvent]s themselves; an `error` event raises. */
    fun events(request: Request, requestOptions: RequestOptions): Stream<ServerSentEvent> {
        val response = execute(request, requestOptions)
        return Stream(response) { sse ->
            if (sse.event == "error") throw ApiStreamException.of(response, sse)
            sse
        }
    }

    fun text(request: Request, requestOptions: RequestOptions): String =
        execute(request, requestOptions).body().use {
            String(it.readAllBytes(), StandardCharsets.UTF_8)
        }

    fun empty(request: Request, requestOptions: RequestOptions) {
        execute(request, requestOptions).body().use { it.readAllBytes() }
    }

    fun binary(request: Request, requestOptions: RequestOptions): BinaryResponse =
        BinaryResponse(execute(request, requestOptions))

    private fun build(
        request: Request,
        ro: RequestOptions,
        idempotencyKey: String?,
        attempt: Int,
    ): HttpRequest {
        val query = request.query + ro.extraQuery.map { it.key to it.value }
        val qs = query.joinToString("&") { (k, v) -> enc(k) + "=" + enc(v) }
        val uri =
            URI.create(
                options.baseUrl.trimEnd('/') +
                    "/" +
                    request.path.trimStart('/') +
                    (if (qs.isEmpty()) "" else "?$qs")
            )
        val builder = HttpRequest.newBuilder(uri).timeout(ro.timeout ?: options.timeout)
        builder.header("Accept", request.accept)
        builder.header("User-Agent", options.userAgent)
        builder.header("X-Retry-Count", attempt.toString())
        options.apiKey?.let { builder.header("Authorization", "Bearer $it") }
        idempotencyKey?.let { builder.header(options.idempotencyHeader, it) }
        for ((k, v) in options.defaultHeaders) builder.setHeader(k, v)
        for ((k, v) in request.headers) builder.setHeader(k, v)
        for ((k, v) in ro.extraHeaders) builder.setHeader(k, v)
        val publisher =
            when (val body = request.body) {
                null -> HttpRequest.BodyPublishers.noBody()
                is Body.Json -> {
                    builder.header("Content-Type", "application/json")
                    val value = body.value
                    val merged =
                        if (value is JsonObject && ro.extraBody.isNotEmpty())
                            JsonObject(value + ro.extraBody)
                        else value
                    HttpRequest.BodyPublishers.ofString(merged.toString())
                }
                is Body.Raw -> {
                    builder.header(
                        "Content-Type",
                        body.contentType.ifEmpty { "application/octet-stream" },
                    )
                    HttpRequest.BodyPublishers.ofByteArray(body.bytes)
                }
                is Body.Text -> {
                    builder.header("Content-Type", body.contentType.ifEmpty { "text/plain" })
                    HttpRequest.BodyPublishers.ofString(body.text)
                }
                is Body.Form -> {
                    builder.header("Content-Type", "application/x-www-form-urlencoded")
                    HttpRequest.BodyPublishers.ofString(
                        body.fields.joinToString("&") { (k, v) -> enc(k) + "=" + enc(v) }
                    )
                }
                is Body.Multipart -> {
                    val boundary = "kotlin-" + UUID.randomUUID().toString()
                    builder.header("Content-Type", "multipart/form-data; boundary=$boundary")
                    HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, body))
                }
            }
        builder.method(request.method, publisher)
        return builder.build()
    }

    private fun multipart(boundary: String, body: Body.Multipart): ByteArray {
        val out = java.io.ByteArrayOutputStream()
        fun line(text: String) = out.write((text + "\r\n").toByteArray(StandardCharsets.UTF_8))
        fun quoted(text: String) =
            text
                .replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
        for ((name, value) in body.fields) {
            line("--$boundary")
            line("Content-Disposition: form-data; name=\"${quoted(name)}\"")
            line("")
            line(value)
        }
        for (file in body.files) {
            line("--$boundary")
            line(
                "Content-Disposition: form-data; name=\"${quoted(file.name)}\"; filename=\"${quoted(file.filename)}\""
            )
            line("Content-Type: ${file.contentType.ifEmpty { "application/octet-stream" }}")
            line("")
            out.write(file.bytes)
            line("")
        }
        line("--$boundary--")
        return out.toByteArray()
    }

    private fun shouldRetry(response: HttpResponse<*>): Boolean {
        when (response.headers().firstValue("x-should-retry").orElse("").lowercase()) {
            "true" -> return true
            "false" -> return false
        }
        val status = response.statusCode()
        return status >= 500 || status in options.retry.statuses
    }

    /**
     * `Retry-After-Ms`, then `Retry-After` (seconds or an HTTP date), when in (0, 60 s]; else
     * backoff.
     */
    internal fun retryDelay(response: HttpResponse<*>, attempt: Int): Duration {
        val headers = response.headers()
        headers.firstValue("retry-after-ms").orElse(null)?.toDoubleOrNull()?.let { ms ->
            if (ms > 0 && ms <= 60_000) return Duration.ofNanos((ms * 1e6).toLong())
        }
        headers.firstValue("retry-after").orElse(null)?.let { value ->
            val seconds =
                value.trim().toDoubleOrNull()
                    ?: runCatching {
                            val date =
                                ZonedDateTime.parse(
                                    value.trim(),
                                    DateTimeFormatter.RFC_1123_DATE_TIME,
                                )
                            (date.toInstant().toEpochMilli() - System.currentTimeMillis()) / 1000.0
                        }
                        .getOrNull()
            if (seconds != null && seconds > 0 && seconds <= 60)
                return Duration.ofNanos((seconds * 1e9).toLong())
        }
        return backoff(attempt)
    }

    /** `min(initial·2ⁿ, max)` with up to `jitter` of it taken off. */
    internal fun backoff(attempt: Int): Duration {
        val policy = options.retry
        val base =
            minOf(
                policy.initialDelay.toNanos() * Math.pow(2.0, attempt.toDouble()),
                policy.maxDelay.toNanos().toDouble(),
            )
        return Duration.ofNanos((base * (1 - Random.nextDouble() * policy.jitter)).toLong())
    }

    private fun sleep(delay: Duration) {
        try {
            Thread.sleep(delay.toMillis())
        } catch (e: InterruptedException) {
            Thread.currentThread().interrupt()
            throw ConnectionException("interrupted while waiting to retry", e)
        }
    }

    private fun enc(text: String): String =
        URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20")
}

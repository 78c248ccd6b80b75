package dev.parley.core

import java.net.http.HttpHeaders
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** Every failure the SDK reports. */
open class ParleyException(message: String, cause: Throwable? = null) :
    RuntimeException(message, cause)

/** A JSON value did not have the shape its type needs. */
class DecodeException(message: String) : ParleyException(message)

/** A 2xx response whose body is not what the method returns (not JSON, or the wrong shape). */
class ResponseValidationException(val statusCode: Int, val body: String, message: String) :
    ParleyException("$message (status $statusCode): ${body.take(200)}")

/** No response at all (after every retry). */
open class ConnectionException(message: String, cause: Throwable? = null) :
    ParleyException(message, cause)

/** The request timed out (after every retry). */
class TimeoutException(message: String, cause: Throwable? = null) :
    ConnectionException(message, cause)

/** A non-2xx response: its status, the API's error envelope fields and the request id. */
open class ApiException(
    val statusCode: Int,
    val type: String?,
    val code: String?,
    val param: String?,
    val requestId: String?,
    val headers: HttpHeaders,
    val body: String,
    message: String,
) : ParleyException("$statusCode: $message") {
    constructor(
        a: Args
    ) : this(a.statusCode, a.type, a.code, a.param, a.requestId, a.headers, a.body, a.message)

    companion object {
        /**
         * The typed exception for a status, reading `{"error": {...}}` or the same keys at the top.
         */
        fun of(statusCode: Int, headers: HttpHeaders, body: String): ApiException {
            val envelope = runCatching { J.parse(body) as? JsonObject }.getOrNull()
            val fields = (envelope?.get("error") as? JsonObject) ?: envelope
            fun text(key: String): String? = (fields?.get(key) as? JsonPrimitive)?.content
            val message = text("message") ?: text("detail") ?: body.trim()
            val requestId = headers.firstValue("x-request-id").orElse(null)
            val args =
                Args(
                    statusCode,
                    text("type"),
                    text("code"),
                    text("param"),
                    requestId,
                    headers,
                    body,
                    message,
                )
            return when {
                statusCode == 400 -> BadRequestException(args)
                statusCode == 401 -> AuthenticationException(args)
                statusCode == 403 -> PermissionDeniedException(args)
                statusCode == 404 -> NotFoundException(args)
                statusCode == 409 -> ConflictException(args)
                statusCode == 413 -> RequestTooLargeException(args)
                statusCode == 422 -> UnprocessableEntityException(args)
                statusCode == 429 -> RateLimitException(args)
                statusCode >= 500 -> InternalServerException(args)
                else ->
                    ApiException(
                        statusCode,
                        args.type,
                        args.code,
                        args.param,
                        requestId,
                        headers,
                        body,
                        message,
                    )
            }
        }
    }

    /** The constructor arguments, passed on by the per-status subclasses. */
    class Args(
        val statusCode: Int,
        val type: String?,
        val code: String?,
        val param: String?,
        val requestId: String?,
        val headers: HttpHeaders,
        val body: String,
        val message: String,
    )
}

class BadRequestException(a: Args) : ApiException(a)

class AuthenticationException(a: Args) : ApiException(a)

class PermissionDeniedException(a: Args) : ApiException(a)

class NotFoundException(a: Args) : ApiException(a)

class ConflictException(a: Args) : ApiException(a)

class RequestTooLargeException(a: Args) : ApiException(a)

class UnprocessableEntityException(a: Args) : ApiException(a)

class RateLimitException(a: Args) : ApiException(a)

class InternalServerException(a: Args) : ApiException(a)

/**
 * An error that arrived inside an event stream (an `error` event, or an `{"error": {...}}` object
 * in a typed stream) after a 2xx status: [type], [code], [param] and the message come from its
 * error object, [event] is the event itself.
 */
class ApiStreamException(a: Args, val event: ServerSentEvent) : ApiException(a) {
    companion object {
        internal fun of(
            response: java.net.http.HttpResponse<*>,
            event: ServerSentEvent,
        ): ApiStreamException {
            val base = ApiException.of(response.statusCode(), response.headers(), event.data)
            val message = base.message?.substringAfter(": ") ?: event.data
            return ApiStreamException(
                Args(
                    base.statusCode,
                    base.type,
                    base.code,
                    base.param,
                    base.requestId,
                    base.headers,
                    event.data,
                    "an error arrived in the event stream: $message",
                ),
                event,
            )
        }
    }
}

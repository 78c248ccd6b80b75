package dev.parley.core

import java.io.InputStream
import java.net.http.HttpHeaders
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

/** A binary response, never decoded as text: read [body] once, or [writeTo] a file. Close it. */
class BinaryResponse(response: HttpResponse<InputStream>) : AutoCloseable {
    val statusCode: Int = response.statusCode()
    val headers: HttpHeaders = response.headers()
    val body: InputStream = response.body()

    fun bytes(): ByteArray = body.use { it.readAllBytes() }

    fun writeTo(path: Path): Long =
        body.use { Files.copy(it, path, StandardCopyOption.REPLACE_EXISTING) }

    override fun close() = body.close()
}

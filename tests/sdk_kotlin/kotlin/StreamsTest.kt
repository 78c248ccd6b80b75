package dev.streams.it

import dev.streams.ChatCompletionChunk
import dev.streams.ContentBlockDeltaEvent
import dev.streams.MessageStartEvent
import dev.streams.MessageStopEvent
import dev.streams.MessageStreamEvent
import dev.streams.StreamingTest
import dev.streams.core.ApiStreamException
import dev.streams.core.J
import dev.streams.core.NotFoundException
import dev.streams.core.ServerSentEvent
import dev.streams.core.Stream
import java.io.File
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonPrimitive

/**
 * The SDK generated from tests/streaming_app.py's spec against its server on loopback
 * (STREAMING_BASE_URL); the expected events come from that module (STREAM_EXPECTED).
 */
class StreamsTest {
    private val client = StreamingTest(baseUrl = System.getenv("STREAMING_BASE_URL"), maxRetries = 0)
    private val expected = J.obj(J.parse(File(System.getenv("STREAM_EXPECTED")).readText()))
    private val messageText = expected["message_text"]!!.jsonPrimitive.content

    private fun ServerSentEvent.row(): List<Any?> = listOf(event, data, id, retry)

    private fun rows(value: JsonArray): List<List<Any?>> =
        value.map { row ->
            (row as JsonArray).mapIndexed { i, v ->
                if (v is JsonNull) null else if (i == 3) v.jsonPrimitive.content.toLong() else v.jsonPrimitive.content
            }
        }

    @Test
    fun namedEventsAreTheirTypesAndAnUnknownOneIsKept() {
        val events: List<MessageStreamEvent> = client.messages.createStreaming(prompt = "hi", unknownEvent = true).use { it.toList() }
        assertIs<MessageStartEvent>(events.first())
        assertEquals("msg_1", (events.first() as MessageStartEvent).message.id)
        assertIs<MessageStopEvent>(events.last())
        assertEquals(messageText, events.filterIsInstance<ContentBlockDeltaEvent>().joinToString("") { it.delta })
        val unknown = events.filterIsInstance<MessageStreamEvent.Unknown>().single()
        assertEquals("citation_added", unknown.type)
        assertEquals("""{"type":"citation_added","source":"ref-1"}""", unknown.toJson().toString())
    }

    @Test
    fun openAiChunksEndAtDone() {
        val chunks: List<ChatCompletionChunk> = client.chat.completions.createStreaming(chunks = 4).use { it.toList() }
        assertEquals(listOf(0L, 1L, 2L, 3L), chunks.map { it.index })
        assertTrue(chunks.all { it.delta == "x" && it.id == "chat_1" })
    }

    @Test
    fun theJsonTwinDoesNotStream() {
        assertEquals(messageText, client.messages.create(prompt = "hi").text)
        assertEquals("xxx", client.chat.completions.create(chunks = 3).content)
    }

    @Test
    fun everyRawWireCase() {
        val cases = expected["raw"] as JsonObject
        for ((case, want) in cases) {
            val stream: Stream<ServerSentEvent> = client.raw.retrieve(case)
            assertEquals(rows(want as JsonArray), stream.use { s -> s.map { it.row() }.toList() }, case)
        }
        val first = client.raw.retrieve("crlf").use { it.first() }
        assertEquals(JsonPrimitive(1), (client.raw.retrieve("bom").use { it.last() }.json() as JsonObject)["n"])
        assertEquals("greeting", first.event)
    }

    @Test
    fun errorsMidStreamAreTypedApiExceptions() {
        val seen = mutableListOf<MessageStreamEvent>()
        val error = assertFailsWith<ApiStreamException> {
            client.messages.createStreaming(prompt = "hi", failAfter = 2).use { for (e in it) seen.add(e) }
        }
        assertEquals("overloaded_error", error.type)
        assertEquals(3, seen.size) // message_start and two deltas
        val chat = assertFailsWith<ApiStreamException> { client.chat.completions.createStreaming(chunks = 5, failAfter = 1).use { it.toList() } }
        assertEquals("server_error", chat.type)
        assertTrue(chat.message!!.contains("boom"))
        assertFailsWith<NotFoundException> { client.raw.retrieve("no-such-case") }
    }

    private fun assertNoOpenStreams() {
        val deadline = System.nanoTime() + 10_000_000_000
        var stats = client.stats.retrieve()
        while (stats.open != 0L && System.nanoTime() < deadline) {
            Thread.sleep(20)
            stats = client.stats.retrieve()
        }
        assertEquals(0L, stats.open, "streams left open on the server")
    }

    @Test
    fun leavingEarlyClosesTheConnection() {
        val before = client.stats.retrieve().finished
        client.raw.retrieve("endless").use { s -> for ((i, _) in s.withIndex()) if (i == 2) break }
        client.raw.retrieve("endless").close()
        val flow: Flow<ServerSentEvent> = runBlocking { client.async.raw.retrieve("endless") }
        assertEquals(listOf("1", "2"), runBlocking { flow.take(2).toList().map { it.id } })
        assertNoOpenStreams()
        assertEquals(before + 3, client.stats.retrieve().finished)
    }

    @Test
    fun theAsyncViewIsAFlowOfTypedEvents() {
        val events = runBlocking { client.async.messages.createStreaming(prompt = "hi").toList() }
        assertIs<MessageStartEvent>(events.first())
        assertEquals(messageText, events.filterIsInstance<ContentBlockDeltaEvent>().joinToString("") { it.delta })
        val trickle = runBlocking { client.async.raw.retrieve("trickle").toList() }
        assertEquals(rows((expected["raw"] as JsonObject)["trickle"] as JsonArray), trickle.map { it.row() })
        assertNoOpenStreams()
    }
}

// Round trip of the generated Kotlin SDK against the real app (started by
// tests/sdk_kotlin/test_sdk.py, which sets PARLEY_BASE_URL and SDK_TEST_SAMPLES): every method,
// every item type decoding to its Kotlin class and re-encoding to what was sent, an unknown
// item kept and re-encoded, 250 items auto-paginated in both orders, and typed errors.
package dev.parley.roundtrip

import dev.parley.ConversationItem
import dev.parley.FileSearchCallItem
import dev.parley.FunctionCallItem
import dev.parley.FunctionCallOutputItem
import dev.parley.ListOrder
import dev.parley.McpApprovalRequestItem
import dev.parley.McpApprovalResponseItem
import dev.parley.McpCallItem
import dev.parley.McpListToolsItem
import dev.parley.MessageItem
import dev.parley.MessageRole
import dev.parley.ApiLevel
import dev.parley.Parley
import dev.parley.ReasoningItem
import dev.parley.WebSearchCallItem
import dev.parley.core.ApiException
import dev.parley.core.AsyncPage
import dev.parley.core.J
import dev.parley.core.NotFoundException
import dev.parley.core.RequestOptions
import java.io.File
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

class RoundTripTest {
    private val client = Parley(apiKey = "test-key")

    private fun samples(): Pair<List<JsonObject>, List<String>> {
        val path = System.getenv("SDK_TEST_SAMPLES") ?: error("run through tests/sdk_kotlin/test_sdk.py")
        val root = J.parse(File(path).readText()) as JsonObject
        val items = (root["items"] as JsonArray).map { it as JsonObject }
        val types = (root["item_types"] as JsonArray).map { (it as JsonPrimitive).content }
        return items to types
    }

    /** The item type each class stands for. */
    private fun kind(item: ConversationItem): String =
        when (item) {
            is MessageItem -> "message"
            is WebSearchCallItem -> "web_search_call"
            is FileSearchCallItem -> "file_search_call"
            is FunctionCallItem -> "function_call"
            is FunctionCallOutputItem -> "function_call_output"
            is McpApprovalRequestItem -> "mcp_approval_request"
            is McpApprovalResponseItem -> "mcp_approval_response"
            is McpCallItem -> "mcp_call"
            is McpListToolsItem -> "mcp_list_tools"
            is ReasoningItem -> "reasoning"
            is ConversationItem.Unknown -> "unknown"
        }

    /** Numbers compared by value (the SDK writes 1.0 as 1). */
    private fun norm(e: JsonElement?): Any? =
        when (e) {
            null -> null
            is JsonObject -> e.mapValues { norm(it.value) }
            is JsonArray -> e.map { norm(it) }
            is JsonPrimitive -> if (e.isString) e.content else e.content.toDoubleOrNull() ?: e.content
        }

    @Test
    fun everyMethod() {
        val (items, types) = samples()
        val health = client.health.check()
        assertEquals("OK", health.status)
        assertTrue(client.version.retrieve().version.isNotEmpty())
        val routes = client.inspect.routes.list(apiFilter = ApiLevel.V1)
        assertTrue(routes.data.size >= 11, "routes: ${routes.data.size}")

        val hello = MessageItem(role = MessageRole.USER, content = JsonPrimitive("hello"))
        val conv = client.conversations.create(items = listOf(hello), metadata = mapOf("topic" to "kotlin"))
        assertTrue(conv.id.startsWith("conv_"))
        assertEquals("kotlin", conv.metadata["topic"])
        assertEquals(conv.id, client.conversations.retrieve(conv.id).id)
        val updated = client.conversations.update(conv.id, metadata = mapOf("a" to "b"))
        assertEquals(mapOf("a" to "b"), updated.metadata)

        // Every item type, decoded from the samples (unknown x_* keys at several depths) and sent.
        val typed = items.map { ConversationItem.fromJson(it) }
        typed.zip(items).forEach { (item, sent) -> assertEquals(norm(sent), norm(item.toJson()), "decode/encode") }
        val created = client.conversations.items.create(conv.id, items = typed)
        assertEquals(items.size, created.data.size)
        val seen = mutableSetOf<String>()
        for ((index, item) in created.data.withIndex()) {
            val sentType = (items[index]["type"] as JsonPrimitive).content
            assertEquals(sentType, kind(item), "item $index")
            seen.add(sentType)
            val stored = item.toJson() as JsonObject
            for ((key, value) in items[index]) {
                if (key == "id" || key == "status") continue
                assertEquals(norm(value), norm(stored[key]), "item $index key $key")
            }
        }
        assertEquals(types.toSet(), seen)
        val message = assertIs<MessageItem>(created.data[0])
        val firstId = message.id.getOrNull()!!
        val fetched = client.conversations.items.retrieve(conv.id, firstId)
        assertEquals(kind(created.data[0]), kind(fetched))
        val deletedItem = client.conversations.items.delete(conv.id, firstId)
        assertTrue(deletedItem.deleted)
        assertEquals(firstId, deletedItem.id)
        val page = client.conversations.items.list(conv.id, limit = 100)
        assertEquals(items.size, page.data.size) // one message from create, minus the deleted one

        // The async view: the same call as a suspend function.
        val again = runBlocking { client.async.conversations.retrieve(conv.id) }
        assertEquals(conv.id, again.id)

        val deleted = client.conversations.delete(conv.id)
        assertTrue(deleted.deleted)
        assertEquals("conversation.deleted", deleted.`object`)

        // Typed errors.
        val notFound = assertFailsWith<NotFoundException> { client.conversations.retrieve(conv.id) }
        assertEquals(404, notFound.statusCode)
        assertTrue(!notFound.type.isNullOrEmpty() && !notFound.requestId.isNullOrEmpty(), "$notFound")
        val bad =
            assertFailsWith<ApiException> {
                client.conversations.update("conv_x", metadata = emptyMap(), requestOptions = RequestOptions(maxRetries = 0))
            }
        assertTrue(bad.statusCode in 400..499, "${bad.statusCode}")
        assertFailsWith<IllegalArgumentException> { client.conversations.retrieve("..") }
    }

    @Test
    fun autoPaging250InBothOrders() {
        val conv = client.conversations.create()
        val ids = mutableListOf<String>()
        while (ids.size < 250) {
            val batch = (0 until minOf(20, 250 - ids.size)).map {
                MessageItem(role = MessageRole.ASSISTANT, content = JsonPrimitive("${ids.size + it}"))
            }
            val list = client.conversations.items.create(conv.id, items = batch)
            ids += list.data.map { assertIs<MessageItem>(it).id.getOrNull()!! }
        }
        assertEquals(250, ids.size)
        val asc = client.conversations.items.list(conv.id, order = ListOrder.ASC, limit = 7).autoPager()
        assertEquals(ids, asc.map { assertIs<MessageItem>(it).id.getOrNull()!! }.toList())
        val desc = client.conversations.items.list(conv.id, order = ListOrder.DESC, limit = 100).autoPager()
        assertEquals(ids.reversed(), desc.map { assertIs<MessageItem>(it).id.getOrNull()!! }.toList())

        var page = client.conversations.items.list(conv.id, limit = 100)
        var pages = 1
        while (page.hasNextPage()) {
            page = page.nextPage()
            pages++
        }
        assertEquals(3, pages)

        // The async view: an AsyncPage whose autoPager is a Flow, fetching pages as it reaches them.
        val flowIds = runBlocking {
            val first: AsyncPage<ConversationItem> = client.async.conversations.items.list(conv.id, order = ListOrder.ASC, limit = 30)
            assertEquals(30, first.data.size)
            assertEquals(30, first.nextPage().data.size)
            val items: Flow<ConversationItem> = first.autoPager()
            items.map { assertIs<MessageItem>(it).id.getOrNull()!! }.toList()
        }
        assertEquals(ids, flowIds)
        // Taking part of the Flow ends it early: 40 items across two pages.
        val firstForty = runBlocking { client.async.conversations.items.list(conv.id, limit = 30).autoPager().take(40).toList() }
        assertEquals(40, firstForty.size)
    }

    @Test
    fun unknownItemSurvivesDecodeAndReencode() {
        val raw = """{"type":"brand_new_call","id":"x_1","payload":{"a":[1,2.50,null]},"emoji":"é😀"}"""
        val item = ConversationItem.fromJson(J.parse(raw))
        val unknown = assertIs<ConversationItem.Unknown>(item)
        assertEquals("brand_new_call", unknown.type)
        assertEquals(J.parse(raw), item.toJson())
        assertEquals(J.parse(raw).toString(), item.toJson().toString())
        // A known tag whose body does not fit is kept too, never thrown.
        val broken = ConversationItem.fromJson(J.parse("""{"type":"message","role":5}"""))
        assertIs<ConversationItem.Unknown>(broken)
        // Inside a list, beside a known member with an extra key.
        val list = J.parse("""[$raw,{"type":"message","role":"user","content":"hi","x_new":1}]""") as JsonArray
        val items = list.map { ConversationItem.fromJson(it) }
        assertEquals(list, JsonArray(items.map { it.toJson() }))
        val message = assertIs<MessageItem>(items[1])
        assertEquals(MessageRole.USER, message.role)
        assertEquals(JsonPrimitive(1), message.additionalProperties["x_new"])
        assertEquals(null, message.id.getOrNull())
    }
}

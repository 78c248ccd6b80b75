// Decodes each shape of a shared-tag union (run by tests/sdk_kotlin/test_shape_dispatch.py).
package example.shapes

import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertIs
import example.shapes.core.J

class ShapeTest {
    @Test
    fun sharedTagIsDispatchedByShape() {
        val saved = Item.fromJson(J.parse("""{"type":"message","id":"m1","role":"assistant",""" +
            """"content":"hi","status":"completed"}"""))
        assertEquals("m1", assertIs<OutputMessage>(saved).id)
        val fresh = Item.fromJson(J.parse("""{"type":"message","role":"user","content":"hi"}"""))
        assertEquals("user", assertIs<InputMessage>(fresh).role)
        assertEquals("f", assertIs<Call>(Item.fromJson(J.parse("""{"type":"call","name":"f"}"""))).name)
        val odd = Item.fromJson(J.parse("""{"type":"message","id":"x"}"""))
        assertEquals("message", assertIs<Item.Unknown>(odd).type)
        assertEquals("new", assertIs<Item.Unknown>(Item.fromJson(J.parse("""{"type":"new"}"""))).type)
    }
}

package dev.parley.core

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** A field an object may leave out: [Absent] (not sent) is not [Present] with a null value. */
sealed interface Maybe<out T> {
    /** The key was not in the JSON (and is not sent). */
    data object Absent : Maybe<Nothing>

    /** The key was there; [value] may be null where the type allows it. */
    data class Present<out T>(val value: T) : Maybe<T>

    /** The value, or null when absent. */
    fun getOrNull(): T? =
        when (this) {
            is Present -> value
            Absent -> null
        }

    companion object {
        /** A present value (`Maybe.of(null)` sends an explicit null). */
        fun <T> of(value: T): Maybe<T> = Present(value)
    }
}

/** The JSON readers and writers the generated models use (kotlinx-serialization's tree API). */
object J {
    /** Lenient about nothing, so a malformed body is reported, never guessed at. */
    val json: Json = Json

    /** Strict JSON text to a tree (the parser alone would take a bare word such as `<html>`). */
    fun parse(text: String): JsonElement {
        val value =
            try {
                json.parseToJsonElement(text)
            } catch (e: Exception) {
                throw DecodeException("not JSON: ${e.message}")
            }
        checkLiterals(value)
        return value
    }

    private val NUMBER = Regex("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")

    private fun checkLiterals(value: JsonElement) {
        when (value) {
            is JsonObject -> value.values.forEach { checkLiterals(it) }
            is JsonArray -> value.forEach { checkLiterals(it) }
            is JsonPrimitive ->
                if (!value.isString && value !is JsonNull) {
                    val c = value.content
                    if (c != "true" && c != "false" && !NUMBER.matches(c))
                        throw DecodeException("not JSON: $c")
                }
        }
    }

    fun obj(e: JsonElement): JsonObject =
        e as? JsonObject ?: throw DecodeException("expected an object, got $e")

    fun string(e: JsonElement): String {
        val p = e as? JsonPrimitive
        if (p == null || !p.isString) throw DecodeException("expected a string, got $e")
        return p.content
    }

    fun long(e: JsonElement): Long {
        val p = e as? JsonPrimitive
        if (p == null || p.isString) throw DecodeException("expected an integer, got $e")
        return p.content.toLongOrNull()
            ?: p.content.toDoubleOrNull()?.takeIf { it % 1.0 == 0.0 }?.toLong()
            ?: throw DecodeException("expected an integer, got $e")
    }

    fun double(e: JsonElement): Double {
        val p = e as? JsonPrimitive
        if (p == null || p.isString) throw DecodeException("expected a number, got $e")
        return p.content.toDoubleOrNull() ?: throw DecodeException("expected a number, got $e")
    }

    fun bool(e: JsonElement): Boolean {
        val p = e as? JsonPrimitive
        if (p == null || p.isString) throw DecodeException("expected a boolean, got $e")
        return p.content.toBooleanStrictOrNull()
            ?: throw DecodeException("expected a boolean, got $e")
    }

    fun <T> list(e: JsonElement, item: (JsonElement) -> T): List<T> =
        (e as? JsonArray ?: throw DecodeException("expected an array, got $e")).map(item)

    fun <T> map(e: JsonElement, value: (JsonElement) -> T): Map<String, T> =
        obj(e).mapValues { value(it.value) }

    fun <T> nullable(e: JsonElement, inner: (JsonElement) -> T): T? =
        if (e is JsonNull) null else inner(e)

    /** A required key: its value, or a [DecodeException] naming it. */
    fun required(o: JsonObject, key: String): JsonElement =
        o[key] ?: throw DecodeException("missing required key \"$key\"")

    fun <T> optional(o: JsonObject, key: String, decode: (JsonElement) -> T): Maybe<T> =
        o[key]?.let { Maybe.Present(decode(it)) } ?: Maybe.Absent

    /** The keys of [o] a model does not declare, kept as they came. */
    fun extra(o: JsonObject, known: Set<String>): Map<String, JsonElement> =
        o.filterKeys { it !in known }

    fun of(value: String): JsonElement = JsonPrimitive(value)

    fun of(value: Long): JsonElement = JsonPrimitive(value)

    fun of(value: Boolean): JsonElement = JsonPrimitive(value)

    /** A whole number is written without a fraction, so `1` survives a round trip as `1`. */
    fun of(value: Double): JsonElement =
        if (value % 1.0 == 0.0 && kotlin.math.abs(value) < 9.0e15) JsonPrimitive(value.toLong())
        else JsonPrimitive(value)

    fun <T> list(values: List<T>, item: (T) -> JsonElement): JsonElement =
        JsonArray(values.map(item))

    fun <T> map(values: Map<String, T>, value: (T) -> JsonElement): JsonElement =
        JsonObject(values.mapValues { value(it.value) })

    /** An object from its declared entries (absent ones are left out) and its extra keys. */
    fun objectOf(
        extra: Map<String, JsonElement>,
        vararg entries: Pair<String, JsonElement?>,
    ): JsonObject {
        val out = LinkedHashMap<String, JsonElement>()
        for ((key, value) in entries) if (value != null) out[key] = value
        for ((key, value) in extra) if (key !in out) out[key] = value
        return JsonObject(out)
    }

    /** The string value of [key] in [e], when [e] is an object holding a string there. */
    fun tag(e: JsonElement, key: String): String? =
        ((e as? JsonObject)?.get(key) as? JsonPrimitive)?.takeIf { it.isString }?.content

    /** Whether [e] has every key in [required] and each key of [values] holds one of its values. */
    fun fits(
        e: JsonElement,
        required: List<String>,
        values: Map<String, List<JsonElement>>,
    ): Boolean {
        val o = e as? JsonObject ?: return false
        if (!required.all { it in o }) return false
        return values.all { (key, allowed) -> o[key]?.let { it in allowed } ?: true }
    }

    /** The first decoder that accepts [e], or null (undiscriminated unions try each member). */
    fun <T> firstOf(e: JsonElement, vararg decoders: (JsonElement) -> T): T? {
        for (decode in decoders) {
            try {
                return decode(e)
            } catch (_: DecodeException) {
                continue
            }
        }
        return null
    }
}

// Package respjson holds the response-side building blocks: per-field metadata that tells a
// missing key, a null and a value apart, and the lenient decoding every response type uses.
package respjson

import (
	"bytes"
	"encoding/json"
	"errors"
)

type state uint8

const (
	missing state = iota
	null
	present
)

// Field describes one key of a response object.
type Field struct {
	state state
	raw   string
}

// NewField is the metadata of a value as received (nil: the key was missing).
func NewField(raw json.RawMessage) Field {
	if raw == nil {
		return Field{}
	}
	if string(bytes.TrimSpace(raw)) == "null" {
		return Field{state: null, raw: "null"}
	}
	return Field{state: present, raw: string(raw)}
}

// Valid reports that the key was present and not null.
func (f Field) Valid() bool { return f.state == present }

// IsNull reports that the key was present with a null value.
func (f Field) IsNull() bool { return f.state == null }

// IsPresent reports that the key was present (null or not).
func (f Field) IsPresent() bool { return f.state != missing }

// Raw is the value's JSON text as received; "" when the key was missing.
func (f Field) Raw() string { return f.raw }

// Object is a response object being decoded: each declared key is taken in turn, the rest are
// the extra fields.
type Object struct {
	values map[string]json.RawMessage
	taken  map[string]bool
}

// ErrNotObject is returned when a JSON object was expected.
var ErrNotObject = errors.New("respjson: expected a JSON object")

// ParseObject reads a JSON object (null reads as an empty object).
func ParseObject(data []byte) (*Object, error) {
	obj := &Object{values: map[string]json.RawMessage{}, taken: map[string]bool{}}
	trimmed := bytes.TrimSpace(data)
	if string(trimmed) == "null" {
		return obj, nil
	}
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, ErrNotObject
	}
	if err := json.Unmarshal(trimmed, &obj.values); err != nil {
		return nil, err
	}
	return obj, nil
}

// Decode decodes key into dst, leniently: a value of an unexpected type leaves dst as decoded
// so far (its Field still holds the raw text), since a newer server may send more than this
// SDK knows.
func (o *Object) Decode(key string, dst any) Field {
	o.taken[key] = true
	raw, ok := o.values[key]
	if !ok {
		return Field{}
	}
	_ = json.Unmarshal(raw, dst)
	return NewField(raw)
}

// Rest is the metadata of every key not taken by Decode.
func (o *Object) Rest() map[string]Field {
	var rest map[string]Field
	for key, raw := range o.values {
		if o.taken[key] {
			continue
		}
		if rest == nil {
			rest = map[string]Field{}
		}
		rest[key] = NewField(raw)
	}
	return rest
}

// Has reports that key is present.
func (o *Object) Has(key string) bool {
	_, ok := o.values[key]
	return ok
}

// DecodeRaw decodes raw into dst, leniently (see Object.Decode).
func DecodeRaw(raw string, dst any) {
	if raw != "" {
		_ = json.Unmarshal([]byte(raw), dst)
	}
}

// RawOrNull is raw as bytes, or null when nothing was received.
func RawOrNull(raw string) ([]byte, error) {
	if raw == "" {
		return []byte("null"), nil
	}
	return []byte(raw), nil
}

// Kind is the JSON kind of a value.
type Kind uint8

const (
	KindInvalid Kind = iota
	KindNull
	KindString
	KindInteger
	KindNumber
	KindBool
	KindArray
	KindObject
)

// KindOf is the kind of raw (KindInteger for numbers without fraction or exponent).
func KindOf(raw string) Kind {
	trimmed := bytes.TrimSpace([]byte(raw))
	if len(trimmed) == 0 {
		return KindInvalid
	}
	switch c := trimmed[0]; {
	case c == 'n':
		return KindNull
	case c == '"':
		return KindString
	case c == 't' || c == 'f':
		return KindBool
	case c == '[':
		return KindArray
	case c == '{':
		return KindObject
	case c == '-' || (c >= '0' && c <= '9'):
		if bytes.ContainsAny(trimmed, ".eE") {
			return KindNumber
		}
		return KindInteger
	}
	return KindInvalid
}

// Shape is what a union member looks like: the keys it requires and every key it declares.
type Shape struct {
	Required []string
	Known    []string
}

// PickShape chooses among candidate members by shape (never by their order): a member whose
// required keys are all present wins over one missing some, then the one that knows more of
// the object's keys, then the one with more required keys. -1 when raw is not an object.
func PickShape(raw string, shapes ...Shape) int {
	obj, err := ParseObject([]byte(raw))
	if err != nil {
		return -1
	}
	best, bestScore := -1, [3]int{}
	for i, shape := range shapes {
		score := [3]int{1, 0, len(shape.Required)}
		for _, key := range shape.Required {
			if !obj.Has(key) {
				score[0] = 0
			}
		}
		for _, key := range shape.Known {
			if obj.Has(key) {
				score[1]++
			}
		}
		if best == -1 || better(score, bestScore) {
			best, bestScore = i, score
		}
	}
	return best
}

func better(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}

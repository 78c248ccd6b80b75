// Package param holds the request-side building blocks: optional values that tell "omitted",
// "null" and "set" apart, and the extra fields every params struct can carry.
package param

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

type optState uint8

const (
	omitted optState = iota
	null
	present
)

// Opt is an optional request value. Its zero value is omitted from the request (the struct tag
// says omitzero); [Null] sends an explicit JSON null; [NewOpt] sends the value.
type Opt[T any] struct {
	value T
	state optState
}

// NewOpt is an Opt holding v.
func NewOpt[T any](v T) Opt[T] { return Opt[T]{value: v, state: present} }

// Null is an Opt that is sent as JSON null.
func Null[T any]() Opt[T] { return Opt[T]{state: null} }

// IsZero reports that the value is omitted (encoding/json's omitzero calls it).
func (o Opt[T]) IsZero() bool { return o.state == omitted }

// IsNull reports an explicit null.
func (o Opt[T]) IsNull() bool { return o.state == null }

// Valid reports that a value (not null) is set.
func (o Opt[T]) Valid() bool { return o.state == present }

// Value is the value set, or T's zero value.
func (o Opt[T]) Value() T { return o.value }

// Or is the value set, or fallback.
func (o Opt[T]) Or(fallback T) T {
	if o.state == present {
		return o.value
	}
	return fallback
}

// AnyValue is the value as an interface (nil unless Valid), for the query and form encoders.
func (o Opt[T]) AnyValue() any {
	if o.state != present {
		return nil
	}
	return o.value
}

// MarshalJSON writes null for an omitted or null Opt (an omitted one only reaches the encoder
// when its field has no omitzero, i.e. a required nullable field).
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if o.state != present {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// UnmarshalJSON reads null as Null and anything else as the value.
func (o *Opt[T]) UnmarshalJSON(data []byte) error {
	if strings.TrimSpace(string(data)) == "null" {
		*o = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*o = NewOpt(v)
	return nil
}

func (o Opt[T]) String() string {
	switch o.state {
	case omitted:
		return "<omitted>"
	case null:
		return "null"
	}
	return fmt.Sprint(o.value)
}

// Optional is what every Opt implements, whatever its T.
type Optional interface {
	IsZero() bool
	IsNull() bool
	AnyValue() any
}

// Extras is embedded in every params struct: keys sent in the JSON body beside (and over) the
// declared fields.
type Extras struct {
	extra map[string]any
}

// SetExtraFields sets keys sent with the body; they win over declared fields of the same name.
func (e *Extras) SetExtraFields(fields map[string]any) { e.extra = fields }

// ExtraFields are the keys set with SetExtraFields.
func (e Extras) ExtraFields() map[string]any { return e.extra }

// Field is a body key that a struct tag cannot spell (quotes, commas, control characters...).
type Field struct {
	Key      string
	Value    any
	OmitZero bool
}

// MarshalObject encodes a params struct: v (a method-less copy of it, encoded through its
// struct tags), then fields, then extras over both.
func MarshalObject(v any, extras map[string]any, fields ...Field) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil || (len(extras) == 0 && len(fields) == 0) {
		return data, err
	}
	merged := map[string]json.RawMessage{}
	if err := json.Unmarshal(data, &merged); err != nil {
		return nil, err
	}
	for _, f := range fields {
		if f.OmitZero && isZero(f.Value) {
			continue
		}
		raw, err := json.Marshal(f.Value)
		if err != nil {
			return nil, err
		}
		merged[f.Key] = raw
	}
	for key, value := range extras {
		raw, err := json.Marshal(value)
		if err != nil {
			return nil, err
		}
		merged[key] = raw
	}
	return json.Marshal(merged)
}

func isZero(v any) bool {
	if v == nil {
		return true
	}
	if z, ok := v.(interface{ IsZero() bool }); ok {
		return z.IsZero()
	}
	return reflect.ValueOf(v).IsZero()
}

// FormValue spells one query, header, path or form value; ok is false when there is nothing to
// send (an omitted or null Opt, a nil pointer, slice or map).
func FormValue(v any) (text string, ok bool) {
	if o, isOpt := v.(Optional); isOpt {
		if o.IsZero() || o.IsNull() {
			return "", false
		}
		v = o.AnyValue()
	}
	if v == nil {
		return "", false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return "", false
		}
		return FormValue(rv.Elem().Interface())
	case reflect.Slice, reflect.Map:
		if rv.IsNil() {
			return "", false
		}
	case reflect.String:
		return rv.String(), true
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), true
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'g', -1, 64), true
	}
	data, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(data), true
}

// FormValues spells a value that may be a list: one entry per element when explode is set,
// else one comma-joined entry.
func FormValues(v any, explode bool) []string {
	if o, isOpt := v.(Optional); isOpt {
		if o.IsZero() || o.IsNull() {
			return nil
		}
		v = o.AnyValue()
	}
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.Type().Elem().Kind() == reflect.Uint8 {
		if text, ok := FormValue(v); ok {
			return []string{text}
		}
		return nil
	}
	var out []string
	for i := range rv.Len() {
		if text, ok := FormValue(rv.Index(i).Interface()); ok {
			out = append(out, text)
		}
	}
	if !explode && len(out) > 0 {
		return []string{strings.Join(out, ",")}
	}
	return out
}

// IsZero reports that v sends nothing: an omitted Opt, a nil pointer, slice, map or
// interface, a zero struct.
func IsZero(v any) bool { return isZero(v) }

// AddValues adds v under key to dst (url.Values or http.Header), see FormValues.
func AddValues(dst interface{ Add(key, value string) }, key string, v any, explode bool) {
	for _, text := range FormValues(v, explode) {
		dst.Add(key, text)
	}
}

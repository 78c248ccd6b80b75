// Package ssestream reads a text/event-stream response (WHATWG HTML §9.2, server-sent events)
// as it arrives: [Decoder] splits the body into [Event] values and [Stream] turns them into
// typed values, ending at the body's end or at a `data: [DONE]` sentinel.
package ssestream

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parley-dev/parley-go/internal/apierror"
	"github.com/parley-dev/parley-go/internal/requestconfig"
)

// Event is one server-sent event.
type Event struct {
	// Type is the event's `event:` field, "message" when it has none.
	Type string
	// Data is the event's `data:` lines joined by "\n".
	Data string
	// ID is the last event ID the stream set (an `id:` carries over to later events).
	ID string
	// Retry is the reconnection time the event's `retry:` field set, 0 when it set none.
	Retry time.Duration
}

// JSON decodes the event's data into v.
func (e Event) JSON(v any) error { return json.Unmarshal([]byte(e.Data), v) }

// maxLine bounds one line of the stream (a data line holds a whole JSON event).
const maxLine = 64 << 20

var bom = []byte("\uFEFF")

// Decoder splits an event stream into events. Lines end with CR, LF or CRLF; a UTF-8
// character split across reads is joined before it is decoded, since lines are cut on bytes.
type Decoder struct {
	scan    *bufio.Scanner
	lastID  string
	started bool
	// afterCR: the last line ended with a CR, so an LF first in the next read is its CRLF.
	afterCR bool
}

// NewDecoder reads events from r.
func NewDecoder(r io.Reader) *Decoder {
	d := &Decoder{}
	d.scan = bufio.NewScanner(r)
	d.scan.Buffer(make([]byte, 0, 4096), maxLine)
	d.scan.Split(d.split)
	return d
}

func (d *Decoder) split(data []byte, atEOF bool) (int, []byte, error) {
	// The LF of a CRLF cut between two reads is skipped here, in the same call as the next
	// line: a split that returned no token at EOF would end the scan and drop the rest.
	skip := 0
	if d.afterCR && len(data) > 0 {
		d.afterCR = false
		if data[0] == '\n' {
			skip = 1
		}
	}
	advance, token, err := d.line(data[skip:], atEOF)
	if token == nil && advance == 0 {
		return skip, nil, err
	}
	return advance + skip, token, err
}

// line splits off the first line of data (see split).
func (d *Decoder) line(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		if data[i] == '\n' {
			return i + 1, data[:i], nil
		}
		if i+1 < len(data) {
			if data[i+1] == '\n' {
				return i + 2, data[:i], nil
			}
			return i + 1, data[:i], nil
		}
		// A CR last in the buffer ends the line now (no waiting on the network for an LF).
		d.afterCR = true
		return i + 1, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		// An unterminated last line cannot finish an event: it is dropped.
		return len(data), nil, nil
	}
	return 0, nil, nil
}

// Next reads the next event; io.EOF at the end of the stream. An event the stream does not
// finish with a blank line is dropped, as the specification says.
func (d *Decoder) Next() (Event, error) {
	var (
		typ     string
		data    strings.Builder
		hasData bool
		retry   time.Duration
	)
	for d.scan.Scan() {
		line := d.scan.Bytes()
		if !d.started {
			d.started = true
			line = bytes.TrimPrefix(line, bom)
		}
		if len(line) == 0 {
			if !hasData {
				typ, retry = "", 0
				continue
			}
			if typ == "" {
				typ = "message"
			}
			return Event{Type: typ, Data: data.String(), ID: d.lastID, Retry: retry}, nil
		}
		if line[0] == ':' {
			continue // a comment
		}
		field, value := line, []byte(nil)
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			field, value = line[:i], line[i+1:]
			value = bytes.TrimPrefix(value, []byte(" "))
		}
		switch string(field) {
		case "event":
			typ = text(value)
		case "data":
			if hasData {
				data.WriteByte('\n')
			}
			data.WriteString(text(value))
			hasData = true
		case "id":
			if bytes.IndexByte(value, 0) < 0 {
				d.lastID = text(value)
			}
		case "retry":
			if digits(value) {
				if ms, err := strconv.ParseInt(string(value), 10, 64); err == nil {
					retry = time.Duration(ms) * time.Millisecond
				}
			}
		}
	}
	if err := d.scan.Err(); err != nil {
		return Event{}, err
	}
	return Event{}, io.EOF
}

// text decodes a field's value as UTF-8, invalid bytes becoming U+FFFD.
func text(value []byte) string {
	if utf8.Valid(value) {
		return string(value)
	}
	return strings.ToValidUTF8(string(value), "\uFFFD")
}

func digits(value []byte) bool {
	if len(value) == 0 {
		return false
	}
	for _, b := range value {
		if b < '0' || b > '9' {
			return false
		}
	}
	return true
}

// Stream is a typed event stream. Read it with Next/Current/Err, or range over All; Close it
// when leaving early (All closes it itself, and so does reaching the end). T is [Event] for a
// stream whose events the API does not type.
type Stream[T any] struct {
	res    *http.Response
	dec    *Decoder
	cur    T
	err    error
	done   bool
	closed bool
}

// NewStream reads res's body as an event stream; err is the call's own error (the stream then
// yields nothing and Err returns it).
func NewStream[T any](res *http.Response, err error) *Stream[T] {
	s := &Stream[T]{res: res, err: err, done: err != nil || res == nil}
	if !s.done {
		s.dec = NewDecoder(res.Body)
	}
	return s
}

// Next advances to the next value. It is false at the end of the stream, at `data: [DONE]`
// or on an error (see Err); the body is closed then. An `error` event, or an event whose data
// is an object with an "error" object, ends the stream with an [*apierror.Error] (the SDK's
// Error).
func (s *Stream[T]) Next() bool {
	for !s.done {
		ev, err := s.dec.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				s.err = &requestconfig.ConnectionError{Err: err}
			}
			break
		}
		if ev.Data == "[DONE]" {
			break
		}
		if apiErr := s.apiError(ev); apiErr != nil {
			s.err = apiErr
			break
		}
		var v T
		if event, ok := any(&v).(*Event); ok {
			*event = ev
		} else if ev.Data == "" {
			continue // a keep-alive: nothing to decode
		} else if err := json.Unmarshal([]byte(ev.Data), &v); err != nil {
			s.err = &requestconfig.ResponseValidationError{StatusCode: s.res.StatusCode,
				Excerpt: excerpt(ev.Data), Err: err}
			break
		}
		s.cur = v
		return true
	}
	_ = s.Close()
	return false
}

func (s *Stream[T]) apiError(ev Event) error {
	if ev.Type != "error" {
		if !strings.Contains(ev.Data, `"error"`) {
			return nil
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal([]byte(ev.Data), &obj) != nil {
			return nil
		}
		if raw := bytes.TrimSpace(obj["error"]); len(raw) == 0 || raw[0] != '{' {
			return nil
		}
	}
	return apierror.New(s.res.Request, nil, s.res, []byte(ev.Data))
}

func excerpt(data string) string {
	if len(data) > 200 {
		return data[:200]
	}
	return data
}

// Current is the value Next moved to.
func (s *Stream[T]) Current() T { return s.cur }

// Err is the error that ended the stream, nil when it ended normally.
func (s *Stream[T]) Err() error { return s.err }

// Response is the HTTP response (nil when the call failed); its body is the stream.
func (s *Stream[T]) Response() *http.Response { return s.res }

// Close closes the body, and so the connection: later calls to Next are false.
func (s *Stream[T]) Close() error {
	s.done = true
	if s.closed || s.res == nil {
		return nil
	}
	s.closed = true
	return s.res.Body.Close()
}

// All ranges over the values: `for event, err := range stream.All()`. The error, if any, comes
// last, with T's zero value; leaving the loop early closes the stream.
func (s *Stream[T]) All() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		defer func() { _ = s.Close() }()
		for s.Next() {
			if !yield(s.cur, nil) {
				return
			}
		}
		if s.err != nil {
			var zero T
			yield(zero, s.err)
		}
	}
}

package ssestream

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/parley-dev/parley-go/internal/apierror"
	"github.com/parley-dev/parley-go/internal/leaktest"
	"github.com/parley-dev/parley-go/internal/requestconfig"
)

func decodeAll(t *testing.T, r io.Reader) []Event {
	t.Helper()
	d := NewDecoder(r)
	var out []Event
	for {
		ev, err := d.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
}

func TestDecoderWireRules(t *testing.T) {
	cases := []struct {
		name, wire string
		want       []Event
	}{
		{"named events, multi-line data joined by LF", "event: add\ndata: a\ndata:  b\ndata\n\n",
			[]Event{{Type: "add", Data: "a\n b\n"}}},
		{"no event field is a message", "data: x\n\n", []Event{{Type: "message", Data: "x"}}},
		{"comments and unknown fields are ignored", ": hi\nfoo: bar\ndata: x\n:\n\n",
			[]Event{{Type: "message", Data: "x"}}},
		{"CR, LF and CRLF line endings", "data: a\r\rdata: b\r\n\r\ndata: c\n\n",
			[]Event{{Type: "message", Data: "a"}, {Type: "message", Data: "b"},
				{Type: "message", Data: "c"}}},
		{"a CRLF is one line end, also when split across reads", "data: a\r\ndata: b\r\n\r\n",
			[]Event{{Type: "message", Data: "a\nb"}}},
		{"a BOM is skipped once", "\uFEFFdata: a\n\n\uFEFFdata: b\n\n",
			[]Event{{Type: "message", Data: "a"}}},
		{"id carries over; an id with NUL is ignored", "id: 1\ndata: a\n\ndata: b\n\nid: x\x00y\ndata: c\n\n",
			[]Event{{Type: "message", Data: "a", ID: "1"}, {Type: "message", Data: "b", ID: "1"},
				{Type: "message", Data: "c", ID: "1"}}},
		{"retry in digits only", "retry: 1500\ndata: a\n\nretry: 1.5\ndata: b\n\n",
			[]Event{{Type: "message", Data: "a", Retry: 1500 * time.Millisecond},
				{Type: "message", Data: "b"}}},
		{"blocks without data dispatch nothing and reset the type", "event: x\n\ndata: a\n\n",
			[]Event{{Type: "message", Data: "a"}}},
		{"one space after the colon is dropped, not more", "data:  two\n\ndata:none\n\n",
			[]Event{{Type: "message", Data: " two"}, {Type: "message", Data: "none"}}},
		{"an unfinished last event is dropped", "data: a\n\ndata: b\n", []Event{{Type: "message", Data: "a"}}},
		{"UTF-8", "data: é世😀\n\n", []Event{{Type: "message", Data: "é世😀"}}},
	}
	for _, c := range cases {
		whole := decodeAll(t, strings.NewReader(c.wire))
		if !reflect.DeepEqual(whole, c.want) {
			t.Errorf("%s: got %#v", c.name, whole)
		}
		// The same bytes one at a time: CRLF and UTF-8 characters split across reads.
		bytewise := decodeAll(t, iotest.OneByteReader(strings.NewReader(c.wire)))
		if !reflect.DeepEqual(bytewise, c.want) {
			t.Errorf("%s, one byte per read: got %#v", c.name, bytewise)
		}
	}
}

type chunk struct {
	Text string `json:"text"`
}

// open calls the server through the request runtime, as a generated method does.
func open[T any](t *testing.T, url string, transport http.RoundTripper, opts ...requestconfig.RequestOption) *Stream[T] {
	t.Helper()
	cfg, err := requestconfig.NewRequestConfig(context.Background(),
		requestconfig.Request{Method: http.MethodPost, Path: "/stream", Accept: "text/event-stream", Stream: true},
		append([]requestconfig.RequestOption{func(c *requestconfig.RequestConfig) error {
			c.BaseURL = url
			c.HTTPClient = &http.Client{Transport: transport}
			c.MaxRetries = 2
			return nil
		}}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	var res *http.Response
	err = cfg.Execute(&res)
	return NewStream[T](res, err)
}

// writeParts sends each part in its own flushed write.
func writeParts(w http.ResponseWriter, parts ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	for _, p := range parts {
		_, _ = io.WriteString(w, p)
		w.(http.Flusher).Flush()
	}
}

func TestTypedStreamEndsAtDoneAcrossAwkwardWrites(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "text/event-stream" {
			w.WriteHeader(http.StatusNotAcceptable)
			return
		}
		// A BOM, a CRLF cut between CR and LF, a character cut inside, comments, [DONE].
		writeParts(w, "\xEF\xBB", "\xBF: keep-alive\r", "\ndata: {\"text\":", "\"h\xC3", "\xA9\"}\r\n\r",
			"\n", "data: {\"text\":\"2\"}\n\n", "data: [DONE]\n\n", "data: {\"text\":\"after\"}\n\n")
	}))
	defer server.Close()
	transport := &leaktest.Transport{}
	stream := open[chunk](t, server.URL, transport)
	var got []string
	for item, err := range stream.All() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, item.Text)
	}
	if !reflect.DeepEqual(got, []string{"hé", "2"}) || transport.Leaked() != 0 {
		t.Fatalf("got %q, %d bodies open", got, transport.Leaked())
	}
}

func TestUntypedEventsWithNextCurrentErrAndJSON(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, "event: message_start\nid: 7\ndata: {\"text\":\"a\"}\n\n", "event: ping\ndata:\n\n")
	}))
	defer server.Close()
	transport := &leaktest.Transport{}
	stream := open[Event](t, server.URL, transport)
	var events []Event
	for stream.Next() {
		events = append(events, stream.Current())
	}
	if stream.Err() != nil || len(events) != 2 || events[0].Type != "message_start" ||
		events[0].ID != "7" || events[1].Type != "ping" || events[1].Data != "" {
		t.Fatalf("%v %#v", stream.Err(), events)
	}
	var c chunk
	if err := events[0].JSON(&c); err != nil || c.Text != "a" {
		t.Fatalf("%v %#v", err, c)
	}
	if transport.Leaked() != 0 {
		t.Fatal("the body was left open")
	}
}

func TestAnErrorEventAndAnErrorObjectMidStreamAreTheSDKsError(t *testing.T) {
	for _, wire := range []string{
		"data: {\"text\":\"a\"}\n\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
		"data: {\"text\":\"a\"}\n\ndata: {\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\",\"code\":\"c\"}}\n\n",
	} {
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", "req_1")
			writeParts(w, wire, "data: {\"text\":\"never\"}\n\n")
		}))
		transport := &leaktest.Transport{}
		var got []string
		var apiErr *apierror.Error
		for item, err := range open[chunk](t, server.URL, transport).All() {
			if err != nil {
				if !errors.As(err, &apiErr) {
					t.Fatalf("%T %v", err, err)
				}
				break
			}
			got = append(got, item.Text)
		}
		server.Close()
		if apiErr == nil || apiErr.Type != "overloaded_error" || apiErr.Message != "Overloaded" ||
			apiErr.RequestID != "req_1" || !reflect.DeepEqual(got, []string{"a"}) {
			t.Fatalf("%#v %q", apiErr, got)
		}
		if transport.Leaked() != 0 {
			t.Fatal("the body was left open")
		}
	}
}

func TestAnErrorFieldThatIsNoObjectIsData(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, "data: {\"text\":\"a\",\"error\":null}\n\n")
	}))
	defer server.Close()
	stream := open[chunk](t, server.URL, &leaktest.Transport{})
	if !stream.Next() || stream.Current().Text != "a" || stream.Next() || stream.Err() != nil {
		t.Fatal(stream.Err())
	}
}

func TestLeavingEarlyClosesTheConnection(t *testing.T) {
	gone := make(chan struct{})
	var once sync.Once // the last part of the test opens a second stream on this server
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, "data: {\"text\":\"1\"}\n\n")
		<-r.Context().Done() // the server's view: the client hung up
		once.Do(func() { close(gone) })
	}))
	defer server.Close()
	transport := &leaktest.Transport{}
	for item, err := range open[chunk](t, server.URL, transport).All() {
		if err != nil || item.Text != "1" {
			t.Fatal(item, err)
		}
		break
	}
	if transport.Leaked() != 0 {
		t.Fatal("the body was left open")
	}
	select {
	case <-gone:
	case <-time.After(30 * time.Second): // a hang guard, not a timing assertion
		t.Fatal("the connection stayed open after the loop was left")
	}
	// Close after the end is harmless.
	stream := open[chunk](t, server.URL, transport)
	if !stream.Next() || stream.Close() != nil || stream.Close() != nil || stream.Next() {
		t.Fatal("close")
	}
}

func TestRetriesOnlyBeforeTheFirstByteOfTheBody(t *testing.T) {
	var attempts atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch attempts.Add(1) {
		case 1: // before the body: retried
			w.Header().Set("Retry-After-Ms", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
		case 2: // a byte of the body, then the connection drops: not retried
			writeParts(w, "data: {\"text\":\"1\"}\n\ndata: {\"te")
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		default:
			writeParts(w, "data: {\"text\":\"again\"}\n\n")
		}
	}))
	defer server.Close()
	transport := &leaktest.Transport{}
	stream := open[chunk](t, server.URL, transport)
	var got []string
	for stream.Next() {
		got = append(got, stream.Current().Text)
	}
	var connErr *requestconfig.ConnectionError
	if !errors.As(stream.Err(), &connErr) || !reflect.DeepEqual(got, []string{"1"}) ||
		attempts.Load() != 2 || transport.Leaked() != 0 {
		t.Fatalf("%v %q, %d attempts, %d open", stream.Err(), got, attempts.Load(), transport.Leaked())
	}
}

func TestAFailedCallIsAnEmptyStreamWithItsError(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error":{"message":"bad","type":"invalid_request_error"}}`)
	}))
	defer server.Close()
	transport := &leaktest.Transport{}
	stream := open[chunk](t, server.URL, transport)
	var apiErr *apierror.Error
	if stream.Next() || !errors.As(stream.Err(), &apiErr) || apiErr.StatusCode != 400 ||
		transport.Leaked() != 0 || stream.Close() != nil {
		t.Fatalf("%v", stream.Err())
	}
	for _, err := range stream.All() {
		if !errors.As(err, &apiErr) {
			t.Fatal(err)
		}
	}
}

func TestInvalidJSONIsAValidationError(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, "data: {oops\n\n")
	}))
	defer server.Close()
	stream := open[chunk](t, server.URL, &leaktest.Transport{})
	var invalid *requestconfig.ResponseValidationError
	if stream.Next() || !errors.As(stream.Err(), &invalid) || invalid.Excerpt != "{oops" {
		t.Fatal(stream.Err())
	}
}

func withTimeout(d time.Duration, retries int) requestconfig.RequestOption {
	return func(c *requestconfig.RequestConfig) error {
		c.RequestTimeout, c.MaxRetries = d, retries
		return nil
	}
}

func TestTheRequestTimeoutCoversTheHeadersNotTheStream(t *testing.T) {
	const timeout = 250 * time.Millisecond // far above a loopback answer's headers, even on a busy machine
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeParts(w, "data: {\"text\":\"1\"}\n\n")
		time.Sleep(4 * timeout) // a stream longer than the request timeout
		writeParts(w, "data: {\"text\":\"2\"}\n\n")
	}))
	defer server.Close()
	stream := open[chunk](t, server.URL, &leaktest.Transport{}, withTimeout(timeout, 0))
	var got []string
	for stream.Next() {
		got = append(got, stream.Current().Text)
	}
	if stream.Err() != nil || !reflect.DeepEqual(got, []string{"1", "2"}) {
		t.Fatalf("%v %q", stream.Err(), got)
	}
}

func TestAStreamWhoseHeadersDoNotComeTimesOut(t *testing.T) {
	release := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer server.Close()
	defer close(release)
	stream := open[chunk](t, server.URL, &leaktest.Transport{}, withTimeout(20*time.Millisecond, 0))
	var connErr *requestconfig.ConnectionError
	if stream.Next() || !errors.As(stream.Err(), &connErr) || !connErr.Timeout() {
		t.Fatalf("%v", stream.Err())
	}
}

// eofReader hands out its chunks one per Read, the last one together with io.EOF, as an
// HTTP body does when the end of the stream arrives with the final bytes.
type eofReader struct{ chunks []string }

func (r *eofReader) Read(p []byte) (int, error) {
	if len(r.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.chunks[0])
	r.chunks = r.chunks[1:]
	if len(r.chunks) == 0 {
		return n, io.EOF
	}
	return n, nil
}

func TestACRLFCutBeforeTheLastReadKeepsEveryEvent(t *testing.T) {
	// The LF of the CRLF comes first in the read that also reports the end of the body.
	dec := NewDecoder(&eofReader{chunks: []string{
		"data: a\r\n\r", "\ndata: b\n\ndata: c\r\n\r\n",
	}})
	var got []string
	for {
		ev, err := dec.Next()
		if err != nil {
			break
		}
		got = append(got, ev.Data)
	}
	if !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Fatalf("got %q", got)
	}
}

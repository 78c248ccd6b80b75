package streams_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	api "example.com/streams"
	"example.com/streams/option"
	"example.com/streams/ssestream"
)

func client(url string) *api.Client {
	return api.NewClient(option.WithBaseURL(url), option.WithMaxRetries(0))
}

func send(w http.ResponseWriter, wire string) {
	w.Header().Set("Content-Type", "text/event-stream")
	_, _ = io.WriteString(w, wire)
	w.(http.Flusher).Flush()
}

func TestTypedEventsComeBackAsTheirGoTypesAndUnknownOnesAreKept(t *testing.T) {
	var prompt string
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Prompt string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		prompt = body.Prompt + " " + r.Header.Get("Accept")
		send(w, "event: text_delta\ndata: {\"type\":\"text_delta\",\"text\":\"Hel\"}\n\n"+
			"data: {\"type\":\"text_delta\",\"text\":\"lo\"}\n\n"+
			"data: {\"type\":\"thinking\",\"x\":1}\n\n"+
			"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
	}))
	defer server.Close()
	stream := client(server.URL).Messages.New(context.Background(), api.MessagesNewParams{Prompt: "hi"})
	var text string
	var kinds []string
	for event, err := range stream.All() {
		if err != nil {
			t.Fatal(err)
		}
		switch v := event.AsAny().(type) {
		case api.TextDelta:
			text += v.Text
			kinds = append(kinds, "delta")
		case api.MessageStop:
			kinds = append(kinds, "stop")
		case api.UnknownStreamEvent:
			if v.Type != "thinking" || v.Raw != `{"type":"thinking","x":1}` {
				t.Fatalf("%#v", v)
			}
			kinds = append(kinds, "unknown")
		default:
			t.Fatalf("%T", v)
		}
	}
	if text != "Hello" || len(kinds) != 4 || kinds[2] != "unknown" || kinds[3] != "stop" ||
		prompt != "hi text/event-stream" {
		t.Fatalf("%q %v %q", text, kinds, prompt)
	}
}

func TestUntypedEventsAndAnErrorEventAsTheSDKsError(t *testing.T) {
	var path string
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		send(w, "id: 1\ndata: line one\ndata: line two\n\n"+
			"event: error\ndata: {\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}\n\n")
	}))
	defer server.Close()
	stream := client(server.URL).Logs.Tail(context.Background(), "log 1")
	defer stream.Close()
	var events []ssestream.Event
	for stream.Next() {
		events = append(events, stream.Current())
	}
	var apiErr *api.Error
	if len(events) != 1 || events[0].Data != "line one\nline two" || events[0].ID != "1" ||
		!errors.As(stream.Err(), &apiErr) || apiErr.Message != "busy" || path != "/logs/log 1/tail" {
		t.Fatalf("%#v %v %q", events, stream.Err(), path)
	}
}

func TestBreakingOutClosesTheConnection(t *testing.T) {
	gone := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		send(w, "data: {\"type\":\"text_delta\",\"text\":\"a\"}\n\n")
		<-r.Context().Done()
		close(gone)
	}))
	defer server.Close()
	for range client(server.URL).Messages.New(context.Background(), api.MessagesNewParams{}).All() {
		break
	}
	select {
	case <-gone:
	case <-time.After(30 * time.Second): // a hang guard, not a timing assertion
		t.Fatal("the connection stayed open")
	}
}

func TestAFailedCallIsAStreamWithTheError(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":{"message":"no such log"}}`)
	}))
	defer server.Close()
	stream := client(server.URL).Logs.Tail(context.Background(), "x")
	var apiErr *api.Error
	if stream.Next() || !errors.As(stream.Err(), &apiErr) || apiErr.StatusCode != 404 {
		t.Fatal(stream.Err())
	}
	if bad := client(server.URL).Logs.Tail(context.Background(), ""); bad.Next() || bad.Err() == nil {
		t.Fatal("an empty path parameter is refused before anything is sent")
	}
}

func TestTheStreamingTwinSendsStreamTrueAndTheJSONMethodDoesNot(t *testing.T) {
	var bodies []map[string]any
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		bodies = append(bodies, body)
		if body["stream"] == true && r.Header.Get("Accept") == "text/event-stream" {
			send(w, "data: {\"delta\":\"Hel\"}\n\ndata: {\"delta\":\"lo\"}\n\ndata: [DONE]\n\n")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"text":"Hello"}`)
	}))
	defer server.Close()
	c := client(server.URL)
	chat, err := c.Chat.New(context.Background(), api.ChatNewParams{Prompt: "hi"})
	if err != nil || chat.Text != "Hello" {
		t.Fatal(err, chat)
	}
	var text string
	for chunk, err := range c.Chat.NewStreaming(context.Background(), api.ChatNewParams{Prompt: "hi"}).All() {
		if err != nil {
			t.Fatal(err)
		}
		text += chunk.Delta
	}
	if text != "Hello" || len(bodies) != 2 || bodies[0]["stream"] != nil || bodies[1]["stream"] != true ||
		bodies[1]["prompt"] != "hi" {
		t.Fatalf("%q %v", text, bodies)
	}
}

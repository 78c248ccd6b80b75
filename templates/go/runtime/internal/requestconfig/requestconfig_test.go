package requestconfig

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-dev/parley-go/internal/apierror"
	"github.com/parley-dev/parley-go/internal/leaktest"
)

type recorder struct {
	delays []time.Duration
}

func (r *recorder) sleep(_ context.Context, d time.Duration) error {
	r.delays = append(r.delays, d)
	return nil
}

func newConfig(t *testing.T, url string, req Request, transport http.RoundTripper, rec *recorder) *RequestConfig {
	t.Helper()
	cfg, err := NewRequestConfig(context.Background(), req, func(c *RequestConfig) error {
		c.BaseURL = url
		c.HTTPClient = &http.Client{Transport: transport}
		c.sleep = rec.sleep
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestRetriesReuseOneIdempotencyKeyAndCloseEveryBody(t *testing.T) {
	var keys, counts []string
	var mu sync.Mutex
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		counts = append(counts, r.Header.Get("X-Retry-Count"))
		n := len(keys)
		mu.Unlock()
		body, _ := io.ReadAll(r.Body)
		if string(body) != `{"a":1}` {
			t.Errorf("attempt %d body %q", n, body)
		}
		if n < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"message":"busy"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer server.Close()
	transport := &leaktest.Transport{}
	rec := &recorder{}
	cfg := newConfig(t, server.URL, Request{Method: http.MethodPost, Path: "x", Body: JSONBody(map[string]int{"a": 1})}, transport, rec)
	var out struct{ OK bool }
	if err := cfg.Execute(&out); err != nil || !out.OK {
		t.Fatalf("%v %v", out, err)
	}
	if len(keys) != 3 || keys[0] == "" || keys[0] != keys[1] || keys[1] != keys[2] {
		t.Fatalf("keys %q", keys)
	}
	if strings.Join(counts, ",") != "0,1,2" {
		t.Fatalf("x-retry-count %q", counts)
	}
	if len(rec.delays) != 2 || rec.delays[0] > 500*time.Millisecond || rec.delays[0] < 375*time.Millisecond ||
		rec.delays[1] > time.Second || rec.delays[1] < 750*time.Millisecond {
		t.Fatalf("backoff %v", rec.delays)
	}
	if transport.Leaked() != 0 {
		t.Fatalf("%d bodies left open", transport.Leaked())
	}
}

func TestGivingUpReturnsTheErrorAndLeaksNothing(t *testing.T) {
	var attempts atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		w.Header().Set("x-request-id", "req_1")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":{"message":"slow down","type":"rate_limit","code":42,"param":null}}`))
	}))
	defer server.Close()
	transport := &leaktest.Transport{}
	cfg := newConfig(t, server.URL, Request{Method: http.MethodGet, Path: "x"}, transport, &recorder{})
	err := cfg.Execute(nil)
	var apiErr *apierror.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Message != "slow down" ||
		apiErr.Type != "rate_limit" || apiErr.Code != "42" || apiErr.Param != "" || apiErr.RequestID != "req_1" {
		t.Fatalf("%#v", err)
	}
	if attempts.Load() != 3 || transport.Leaked() != 0 {
		t.Fatalf("%d attempts, %d open", attempts.Load(), transport.Leaked())
	}
}

func TestRetryAfterAndShouldRetryHeaders(t *testing.T) {
	cases := []struct {
		header, value string
		want          time.Duration
	}{
		{"Retry-After-Ms", "1500", 1500 * time.Millisecond},
		{"Retry-After", "2", 2 * time.Second},
		{"Retry-After", "120", 0}, // over 60 s: back off instead
	}
	for _, c := range cases {
		var attempts atomic.Int32
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if attempts.Add(1) == 1 {
				w.Header().Set(c.header, c.value)
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			_, _ = w.Write([]byte(`{}`))
		}))
		rec := &recorder{}
		cfg := newConfig(t, server.URL, Request{Method: http.MethodGet, Path: "x"}, http.DefaultTransport, rec)
		if err := cfg.Execute(nil); err != nil {
			t.Fatal(err)
		}
		server.Close()
		if len(rec.delays) != 1 {
			t.Fatalf("%s: %v", c.header, rec.delays)
		}
		if c.want != 0 && rec.delays[0] != c.want {
			t.Fatalf("%s=%s: waited %v", c.header, c.value, rec.delays[0])
		}
		if c.want == 0 && rec.delays[0] > 500*time.Millisecond {
			t.Fatalf("%s=%s: waited %v", c.header, c.value, rec.delays[0])
		}
	}

	// x-should-retry: false stops a retryable status; true retries a 400.
	for _, c := range []struct {
		status   int
		header   string
		attempts int32
	}{{503, "false", 1}, {400, "true", 3}} {
		var attempts atomic.Int32
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			attempts.Add(1)
			w.Header().Set("X-Should-Retry", c.header)
			w.WriteHeader(c.status)
		}))
		cfg := newConfig(t, server.URL, Request{Method: http.MethodGet, Path: "x"}, http.DefaultTransport, &recorder{})
		_ = cfg.Execute(nil)
		server.Close()
		if attempts.Load() != c.attempts {
			t.Fatalf("status %d should-retry %s: %d attempts", c.status, c.header, attempts.Load())
		}
	}
}

func TestTimeoutsAreRetriedThenReported(t *testing.T) {
	release := make(chan struct{})
	var attempts atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer server.Close()
	defer close(release)
	cfg := newConfig(t, server.URL, Request{Method: http.MethodGet, Path: "x"}, http.DefaultTransport, &recorder{})
	cfg.RequestTimeout = 20 * time.Millisecond
	cfg.MaxRetries = 1
	err := cfg.Execute(nil)
	var connErr *ConnectionError
	if !errors.As(err, &connErr) || !connErr.Timeout() {
		t.Fatalf("%#v", err)
	}
	if attempts.Load() != 2 {
		t.Fatalf("%d attempts", attempts.Load())
	}
}

func TestCancelledContextIsNotRetried(t *testing.T) {
	var attempts atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		cancel()
		<-r.Context().Done()
	}))
	defer server.Close()
	cfg := newConfig(t, server.URL, Request{Method: http.MethodGet, Path: "x"}, http.DefaultTransport, &recorder{})
	cfg.Context = ctx
	if err := cfg.Execute(nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("%v", err)
	}
	if attempts.Load() != 1 {
		t.Fatalf("%d attempts", attempts.Load())
	}
}

func TestDownloadIsReturnedUnreadAndTextIsNotDecoded(t *testing.T) {
	payload := "\x00\xff binary \r\n"
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "application/octet-stream" {
			t.Errorf("accept %q", r.Header.Get("Accept"))
		}
		_, _ = w.Write([]byte(payload))
	}))
	defer server.Close()
	transport := &leaktest.Transport{}
	cfg := newConfig(t, server.URL, Request{Method: http.MethodGet, Path: "x", Accept: "application/octet-stream"}, transport, &recorder{})
	var res *http.Response
	if err := cfg.Execute(&res); err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	if string(data) != payload || transport.Leaked() != 1 {
		t.Fatalf("%q, %d open", data, transport.Leaked())
	}
	_ = res.Body.Close()
	if transport.Leaked() != 0 {
		t.Fatal("download body not closed")
	}
}

func TestNonJSONSuccessIsAValidationError(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"truncated":`))
	}))
	defer server.Close()
	cfg := newConfig(t, server.URL, Request{Method: http.MethodGet, Path: "x"}, http.DefaultTransport, &recorder{})
	var out map[string]any
	var invalid *ResponseValidationError
	if err := cfg.Execute(&out); !errors.As(err, &invalid) || invalid.StatusCode != 200 {
		t.Fatalf("%v", err)
	}
}

func TestPathParamsAreEscapedAndDotsRefused(t *testing.T) {
	got, err := PathParam("id", "a/b?c#d é")
	if err != nil || got != "a%2Fb%3Fc%23d%20%C3%A9" {
		t.Fatalf("%q %v", got, err)
	}
	for _, bad := range []string{"", ".", ".."} {
		if _, err := PathParam("id", bad); err == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
}

type namedReader struct {
	*strings.Reader
	name string
}

func (n namedReader) Name() string { return n.name }

func TestMultipartUploadsTakeReaders(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			t.Error(err)
			return
		}
		files := r.MultipartForm.File["files"]
		if r.FormValue("purpose") != "test" || len(files) != 2 || files[0].Filename != "a.txt" ||
			files[1].Filename != "file" || files[0].Header.Get("Content-Type") != "text/plain" {
			t.Errorf("form %v, files %v", r.MultipartForm.Value, files)
		}
		f, _ := files[1].Open()
		data, _ := io.ReadAll(f)
		if string(data) != "\x00two" {
			t.Errorf("second file %q", data)
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	defer server.Close()
	body := MultipartBody(func(m *Multipart) {
		m.Field("purpose", "test")
		m.Field("skipped", nil)
		m.Files("files", []io.Reader{namedReader{strings.NewReader("one"), "/tmp/a.txt"},
			strings.NewReader("\x00two")}, "text/plain")
	})
	cfg := newConfig(t, server.URL, Request{Method: http.MethodPost, Path: "upload", Body: body}, http.DefaultTransport, &recorder{})
	if err := cfg.Execute(nil); err != nil {
		t.Fatal(err)
	}
}

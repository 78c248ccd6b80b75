// Package leaktest is test support for the runtime's own tests: a transport that counts the
// response bodies it hands out and those closed, so a test can assert that nothing leaked.
// It is internal, and only _test.go files import it, so it is not part of a user's build.
package leaktest

import (
	"io"
	"net/http"
	"sync"
)

// Transport wraps http.DefaultTransport and tracks every response body.
type Transport struct {
	mu             sync.Mutex
	opened, closed int
}

type trackedBody struct {
	io.ReadCloser
	t    *Transport
	once sync.Once
}

func (b *trackedBody) Close() error {
	b.once.Do(func() {
		b.t.mu.Lock()
		b.t.closed++
		b.t.mu.Unlock()
	})
	return b.ReadCloser.Close()
}

// RoundTrip performs the request and wraps the response body so its Close is counted.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.opened++
	t.mu.Unlock()
	res.Body = &trackedBody{ReadCloser: res.Body, t: t}
	return res, nil
}

// Leaked is the number of bodies handed out and not yet closed.
func (t *Transport) Leaked() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.opened - t.closed
}

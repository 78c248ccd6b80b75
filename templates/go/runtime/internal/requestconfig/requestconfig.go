// Package requestconfig sends one API call: it applies the options, encodes the body once,
// retries per the policy (with one idempotency key for every attempt) and decodes the result.
// Every response body is closed, whatever happens, except a download's, which the caller
// reads and closes.
package requestconfig

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	mathrand "math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parley-dev/parley-go/internal/apierror"
	"github.com/parley-dev/parley-go/param"
)

// RequestOption changes one call's configuration (see package option).
type RequestOption = func(*RequestConfig) error

// RetryPolicy says what is retried and how long to wait.
type RetryPolicy struct {
	InitialDelay time.Duration
	MaxDelay     time.Duration
	// Jitter is the largest fraction taken off each backoff delay.
	Jitter float64
	// Statuses are retried besides every status >= 500.
	Statuses []int
}

// Body is a request body, encoded once and resent as is on every attempt.
type Body struct {
	encode func() ([]byte, string, error)
}

// JSONBody sends v as JSON (the options' JSON keys merged in).
func JSONBody(v any) *Body {
	return &Body{encode: func() ([]byte, string, error) {
		data, err := json.Marshal(v)
		return data, "application/json", err
	}}
}

// RawBody sends the bytes of r with contentType ("" leaves it to the caller's headers).
func RawBody(r io.Reader, contentType string) *Body {
	return &Body{encode: func() ([]byte, string, error) {
		if r == nil {
			return nil, contentType, nil
		}
		data, err := io.ReadAll(r)
		return data, contentType, err
	}}
}

// TextBody sends text with contentType.
func TextBody(text string, contentType string) *Body {
	return RawBody(strings.NewReader(text), contentType)
}

// FormBody sends values as application/x-www-form-urlencoded.
func FormBody(values url.Values) *Body {
	return &Body{encode: func() ([]byte, string, error) {
		return []byte(values.Encode()), "application/x-www-form-urlencoded", nil
	}}
}

// Multipart collects the parts of a multipart/form-data body.
type Multipart struct {
	w   *multipart.Writer
	err error
}

// Field adds a form value (skipped when there is nothing to send, see param.FormValue).
func (m *Multipart) Field(name string, value any) {
	for _, text := range param.FormValues(value, true) {
		if m.err == nil {
			m.err = m.w.WriteField(name, text)
		}
	}
}

// File adds a file part read from r (nil adds nothing); its file name is r's Name() when it
// has one (an *os.File does).
func (m *Multipart) File(name string, r io.Reader, contentType string) {
	if r == nil || m.err != nil {
		return
	}
	filename := "file"
	if named, ok := r.(interface{ Name() string }); ok && named.Name() != "" {
		filename = named.Name()
		if i := strings.LastIndexAny(filename, `/\`); i >= 0 {
			filename = filename[i+1:]
		}
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	header := textproto.MIMEHeader{}
	header.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`,
		escapeQuotes(name), escapeQuotes(filename)))
	header.Set("Content-Type", contentType)
	part, err := m.w.CreatePart(header)
	if err == nil {
		_, err = io.Copy(part, r)
	}
	m.err = err
}

// Files adds one part per reader, all under name.
func (m *Multipart) Files(name string, readers []io.Reader, contentType string) {
	for _, r := range readers {
		m.File(name, r, contentType)
	}
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "%0D", "\n", "%0A")

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }

// MultipartBody sends the parts fill adds.
func MultipartBody(fill func(*Multipart)) *Body {
	return &Body{encode: func() ([]byte, string, error) {
		var buf bytes.Buffer
		m := &Multipart{w: multipart.NewWriter(&buf)}
		fill(m)
		if m.err != nil {
			return nil, "", m.err
		}
		if err := m.w.Close(); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), m.w.FormDataContentType(), nil
	}}
}

// Request is what a generated method asks for; options then adjust it.
type Request struct {
	Method string
	// Path is relative to the base URL and already escaped.
	Path   string
	Query  url.Values
	Header http.Header
	Body   *Body
	// Accept is the media type asked for ("" asks for JSON).
	Accept string
	// Stream: the body is read as it arrives (an event stream), so the request timeout covers
	// the wait for the response's headers, not the stream's length.
	Stream bool
	// Security lists the IDs of the auth schemes this call accepts: nil accepts every scheme,
	// an empty slice none (the call sends no credential).
	Security []string
}

// AuthScheme is one way the API takes a credential (the spec's securitySchemes).
type AuthScheme struct {
	ID string
	// Kind is "bearer", "api_key" or "basic".
	Kind string
	// Location is "header", "query" or "cookie" (bearer and basic: "header").
	Location string
	// Name is the header, query parameter or cookie carrying the credential.
	Name string
	// Credentials name the credentials it sends (basic: the username's, then the password's).
	Credentials []string
}

// RequestConfig is one call after its options are applied.
type RequestConfig struct {
	Context    context.Context
	Method     string
	BaseURL    string
	Path       string
	Query      url.Values
	Header     http.Header
	Body       *Body
	JSONSet    map[string]any
	HTTPClient *http.Client
	// AuthSchemes is the API's scheme table; Credentials the values set for it, by name.
	AuthSchemes       []AuthScheme
	Credentials       map[string]string
	Security          []string
	MaxRetries        int
	RequestTimeout    time.Duration
	ConnectTimeout    time.Duration
	Retry             RetryPolicy
	IdempotencyHeader string
	Stream            bool
	// ResponseInto, when set, receives the final HTTP response (its body already read
	// unless the call is a download).
	ResponseInto **http.Response

	// sleep waits between attempts; tests replace it to see the delays chosen.
	sleep func(ctx context.Context, d time.Duration) error
}

// NewRequestConfig applies opts to req.
func NewRequestConfig(ctx context.Context, req Request, opts ...RequestOption) (*RequestConfig, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	cfg := &RequestConfig{
		Context: ctx, Method: req.Method, Path: req.Path, Query: url.Values{},
		Header: http.Header{}, Body: req.Body, Stream: req.Stream, Security: req.Security, MaxRetries: 2, RequestTimeout: time.Minute,
		ConnectTimeout: 5 * time.Second, IdempotencyHeader: "Idempotency-Key",
		Retry: RetryPolicy{InitialDelay: 500 * time.Millisecond, MaxDelay: 8 * time.Second,
			Jitter: 0.25, Statuses: []int{408, 409, 429}},
	}
	for key, values := range req.Query {
		cfg.Query[key] = append([]string(nil), values...)
	}
	for key, values := range req.Header {
		cfg.Header[key] = append([]string(nil), values...)
	}
	accept := req.Accept
	if accept == "" {
		accept = "application/json"
	}
	cfg.Header.Set("Accept", accept)
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(cfg); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// Clone is an independent copy (pages re-send their request with another cursor).
func (cfg *RequestConfig) Clone(ctx context.Context) *RequestConfig {
	c := *cfg
	c.Context = ctx
	c.Query = url.Values{}
	for key, values := range cfg.Query {
		c.Query[key] = append([]string(nil), values...)
	}
	c.Header = cfg.Header.Clone()
	c.Credentials = make(map[string]string, len(cfg.Credentials))
	for name, value := range cfg.Credentials {
		c.Credentials[name] = value
	}
	return &c
}

// PathParam spells and escapes one path parameter; an empty value, "." or ".." is refused
// before anything is sent.
func PathParam(name string, value any) (string, error) {
	text, _ := param.FormValue(value)
	if text == "" || text == "." || text == ".." {
		return "", fmt.Errorf("path parameter %s: %q is not a valid value", name, text)
	}
	return url.PathEscape(text), nil
}

var (
	clientsMu sync.Mutex
	clients   = map[time.Duration]*http.Client{}
)

// defaultClient is shared per connect timeout, so connections are pooled across calls.
func defaultClient(connect time.Duration) *http.Client {
	clientsMu.Lock()
	defer clientsMu.Unlock()
	if c, ok := clients[connect]; ok {
		return c
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = (&net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}).DialContext
	c := &http.Client{Transport: transport}
	clients[connect] = c
	return c
}

// ConnectionError is a failure to get any response (after every retry).
type ConnectionError struct {
	Err error
}

func (e *ConnectionError) Error() string { return "connection error: " + e.Err.Error() }
func (e *ConnectionError) Unwrap() error { return e.Err }

// Timeout reports that the attempt ran out of time.
func (e *ConnectionError) Timeout() bool {
	var te interface{ Timeout() bool }
	return errors.Is(e.Err, context.DeadlineExceeded) || (errors.As(e.Err, &te) && te.Timeout())
}

// ResponseValidationError is a 2xx response whose body is not what the API promised.
type ResponseValidationError struct {
	StatusCode int
	Excerpt    string
	Err        error
}

func (e *ResponseValidationError) Error() string {
	return fmt.Sprintf("invalid response body (status %d): %v: %q", e.StatusCode, e.Err, e.Excerpt)
}
func (e *ResponseValidationError) Unwrap() error { return e.Err }

func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "go-retry-" + hex.EncodeToString(b[:])
}

func (cfg *RequestConfig) url(params url.Values) (string, error) {
	base := strings.TrimRight(cfg.BaseURL, "/")
	u, err := url.Parse(base + "/" + strings.TrimLeft(cfg.Path, "/"))
	if err != nil {
		return "", err
	}
	if len(params) > 0 {
		query := u.Query()
		for key, values := range params {
			query[key] = values
		}
		u.RawQuery = query.Encode()
	}
	return u.String(), nil
}

func (cfg *RequestConfig) encodeBody() ([]byte, string, error) {
	if cfg.Body == nil {
		if len(cfg.JSONSet) == 0 {
			return nil, "", nil
		}
		data, err := json.Marshal(cfg.JSONSet)
		return data, "application/json", err
	}
	data, contentType, err := cfg.Body.encode()
	if err != nil || len(cfg.JSONSet) == 0 || contentType != "application/json" {
		return data, contentType, err
	}
	merged := map[string]json.RawMessage{}
	if err := json.Unmarshal(data, &merged); err != nil {
		return nil, "", fmt.Errorf("extra JSON keys need an object body: %w", err)
	}
	for key, value := range cfg.JSONSet {
		raw, err := json.Marshal(value)
		if err != nil {
			return nil, "", err
		}
		merged[key] = raw
	}
	data, err = json.Marshal(merged)
	return data, contentType, err
}

// Execute sends the call and decodes the result into dst: nil (the body is discarded),
// **http.Response (a download: the caller reads and closes the body), *string (text) or a
// pointer to decode JSON into.
func (cfg *RequestConfig) Execute(dst any) error {
	header := cfg.Header.Clone()
	query := url.Values{}
	for key, values := range cfg.Query {
		query[key] = append([]string(nil), values...)
	}
	cfg.applyAuth(header, query)
	target, err := cfg.url(query)
	if err != nil {
		return err
	}
	body, contentType, err := cfg.encodeBody()
	if err != nil {
		return err
	}
	if contentType != "" && header.Get("Content-Type") == "" {
		header.Set("Content-Type", contentType)
	}
	// One key for every attempt of this call, so the server can tell a retry from a new call.
	if cfg.Method != http.MethodGet && cfg.Method != http.MethodHead && cfg.IdempotencyHeader != "" &&
		header.Get(cfg.IdempotencyHeader) == "" {
		header.Set(cfg.IdempotencyHeader, newIdempotencyKey())
	}
	client := cfg.HTTPClient
	if client == nil {
		client = defaultClient(cfg.ConnectTimeout)
	}
	sleep := cfg.sleep
	if sleep == nil {
		sleep = sleepContext
	}

	var (
		req      *http.Request
		res      *http.Response
		cancel   context.CancelFunc
		headered = func() {}
	)
	for attempt := 0; ; attempt++ {
		ctx := cfg.Context
		cancel = func() {}
		var timedOut func() bool
		if cfg.RequestTimeout > 0 && cfg.Stream {
			ctx, timedOut, headered, cancel = headerTimeout(ctx, cfg.RequestTimeout)
		} else if cfg.RequestTimeout > 0 {
			ctx, cancel = context.WithTimeout(ctx, cfg.RequestTimeout)
		}
		var reader io.Reader
		if body != nil {
			reader = bytes.NewReader(body)
		}
		req, err = http.NewRequestWithContext(ctx, cfg.Method, target, reader)
		if err != nil {
			cancel()
			return err
		}
		req.Header = header.Clone()
		req.Header.Set("X-Retry-Count", strconv.Itoa(attempt))
		res, err = client.Do(req)
		if err != nil && timedOut != nil && timedOut() {
			err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
		}
		if cfg.Context.Err() != nil { // the caller gave up: no retry
			if res != nil {
				closeBody(res)
			}
			cancel()
			return cfg.Context.Err()
		}
		retry := attempt < cfg.MaxRetries
		if err != nil {
			cancel()
			if !retry {
				return &ConnectionError{Err: err}
			}
			if err := sleep(cfg.Context, cfg.backoff(attempt)); err != nil {
				return err
			}
			continue
		}
		if retry && cfg.shouldRetry(res) {
			delay := cfg.retryDelay(res.Header, attempt)
			closeBody(res)
			cancel()
			if err := sleep(cfg.Context, delay); err != nil {
				return err
			}
			continue
		}
		break
	}
	headered()
	if cfg.ResponseInto != nil {
		*cfg.ResponseInto = res
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		data, _ := io.ReadAll(res.Body)
		closeBody(res)
		cancel()
		return apierror.New(req, body, res, data)
	}
	if download, ok := dst.(**http.Response); ok {
		// The caller reads the body: the attempt's timeout ends when it closes it.
		res.Body = &cancelOnClose{ReadCloser: res.Body, cancel: cancel}
		*download = res
		return nil
	}
	defer cancel()
	data, err := io.ReadAll(res.Body)
	closeBody(res)
	if err != nil {
		return &ConnectionError{Err: err}
	}
	switch dst := dst.(type) {
	case nil:
		return nil
	case *string:
		*dst = string(data)
		return nil
	}
	if !json.Valid(data) {
		excerpt := string(data)
		if len(excerpt) > 200 {
			excerpt = excerpt[:200]
		}
		return &ResponseValidationError{StatusCode: res.StatusCode, Excerpt: excerpt,
			Err: errors.New("the body is not JSON")}
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return &ResponseValidationError{StatusCode: res.StatusCode, Excerpt: string(data), Err: err}
	}
	return nil
}

// applyAuth sends the credential of every scheme the call accepts that has one set, never
// over a header, query parameter or cookie the caller set. Without a scheme table the API key
// is a bearer token.
func (cfg *RequestConfig) applyAuth(header http.Header, query url.Values) {
	if cfg.Security != nil && len(cfg.Security) == 0 {
		return
	}
	schemes := cfg.AuthSchemes
	if schemes == nil {
		schemes = []AuthScheme{{ID: "api_key", Kind: "bearer", Location: "header",
			Name: "Authorization", Credentials: []string{"api_key"}}}
	}
	for _, scheme := range schemes {
		if cfg.Security != nil && !slices.Contains(cfg.Security, scheme.ID) {
			continue
		}
		value := ""
		switch scheme.Kind {
		case "basic":
			if len(scheme.Credentials) == 2 {
				user, pass := cfg.Credentials[scheme.Credentials[0]], cfg.Credentials[scheme.Credentials[1]]
				if user != "" || pass != "" {
					value = "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
				}
			}
		case "bearer":
			if len(scheme.Credentials) == 1 && cfg.Credentials[scheme.Credentials[0]] != "" {
				value = "Bearer " + cfg.Credentials[scheme.Credentials[0]]
			}
		default:
			if len(scheme.Credentials) == 1 {
				value = cfg.Credentials[scheme.Credentials[0]]
			}
		}
		if value == "" {
			continue
		}
		switch scheme.Location {
		case "query":
			if !query.Has(scheme.Name) {
				query.Set(scheme.Name, value)
			}
		case "cookie":
			r := &http.Request{Header: header}
			if _, err := r.Cookie(scheme.Name); err != nil {
				r.AddCookie(&http.Cookie{Name: scheme.Name, Value: value})
			}
		default:
			if header.Get(scheme.Name) == "" {
				header.Set(scheme.Name, value)
			}
		}
	}
}

// headerTimeout is a context that ends after d unless headered is called first (a stream's
// timeout stops at its headers); timedOut reports that d ran out.
func headerTimeout(parent context.Context, d time.Duration) (ctx context.Context,
	timedOut func() bool, headered func(), cancel context.CancelFunc) {
	ctx, cancelCause := context.WithCancelCause(parent)
	timer := time.AfterFunc(d, func() { cancelCause(context.DeadlineExceeded) })
	timedOut = func() bool { return errors.Is(context.Cause(ctx), context.DeadlineExceeded) }
	headered = func() { timer.Stop() }
	cancel = func() {
		timer.Stop()
		cancelCause(context.Canceled)
	}
	return ctx, timedOut, headered, cancel
}

// closeBody drains a little (so the connection can be reused) and closes.
func closeBody(res *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<16))
	_ = res.Body.Close()
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

func (cfg *RequestConfig) shouldRetry(res *http.Response) bool {
	switch strings.ToLower(res.Header.Get("X-Should-Retry")) {
	case "true":
		return true
	case "false":
		return false
	}
	if res.StatusCode >= 500 {
		return true
	}
	for _, status := range cfg.Retry.Statuses {
		if res.StatusCode == status {
			return true
		}
	}
	return false
}

// retryDelay honours Retry-After-Ms, then Retry-After (seconds or an HTTP date), when it is
// more than 0 and at most 60 s; otherwise it backs off.
func (cfg *RequestConfig) retryDelay(header http.Header, attempt int) time.Duration {
	const limit = 60 * time.Second
	if ms, err := strconv.ParseFloat(header.Get("Retry-After-Ms"), 64); err == nil {
		if d := time.Duration(ms * float64(time.Millisecond)); d > 0 && d <= limit {
			return d
		}
	}
	if value := header.Get("Retry-After"); value != "" {
		if seconds, err := strconv.ParseFloat(value, 64); err == nil {
			if d := time.Duration(seconds * float64(time.Second)); d > 0 && d <= limit {
				return d
			}
		} else if when, err := http.ParseTime(value); err == nil {
			if d := time.Until(when); d > 0 && d <= limit {
				return d
			}
		}
	}
	return cfg.backoff(attempt)
}

// backoff is min(initial·2ⁿ, max) with up to Jitter of it taken off.
func (cfg *RequestConfig) backoff(attempt int) time.Duration {
	delay := float64(cfg.Retry.InitialDelay) * math.Pow(2, float64(attempt))
	delay = math.Min(delay, float64(cfg.Retry.MaxDelay))
	delay *= 1 - mathrand.Float64()*cfg.Retry.Jitter
	return time.Duration(delay)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// OptionalJSONBody is JSONBody(v), or no body when v is zero (see param.IsZero).
func OptionalJSONBody(v any) *Body {
	if param.IsZero(v) {
		return nil
	}
	return JSONBody(v)
}

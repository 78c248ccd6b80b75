// Package option holds the options a client and every method take.
package option

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/parley-dev/parley-go/internal/requestconfig"
)

// RequestOption adjusts a client (every call it makes) or a single call.
type RequestOption = requestconfig.RequestOption

// WithAPIKey sets the api_key credential (sent as the bearer token unless the API says
// otherwise).
func WithAPIKey(key string) RequestOption {
	return WithCredential("api_key", key)
}

// WithCredential sets the credential called name (see the client's auth schemes); each call
// sends it as the scheme that uses it says.
func WithCredential(name, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if cfg.Credentials == nil {
			cfg.Credentials = map[string]string{}
		}
		cfg.Credentials[name] = value
		return nil
	}
}

// WithBasicAuth sets the username and password credentials (HTTP basic auth).
func WithBasicAuth(username, password string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if err := WithCredential("username", username)(cfg); err != nil {
			return err
		}
		return WithCredential("password", password)(cfg)
	}
}

// WithAuthSchemes installs the API's auth schemes (the generated client does).
func WithAuthSchemes(schemes ...requestconfig.AuthScheme) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.AuthSchemes = append([]requestconfig.AuthScheme(nil), schemes...)
		return nil
	}
}

// WithBaseURL sends requests to base (an absolute http(s) URL) instead of the default.
func WithBaseURL(base string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("option.WithBaseURL: %q is not an absolute http(s) URL", base)
		}
		cfg.BaseURL = base
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt is retried (0: never).
func WithMaxRetries(retries int) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if retries < 0 {
			return fmt.Errorf("option.WithMaxRetries: %d is negative", retries)
		}
		cfg.MaxRetries = retries
		return nil
	}
}

// WithRequestTimeout bounds each attempt (a download's until its body is closed).
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.RequestTimeout = d
		return nil
	}
}

// WithConnectTimeout bounds connecting (for the SDK's own HTTP client only).
func WithConnectTimeout(d time.Duration) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.ConnectTimeout = d
		return nil
	}
}

// WithRetryPolicy sets the backoff (min(initial·2ⁿ, max), minus up to jitter of it) and the
// statuses retried besides every status >= 500.
func WithRetryPolicy(initial, maxDelay time.Duration, jitter float64, statuses ...int) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if jitter < 0 || jitter > 1 {
			return fmt.Errorf("option.WithRetryPolicy: jitter %v is not between 0 and 1", jitter)
		}
		cfg.Retry = requestconfig.RetryPolicy{InitialDelay: initial, MaxDelay: maxDelay,
			Jitter: jitter, Statuses: append([]int(nil), statuses...)}
		return nil
	}
}

// WithHeader sets a request header, replacing any value.
func WithHeader(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Header.Set(key, value)
		return nil
	}
}

// WithHeaderAdd adds a value to a request header.
func WithHeaderAdd(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Header.Add(key, value)
		return nil
	}
}

// WithHeaderDel removes a request header.
func WithHeaderDel(key string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Header.Del(key)
		return nil
	}
}

// WithQuery sets a query parameter, replacing any value.
func WithQuery(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Query.Set(key, value)
		return nil
	}
}

// WithQueryDel removes a query parameter.
func WithQueryDel(key string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Query.Del(key)
		return nil
	}
}

// WithJSONSet sends key: value in the JSON body, over any declared field of that name.
func WithJSONSet(key string, value any) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if cfg.JSONSet == nil {
			cfg.JSONSet = map[string]any{}
		}
		cfg.JSONSet[key] = value
		return nil
	}
}

// WithHTTPClient sends requests through client (proxies, tracing, a test transport).
func WithHTTPClient(client *http.Client) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.HTTPClient = client
		return nil
	}
}

// WithIdempotencyHeader names the header carrying the idempotency key ("" sends none).
func WithIdempotencyHeader(name string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.IdempotencyHeader = name
		return nil
	}
}

// WithIdempotencyKey sends key instead of a generated one (it is reused on every retry).
func WithIdempotencyKey(key string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if cfg.IdempotencyHeader == "" {
			return fmt.Errorf("option.WithIdempotencyKey: no idempotency header is configured")
		}
		cfg.Header.Set(cfg.IdempotencyHeader, key)
		return nil
	}
}

// WithResponseInto stores the final HTTP response (status, headers) in *dst.
func WithResponseInto(dst **http.Response) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.ResponseInto = dst
		return nil
	}
}

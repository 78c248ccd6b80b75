package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	api "example.com/auth"
	"example.com/auth/option"
)

// serve returns a client whose every credential is set, and the last request the server saw.
func serve(t *testing.T, opts ...option.RequestOption) (*api.Client, func() *http.Request) {
	t.Helper()
	var last *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		last = r
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	base := []option.RequestOption{option.WithBaseURL(srv.URL), option.WithMaxRetries(0),
		option.WithCredential("auth_token", "tok"), option.WithBasicAuth("ann", "s3cret"),
		option.WithAPIKey("hdr-key"), option.WithCredential("key_query_api", "q-key"),
		option.WithCredential("key_cookie_api", "c-key")}
	return api.NewClient(append(base, opts...)...), func() *http.Request { return last }
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Each operation sends only the scheme it accepts.
func TestEachOperationSendsItsScheme(t *testing.T) {
	ctx := context.Background()
	client, last := serve(t)

	_, err := client.Bearer.Get(ctx)
	check(t, err)
	if got := last().Header.Get("Authorization"); got != "Bearer tok" {
		t.Errorf("bearer: Authorization %q", got)
	}
	if got := last().Header.Get("X-Api-Key"); got != "" {
		t.Errorf("bearer: also sent X-Api-Key %q", got)
	}

	_, err = client.Basic.Get(ctx)
	check(t, err)
	if user, pass, ok := last().BasicAuth(); !ok || user != "ann" || pass != "s3cret" {
		t.Errorf("basic: %q %q %v (%q)", user, pass, ok, last().Header.Get("Authorization"))
	}

	_, err = client.Header.Get(ctx)
	check(t, err)
	if got := last().Header.Get("X-Api-Key"); got != "hdr-key" {
		t.Errorf("header key: X-Api-Key %q", got)
	}
	if got := last().Header.Get("Authorization"); got != "" {
		t.Errorf("header key: also sent Authorization %q", got)
	}

	_, err = client.Query.Get(ctx)
	check(t, err)
	if got := last().URL.Query().Get("key"); got != "q-key" {
		t.Errorf("query key: key=%q (%s)", got, last().URL)
	}

	_, err = client.Cookie.Get(ctx)
	check(t, err)
	if c, err := last().Cookie("session"); err != nil || c.Value != "c-key" {
		t.Errorf("cookie key: %v %v", c, err)
	}
}

// security: [] sends no credential at all.
func TestAnOperationWithoutSecuritySendsNothing(t *testing.T) {
	client, last := serve(t)
	_, err := client.Public.Get(context.Background())
	check(t, err)
	r := last()
	if r.Header.Get("Authorization") != "" || r.Header.Get("X-Api-Key") != "" ||
		r.URL.Query().Has("key") || len(r.Cookies()) != 0 {
		t.Errorf("public sent a credential: %v %s", r.Header, r.URL)
	}
}

// An operation under the document's security sends every configured scheme; the first to
// claim Authorization (bearer) wins it.
func TestTheDefaultSecuritySendsEverySchemeSet(t *testing.T) {
	client, last := serve(t)
	_, err := client.Any.Get(context.Background())
	check(t, err)
	r := last()
	if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("X-Api-Key") != "hdr-key" ||
		r.URL.Query().Get("key") != "q-key" {
		t.Errorf("any: %v %s", r.Header, r.URL)
	}
}

// A header, query parameter or cookie the caller set is never overridden.
func TestTheCallersOwnCredentialWins(t *testing.T) {
	ctx := context.Background()
	client, last := serve(t, option.WithHeader("Authorization", "Custom mine"))
	_, err := client.Bearer.Get(ctx)
	check(t, err)
	if got := last().Header.Get("Authorization"); got != "Custom mine" {
		t.Errorf("bearer: Authorization %q", got)
	}
	_, err = client.Basic.Get(ctx, option.WithHeader("Authorization", "Custom call"))
	check(t, err)
	if got := last().Header.Get("Authorization"); got != "Custom call" {
		t.Errorf("basic: Authorization %q", got)
	}
	_, err = client.Query.Get(ctx, option.WithQuery("key", "own"))
	check(t, err)
	if got := last().URL.Query()["key"]; len(got) != 1 || got[0] != "own" {
		t.Errorf("query: key=%q", got)
	}
}

// Each credential is read from its environment variable; without one nothing is sent (no
// empty "Bearer ").
func TestCredentialsComeFromTheEnvironment(t *testing.T) {
	var seen *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	t.Setenv("AUTH_SCHEMES_AUTH_TOKEN", "")
	t.Setenv("AUTH_SCHEMES_USERNAME", "env-user")
	t.Setenv("AUTH_SCHEMES_PASSWORD", "env-pass")
	client := api.NewClient(option.WithBaseURL(srv.URL), option.WithMaxRetries(0))
	_, err := client.Bearer.Get(context.Background())
	check(t, err)
	if got := seen.Header.Get("Authorization"); got != "" {
		t.Errorf("bearer without a token: Authorization %q", got)
	}
	_, err = client.Basic.Get(context.Background())
	check(t, err)
	if user, pass, ok := seen.BasicAuth(); !ok || user != "env-user" || pass != "env-pass" {
		t.Errorf("basic from the environment: %q %q %v", user, pass, ok)
	}
}

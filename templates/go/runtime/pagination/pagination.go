// Package pagination holds the page of a cursor-paginated list and the iterator that walks
// every item across pages.
package pagination

import (
	"context"
	"encoding/json"
	"iter"
	"strconv"

	"github.com/parley-dev/parley-go/internal/requestconfig"
	"github.com/parley-dev/parley-go/respjson"
)

// Scheme names the keys of a cursor scheme: the next request sends CursorParam = the page's
// CursorField; items are under Items; HasMore ("" when the API has none) says more follow.
type Scheme struct {
	Items       string
	CursorParam string
	CursorField string
	HasMore     string
}

// Page is one page of a list.
type Page[T any] struct {
	Data    []T
	HasMore bool
	FirstID string
	LastID  string
	JSON    struct {
		Data        respjson.Field
		HasMore     respjson.Field
		FirstID     respjson.Field
		LastID      respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`

	cfg    *requestconfig.RequestConfig
	scheme Scheme
	cursor string
}

// UnmarshalJSON keeps the body; SetPageConfig reads it with the scheme.
func (p *Page[T]) UnmarshalJSON(data []byte) error {
	p.JSON.raw = string(data)
	return nil
}

// RawJSON is the page's body as received.
func (p *Page[T]) RawJSON() string { return p.JSON.raw }

// SetPageConfig reads the page with scheme and keeps the request that fetched it.
func (p *Page[T]) SetPageConfig(cfg *requestconfig.RequestConfig, scheme Scheme) error {
	p.cfg, p.scheme = cfg, scheme
	obj, err := respjson.ParseObject([]byte(p.JSON.raw))
	if err != nil {
		return err
	}
	p.JSON.Data = obj.Decode(scheme.Items, &p.Data)
	if scheme.HasMore != "" {
		p.JSON.HasMore = obj.Decode(scheme.HasMore, &p.HasMore)
	} else {
		p.HasMore = true
	}
	p.JSON.FirstID = obj.Decode("first_id", &p.FirstID)
	p.JSON.LastID = obj.Decode("last_id", &p.LastID)
	var cursor json.RawMessage
	obj.Decode(scheme.CursorField, &cursor)
	p.cursor = cursorText(cursor)
	p.JSON.ExtraFields = obj.Rest()
	return nil
}

func cursorText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		if _, err := strconv.ParseFloat(n.String(), 64); err == nil {
			return n.String()
		}
	}
	return ""
}

// HasNextPage reports that another page follows (more is announced, this page has items and
// a cursor).
func (p *Page[T]) HasNextPage() bool {
	return p != nil && p.cfg != nil && p.HasMore && len(p.Data) > 0 && p.cursor != ""
}

// GetNextPage fetches the next page; nil, nil after the last one.
func (p *Page[T]) GetNextPage() (*Page[T], error) {
	return p.GetNextPageContext(p.cfgContext())
}

// GetNextPageContext is GetNextPage with another context.
func (p *Page[T]) GetNextPageContext(ctx context.Context) (*Page[T], error) {
	if !p.HasNextPage() {
		return nil, nil
	}
	cfg := p.cfg.Clone(ctx)
	cfg.Query.Set(p.scheme.CursorParam, p.cursor)
	var next *Page[T]
	if err := cfg.Execute(&next); err != nil {
		return nil, err
	}
	if next == nil {
		return nil, nil
	}
	if err := next.SetPageConfig(cfg, p.scheme); err != nil {
		return nil, err
	}
	return next, nil
}

func (p *Page[T]) cfgContext() context.Context {
	if p == nil || p.cfg == nil {
		return context.Background()
	}
	return p.cfg.Context
}

// AutoPager walks every item of a list, fetching pages as needed:
//
//	for pager.Next() { item := pager.Current() }
//	if err := pager.Err(); err != nil { ... }
type AutoPager[T any] struct {
	page  *Page[T]
	index int
	cur   T
	err   error
}

// NewAutoPager starts at page (err is the first page's error, reported by Err).
func NewAutoPager[T any](page *Page[T], err error) *AutoPager[T] {
	return &AutoPager[T]{page: page, err: err}
}

// Next advances to the next item; false at the end or on an error.
func (a *AutoPager[T]) Next() bool {
	for a.page != nil && a.err == nil {
		if a.index < len(a.page.Data) {
			a.cur = a.page.Data[a.index]
			a.index++
			return true
		}
		a.page, a.err = a.page.GetNextPage()
		a.index = 0
	}
	return false
}

// Current is the item Next moved to.
func (a *AutoPager[T]) Current() T { return a.cur }

// Err is the error that stopped the iteration, if any.
func (a *AutoPager[T]) Err() error { return a.err }

// All yields every item, then the error that stopped the iteration (if any):
//
//	for item, err := range pager.All() { ... }
func (a *AutoPager[T]) All() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for a.Next() {
			if !yield(a.cur, nil) {
				return
			}
		}
		if a.err != nil {
			var zero T
			yield(zero, a.err)
		}
	}
}

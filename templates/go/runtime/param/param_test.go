package param

import (
	"encoding/json"
	"net/url"
	"testing"
)

type sample struct {
	Name  Opt[string] `json:"name,omitzero"`
	Count Opt[int64]  `json:"count,omitzero"`
	Tags  []string    `json:"tags,omitzero"`
	Must  Opt[string] `json:"must"`
	Extras
}

func (s sample) MarshalJSON() ([]byte, error) {
	type shadow sample
	return MarshalObject(shadow(s), s.ExtraFields(), Field{Key: `we"ird`, Value: s.Count, OmitZero: true})
}

func TestOmitzeroNullAndValues(t *testing.T) {
	out, _ := json.Marshal(sample{})
	if string(out) != `{"must":null}` {
		t.Fatalf("%s", out)
	}
	out, _ = json.Marshal(sample{Name: Null[string](), Count: NewOpt[int64](0), Tags: []string{}})
	if string(out) != `{"count":0,"must":null,"name":null,"tags":[],"we\"ird":0}` {
		t.Fatalf("%s", out)
	}
	s := sample{Must: NewOpt("x")}
	s.SetExtraFields(map[string]any{"must": "override", "new": []int{1}})
	out, _ = json.Marshal(s)
	if string(out) != `{"must":"override","new":[1]}` {
		t.Fatalf("%s", out)
	}
}

func TestOptState(t *testing.T) {
	var o Opt[string]
	if !o.IsZero() || o.Valid() || o.IsNull() || o.Or("d") != "d" {
		t.Fatal("zero")
	}
	if n := Null[string](); !n.IsNull() || n.IsZero() {
		t.Fatal("null")
	}
	var back Opt[int64]
	if err := json.Unmarshal([]byte("7"), &back); err != nil || back.Value() != 7 || !back.Valid() {
		t.Fatal("unmarshal")
	}
}

func TestFormValues(t *testing.T) {
	q := url.Values{}
	AddValues(q, "a", NewOpt("x y"), true)
	AddValues(q, "b", Opt[string]{}, true)
	AddValues(q, "c", Null[int64](), true)
	AddValues(q, "d", []string{"1", "2"}, true)
	AddValues(q, "e", []int64{1, 2}, false)
	AddValues(q, "f", NewOpt(true), true)
	if got := q.Encode(); got != "a=x+y&d=1&d=2&e=1%2C2&f=true" {
		t.Fatalf("%s", got)
	}
}

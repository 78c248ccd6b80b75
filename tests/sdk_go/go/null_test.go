package nulls_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	api "example.com/nulls"
	"example.com/nulls/option"
	"example.com/nulls/param"
)

// send posts params to an httptest server and returns the wire body, key by key.
func send(t *testing.T, params api.ThingsNewParams) map[string]json.RawMessage {
	t.Helper()
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	client := api.NewClient(option.WithBaseURL(srv.URL), option.WithMaxRetries(0))
	if _, err := client.Things.New(context.Background(), params); err != nil {
		t.Fatal(err)
	}
	var wire map[string]json.RawMessage
	if err := json.Unmarshal(body, &wire); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return wire
}

func keys(wire map[string]json.RawMessage, value string) []string {
	var out []string
	for _, k := range []string{"name", "count", "ratio", "flag", "colour", "owner", "required_owner",
		"inline", "pet", "choice", "tags", "labels", "anything", "plain_owner"} {
		if raw, ok := wire[k]; ok && (value == "" || string(raw) == value) {
			out = append(out, k)
		}
	}
	return out
}

func TestNullIsSentForEveryNullableFieldKind(t *testing.T) {
	wire := send(t, api.ThingsNewParams{
		Name:          param.Null[string](),
		Count:         param.Null[int64](),
		Ratio:         param.Null[float64](),
		Flag:          param.Null[bool](),
		Colour:        param.Null[api.Colour](),
		Owner:         param.Null[api.OwnerParam](),
		RequiredOwner: param.Null[api.OwnerParam](),
		Inline:        param.Null[api.ThingCreateInlineParam](),
		Pet:           param.Null[api.PetParam](),
		Choice:        param.Null[api.ThingsNewParamsChoiceUnion](),
		Tags:          param.Null[[]string](),
		Labels:        param.Null[map[string]string](),
		Anything:      param.Null[any](),
	})
	want := []string{"name", "count", "ratio", "flag", "colour", "owner", "required_owner",
		"inline", "pet", "choice", "tags", "labels", "anything"}
	if got := keys(wire, "null"); !reflect.DeepEqual(got, want) || len(wire) != len(want) {
		t.Fatalf("null keys %v, wire %v", got, wire)
	}
}

func TestOmittedFieldsAreNotSentAndARequiredNullableOneIsNull(t *testing.T) {
	wire := send(t, api.ThingsNewParams{})
	if len(wire) != 1 || string(wire["required_owner"]) != "null" {
		t.Fatalf("wire %v", wire)
	}
}

func TestValuesAndANullInsideANullableSelfReference(t *testing.T) {
	wire := send(t, api.ThingsNewParams{
		Name:          api.String("n"),
		Owner:         api.Opt(api.OwnerParam{Name: api.String("a"), Parent: param.Null[*api.OwnerParam]()}),
		RequiredOwner: api.Opt(api.OwnerParam{Parent: api.Opt(&api.OwnerParam{Name: api.String("p")})}),
		Pet:           api.Opt(api.PetParam{OfDog: &api.DogParam{}}),
		Choice:        api.Opt(api.ThingsNewParamsChoiceUnion{OfString: api.String("s")}),
		Tags:          api.Opt([]string{}),
	})
	want := map[string]string{
		"name":           `"n"`,
		"owner":          `{"name":"a","parent":null}`,
		"required_owner": `{"parent":{"name":"p"}}`,
		"pet":            `{"kind":"dog"}`,
		"choice":         `"s"`,
		"tags":           `[]`,
	}
	got := map[string]string{}
	for k, v := range wire {
		got[k] = string(v)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("wire %v", got)
	}
}

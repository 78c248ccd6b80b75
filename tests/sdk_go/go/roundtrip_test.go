// Round trip of the generated Go SDK against the real app (started by tests/sdk_go/test_sdk.py,
// which sets PARLEY_BASE_URL and SDK_TEST_SAMPLES): every method, every item type decoding to
// its Go type and re-encoding to the bytes received, 250 items auto-paginated in both orders,
// and typed errors.
package roundtrip_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	parley "github.com/parley-dev/parley-go"
	"github.com/parley-dev/parley-go/option"
)

type samples struct {
	Items     []json.RawMessage `json:"items"`
	ItemTypes []string          `json:"item_types"`
}

func setup(t *testing.T) (*parley.Client, samples) {
	t.Helper()
	if os.Getenv("PARLEY_BASE_URL") == "" {
		t.Fatal("PARLEY_BASE_URL is not set: run this through tests/sdk_go/test_sdk.py")
	}
	var s samples
	data, err := os.ReadFile(os.Getenv("SDK_TEST_SAMPLES"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return parley.NewClient(option.WithAPIKey("test-key")), s
}

// goType is the Go type AsAny must return for each item type.
func goType(item parley.ConversationItem) string {
	switch item.AsAny().(type) {
	case parley.MessageItem:
		return "message"
	case parley.WebSearchCallItem:
		return "web_search_call"
	case parley.FileSearchCallItem:
		return "file_search_call"
	case parley.FunctionCallItem:
		return "function_call"
	case parley.FunctionCallOutputItem:
		return "function_call_output"
	case parley.MCPApprovalRequestItem:
		return "mcp_approval_request"
	case parley.MCPApprovalResponseItem:
		return "mcp_approval_response"
	case parley.MCPCallItem:
		return "mcp_call"
	case parley.MCPListToolsItem:
		return "mcp_list_tools"
	case parley.ReasoningItem:
		return "reasoning"
	case parley.UnknownConversationItem:
		return "unknown"
	}
	return "nil"
}

func sameJSON(t *testing.T, what string, got, want []byte) {
	t.Helper()
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := json.Unmarshal(want, &b); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("%s: got %s, want %s", what, got, want)
	}
}

func TestEveryMethod(t *testing.T) {
	client, s := setup(t)
	ctx := context.Background()

	health, err := client.Health.Check(ctx)
	if err != nil || health.Status != "OK" || !health.JSON.Status.Valid() {
		t.Fatalf("health: %+v, %v", health, err)
	}
	version, err := client.Version.Get(ctx)
	if err != nil || version.Version == "" {
		t.Fatalf("version: %+v, %v", version, err)
	}
	routes, err := client.Inspect.Routes.List(ctx, parley.InspectRoutesListParams{APIFilter: parley.Opt(parley.APILevelV1)})
	if err != nil || len(routes.Data) < 11 {
		t.Fatalf("routes: %v, %v", routes, err)
	}

	conv, err := client.Conversations.New(ctx, parley.ConversationsNewParams{
		Items: []parley.ConversationItemParam{{OfMessage: &parley.MessageItemParam{
			Role:    parley.MessageRoleUser,
			Content: &parley.MessageItemParamContentUnion{OfString: parley.String("hello")},
		}}},
		Metadata: parley.Metadata{"topic": "go"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(conv.ID, "conv_") || conv.Metadata["topic"] != "go" || conv.CreatedAt == 0 {
		t.Fatalf("created: %+v", conv)
	}
	if !conv.JSON.Metadata.Valid() || conv.RawJSON() == "" {
		t.Fatalf("metadata JSON: %+v", conv.JSON)
	}

	got, err := client.Conversations.Get(ctx, conv.ID)
	if err != nil || got.ID != conv.ID {
		t.Fatalf("get: %+v, %v", got, err)
	}
	updated, err := client.Conversations.Update(ctx, conv.ID, parley.ConversationsUpdateParams{Metadata: parley.Metadata{"a": "b"}})
	if err != nil || updated.Metadata["a"] != "b" || len(updated.Metadata) != 1 {
		t.Fatalf("update: %+v, %v", updated, err)
	}

	// Every item type, sent as the samples (with unknown x_* keys at several depths).
	created, err := client.Conversations.Items.New(ctx, conv.ID, parley.ConversationsItemsNewParams{},
		option.WithJSONSet("items", s.Items))
	if err != nil {
		t.Fatal(err)
	}
	if len(created.Data) != len(s.Items) {
		t.Fatalf("created %d items, sent %d", len(created.Data), len(s.Items))
	}
	seen := map[string]bool{}
	for i, item := range created.Data {
		var sent struct{ Type string }
		_ = json.Unmarshal(s.Items[i], &sent)
		if kind := goType(item); kind != sent.Type {
			t.Fatalf("item %d: %s decoded as %s", i, sent.Type, kind)
		}
		seen[sent.Type] = true
		out, err := json.Marshal(item)
		if err != nil || !bytes.Equal(out, []byte(item.RawJSON())) {
			t.Fatalf("item %d re-encoded differently: %s", i, out)
		}
		var stored map[string]json.RawMessage
		_ = json.Unmarshal(out, &stored)
		delete(stored, "id")
		delete(stored, "status")
		var sentMap map[string]json.RawMessage
		_ = json.Unmarshal(s.Items[i], &sentMap)
		for key, value := range sentMap {
			if key == "id" || key == "status" {
				continue
			}
			sameJSON(t, fmt.Sprintf("item %d key %s", i, key), stored[key], value)
		}
	}
	for _, kind := range s.ItemTypes {
		if !seen[kind] {
			t.Fatalf("item type %s not exercised", kind)
		}
	}
	message := created.Data[0].AsMessage()
	if message.Role == "" || !message.JSON.Content.Valid() {
		t.Fatalf("message: %+v", message)
	}

	first := created.Data[0]
	var firstID struct{ ID string }
	_ = json.Unmarshal([]byte(first.RawJSON()), &firstID)
	item, err := client.Conversations.Items.Get(ctx, conv.ID, firstID.ID, parley.ConversationsItemsGetParams{})
	if err != nil || goType(*item) != goType(first) {
		t.Fatalf("get item: %v, %v", item, err)
	}
	deletedItem, err := client.Conversations.Items.Delete(ctx, conv.ID, firstID.ID)
	if err != nil || !deletedItem.Deleted || deletedItem.ID != firstID.ID {
		t.Fatalf("delete item: %+v, %v", deletedItem, err)
	}
	page, err := client.Conversations.Items.List(ctx, conv.ID, parley.ConversationsItemsListParams{Limit: parley.Int(100)})
	if err != nil || len(page.Data) != len(s.Items) { // one message from New, minus the deleted one
		t.Fatalf("list: %v, %v", page, err)
	}

	deleted, err := client.Conversations.Delete(ctx, conv.ID)
	if err != nil || !deleted.Deleted || deleted.Object != "conversation.deleted" {
		t.Fatalf("delete: %+v, %v", deleted, err)
	}

	// Typed errors.
	_, err = client.Conversations.Get(ctx, conv.ID)
	var apiErr *parley.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Message == "" || apiErr.Type == "" ||
		apiErr.RequestID == "" {
		t.Fatalf("not found: %#v", err)
	}
	if !bytes.Contains(apiErr.DumpResponse(true), []byte("404")) || len(apiErr.DumpRequest(false)) == 0 {
		t.Fatal("dumps")
	}
	_, err = client.Conversations.Update(ctx, "conv_x", parley.ConversationsUpdateParams{}, option.WithMaxRetries(0))
	if !errors.As(err, &apiErr) || apiErr.StatusCode < 400 || apiErr.StatusCode > 499 {
		t.Fatalf("bad request: %v", err)
	}
	if _, err := client.Conversations.Get(ctx, ".."); err == nil || errors.As(err, &apiErr) {
		t.Fatalf("'..' must be refused before sending: %v", err)
	}
}

func TestAutoPaging250InBothOrders(t *testing.T) {
	client, _ := setup(t)
	ctx := context.Background()
	conv, err := client.Conversations.New(ctx, parley.ConversationsNewParams{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for batch := 0; batch < 13; batch++ {
		var items []parley.ConversationItemParam
		for i := 0; i < 20 && len(ids)+len(items) < 250; i++ {
			items = append(items, parley.ConversationItemParam{OfMessage: &parley.MessageItemParam{
				Role:    parley.MessageRoleAssistant,
				Content: &parley.MessageItemParamContentUnion{OfString: parley.String(fmt.Sprint(len(ids) + i))},
			}})
		}
		if len(items) == 0 {
			break
		}
		list, err := client.Conversations.Items.New(ctx, conv.ID, parley.ConversationsItemsNewParams{Items: items})
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range list.Data {
			ids = append(ids, item.AsMessage().ID)
		}
	}
	if len(ids) != 250 {
		t.Fatalf("created %d", len(ids))
	}

	asc := client.Conversations.Items.ListAutoPaging(ctx, conv.ID, parley.ConversationsItemsListParams{
		Order: parley.Opt(parley.ListOrderAsc), Limit: parley.Int(7)})
	var got []string
	for asc.Next() {
		got = append(got, asc.Current().AsMessage().ID)
	}
	if asc.Err() != nil || strings.Join(got, ",") != strings.Join(ids, ",") {
		t.Fatalf("asc: %d items, err %v", len(got), asc.Err())
	}

	desc := client.Conversations.Items.ListAutoPaging(ctx, conv.ID, parley.ConversationsItemsListParams{
		Order: parley.Opt(parley.ListOrderDesc), Limit: parley.Int(100)})
	got = got[:0]
	for item, err := range desc.All() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, item.AsMessage().ID)
	}
	if len(got) != 250 {
		t.Fatalf("desc: %d items", len(got))
	}
	for i := range got {
		if got[i] != ids[249-i] {
			t.Fatalf("desc order differs at %d", i)
		}
	}

	page, err := client.Conversations.Items.List(ctx, conv.ID, parley.ConversationsItemsListParams{Limit: parley.Int(100)})
	if err != nil || !page.HasMore || page.FirstID == "" || page.LastID != page.Data[99].AsMessage().ID {
		t.Fatalf("page: %v", err)
	}
	pages := 1
	for page != nil {
		page, err = page.GetNextPage()
		if err != nil {
			t.Fatal(err)
		}
		if page != nil {
			pages++
		}
	}
	if pages != 3 {
		t.Fatalf("%d pages", pages)
	}
}

func TestUnknownItemSurvivesDecodeAndReencode(t *testing.T) {
	// As a server sends it (compact): json.Marshal gives back exactly these bytes.
	raw := []byte(`{"type":"brand_new_call","id":"x_1","payload":{"a":[1,2.50,null]},"emoji":"\u00e9😀"}`)
	var item parley.ConversationItem
	if err := json.Unmarshal(raw, &item); err != nil {
		t.Fatal(err)
	}
	unknown, ok := item.AsAny().(parley.UnknownConversationItem)
	if !ok || unknown.Type != "brand_new_call" || unknown.Raw != string(raw) {
		t.Fatalf("AsAny: %#v", item.AsAny())
	}
	out, err := json.Marshal(item)
	if err != nil || !bytes.Equal(out, raw) {
		t.Fatalf("re-encoded %s", out)
	}
	if out, _ := json.Marshal(unknown); !bytes.Equal(out, raw) {
		t.Fatalf("unknown re-encoded %s", out)
	}
	// Whitespace too, through MarshalJSON itself (encoding/json compacts what it embeds).
	spaced := []byte(`{ "type" : "brand_new_call",  "n": 1 }`)
	if err := json.Unmarshal(spaced, &item); err != nil {
		t.Fatal(err)
	}
	if out, _ := item.MarshalJSON(); !bytes.Equal(out, spaced) {
		t.Fatalf("MarshalJSON %s", out)
	}
	// Inside a list too.
	list := []byte(`[` + string(raw) + `,{"type":"message","role":"user","content":"hi","x_new":1}]`)
	var items []parley.ConversationItem
	if err := json.Unmarshal(list, &items); err != nil {
		t.Fatal(err)
	}
	back, _ := json.Marshal(items)
	if !bytes.Equal(back, list) {
		t.Fatalf("list re-encoded %s", back)
	}
	message := items[1].AsMessage()
	if message.Role != parley.MessageRoleUser || message.JSON.ExtraFields["x_new"].Raw() != "1" ||
		message.JSON.ID.IsPresent() || message.Content.AsString() != "hi" {
		t.Fatalf("message: %+v", message)
	}
}

package respjson

import "testing"

func TestFieldsTellMissingNullAndPresentApart(t *testing.T) {
	obj, err := ParseObject([]byte(`{"a":null,"b":"x","c":5,"extra":[1]}`))
	if err != nil {
		t.Fatal(err)
	}
	var a, b string
	var c string // a number where a string is declared: kept raw, not an error
	fa, fb, fc, fd := obj.Decode("a", &a), obj.Decode("b", &b), obj.Decode("c", &c), obj.Decode("d", &b)
	if !fa.IsNull() || fa.Valid() || !fa.IsPresent() || fa.Raw() != "null" {
		t.Fatalf("a %+v", fa)
	}
	if !fb.Valid() || b != "x" || fb.Raw() != `"x"` {
		t.Fatalf("b %+v", fb)
	}
	if !fc.Valid() || c != "" || fc.Raw() != "5" {
		t.Fatalf("c %+v", fc)
	}
	if fd.IsPresent() || fd.Raw() != "" {
		t.Fatalf("d %+v", fd)
	}
	rest := obj.Rest()
	if len(rest) != 1 || rest["extra"].Raw() != "[1]" {
		t.Fatalf("rest %v", rest)
	}
}

func TestPickShapeIsByShapeNotOrder(t *testing.T) {
	input := Shape{Required: []string{"role", "content"}, Known: []string{"role", "content", "type"}}
	output := Shape{Required: []string{"id", "role", "content", "status"}, Known: []string{"id", "role", "content", "status", "type"}}
	saved := `{"type":"message","id":"m1","role":"assistant","content":[],"status":"completed"}`
	if PickShape(saved, input, output) != 1 || PickShape(saved, output, input) != 0 {
		t.Fatal("an output message must decode as the output member, whatever the order")
	}
	fresh := `{"type":"message","role":"user","content":"hi"}`
	if PickShape(fresh, input, output) != 0 || PickShape(fresh, output, input) != 1 {
		t.Fatal("an input message must decode as the input member, whatever the order")
	}
	if PickShape(`[1]`, input) != -1 {
		t.Fatal("not an object")
	}
}

func TestKindOf(t *testing.T) {
	for raw, want := range map[string]Kind{`"s"`: KindString, ` 12`: KindInteger, `-1.5e3`: KindNumber,
		`true`: KindBool, `[]`: KindArray, `{}`: KindObject, `null`: KindNull, ``: KindInvalid} {
		if got := KindOf(raw); got != want {
			t.Fatalf("%q: %v", raw, got)
		}
	}
}

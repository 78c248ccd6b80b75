// Package apierror defines the error every failed call returns (re-exported as the SDK's
// Error type).
package apierror

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"strings"
)

// Error is a non-2xx response: its status, the fields of the API's error envelope, the request
// id, and the exchange itself for debugging.
type Error struct {
	StatusCode int
	Type       string
	Code       string
	Param      string
	Message    string
	RequestID  string
	// Body is the response body exactly as received.
	Body     []byte
	Request  *http.Request
	Response *http.Response

	requestBody []byte
}

// New reads the error envelope ({"error": {"message", "type", "param", "code"}}, or the same
// keys at the top level) from body.
func New(req *http.Request, requestBody []byte, res *http.Response, body []byte) *Error {
	err := &Error{StatusCode: res.StatusCode, Body: body, Request: req, Response: res,
		requestBody: requestBody, RequestID: res.Header.Get("x-request-id")}
	var envelope map[string]json.RawMessage
	if json.Unmarshal(body, &envelope) == nil {
		fields := envelope
		var inner map[string]json.RawMessage
		if raw, ok := envelope["error"]; ok && json.Unmarshal(raw, &inner) == nil {
			fields = inner
		}
		err.Message = text(fields["message"])
		if err.Message == "" {
			err.Message = text(fields["detail"])
		}
		err.Type = text(fields["type"])
		err.Code = text(fields["code"])
		err.Param = text(fields["param"])
	}
	if err.Message == "" {
		err.Message = strings.TrimSpace(string(body))
	}
	return err
}

// text spells a JSON value: a string as itself, null or nothing as "", anything else as JSON.
func text(raw json.RawMessage) string {
	if raw == nil || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

func (e *Error) Error() string {
	method, url := "", ""
	if e.Request != nil {
		method, url = e.Request.Method, e.Request.URL.String()
	}
	return fmt.Sprintf("%s %q: %d %s", method, url, e.StatusCode, e.Message)
}

// DumpRequest is the request as sent (with its body when body is true).
func (e *Error) DumpRequest(body bool) []byte {
	if e.Request == nil {
		return nil
	}
	// The attempt's context is over by now: dump under a fresh one.
	req := e.Request.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(e.requestBody))
	out, _ := httputil.DumpRequestOut(req, body)
	return out
}

// DumpResponse is the response as received (with its body when body is true).
func (e *Error) DumpResponse(body bool) []byte {
	if e.Response == nil {
		return nil
	}
	res := *e.Response
	res.Body = io.NopCloser(bytes.NewReader(e.Body))
	out, _ := httputil.DumpResponse(&res, body)
	return out
}

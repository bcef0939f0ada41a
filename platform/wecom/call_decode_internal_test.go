package wecom

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"imbridge/platform"
)

// answerOnce serves one fixed body for every request.
func answerOnce(t *testing.T, status int, body string) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return &Client{base: srv.URL, hc: srv.Client()}
}

type usersAnswer struct {
	envelope
	UserList []User `json:"userlist"`
}

// One decode gives both the errcode and the payload.
func TestRoundTripDecodesErrcodeAndPayloadTogether(t *testing.T) {
	c := answerOnce(t, 200, `{"errcode":0,"errmsg":"ok","userlist":[{"userid":"zhangsan","name":"张三"}]}`)
	var ans usersAnswer
	code, msg, _, err := c.roundTrip(context.Background(), "GET", "/cgi-bin/user/list", url.Values{}, nil, &ans)
	if err != nil || code != 0 || msg != "ok" {
		t.Fatalf("code %d msg %q err %v", code, msg, err)
	}
	if len(ans.UserList) != 1 || ans.UserList[0].UserID != "zhangsan" {
		t.Fatalf("payload %+v", ans.UserList)
	}
}

// A refusal's code and message come back; a payload of a refusal is not
// an error, and nil out still reads the envelope.
func TestRoundTripRefusal(t *testing.T) {
	c := answerOnce(t, 200, `{"errcode":81013,"errmsg":"user & party & tag all invalid, hint: [1700000000_1]","invaliduser":"a|b"}`)
	var ans sendAnswer
	code, msg, _, err := c.roundTrip(context.Background(), "POST", "/cgi-bin/message/send", url.Values{}, nil, &ans)
	if err != nil || code != 81013 || !strings.HasPrefix(msg, "user & party") {
		t.Fatalf("code %d msg %q err %v", code, msg, err)
	}
	code, _, _, err = c.roundTrip(context.Background(), "POST", "/cgi-bin/message/send", url.Values{}, nil, nil)
	if err != nil || code != 81013 {
		t.Fatalf("nil out: code %d err %v", code, err)
	}
}

// A retried call decodes into the same answer: nothing of the earlier
// answer stays.
func TestRoundTripZeroesTheAnswerFirst(t *testing.T) {
	c := answerOnce(t, 200, `{"errcode":0,"errmsg":"ok"}`)
	ans := usersAnswer{UserList: []User{{UserID: "stale"}}}
	if _, _, _, err := c.roundTrip(context.Background(), "GET", "/x", url.Values{}, nil, &ans); err != nil {
		t.Fatal(err)
	}
	if ans.UserList != nil {
		t.Fatalf("kept %+v from an earlier answer", ans.UserList)
	}
}

// A success whose payload has a field of the wrong type is a decoding
// error; a refusal with such a field is still the refusal; an answer
// without errcode, or not JSON, is "not a WeCom API response" without its
// body.
func TestRoundTripBadAnswers(t *testing.T) {
	ctx := context.Background()
	var ans usersAnswer
	_, _, _, err := answerOnce(t, 200, `{"errcode":0,"errmsg":"ok","userlist":"oops"}`).roundTrip(ctx, "GET", "/x", url.Values{}, nil, &ans)
	if err == nil || !strings.Contains(err.Error(), "decoding the answer") {
		t.Fatalf("wrong payload type: %v", err)
	}
	code, _, _, err := answerOnce(t, 200, `{"errcode":60011,"errmsg":"no privilege","userlist":"oops"}`).roundTrip(ctx, "GET", "/x", url.Values{}, nil, &ans)
	if err != nil || code != 60011 {
		t.Fatalf("refusal with a bad field: code %d err %v", code, err)
	}
	for _, body := range []string{`{"userlist":[]}`, `<html>secret page</html>`, `{"errcode":"0"}`, `{"errcode":null}`} {
		_, _, _, err := answerOnce(t, 502, body).roundTrip(ctx, "GET", "/x", url.Values{}, nil, &ans)
		var pe *platform.Error
		if !errors.As(err, &pe) || pe.HTTPStatus != 502 || !strings.Contains(pe.Msg, "not a WeCom API response") || strings.Contains(pe.Msg, "secret") {
			t.Fatalf("%s: %v", body, err)
		}
	}
}

package feishu_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"imbridge/platform"
	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
)

func TestBatchGetID(t *testing.T) {
	org := feishusim.Generate(feishusim.GenOptions{Users: 200, Departments: 10, ResignedRatio: 0.1, Seed: 9})
	e := newEnv(t, feishusim.Config{Org: org}, nil)
	want := map[string]string{} // key -> user id ("" = no match)
	var mobiles, emails []string
	for _, u := range org.Snapshot().Users {
		id := u.UserID
		if u.Resigned {
			id = "" // not found without include_resigned
		}
		if len(mobiles) < 60 { // more than one request's worth
			mobiles = append(mobiles, u.Mobile)
			want[u.Mobile] = id
		} else if len(emails) < 5 {
			emails = append(emails, u.Email)
			want[u.Email] = id
		}
	}
	mobiles = append(mobiles, "+8613000000000")
	emails = append(emails, "nobody@example.com")

	got, err := e.client.BatchGetID(testCtx(t), mobiles, emails)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(mobiles)+len(emails) {
		t.Fatalf("%d answers for %d keys", len(got), len(mobiles)+len(emails))
	}
	for i, m := range got {
		key := m.Mobile
		if i >= len(mobiles) {
			key = m.Email
		}
		if want[key] != m.UserID {
			t.Fatalf("answer %d %+v: want user %q", i, m, want[key])
		}
		if m.UserID != "" && m.Status != platform.UserActive {
			t.Fatalf("answer %+v: status", m)
		}
	}
	if fmt.Sprint(got[0].Mobile) != mobiles[0] || got[len(mobiles)].Email != emails[0] {
		t.Fatal("answers out of request order")
	}
}

// TestBatchGetIDDoesNotRelyOnTheEcho: the doc promises one answer per key,
// not their order nor that an answer spells its key as sent. Against a
// server that answers in reverse order, with mobiles in the other spelling
// (bare mainland digits ⇄ +86) and e-mails upper-cased, keys asked in any
// spelling still get their own user.
func TestBatchGetIDDoesNotRelyOnTheEcho(t *testing.T) {
	org := feishusim.Generate(feishusim.GenOptions{Users: 10, Departments: 2, Seed: 3})
	e := newEnv(t, feishusim.Config{Org: org}, nil)
	var sent struct{ Mobiles, Emails []string }
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/batch_get_id") {
			e.sim.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &sent)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		e.sim.ServeHTTP(rec, r)
		var resp struct {
			Code int    `json:"code"`
			Msg  string `json:"msg"`
			Data struct {
				UserList []map[string]any `json:"user_list"`
			} `json:"data"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Error(err)
		}
		list := resp.Data.UserList
		slices.Reverse(list)
		for _, info := range list {
			if m, ok := info["mobile"].(string); ok {
				if rest, plus := strings.CutPrefix(m, "+86"); plus {
					info["mobile"] = rest
				} else {
					info["mobile"] = "+86" + m
				}
			}
			if m, ok := info["email"].(string); ok {
				info["email"] = strings.ToUpper(m)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(resp)
	}))
	t.Cleanup(proxy.Close)
	client := e.newClient(func(p *feishu.Params) { p.BaseURL = proxy.URL })

	var users []feishusim.User
	for _, u := range org.Snapshot().Users {
		if !u.Resigned {
			users = append(users, u)
		}
	}
	a, b, c := users[0], users[1], users[2]
	national := strings.TrimPrefix(a.Mobile, "+86")
	mobiles := []string{national, b.Mobile[:3] + " " + b.Mobile[3:6] + "-" + b.Mobile[6:], "+8613000000000"}
	emails := []string{" " + strings.ToUpper(c.Email), "nobody@example.com"}
	got, err := client.BatchGetID(testCtx(t), mobiles, emails)
	if err != nil {
		t.Fatal(err)
	}
	want := []feishu.IDMatch{
		{Mobile: mobiles[0], UserID: a.UserID, Status: platform.UserActive},
		{Mobile: mobiles[1], UserID: b.UserID, Status: platform.UserActive},
		{Mobile: mobiles[2]},
		{Email: emails[0], UserID: c.UserID, Status: platform.UserActive},
		{Email: emails[1]},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// Sent as the doc shows them: mainland numbers as 11 digits, e-mails canonical.
	local, domain, _ := strings.Cut(c.Email, "@")
	if !slices.Equal(sent.Mobiles, []string{national, strings.TrimPrefix(b.Mobile, "+86"), "13000000000"}) ||
		!slices.Equal(sent.Emails, []string{strings.ToUpper(local) + "@" + domain, "nobody@example.com"}) {
		t.Errorf("sent %+v", sent)
	}
}

package feishu

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// BenchmarkAPIResponseCheck measures what apiResponses adds to each answer:
// one decode of a find_by_department page of 50 users, next to the decode
// the SDK makes of the same page into its own types.
func BenchmarkAPIResponseCheck(b *testing.B) {
	var items []string
	for i := range 50 {
		items = append(items, fmt.Sprintf(`{"user_id":"u%04d","open_id":"ou_%032d","union_id":"on_%032d","name":"用户%04d","en_name":"User %d",`+
			`"mobile":"+86138%08d","email":"user%d@example.com","employee_no":"E%05d","job_title":"工程师","department_ids":["d%03d","d%03d"],`+
			`"status":{"is_activated":true,"is_frozen":false,"is_resigned":false,"is_exited":false,"is_unjoin":false},"orders":[{"department_id":"d%03d","user_order":%d,"department_order":1}]}`,
			i, i, i, i, i, i, i, i, i%40, (i+7)%40, i%40, i))
	}
	body := []byte(`{"code":0,"msg":"success","data":{"has_more":true,"page_token":"next","items":[` + strings.Join(items, ",") + `]}}`)
	b.Run("check", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if why := notAPI("application/json; charset=utf-8", body); why != "" {
				b.Fatal(why)
			}
		}
	})
	b.Run("sdk-decode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var r larkcontact.FindByDepartmentUserResp
			if err := json.Unmarshal(body, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestHasIntegerCode(t *testing.T) {
	for body, want := range map[string]bool{
		`{"code":0,"msg":"ok"}`:                               true,
		`{"msg":"later","data":{"code":"x"},"code":99991663}`: true,
		`{"Code":10014}`:                                      true, // as encoding/json (and so the SDK) matches it
		`{"Code":"Success","AccessKeyId":"AKIA"}`:             false,
		`{"code":1.5}`:                                        false,
		`{"code":null}`:                                       false,
		`{"status":"ok"}`:                                     false,
		`[{"code":0}]`:                                        false,
		`"code"`:                                              false,
		`{"code"`:                                             false,
		``:                                                    false,
	} {
		if got := hasIntegerCode([]byte(body)); got != want {
			t.Errorf("%s: %v, want %v", body, got, want)
		}
	}
}

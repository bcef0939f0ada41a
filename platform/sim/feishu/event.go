package feishu

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"time"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// Contact events: every directory change (through the API or the Org
// helpers) becomes a v2.0 event pushed to each app that has an event URL and
// a contact read scope, as Feishu only pushes what the app may read. Our own
// API writes come back as events too, exactly like on the real platform.

// eventHeader is the v2.0 envelope header (field names as larkevent.EventHeader).
type eventHeader struct {
	EventID    string `json:"event_id"`
	EventType  string `json:"event_type"`
	CreateTime string `json:"create_time"` // unix milliseconds, as a string
	Token      string `json:"token"`       // the app's Verification Token
	AppID      string `json:"app_id"`
	TenantKey  string `json:"tenant_key"`
}

type eventEnvelope struct {
	Schema string         `json:"schema"`
	Header eventHeader    `json:"header"`
	Event  map[string]any `json:"event"`
}

func newEventID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// eventView renders objects as events do: open ids of the receiving app and
// open_department_ids (the SDK's DepartmentEvent documents its parent id as
// an open_department_id, UserEvent's leader as an open_id).
func (s *Server) eventView(appID string) view {
	return s.newView(appID, UserIDTypeOpenID, DepartmentIDTypeOpen)
}

func (v view) userEvent(u User) *larkcontact.UserEvent {
	w := v.user(u)
	return &larkcontact.UserEvent{
		OpenId: w.OpenId, UnionId: w.UnionId, UserId: w.UserId, Name: w.Name, EnName: w.EnName,
		Email: w.Email, JobTitle: w.JobTitle, Mobile: w.Mobile, MobileVisible: w.MobileVisible,
		Gender: w.Gender, Status: w.Status, DepartmentIds: w.DepartmentIds,
		LeaderUserId: w.LeaderUserId, City: w.City, JoinTime: w.JoinTime,
		IsTenantManager: w.IsTenantManager, EmployeeNo: w.EmployeeNo, EmployeeType: w.EmployeeType,
		Orders: w.Orders,
	}
}

// departmentEvent: note DepartmentEvent.order is a number, unlike Department.
func (v view) departmentEvent(d Department, deleted bool) *larkcontact.DepartmentEvent {
	out := &larkcontact.DepartmentEvent{
		Name:               ptr(d.Name),
		ParentDepartmentId: ptr(v.deptRef(d.ParentID)),
		DepartmentId:       ptr(d.DepartmentID),
		OpenDepartmentId:   ptr(d.OpenDepartmentID),
		Order:              ptr(d.Order),
		Status:             &larkcontact.DepartmentStatus{IsDeleted: ptr(deleted)},
	}
	if ref := v.userRef(d.LeaderUserID); d.LeaderUserID != "" && ref != "" {
		out.LeaderUserId = ptr(ref)
		out.Leaders = []*larkcontact.DepartmentLeader{{LeaderType: ptr(1), LeaderID: out.LeaderUserId}}
	}
	return out
}

// changedFields is old_object for updates: only the fields that changed,
// with their old values (null where the field was absent before).
func changedFields(oldObj, newObj any) map[string]any {
	toMap := func(v any) map[string]any {
		b, _ := json.Marshal(v)
		m := map[string]any{}
		_ = json.Unmarshal(b, &m)
		return m
	}
	o, n := toMap(oldObj), toMap(newObj)
	out := map[string]any{}
	for k, nv := range n {
		if ov, ok := o[k]; !ok || !reflect.DeepEqual(ov, nv) {
			out[k] = o[k]
		}
	}
	for k, ov := range o {
		if _, ok := n[k]; !ok {
			out[k] = ov
		}
	}
	return out
}

// eventBody builds the event for one app, or nil when the change has no
// event (e.g. an update that changed nothing visible).
func (s *Server) eventBody(ch Change, app App) ([]byte, string, string) {
	v := s.eventView(app.ID)
	ev := map[string]any{}
	switch ch.Kind {
	case UserCreated:
		ev["object"] = v.userEvent(*ch.NewUser)
	case UserUpdated:
		o, n := v.userEvent(*ch.OldUser), v.userEvent(*ch.NewUser)
		diff := changedFields(o, n)
		if len(diff) == 0 {
			return nil, "", ""
		}
		ev["object"], ev["old_object"] = n, diff
	case UserDeleted:
		u := *ch.OldUser
		if ch.NewUser != nil {
			u = *ch.NewUser
		}
		old := v.userEvent(*ch.OldUser)
		ev["object"] = v.userEvent(u)
		ev["old_object"] = &larkcontact.OldUserObject{DepartmentIds: old.DepartmentIds, OpenId: old.OpenId}
	case DepartmentCreated:
		ev["object"] = v.departmentEvent(*ch.NewDept, false)
	case DepartmentUpdated:
		o, n := v.departmentEvent(*ch.OldDept, false), v.departmentEvent(*ch.NewDept, false)
		ev["object"], ev["old_object"] = n, o
	case DepartmentDeleted:
		ev["object"] = v.departmentEvent(*ch.OldDept, true)
		ev["old_object"] = &larkcontact.OldDepartmentObject{
			Status:           &larkcontact.DepartmentStatus{IsDeleted: ptr(false)},
			OpenDepartmentId: ptr(ch.OldDept.OpenDepartmentID),
		}
	default:
		return nil, "", ""
	}
	id := newEventID()
	env := eventEnvelope{Schema: "2.0", Event: ev, Header: eventHeader{
		EventID: id, EventType: ch.Kind.EventType(), AppID: app.ID, TenantKey: s.org.tenantKey,
		Token:      app.VerificationToken,
		CreateTime: strconv.FormatInt(s.clock().UnixMilli(), 10),
	}}
	b, err := json.Marshal(env)
	if err != nil {
		return nil, "", ""
	}
	return b, id, ch.Kind.EventType()
}

func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// subscribers are the apps that get pushes for contact changes.
func (s *Server) subscribers() []App {
	s.mu.Lock()
	var apps []App
	for _, a := range s.apps {
		if a.EventURL != "" {
			apps = append(apps, *a)
		}
	}
	s.mu.Unlock()
	out := apps[:0]
	for _, a := range apps {
		if s.checkScopes(a.ID, scopesContactRead) == nil {
			out = append(out, a)
		}
	}
	return out
}

// VerifyEventURL sends the app's URL a url_verification challenge the way
// the developer console does and checks the echo.
func (s *Server) VerifyEventURL(ctx context.Context, appID string) error {
	app, ok := s.App(appID)
	if !ok || app.EventURL == "" {
		return fmt.Errorf("feishu sim: app %q has no event URL", appID)
	}
	req, challenge, err := NewURLVerificationRequest(ctx, app.EventURL, app.EncryptKey, app.VerificationToken)
	if err != nil {
		return err
	}
	resp, err := s.events.client.Do(req)
	if err != nil {
		return fmt.Errorf("feishu sim: url verification: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Challenge string `json:"challenge"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		return fmt.Errorf("feishu sim: url verification: status %d, decode: %v", resp.StatusCode, err)
	}
	if out.Challenge != challenge {
		return fmt.Errorf("feishu sim: url verification: challenge %q echoed as %q", challenge, out.Challenge)
	}
	return nil
}

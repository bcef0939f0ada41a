package feishu

import (
	"net/http"
	"reflect"
	"strings"
	"time"
)

// CreateUser adds a user, validating it as the create API does, and emits
// contact.user.created_v3. An empty UserID is assigned; EmployeeType 0
// becomes 1 (the API itself requires employee_type, the helper is lenient).
func (o *Org) CreateUser(u User) (User, error) { return o.createUser(u, "") }

func (o *Org) createUser(u User, initiator string) (User, error) {
	if u.EmployeeType == 0 {
		u.EmployeeType = 1
	}
	o.mu.Lock()
	if u.UserID != "" {
		if _, ok := o.users[u.UserID]; ok {
			o.mu.Unlock()
			return User{}, newErr(http.StatusBadRequest, CodeUserIDExists, "user id already exist error")
		}
	}
	if err := o.validateUserLocked(&u, ""); err != nil {
		o.mu.Unlock()
		return User{}, err
	}
	o.insertUserLocked(&u)
	out := u.clone()
	o.mu.Unlock()
	o.indexOpenIDs(out.UserID)
	o.emit(Change{Kind: UserCreated, NewUser: &out, Initiator: initiator})
	return out, nil
}

// normalizeMobile accepts "+<digits>" or a bare 11-digit mainland number,
// which Feishu stores as "+86…".
func normalizeMobile(m string) (string, bool) {
	m = strings.TrimSpace(m)
	digits := strings.TrimPrefix(m, "+")
	if len(digits) < 5 || len(digits) > 20 {
		return "", false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	if !strings.HasPrefix(m, "+") {
		if len(digits) != 11 {
			return "", false
		}
		return "+86" + digits, true
	}
	return m, true
}

func (o *Org) validateUserLocked(u *User, self string) error {
	if strings.TrimSpace(u.Name) == "" {
		return newErr(http.StatusBadRequest, CodeUserNameEmpty, "no user name error")
	}
	if u.Mobile == "" {
		return newErr(http.StatusBadRequest, CodeNoMobile, "no mobile error")
	}
	m, ok := normalizeMobile(u.Mobile)
	if !ok {
		return newErr(http.StatusBadRequest, CodeMobileInvalid, "mobile is invalid error")
	}
	u.Mobile = m
	if u.Email != "" && (!strings.Contains(u.Email, "@") || strings.ContainsAny(u.Email, " \t")) {
		return newErr(http.StatusBadRequest, CodeEmailInvalid, "email is invalid error")
	}
	if !u.Resigned {
		if id, ok := o.byMobile[u.Mobile]; ok && id != self {
			return newErr(http.StatusBadRequest, CodeMobileExists, "mobile has already exist error")
		}
		if id, ok := o.byEmail[strings.ToLower(u.Email)]; ok && u.Email != "" && id != self {
			return newErr(http.StatusBadRequest, CodeEmailExists, "email has already exist error")
		}
	}
	if len(u.DepartmentIDs) == 0 {
		return newErr(http.StatusBadRequest, CodeDepartmentRequired, "department is required error")
	}
	seen := map[string]bool{}
	for _, d := range u.DepartmentIDs {
		// A resigned user may still name departments deleted since.
		if !u.Resigned && !o.deptExistsLocked(d) {
			return errNoDept(d)
		}
		if seen[d] {
			return errField("department_ids has duplicates")
		}
		seen[d] = true
	}
	if u.LeaderUserID != "" {
		if u.LeaderUserID == self {
			return newErr(http.StatusBadRequest, CodeLeaderIsSelf, "set leader to oneself error")
		}
		if _, ok := o.users[u.LeaderUserID]; !ok {
			return errNoUser(u.LeaderUserID)
		}
	}
	if u.EmployeeType < 1 || u.EmployeeType > 5 {
		return newErr(http.StatusBadRequest, CodeEmployeeType, "invalid employee type error")
	}
	return nil
}

// insertUserLocked stores an already validated user.
func (o *Org) insertUserLocked(u *User) {
	if u.UserID == "" {
		u.UserID = o.newUserIDLocked()
	}
	u.UnionID = unionID(o.developer, u.UserID)
	stored := u.clone()
	o.users[u.UserID] = &stored
	o.byUnion[u.UnionID] = u.UserID
	if !u.Resigned {
		o.indexContactLocked(&stored)
		for _, d := range u.DepartmentIDs {
			o.members[d] = append(o.members[d], u.UserID)
		}
	} else {
		o.indexGoneLocked(&stored)
	}
}

func (o *Org) indexGoneLocked(u *User) {
	o.goneMobile[u.Mobile] = u.UserID
	if u.Email != "" {
		o.goneEmail[strings.ToLower(u.Email)] = u.UserID
	}
}

// lookupContact finds a user by normalised mobile or lower-case email;
// current users win over resigned ones.
func (o *Org) lookupContact(key string, mobile, withResigned bool) (User, bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	cur, gone := o.byEmail, o.goneEmail
	if mobile {
		cur, gone = o.byMobile, o.goneMobile
	}
	id, ok := cur[key]
	if !ok && withResigned {
		id, ok = gone[key]
	}
	if !ok {
		return User{}, false
	}
	return o.users[id].clone(), true
}

func (o *Org) indexContactLocked(u *User) {
	o.byMobile[u.Mobile] = u.UserID
	if u.Email != "" {
		o.byEmail[strings.ToLower(u.Email)] = u.UserID
	}
}

func (o *Org) unindexContactLocked(u *User) {
	if o.byMobile[u.Mobile] == u.UserID {
		delete(o.byMobile, u.Mobile)
	}
	if e := strings.ToLower(u.Email); e != "" && o.byEmail[e] == u.UserID {
		delete(o.byEmail, e)
	}
}

// UpdateUser changes a user through fn (UserID and UnionID cannot change).
// Setting Resigned makes it a deletion (contact.user.deleted_v3, as Feishu
// reports a resignation); clearing it a re-creation; anything else emits
// contact.user.updated_v3.
func (o *Org) UpdateUser(userID string, fn func(*User)) (User, error) {
	return o.updateUser(userID, fn, "")
}

func (o *Org) updateUser(userID string, fn func(*User), initiator string) (User, error) {
	o.mu.Lock()
	cur, ok := o.users[userID]
	if !ok {
		o.mu.Unlock()
		return User{}, errNoUser(userID)
	}
	old := cur.clone()
	next := cur.clone()
	fn(&next)
	next.UserID, next.UnionID = old.UserID, old.UnionID
	if err := o.validateUserLocked(&next, userID); err != nil {
		o.mu.Unlock()
		return User{}, err
	}
	if usersEqual(&old, &next) {
		o.mu.Unlock()
		return next, nil
	}
	if !old.Resigned {
		o.unindexContactLocked(&old)
	}
	*cur = next.clone()
	if !next.Resigned {
		o.indexContactLocked(cur)
	} else {
		o.indexGoneLocked(cur)
	}
	o.moveMembershipsLocked(userID, &old, &next)
	o.mu.Unlock()
	kind := UserUpdated
	switch {
	case next.Resigned && !old.Resigned:
		kind = UserDeleted
	case !next.Resigned && old.Resigned:
		kind = UserCreated
	}
	o.emit(Change{Kind: kind, OldUser: &old, NewUser: &next, Initiator: initiator})
	return next, nil
}

// moveMembershipsLocked updates the member lists: a user keeps its position
// in departments it stays in (pages stay stable) and is appended to new ones.
func (o *Org) moveMembershipsLocked(userID string, old, next *User) {
	var was, is map[string]bool
	if !old.Resigned {
		was = make(map[string]bool, len(old.DepartmentIDs))
		for _, d := range old.DepartmentIDs {
			was[d] = true
		}
	}
	if !next.Resigned {
		is = make(map[string]bool, len(next.DepartmentIDs))
		for _, d := range next.DepartmentIDs {
			is[d] = true
		}
	}
	for d := range was {
		if !is[d] {
			o.members[d] = removeString(o.members[d], userID)
		}
	}
	if next.Resigned {
		return
	}
	for _, d := range next.DepartmentIDs {
		if !was[d] {
			o.members[d] = append(o.members[d], userID)
		}
	}
}

func usersEqual(a, b *User) bool {
	if len(a.DepartmentIDs) != len(b.DepartmentIDs) {
		return false
	}
	for i := range a.DepartmentIDs {
		if a.DepartmentIDs[i] != b.DepartmentIDs[i] {
			return false
		}
	}
	x, y := *a, *b
	x.DepartmentIDs, y.DepartmentIDs = nil, nil
	return reflect.DeepEqual(x, y)
}

// DeleteUser resigns a user, as Feishu's delete API does: the record stays
// (GET still answers, with status.is_resigned) but the user leaves every
// department and frees the mobile and email. Emits contact.user.deleted_v3.
func (o *Org) DeleteUser(userID string) error { return o.deleteUser(userID, time.Time{}, "") }

// deleteUser resigns the user at the given time (zero = unknown).
func (o *Org) deleteUser(userID string, at time.Time, initiator string) error {
	o.mu.RLock()
	u, ok := o.users[userID]
	resigned := ok && u.Resigned
	o.mu.RUnlock()
	if !ok {
		return errNoUser(userID)
	}
	if resigned {
		return errResigned()
	}
	_, err := o.updateUser(userID, func(u *User) { u.Resigned, u.ResignedAt = true, at }, initiator)
	return err
}

// userIDFor resolves an id of the given user id type to a user_id.
func (o *Org) userIDFor(id, idType, appID string) (string, bool) {
	switch idType {
	case UserIDTypeUserID:
		o.mu.RLock()
		_, ok := o.users[id]
		o.mu.RUnlock()
		return id, ok
	case UserIDTypeUnionID:
		o.mu.RLock()
		uid, ok := o.byUnion[id]
		o.mu.RUnlock()
		return uid, ok
	default:
		return o.UserIDByOpenID(appID, id)
	}
}

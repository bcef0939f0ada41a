package sso

import (
	"context"
	"errors"

	"imbridge/ent"
	"imbridge/ent/syncprofile"
	"imbridge/worker/orgsync"
)

// AutoBindField is the field that binds a person who is not bound at login
// (seed 003 §4.2.4 (2)): the corp's sync profile's auto_bind_field, "none"
// without a profile. The seed has one setting shown in two places (从飞书
// 同步组织用户绑定关系 › 新用户关联系统账号 and 同步通讯录到飞书 › 用户绑定:
// 修改任意一处，也会变更另外一处的设置), so login keeps no copy of its own.
func AutoBindField(ctx context.Context, db *ent.Client, corpID int) (string, error) {
	p, err := db.SyncProfile.Query().Where(syncprofile.CorpID(corpID)).Only(ctx)
	if ent.IsNotFound(err) {
		return "none", nil
	}
	if err != nil {
		return "", err
	}
	if p.AutoBindField == "" {
		return "none", nil
	}
	return p.AutoBindField, nil
}

// setAutoBindField changes the sync profile's auto_bind_field from the login
// settings, with the profile's own rules.
func setAutoBindField(ctx context.Context, db *ent.Client, corpID int, v string) error {
	if err := orgsync.CheckSettings(orgsync.Settings{AutoBindField: &v}); err != nil {
		var in *orgsync.InputError
		if errors.As(err, &in) {
			return fieldErr("autoBindField", "%s", in.Rule)
		}
		return err
	}
	p, err := db.SyncProfile.Query().Where(syncprofile.CorpID(corpID)).Only(ctx)
	if ent.IsNotFound(err) {
		if v == "none" {
			return nil
		}
		return fieldErr("autoBindField", "the corp has no sync profile yet, which holds the auto-bind field for login and sync alike: create it under Sync › Settings first")
	}
	if err != nil {
		return err
	}
	return p.Update().SetAutoBindField(v).Exec(ctx)
}

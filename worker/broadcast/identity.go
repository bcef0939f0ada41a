package broadcast

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/binding"
	entbroadcast "imbridge/ent/broadcast"
	"imbridge/ent/user"
	"imbridge/platform"
)

// inChunk bounds the ids of one IN (…) query.
const inChunk = 500

// viewerIdentities gives each viewer the OA user bound to their IM account
// in the broadcast's corp, as the bindings stand now (refresh time); nil
// where there is none. A WeCom member is found by userid; a Volcano viewer
// by the ExternalUserId Volcano reports, matched against the corp's Feishu
// users' open_id, user_id or union_id (for a Feishu sign-in it is an
// open_id under the enterprise-live app, docs 3019/1169974: it matches only
// where the mirror holds that id; the others stay unbound). External
// WeCom viewers (WeChat customers) have no binding.
func viewerIdentities(ctx context.Context, db *ent.Client, b *ent.Broadcast, vs []platform.LiveViewer) ([]*int, error) {
	out := make([]*int, len(vs))
	key := func(v platform.LiveViewer) string {
		if b.Provider == entbroadcast.ProviderVolcanoLive {
			return v.ExternalUserID
		}
		return v.UserID
	}
	var keys []string
	seen := map[string]bool{}
	for _, v := range vs {
		if k := key(v); k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	// key → IM user id → OA user id
	imOf := map[string]int{}
	for i := 0; i < len(keys); i += inChunk {
		part := keys[i:min(i+inChunk, len(keys))]
		match := user.ExternalIDIn(part...)
		if b.Provider == entbroadcast.ProviderVolcanoLive {
			match = user.Or(user.OpenIDIn(part...), user.ExternalIDIn(part...), user.UnionIDIn(part...))
		}
		us, err := db.User.Query().Where(user.CorpID(b.CorpID), match).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			for _, k := range []string{u.ExternalID, u.OpenID, u.UnionID} {
				if k != "" && seen[k] {
					imOf[k] = u.ID
				}
			}
		}
	}
	var ims []int
	for _, id := range imOf {
		ims = append(ims, id)
	}
	oaOf := map[int]int{}
	for i := 0; i < len(ims); i += inChunk {
		bs, err := db.Binding.Query().Where(binding.CorpID(b.CorpID), binding.KindEQ(binding.KindUser),
			binding.ImUserIDIn(ims[i:min(i+inChunk, len(ims))]...), binding.OaUserIDNotNil()).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, bd := range bs {
			if bd.ImUserID != nil && bd.OaUserID != nil {
				oaOf[*bd.ImUserID] = *bd.OaUserID
			}
		}
	}
	for i, v := range vs {
		if im, ok := imOf[key(v)]; ok {
			if oa, ok := oaOf[im]; ok {
				out[i] = &oa
			}
		}
	}
	return out, nil
}

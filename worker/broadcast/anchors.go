package broadcast

import (
	"context"
	"strconv"

	"imbridge/ent"
	"imbridge/ent/binding"
)

// EntAnchors resolves anchors through the bindings of the database, in the
// context's tenant: the OA user's binding in the corp gives the IM user,
// whose external id (WeCom userid) is what the platform is sent. An IM user
// that left the app's visible range (out_of_scope_at, set by the mirror)
// or the directory (removed_at) is out of range: WeCom would refuse it.
type EntAnchors struct{ DB *ent.Client }

func (a EntAnchors) Resolve(ctx context.Context, corpID, _, oaUserID string) (string, error) {
	corp, err := strconv.Atoi(corpID)
	if err != nil {
		return "", ErrNotBound
	}
	user, err := strconv.Atoi(oaUserID)
	if err != nil {
		return "", ErrNotBound
	}
	b, err := client(ctx, a.DB).Binding.Query().Where(binding.CorpID(corp), binding.KindEQ(binding.KindUser), binding.OaUserID(user)).
		WithImUser().First(ctx)
	if ent.IsNotFound(err) {
		return "", ErrNotBound
	}
	if err != nil {
		return "", err
	}
	im := b.Edges.ImUser
	if im == nil {
		return "", ErrNotBound
	}
	if im.OutOfScopeAt != nil || im.RemovedAt != nil {
		return "", ErrOutOfRange
	}
	return im.ExternalID, nil
}

package orgsync

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/syncprofile"
	"imbridge/ent/user"
	"imbridge/platform"
)

// Acceptor is who receives a deleted IM user's resources
// (SyncProfile.resource_acceptor; seed 003 §4.2.3 (1) 离职用户处理方式 删除:
// "删除后…飞书自身业务功能的数据也将被删除" unless handed over). Feishu's
// user/delete takes one acceptor per resource (SDK DeleteUserReqBody:
// department_chat_, external_chat_, docs_, calendar_, application_,
// minutes_, survey_acceptor_user_id); the engine names the same person for
// each. The mailbox (email_acceptor, with a processing type) and AnyCross
// are left to the platform's default.
type Acceptor struct {
	// Mode is syncprofile.ResourceAcceptor: none (the platform's default),
	// leader (the deleted user's direct leader, read from the IM at delete
	// time) or user (UserID).
	Mode syncprofile.ResourceAcceptor
	// UserID is the IM user_id of the named receiver (Mode user).
	UserID string
}

// AcceptorOf reads a profile's setting.
func AcceptorOf(p *ent.SyncProfile) Acceptor {
	return Acceptor{Mode: p.ResourceAcceptor, UserID: p.ResourceAcceptorUserID}
}

// every names id as the acceptor of every resource the engine hands over.
func every(id string) platform.ResourceAcceptors {
	return platform.ResourceAcceptors{DepartmentChats: id, ExternalChats: id, Docs: id, Calendar: id,
		Applications: id, Minutes: id, Surveys: id}
}

// acceptors resolves who receives the resources of IM user id, deleted
// now. leader: the user's leader when the IM names one who is active, else
// nobody (the platform's default: a leader who left cannot receive, Feishu
// would refuse the delete with 41052). user: the named user, who must
// still be active; one who left fails the delete with an error saying so,
// before Feishu is asked. A read that fails is returned (the change is
// retried or fails with it).
func (t *IMTarget) acceptors(ctx context.Context, id string) (platform.ResourceAcceptors, error) {
	switch t.Acceptor.Mode {
	case syncprofile.ResourceAcceptorLeader:
		if t.Dir == nil {
			return platform.ResourceAcceptors{}, nil
		}
		u, err := t.Dir.User(ctx, id)
		if err != nil {
			return platform.ResourceAcceptors{}, fmt.Errorf("reading user %s for its leader: %w", id, err)
		}
		if u.LeaderID == "" || u.LeaderID == id {
			return platform.ResourceAcceptors{}, nil
		}
		l, err := t.Dir.User(ctx, u.LeaderID)
		if err != nil || l.Status != platform.UserActive {
			return platform.ResourceAcceptors{}, nil //nolint:nilerr // no active leader: nobody named
		}
		return every(u.LeaderID), nil
	case syncprofile.ResourceAcceptorUser:
		to := t.Acceptor.UserID
		if to == "" || to == id {
			return platform.ResourceAcceptors{}, nil
		}
		if t.Dir != nil {
			u, err := t.Dir.User(ctx, to)
			if err != nil {
				return platform.ResourceAcceptors{}, fmt.Errorf("reading the resource acceptor %s: %w", to, err)
			}
			if u.Status != platform.UserActive {
				return platform.ResourceAcceptors{}, &ChangeError{fmt.Sprintf("the resource acceptor %s (%s) is %s, not active: choose another receiver of deleted users' resources in the sync settings", to, u.Name, u.Status)}
			}
		}
		return every(to), nil
	}
	return platform.ResourceAcceptors{}, nil
}

// CheckAcceptor validates a profile's resource acceptor before it is saved:
// with mode user, userID must name an active user of corp's IM mirror who
// is bound to an OA user (someone the bridge knows is a current employee).
// The error is *InputError naming the GraphQL input field.
func CheckAcceptor(ctx context.Context, db *ent.Client, corpID int, mode syncprofile.ResourceAcceptor, userID string) error {
	if mode != syncprofile.ResourceAcceptorUser {
		return nil
	}
	const field = "input.resourceAcceptorUserID"
	if userID == "" {
		return &InputError{field, "is required when resourceAcceptor is user: the Feishu user_id of who receives deleted users' resources"}
	}
	u, err := db.User.Query().Where(user.CorpID(corpID), user.ExternalID(userID)).Only(ctx)
	if ent.IsNotFound(err) {
		return &InputError{field, fmt.Sprintf("%q is no user of this corp's Feishu directory (pull the directory first if the person is new)", userID)}
	}
	if err != nil {
		return err
	}
	if u.RemovedAt != nil || u.OutOfScopeAt != nil || u.Status != user.StatusActive {
		return &InputError{field, fmt.Sprintf("%q (%s) is not an active user of the directory: the receiver must be active", userID, u.Name)}
	}
	bound, err := db.Binding.Query().Where(binding.CorpID(corpID), binding.KindEQ(binding.KindUser), binding.ImUserID(u.ID)).Exist(ctx)
	if err != nil {
		return err
	}
	if !bound {
		return &InputError{field, fmt.Sprintf("%q (%s) is not bound to an OA user: bind them first, so the receiver is a known employee", userID, u.Name)}
	}
	return nil
}

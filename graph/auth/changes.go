package auth

import (
	"context"
	"encoding/json"

	"imbridge/ent"
	"imbridge/ent/viewer"
)

// Change names credentials that have just ended or changed: an admin's
// (sessions ended, disabled, deleted, role or password changed), one API
// token's (revoked), or one session's (logout). It is announced on a Redis
// channel so that every API process checks the WebSockets it holds for them
// at once. The announcement only hastens what the periodic check of every
// socket does anyway: a process that misses one (Redis reconnecting) still
// closes the socket at its next check.
type Change struct {
	Admin   int    `json:"admin,omitempty"`
	Token   int    `json:"token,omitempty"`
	Session string `json:"session,omitempty"` // hash of the session id
}

// Concerns reports whether a change may affect a connection opened with
// credential c by viewer v.
func (ch Change) Concerns(c Credential, v *viewer.Viewer) bool {
	switch {
	case ch.Session != "":
		return c.isSession(ch.Session)
	case ch.Admin != 0:
		return v != nil && v.Kind == viewer.KindAdmin && v.ID == ch.Admin
	case ch.Token != 0:
		return v != nil && v.Kind == viewer.KindToken && v.ID == ch.Token
	}
	return true // the zero change: anyone's
}

func (a *Authenticator) changesChannel() string { return a.sessions.b.Key("credentials-changed") }

// Changed announces a change of credentials stored in the database (a token
// revoked) once the transaction in ctx (if any) commits, so that no process
// checks before the change is visible.
func (a *Authenticator) Changed(ctx context.Context, ch Change) {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		a.announce(ctx, ch)
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(cctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(cctx, tx); err != nil {
				return err
			}
			a.announce(context.WithoutCancel(cctx), ch)
			return nil
		})
	})
}

// announce publishes a change now. A failure is logged, not returned: the
// periodic check still catches the change.
func (a *Authenticator) announce(ctx context.Context, ch Change) {
	b, _ := json.Marshal(ch)
	if err := a.sessions.b.Client.Publish(ctx, a.changesChannel(), b).Err(); err != nil {
		a.log.Warn("announcing a credential change", "err", err)
	}
}

// Changes subscribes to the announced changes until ctx ends. It returns once
// the subscription is confirmed, so no change announced afterwards is missed
// (unless Redis drops the connection).
func (a *Authenticator) Changes(ctx context.Context) (<-chan Change, error) {
	ps := a.sessions.b.Client.Subscribe(ctx, a.changesChannel())
	if _, err := ps.Receive(ctx); err != nil {
		ps.Close()
		return nil, err
	}
	out := make(chan Change, 64)
	go func() {
		defer close(out)
		defer ps.Close()
		in := ps.Channel()
		for {
			select {
			case <-ctx.Done():
				return
			case msg, ok := <-in:
				if !ok {
					return
				}
				var ch Change
				if err := json.Unmarshal([]byte(msg.Payload), &ch); err != nil {
					a.log.Warn("bad credential change", "err", err)
					continue
				}
				select {
				case out <- ch:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}

// Package graph is the GraphQL API: thin resolvers that authorize, validate
// and call ent or enqueue a job. The schema is in *.graphql; generated code
// is in generated/ and model/.
package graph

import (
	"log/slog"
	"sync"

	"imbridge/ent"
	"imbridge/ent/seal"
	"imbridge/graph/auth"
	"imbridge/graph/sso"
	"imbridge/platform/appclient"
	"imbridge/worker"
	"imbridge/worker/broadcast"
	"imbridge/worker/broker"
	"imbridge/worker/progress"
	"imbridge/worker/push"
	"imbridge/worker/webhook"
)

// Resolver holds what resolvers need.
type Resolver struct {
	Client *ent.Client
	Jobs   *worker.Client
	Broker *broker.Broker
	Hub    *progress.Hub
	Sealer *seal.Sealer
	Auth   *auth.Authenticator
	// Sockets keeps WebSockets from outliving their credentials.
	Sockets *SocketGuard
	Logger  *slog.Logger
	// Platforms builds platform clients for apps (verification, pulls).
	Platforms *appclient.Factory
	// PublicURL is how platforms and browsers reach the server.
	PublicURL string
	// Webhooks checks OA webhook URLs and sends test events (its egress
	// policy is the operator's IMBRIDGE_ALLOW_PRIVATE_WEBHOOK_HOSTS).
	Webhooks     *webhook.Sender
	webhooksOnce sync.Once
	// SSO is QR-code login (ticket redemption); nil in processes that do
	// not serve /sso.
	SSO *sso.Service
	// Push is the push engine; nil: one on Client, Jobs and Platforms.
	Push     *push.Engine
	pushOnce sync.Once
	// BroadcastPermissions is the broadcast permission engine (开播权限:
	// policy, requests, approvals) and the permission check of
	// createBroadcast; nil: one on Client, the broadcast service and Push.
	BroadcastPermissions *broadcast.Permissions
	permissionsOnce      sync.Once
}

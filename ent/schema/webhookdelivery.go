package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// WebhookDelivery is one event queued for one WebhookEndpoint, and its
// outcome. It is written in the same transaction as the change it reports
// (worker/webhook.Publisher), so a rolled-back change is never sent and a
// committed one never lost; the dispatcher then delivers it, retrying with
// backoff, until it is delivered or dead (the dead-letter list, which an
// admin can replay).
type WebhookDelivery struct{ ent.Schema }

// Mixin of the WebhookDelivery.
func (WebhookDelivery) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TenantMixin{}}
}

// Fields of the WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("endpoint_id").
			Immutable().
			Comment("The endpoint the event is delivered to.").
			Annotations(entgql.Type("ID")),
		field.String("event_id").
			NotEmpty().MaxLen(200).Immutable().
			Comment("The event's id (X-Imbridge-Delivery): stable, so an endpoint is sent an event once however often it is published; receivers de-duplicate on it."),
		field.String("type").
			NotEmpty().MaxLen(100).Immutable().
			Comment("The event type (X-Imbridge-Event), e.g. user.updated.").
			Annotations(entgql.OrderField("TYPE")),
		field.String("subject").
			Optional().MaxLen(300).Immutable().
			Comment("What the event is about (e.g. user:U0001): deliveries of one endpoint about one subject are delivered in sequence order, never overtaking each other."),
		field.Int("sequence").
			Immutable().
			Comment("The event's number on its endpoint, increasing in the order the changes were committed.").
			Annotations(entgql.OrderField("SEQUENCE")),
		field.Text("payload").
			Immutable().
			Comment("The JSON body sent, byte for byte the same on every attempt."),
		field.Enum("status").
			Values("pending", "delivered", "failed", "dead").
			Default("pending").
			Comment("pending: not attempted yet; failed: the last attempt failed and another is scheduled at nextAttemptAt; delivered: the receiver answered 2xx; dead: given up (a 4xx answer, or every attempt failed): in the dead-letter list until replayed.").
			Annotations(entgql.OrderField("STATUS")),
		field.Int("attempts").
			Default(0).
			Comment("Attempts made since the delivery was queued or last replayed."),
		field.Int("replays").
			Default(0).
			Comment("How often an admin replayed the delivery."),
		field.Time("next_attempt_at").
			Optional().Nillable().
			Comment("When the next attempt is due; empty once delivered or dead.").
			Annotations(entgql.OrderField("NEXT_ATTEMPT_AT")),
		field.Time("lease_until").
			Optional().Nillable().
			Comment("A worker is attempting the delivery until then; another may take it over after.").
			Annotations(entgql.Skip()),
		field.Time("last_attempt_at").
			Optional().Nillable().
			Comment("When the last attempt was made."),
		field.Int("last_http_status").
			Optional().Nillable().
			Comment("The HTTP status of the last answer; empty when there was none (timeout, refused connection)."),
		field.String("last_error").
			Optional().
			Comment("Why the last attempt failed, bounded: the status and at most a short, cleaned snippet of what the receiver answered."),
		field.Time("delivered_at").
			Optional().Nillable().
			Comment("When the receiver accepted the event."),
	}
}

// Edges of the WebhookDelivery.
func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("endpoint", WebhookEndpoint.Type).
			Ref("deliveries").
			Comment("The endpoint the event is delivered to.").
			Field("endpoint_id").Unique().Required().Immutable(),
	}
}

// Indexes of the WebhookDelivery.
func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		// One delivery per event and endpoint: publishing again is a no-op.
		index.Fields("endpoint_id", "event_id").Unique(),
		// The dispatcher's scan of what is due.
		index.Fields("status", "next_attempt_at"),
		// Ordering: the earlier undelivered events of a subject.
		index.Fields("endpoint_id", "subject", "sequence"),
		index.Fields("tenant_id", "created_at"),
	}
}

// Annotations of the WebhookDelivery.
func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One event queued for an OA webhook endpoint, and its delivery: attempts, outcome, dead letters."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
	}
}

package graph

import (
	"context"
	"sort"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/graph/model"
)

// outcomes groups a message's deliveries by status and reason (one GROUP
// BY, read through the tenant filter): what the OA learns of its push
// without reading who the recipients were.
func (r *Resolver) outcomes(ctx context.Context, m *ent.Message) ([]*model.PushOutcome, error) {
	var rows []struct {
		Status delivery.Status `json:"status"`
		Reason string          `json:"reason"`
		Count  int             `json:"count"`
	}
	if err := r.db(ctx).Delivery.Query().Where(delivery.MessageID(m.ID)).
		GroupBy(delivery.FieldStatus, delivery.FieldReason).Aggregate(ent.Count()).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make([]*model.PushOutcome, 0, len(rows))
	for _, row := range rows {
		o := &model.PushOutcome{Status: row.Status, Count: row.Count}
		if row.Reason != "" {
			o.Reason = &row.Reason
		}
		out = append(out, o)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Status < out[j].Status
	})
	return out, nil
}

package graph

import (
	"context"
	"sort"
	"time"

	"imbridge/ent"
	"imbridge/ent/message"
	"imbridge/graph/model"
)

// pushStatsMaxDays bounds the charts' window: one aggregate query a day.
const pushStatsMaxDays = 31

// pushStats sums the messages' delivery counters (kept by the engine as it
// delivers) per creation day and per source, so the charts cost one
// aggregate query a day and one for the sources, whatever the volume.
func (r *Resolver) pushStats(ctx context.Context, days *int) (*model.PushStats, error) {
	n := 7
	if days != nil {
		n = *days
	}
	if n < 1 || n > pushStatsMaxDays {
		return nil, badInput("days", "between 1 and 31")
	}
	now := time.Now().UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	from := today.AddDate(0, 0, -(n - 1))
	out := &model.PushStats{Days: []*model.PushStatsRow{}, Sources: []*model.PushStatsRow{}}
	db := r.db(ctx)
	for d := from; !d.After(today); d = d.AddDate(0, 0, 1) {
		rows, err := sums(ctx, db.Message.Query().Where(message.CreatedAtGTE(d), message.CreatedAtLT(d.AddDate(0, 0, 1))), "")
		if err != nil {
			return nil, err
		}
		row := &model.PushStatsRow{Day: &d}
		for _, x := range rows {
			add(row, x)
		}
		out.Days = append(out.Days, row)
	}
	rows, err := sums(ctx, db.Message.Query().Where(message.CreatedAtGTE(from)), message.FieldSource)
	if err != nil {
		return nil, err
	}
	for _, x := range rows {
		src := x.Source
		row := &model.PushStatsRow{Source: &src}
		add(row, x)
		out.Sources = append(out.Sources, row)
	}
	sort.SliceStable(out.Sources, func(i, j int) bool {
		a, b := out.Sources[i], out.Sources[j]
		return a.Sent+a.Skipped+a.Failed+a.Pending > b.Sent+b.Skipped+b.Failed+b.Pending
	})
	return out, nil
}

// counterSums is one group's sums of the message counters.
type counterSums struct {
	Source  string `json:"source"`
	Total   int    `json:"total"`
	Sent    int    `json:"sent"`
	Skipped int    `json:"skipped"`
	Failed  int    `json:"failed"`
}

// sums aggregates the counters of q's messages, grouped by field (none: one row).
func sums(ctx context.Context, q *ent.MessageQuery, field string) ([]counterSums, error) {
	var rows []counterSums
	aggs := []ent.AggregateFunc{
		ent.As(ent.Sum(message.FieldTotal), "total"), ent.As(ent.Sum(message.FieldSent), "sent"),
		ent.As(ent.Sum(message.FieldSkipped), "skipped"), ent.As(ent.Sum(message.FieldFailed), "failed"),
	}
	var err error
	if field == "" {
		err = q.Aggregate(aggs...).Scan(ctx, &rows)
	} else {
		err = q.GroupBy(field).Aggregate(aggs...).Scan(ctx, &rows)
	}
	return rows, err
}

// add adds a group's sums to a chart row; pending is what is neither sent,
// skipped nor failed yet.
func add(row *model.PushStatsRow, x counterSums) {
	row.Sent += x.Sent
	row.Skipped += x.Skipped
	row.Failed += x.Failed
	row.Pending += max(x.Total-x.Sent-x.Skipped-x.Failed, 0)
}

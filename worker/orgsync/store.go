package orgsync

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/ent/reviewitem"
	"imbridge/ent/syncchange"
	"imbridge/worker/orgsync/plan"
)

// storeBatch bounds the rows of one insert.
const storeBatch = 500

// Summary turns a plan's figures into what the run row keeps.
func Summary(p *plan.Plan) *detail.PlanSummary {
	s := &detail.PlanSummary{
		DepartmentsBound: p.Stats.Departments.Bound, DepartmentsMatched: p.Stats.Departments.Matched,
		DepartmentsNew: p.Stats.Departments.New, DepartmentsDeleted: p.Stats.Departments.Deleted,
		UsersBound: p.Stats.Users.Bound, UsersMatched: p.Stats.Users.Matched, UsersCreated: p.Stats.Users.Created,
		UsersAmbiguous: p.Stats.Users.Ambiguous, UsersUnmatched: p.Stats.Users.Unmatched,
		UsersOffboarded: p.Stats.Users.Offboarded, UsersLeftScope: p.Stats.Users.LeftScope,
		SourceUsers: p.Stats.SourceUsers, TargetUsers: p.Stats.TargetUsers,
		Irreversible: len(p.Irreversible),
		Brake: detail.BrakeVerdict{
			Tripped: p.Brake.Tripped, Reason: p.Brake.Reason, Disable: p.Brake.Counts.Disable, Delete: p.Brake.Counts.Delete,
			LeftScope: p.Brake.Counts.LeftScope, TargetUsers: p.Brake.Counts.TargetUsers, SourceUsers: p.Brake.Counts.SourceUsers,
			PreviousSourceUsers: p.Brake.Counts.PreviousSourceUsers, Decrease: p.Brake.Counts.Decrease,
		},
	}
	for a, n := range p.Stats.Changes {
		s.Changes = append(s.Changes, detail.KindCount{Kind: string(a), Count: n})
	}
	for k, n := range p.Stats.Review {
		s.Review = append(s.Review, detail.KindCount{Kind: string(k), Count: n})
	}
	sort.Slice(s.Changes, func(i, j int) bool { return s.Changes[i].Kind < s.Changes[j].Kind })
	sort.Slice(s.Review, func(i, j int) bool { return s.Review[i].Kind < s.Review[j].Kind })
	for _, n := range p.Tree {
		s.Tree = append(s.Tree, detail.TreeNode{Key: n.Key, ParentKey: n.ParentKey, Name: n.Name, Source: n.Source, Depth: n.Depth, Status: string(n.Status), Bound: n.Bound})
	}
	return s
}

func snapshotJSON(s *plan.Snapshot) string {
	if s == nil {
		return ""
	}
	b, _ := json.Marshal(s) // plain struct: cannot fail
	return string(b)
}

func parseSnapshot(s string) (*plan.Snapshot, error) {
	if s == "" {
		return nil, nil
	}
	var out plan.Snapshot
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// storePlan writes the plan's changes and review items as rows of the
// run and its summary on the run, replacing rows a killed earlier attempt
// may have left (the plan is written in one transaction, so there are
// none unless it committed).
func storePlan(ctx context.Context, db *ent.Client, run *ent.SyncRun, p *plan.Plan, summary *detail.PlanSummary) error {
	tx, err := db.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	c := tx.Client()
	if _, err := c.SyncChange.Delete().Where(syncchange.RunID(run.ID)).Exec(ctx); err != nil {
		return err
	}
	if _, err := c.ReviewItem.Delete().Where(reviewitem.RunID(run.ID)).Exec(ctx); err != nil {
		return err
	}
	for start := 0; start < len(p.Changes); start += storeBatch {
		end := min(start+storeBatch, len(p.Changes))
		bulk := make([]*ent.SyncChangeCreate, 0, end-start)
		for i := start; i < end; i++ {
			ch := p.Changes[i]
			bulk = append(bulk, changeCreate(c, run.ID, i, ch))
		}
		if err := c.SyncChange.CreateBulk(bulk...).Exec(ctx); err != nil {
			return fmt.Errorf("storing changes: %w", err)
		}
	}
	for start := 0; start < len(p.Review); start += storeBatch {
		end := min(start+storeBatch, len(p.Review))
		bulk := make([]*ent.ReviewItemCreate, 0, end-start)
		for _, r := range p.Review[start:end] {
			bulk = append(bulk, c.ReviewItem.Create().SetRunID(run.ID).SetCorpID(*run.CorpID).SetKind(reviewitem.Kind(r.Kind)).
				SetSource(r.Source).SetTarget(r.Target).SetName(clip(r.Name, 300)).SetMatchField(string(r.Field)).SetValue(clip(r.Value, 300)).
				SetCandidates(r.Candidates).SetText(clip(r.Text, 2000)))
		}
		if err := c.ReviewItem.CreateBulk(bulk...).Exec(ctx); err != nil {
			return fmt.Errorf("storing review items: %w", err)
		}
	}
	if err := c.SyncRun.UpdateOneID(run.ID).SetPlan(summary).SetTotal(len(p.Changes)).SetDone(0).Exec(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

func changeCreate(c *ent.Client, runID, ordinal int, ch plan.Change) *ent.SyncChangeCreate {
	kind := syncchange.TargetKindUser
	if ch.Action.OnDepartment() {
		kind = syncchange.TargetKindDepartment
	}
	diff := make([]detail.FieldDiff, len(ch.Diff))
	for i, d := range ch.Diff {
		diff[i] = detail.FieldDiff{Field: d.Field, Before: d.Before, After: d.After}
	}
	name := ch.Name
	if name == "" {
		name = ch.Target
	}
	return c.SyncChange.Create().SetRunID(runID).SetOrdinal(ordinal).SetKey(ch.Key).SetAction(syncchange.Action(ch.Action)).
		SetTargetKind(kind).SetSource(ch.Source).SetTarget(ch.Target).SetName(clip(name, 300)).
		SetBefore(snapshotJSON(ch.Before)).SetAfter(snapshotJSON(ch.After)).SetDiff(diff).
		SetReasonCode(string(ch.Reason.Code)).SetReason(clip(ch.Reason.Text, 2000)).SetDependsOn(ch.DependsOn).SetMethod(string(ch.Method))
}

// change rebuilds the planner's Change from its row.
func change(r *ent.SyncChange) (plan.Change, error) {
	before, err := parseSnapshot(r.Before)
	if err != nil {
		return plan.Change{}, fmt.Errorf("change %d: before: %w", r.Ordinal, err)
	}
	after, err := parseSnapshot(r.After)
	if err != nil {
		return plan.Change{}, fmt.Errorf("change %d: after: %w", r.Ordinal, err)
	}
	c := plan.Change{Key: r.Key, Action: plan.Action(r.Action), Source: r.Source, Target: r.Target, Name: r.Name,
		Before: before, After: after, Reason: plan.Reason{Code: plan.ReasonCode(r.ReasonCode), Text: r.Reason},
		DependsOn: r.DependsOn, Method: plan.BindMethod(r.Method)}
	for _, d := range r.Diff {
		c.Diff = append(c.Diff, plan.FieldDiff{Field: d.Field, Before: d.Before, After: d.After})
	}
	return c, nil
}

// copyPlan copies a dry run's stored changes into run (apply this plan).
func copyPlan(ctx context.Context, db *ent.Client, from, run *ent.SyncRun) error {
	rows, err := db.SyncChange.Query().Where(syncchange.RunID(from.ID)).Order(ent.Asc(syncchange.FieldOrdinal)).All(ctx)
	if err != nil {
		return err
	}
	p := &plan.Plan{}
	for _, r := range rows {
		c, err := change(r)
		if err != nil {
			return err
		}
		p.Changes = append(p.Changes, c)
	}
	return storePlan(ctx, db, run, p, from.Plan)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

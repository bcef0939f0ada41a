package graph

import (
	"imbridge/graph/model"
	"imbridge/worker"
)

func archivedJob(j worker.ArchivedJob) *model.ArchivedJob {
	out := &model.ArchivedJob{ID: j.ID, Queue: j.Queue, Type: j.Type, LastError: j.LastError, Retried: j.Retried}
	if !j.LastFailedAt.IsZero() {
		t := j.LastFailedAt
		out.LastFailedAt = &t
	}
	return out
}

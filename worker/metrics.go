package worker

import (
	"context"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var (
	jobsTotal = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "imbridge_jobs_total",
		Help: "Jobs processed, by task type and outcome (ok, error).",
	}, []string{"type", "outcome"})
	jobDuration = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "imbridge_job_duration_seconds",
		Help:    "Time spent in job handlers, by task type.",
		Buckets: prometheus.ExponentialBuckets(0.05, 2, 14),
	}, []string{"type"})
)

// metricsMiddleware counts and times every job.
func metricsMiddleware(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		start := time.Now()
		err := next.ProcessTask(ctx, t)
		outcome := "ok"
		if err != nil {
			outcome = "error"
		}
		jobsTotal.WithLabelValues(t.Type(), outcome).Inc()
		jobDuration.WithLabelValues(t.Type()).Observe(time.Since(start).Seconds())
		return err
	})
}

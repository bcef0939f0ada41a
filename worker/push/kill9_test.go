package push_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/database"
	"imbridge/ent/message"
	"imbridge/ent/pushtarget"
	"imbridge/platform"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
	"imbridge/worker/push"
	"imbridge/worker/webhook"
)

// The environment a worker process started by TestKill9 reads.
const (
	envKillDB      = "IMBRIDGE_PUSH_KILL9_DB"
	envKillSim     = "IMBRIDGE_PUSH_KILL9_SIM"
	envKillTenant  = "IMBRIDGE_PUSH_KILL9_TENANT"
	envKillMessage = "IMBRIDGE_PUSH_KILL9_MESSAGE"
)

// TestKill9 is the test: a worker process delivering a push to
// 10,000 people (1,000 with -short) is killed with SIGKILL at a random
// point, five times; each new worker resumes the same job. In the end every
// recipient has exactly one message in the simulator, which outlives the
// workers (it runs in this process), as the database does (a file or a
// PostgreSQL database both processes open).
func TestKill9(t *testing.T) {
	users := 10_000
	if testing.Short() {
		users = 1_000
	}
	e := newEnv(t, envOptions{users: users, sim: feishusim.Config{Latency: time.Millisecond}})
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeTodo, false)
	m := e.push(everyone("kill9", "审批"))
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	total := len(e.userIDs())
	var points []string
	for i := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKill9Worker$", "-test.v")
		cmd.Env = append(os.Environ(), envKillDB+"="+e.dbURL, envKillSim+"="+e.simURL,
			envKillTenant+"="+strconv.Itoa(e.tenant), envKillMessage+"="+strconv.Itoa(m.ID))
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		started := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		// A random point: the first worker at a random moment (most often
		// while it plans), the others once a random share of what is
		// left has been sent.
		sent := e.sim.MessageStats().Sent
		target := sent + 1 + rng.IntN(max((total-sent)/3, 1))
		deadline := started.Add(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		tick := time.NewTicker(time.Millisecond)
	wait:
		for {
			select {
			case err := <-done:
				tick.Stop()
				t.Fatalf("worker %d ended before its kill (%v): %s", i+1, err, tail(out.String()))
			case <-tick.C:
				if (i == 0 && time.Now().After(deadline)) || (i > 0 && e.sim.MessageStats().Sent >= target) {
					break wait
				}
			}
		}
		tick.Stop()
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-done
		points = append(points, fmt.Sprintf("%v in, %d sent", time.Since(started).Round(time.Millisecond), e.sim.MessageStats().Sent))
	}
	t.Logf("killed at: %v", points)
	if sent := e.sim.MessageStats().Sent; sent == total {
		t.Fatal("everything was sent before the last kill: the test proves less than it says")
	}
	// The job's last retry runs to the end in this process.
	if err := e.eng.Deliver(context.Background(), e.tenant, m.ID); err != nil {
		t.Fatal(err)
	}
	m = e.message(m.ID)
	if m.Status != message.StatusDelivered || m.Sent != total {
		t.Fatalf("message: %s, sent %d of %d", m.Status, m.Sent, total)
	}
	exactlyOnce(t, e)
	if n := e.sim.MessageStats().Sent; n != total {
		t.Fatalf("the simulator created %d messages for %d people", n, total)
	}
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

// TestKill9Worker is the worker process TestKill9 starts and kills: it
// runs the message's delivery job (what OpDeliver runs) against the
// database and simulator it is given. Without them it does nothing.
func TestKill9Worker(t *testing.T) {
	dbURL := os.Getenv(envKillDB)
	if dbURL == "" {
		t.Skip("the worker process of TestKill9")
	}
	tenant, _ := strconv.Atoi(os.Getenv(envKillTenant))
	msg, _ := strconv.Atoi(os.Getenv(envKillMessage))
	db, err := database.Open(dbURL, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	limits := map[string][]ratelimit.Limit{}
	for _, api := range []string{feishu.APICreateMessage, feishu.APIMessagePerRecipient} {
		limits[api] = []ratelimit.Limit{}
	}
	client, err := feishu.New(feishu.Params{AppID: "cli_push", AppSecret: "secret-push", BaseURL: os.Getenv(envKillSim),
		Broker: broker.OpenTest(t), Limits: limits, Egress: simEgress})
	if err != nil {
		t.Fatal(err)
	}
	eng := push.New(push.Params{
		DB:        db.Client,
		Messenger: func(context.Context, *ent.App, *ent.Corp) (platform.Messenger, error) { return client, nil },
		Schedule:  func(context.Context, int, int, push.Op) error { return nil },
		Webhooks:  &webhook.Publisher{DB: db.Client},
		Backoff:   func(int) time.Duration { return time.Millisecond },
	})
	if err := eng.Deliver(context.Background(), tenant, msg); err != nil {
		t.Fatal(err)
	}
	fmt.Println("delivered")
}

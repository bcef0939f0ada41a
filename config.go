package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"imbridge/platform/egress"
	"imbridge/worker/webhook"
)

// config is the server's configuration: environment variables, each
// mirrored by a flag that overrides it. README.md lists them all.
type config struct {
	Listen      string
	PublicURL   string
	DataDir     string
	DatabaseURL string
	RedisURL    string
	// RedisNamespace prefixes every key, channel and queue, so that several
	// installations can share one Redis server.
	RedisNamespace string
	SecretKey      string
	AdminPassword  string
	Demo           string
	Role           string
	LogLevel       string
	LogFormat      string
	DevOrigins     string
	Concurrency    int
	// MaxBody and MaxAnonymousBody bound /query request bodies, in bytes
	// (graph.RequestLimits).
	MaxBody, MaxAnonymousBody int64
	// AllowPrivateHosts lists the private or plain-http hosts platform
	// calls may reach (egress.ParseAllowList); AllowPrivateHostsSet says
	// whether the operator set it (else demo mode defaults it).
	AllowPrivateHosts    string
	AllowPrivateHostsSet bool
	// AllowPrivateWebhookHosts lists the private or plain-http hosts the
	// OA's webhook receivers may be on (webhook.Setting), the same way.
	AllowPrivateWebhookHosts    string
	AllowPrivateWebhookHostsSet bool
}

// redisNamespace is what IMBRIDGE_REDIS_NAMESPACE may be: it becomes part of
// queue names and keys.
var redisNamespace = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// parseConfig reads the environment, then the flags in args.
func parseConfig(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("imbridge", flag.ContinueOnError)
	fs.StringVar(&c.Listen, "listen", env("IMBRIDGE_LISTEN", ":8080"), "HTTP listen address (IMBRIDGE_LISTEN)")
	fs.StringVar(&c.PublicURL, "public-url", env("IMBRIDGE_PUBLIC_URL", "http://localhost:8080"), "URL at which IM platforms and browsers reach the server (IMBRIDGE_PUBLIC_URL)")
	fs.StringVar(&c.DataDir, "data-dir", env("IMBRIDGE_DATA_DIR", "./data"), "directory of the embedded SQLite file and local state (IMBRIDGE_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("IMBRIDGE_DATABASE_URL", ""), "postgres://… URL; empty for embedded SQLite (IMBRIDGE_DATABASE_URL)")
	fs.StringVar(&c.RedisURL, "redis-url", env("IMBRIDGE_REDIS_URL", ""), "redis://… URL; empty for an in-process Redis (IMBRIDGE_REDIS_URL)")
	fs.StringVar(&c.RedisNamespace, "redis-namespace", env("IMBRIDGE_REDIS_NAMESPACE", "imbridge"), "prefix of every Redis key, channel and queue; installations sharing one Redis need different ones (IMBRIDGE_REDIS_NAMESPACE)")
	fs.StringVar(&c.Role, "role", env("IMBRIDGE_ROLE", "all"), "api, worker or all (IMBRIDGE_ROLE)")
	fs.StringVar(&c.Demo, "demo", env("IMBRIDGE_DEMO", ""), "on/off: seed the demo tenant; default on when no database is configured (IMBRIDGE_DEMO)")
	fs.StringVar(&c.LogLevel, "log-level", env("IMBRIDGE_LOG_LEVEL", "info"), "debug, info, warn or error (IMBRIDGE_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("IMBRIDGE_LOG_FORMAT", "text"), "text or json (IMBRIDGE_LOG_FORMAT)")
	fs.StringVar(&c.DevOrigins, "dev-origins", env("IMBRIDGE_DEV_ORIGINS", ""), "extra browser origins allowed to open WebSockets, comma-separated, e.g. localhost:5173 (IMBRIDGE_DEV_ORIGINS)")
	fs.StringVar(&c.AllowPrivateHosts, "allow-private-platform-hosts", env(egress.Setting, ""), "hosts, host:ports, addresses or CIDR blocks that platform API base URLs may name although private, over https or plain http; default in demo mode: the simulator's address ("+egress.Setting+")")
	fs.StringVar(&c.AllowPrivateWebhookHosts, "allow-private-webhook-hosts", env(webhook.Setting, ""), "hosts, host:ports, addresses or CIDR blocks that the OA's webhook receivers may be on although private, over https or plain http; default in demo mode: the demo receiver's address ("+webhook.Setting+")")
	conc, _ := strconv.Atoi(env("IMBRIDGE_WORKER_CONCURRENCY", "10"))
	fs.IntVar(&c.Concurrency, "concurrency", conc, "jobs processed at once per worker process (IMBRIDGE_WORKER_CONCURRENCY)")
	var maxBody, maxAnonymousBody string
	fs.StringVar(&maxBody, "max-body", env("IMBRIDGE_MAX_BODY", "64MiB"), "largest /query body from an authenticated caller, e.g. 64MiB (IMBRIDGE_MAX_BODY)")
	fs.StringVar(&maxAnonymousBody, "max-anonymous-body", env("IMBRIDGE_MAX_ANONYMOUS_BODY", "32KiB"), "largest /query body before authentication, e.g. 32KiB (IMBRIDGE_MAX_ANONYMOUS_BODY)")
	// The flag package's own messages are silenced: help goes to stdout
	// (exit 0), a parse error is returned for main to print (exit 1).
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(os.Stdout, fs)
			return c, err
		}
		return c, fmt.Errorf("%w (imbridge --help lists the flags)", err)
	}
	var err error
	if c.MaxBody, err = parseSize("--max-body", maxBody); err != nil {
		return c, err
	}
	if c.MaxAnonymousBody, err = parseSize("--max-anonymous-body", maxAnonymousBody); err != nil {
		return c, err
	}
	if c.MaxAnonymousBody > c.MaxBody {
		return c, fmt.Errorf("--max-anonymous-body (%s) is larger than --max-body (%s)", maxAnonymousBody, maxBody)
	}
	_, c.AllowPrivateHostsSet = os.LookupEnv(egress.Setting)
	_, c.AllowPrivateWebhookHostsSet = os.LookupEnv(webhook.Setting)
	fs.Visit(func(f *flag.Flag) {
		c.AllowPrivateHostsSet = c.AllowPrivateHostsSet || f.Name == "allow-private-platform-hosts"
		c.AllowPrivateWebhookHostsSet = c.AllowPrivateWebhookHostsSet || f.Name == "allow-private-webhook-hosts"
	})
	if _, err := egress.ParseAllowList(c.AllowPrivateHosts); err != nil {
		return c, err
	}
	if _, err := egress.ParseAllowListFor(webhook.Setting, c.AllowPrivateWebhookHosts); err != nil {
		return c, err
	}
	// Secrets come from the environment only: flags show up in process lists.
	c.SecretKey = os.Getenv("IMBRIDGE_SECRET_KEY")
	c.AdminPassword = os.Getenv("IMBRIDGE_ADMIN_PASSWORD")
	if !redisNamespace.MatchString(c.RedisNamespace) {
		return c, fmt.Errorf("--redis-namespace: %q is not 1 to 64 letters, digits, '_' or '-'", c.RedisNamespace)
	}
	switch c.Role {
	case "api", "worker", "all":
	default:
		return c, fmt.Errorf("--role: %q is not one of api, worker, all", c.Role)
	}
	if c.Role != "all" && c.RedisURL == "" {
		return c, fmt.Errorf("--role=%s needs IMBRIDGE_REDIS_URL: split processes share jobs through one Redis", c.Role)
	}
	if c.Role != "all" && c.DatabaseURL == "" {
		return c, fmt.Errorf("--role=%s needs IMBRIDGE_DATABASE_URL: split processes share one database", c.Role)
	}
	if c.Role != "all" && c.demoEnabled() {
		// The simulators, their organisations and the demo's wiring live in
		// the memory of one process: split processes would seed nothing
		// and run a demo nobody could use. Refused, not ignored.
		return c, fmt.Errorf("--demo=%s (IMBRIDGE_DEMO) needs --role=all: the demo's simulators run inside one process; start it as one process, or set --demo=off with --role=%s", c.Demo, c.Role)
	}
	return c, nil
}

// demoEnabled: explicit on/off, otherwise on for the embedded database.
func (c config) demoEnabled() bool {
	switch strings.ToLower(c.Demo) {
	case "on", "true", "1", "yes":
		return true
	case "off", "false", "0", "no":
		return false
	}
	return c.DatabaseURL == ""
}

func (c config) devOrigins() []string {
	var out []string
	for _, o := range strings.Split(c.DevOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// platformEgress is the policy of platform calls: the operator's allow list
// or, in demo mode when the operator set none, the simulator's address
// (this process's listen address) and nothing else. addr is the address
// the server listens on.
func (c config) platformEgress(addr string) (*egress.Policy, bool, error) {
	return c.egressPolicy(egress.Setting, "platform hosts", c.AllowPrivateHosts, c.AllowPrivateHostsSet, addr)
}

// webhookEgress is the policy of webhooks to the OA: the operator's
// webhook.Setting or, in demo mode when the operator set none, the demo OA
// receiver's address (this process's listen address) and nothing else.
func (c config) webhookEgress(addr string) (*egress.Policy, bool, error) {
	return c.egressPolicy(webhook.Setting, webhook.Subject, c.AllowPrivateWebhookHosts, c.AllowPrivateWebhookHostsSet, addr)
}

func (c config) egressPolicy(setting, subject, spec string, set bool, addr string) (*egress.Policy, bool, error) {
	byDemo := false
	if !set && c.demoEnabled() && c.Role == "all" {
		spec, byDemo = demoHost(addr), true
	}
	allow, err := egress.ParseAllowListFor(setting, spec)
	if err != nil {
		return nil, false, err
	}
	return egress.New(egress.Params{Allow: allow, Setting: setting, Subject: subject}), byDemo, nil
}

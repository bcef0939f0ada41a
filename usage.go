package main

import (
	"flag"
	"fmt"
	"io"
)

// commands are imbridge's subcommands, as `imbridge --help` lists them.
var commands = []struct{ name, args, what string }{
	{"", "[flags]", "run the server: API, console, worker and scheduler (--role splits them)"},
	{"migrate", "[--dry-run] [flags]", "apply the schema migration and exit; --dry-run prints the SQL instead"},
	{"healthcheck", "[URL]", "GET URL (default http://127.0.0.1:8080/readyz) and fail unless it answers 200 (for containers without curl)"},
	{"help", "", "print this help"},
}

// usage writes the subcommands, then the flags of fs with their environment
// variables and defaults.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "imbridge: a bridge between an OA system and its IM platforms (Feishu, WeCom).")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands {
		line := "imbridge"
		if c.name != "" {
			line += " " + c.name
		}
		if c.args != "" {
			line += " " + c.args
		}
		fmt.Fprintf(w, "  %-42s %s\n", line, c.what)
	}
	fmt.Fprintln(w, "\nFlags (each mirrors the environment variable in brackets, which it overrides):")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nSecrets come from the environment only: IMBRIDGE_SECRET_KEY, IMBRIDGE_ADMIN_PASSWORD.")
}

package mirror_test

import "imbridge/platform/egress"

// simEgress lets clients reach the simulators, which listen on 127.0.0.1
// over plain http, as an operator's allow list would.
var simEgress = egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")})

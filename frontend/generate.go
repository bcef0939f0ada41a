package frontend

// The console's typed GraphQL operations (src/gql) are generated from the
// schema in graph/*.graphql; `go generate ./...` runs this after gqlgen.
// Needs `npm ci` in frontend/ first (make generate does it).
//go:generate npm run --silent codegen

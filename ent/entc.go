//go:build ignore

// entc generates the ent client and the GraphQL schema of the entities
// (graph/ent.graphql). Run through `go generate ./...` from the repo root.
package main

import (
	"fmt"
	"log"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(false),
		entgql.WithSchemaHook(describe),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	cfg := &gen.Config{
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureNamedEdges,
			gen.FeatureGlobalID,
		},
	}
	// ent/template adds the tenant check to edge predicates (see the file).
	if err := entc.Generate("./ent/schema", cfg, entc.Extensions(ex), entc.TemplateDir("./ent/template")); err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}

// describe completes the generated schema's documentation, which entgql
// leaves out: each entity type gets its schema.Comment, every `id` and every
// root connection a description, so the schema documents the whole API.
func describe(g *gen.Graph, s *ast.Schema) error {
	for _, t := range g.Nodes {
		def := s.Types[t.Name]
		if def == nil {
			continue
		}
		if c, ok := t.Annotations["Comment"].(map[string]any); ok {
			def.Description, _ = c["Text"].(string)
		}
		if def.Description == "" {
			return fmt.Errorf("entity %s has no schema.Comment", t.Name)
		}
		for _, e := range t.Edges {
			if f := def.Fields.ForName(gen.Funcs["camel"].(func(string) string)(e.Name)); f != nil && f.Description == "" {
				f.Description = e.Comment()
			}
		}
		if f := def.Fields.ForName("id"); f != nil && f.Description == "" {
			f.Description = "The object's global id (Relay Node id)."
		}
	}
	for name, def := range s.Types {
		if def.Kind != ast.InputObject || !(strings.HasPrefix(name, "Create") || strings.HasPrefix(name, "Update")) {
			continue
		}
		for _, f := range def.Fields {
			if f.Description != "" {
				continue
			}
			switch {
			case strings.HasPrefix(f.Name, "clear"):
				f.Description = "Set to true to clear " + strings.TrimPrefix(f.Name, "clear") + "."
			case strings.HasPrefix(f.Name, "append"):
				f.Description = "Values appended to " + strings.TrimPrefix(f.Name, "append") + "."
			case strings.HasSuffix(f.Name, "ID"):
				f.Description = "The id of the " + strings.TrimSuffix(f.Name, "ID") + "."
			}
		}
	}
	if q := s.Types["Query"]; q != nil {
		q.Description = "Reads. Every field needs the read permission, except viewer; results are limited to the caller's tenant."
		for _, f := range q.Fields {
			if f.Description == "" && f.Type.Name() != "" && len(f.Arguments) > 0 {
				f.Description = fmt.Sprintf("%s objects visible to the caller, with cursor pagination (first/after, last/before), filters (where) and order (orderBy).", f.Type.Name())
			}
		}
	}
	return nil
}

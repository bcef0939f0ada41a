package graph_test

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"imbridge/graph/generated"
)

// TestSchemaIsDocumented: the schema is the API's documentation, so every
// type, every output field and every argument-free input written by hand
// carries a description. Generated filter and order inputs (…WhereInput,
// …Order) are described by their generated names and are not checked
// field by field.
func TestSchemaIsDocumented(t *testing.T) {
	s := generated.NewExecutableSchema(generated.Config{}).Schema()
	var missing []string
	for name, d := range s.Types {
		if strings.HasPrefix(name, "__") || d.BuiltIn {
			continue
		}
		if d.Description == "" {
			missing = append(missing, "type "+name)
		}
		generatedInput := d.Kind == ast.InputObject && (strings.HasSuffix(name, "WhereInput") || strings.HasSuffix(name, "Order"))
		for _, f := range d.Fields {
			if f.Description == "" && !generatedInput && !strings.HasPrefix(f.Name, "__") {
				missing = append(missing, name+"."+f.Name)
			}
		}
	}
	if len(missing) > 0 {
		t.Fatalf("%d undocumented: %v", len(missing), missing)
	}
}

package graph

import (
	"strings"
	"unicode/utf8"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"imbridge/ent/identifier"
	"imbridge/ent/predicate"
	"imbridge/ent/user"
)

// userSearch is the Directory search: a person whose name, mobile, e-mail
// or employee number contains q (case ignored), or whose external id is q.
// A number in any spelling ("139 0000 0004") also finds it as stored (E.164).
//
// On PostgreSQL the trigram indexes (ent/database: search_index.go) serve
// terms of three characters or more. Shorter ones — a surname such as "王",
// the commonest search in a Chinese directory — have no trigram: for them
// the people are picked in a subquery that the characters index serves
// (every character of q occurs in the person's searchable text: necessary
// for any match, so nothing is lost) and rechecked with the matches above.
// The subquery also keeps PostgreSQL from walking the name-order index
// through half the tenant to find the first page of a common surname.
func userSearch(q string, tenantID int) predicate.User {
	mobile := identifier.NormalizeMobile(q)
	preds := []predicate.User{
		user.NameContainsFold(q), user.MobileContains(q), user.EmailContainsFold(q), user.EmployeeNoContainsFold(q), user.ExternalIDEqualFold(q),
	}
	if mobile != q {
		preds = append(preds, user.Mobile(mobile))
	}
	matches := user.Or(preds...)
	if utf8.RuneCountInString(q) >= 3 {
		return matches
	}
	return func(s *sql.Selector) {
		if s.Dialect() != dialect.Postgres {
			matches(s)
			return
		}
		s.Where(sql.P(func(b *sql.Builder) {
			contains := "%" + likeEscape(q) + "%"
			b.Ident(s.C(user.FieldID)).WriteString(" IN (SELECT id FROM users WHERE " + searchChars + " @> ").Arg(pq.Array(strings.Split(strings.ToLower(q), "")))
			if tenantID != 0 {
				b.WriteString(" AND tenant_id = ").Arg(tenantID)
			}
			b.WriteString(" AND (name ILIKE ").Arg(contains).
				WriteString(" OR mobile LIKE ").Arg(contains).
				WriteString(" OR email ILIKE ").Arg(contains).
				WriteString(" OR employee_no ILIKE ").Arg(contains).
				WriteString(" OR external_id ILIKE ").Arg(likeEscape(q))
			if mobile != q {
				b.WriteString(" OR mobile = ").Arg(mobile)
			}
			b.WriteString("))")
		}))
	}
}

// searchChars is the indexed expression of the characters index
// (ent/database.SearchCharsIndex), written the same way: PostgreSQL uses an
// expression index only for the same expression.
const searchChars = `string_to_array(lower(name || ' ' || coalesce(mobile, '') || ' ' || coalesce(email, '') || ' ' || coalesce(employee_no, '') || ' ' || external_id), NULL)`

// likeEscape makes s match itself in a LIKE pattern (backslash is
// PostgreSQL's default escape).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

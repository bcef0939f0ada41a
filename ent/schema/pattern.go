package schema

import "regexp"

// Validation patterns shared by several entities. They live here so the
// GraphQL validation messages and the database agree on one rule.
var (
	slugPattern     = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	usernamePattern = regexp.MustCompile(`^[A-Za-z0-9._@-]{2,64}$`)
)

// Mobiles and e-mails are not checked by a pattern: package identifier
// validates them and the User hook stores them in canonical form.

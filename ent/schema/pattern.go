package schema

import "regexp"

// Validation patterns shared by several entities. They live here so the
// GraphQL validation messages and the database agree on one rule.
var (
	slugPattern     = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	usernamePattern = regexp.MustCompile(`^[A-Za-z0-9._@-]{2,64}$`)
	// mobilePattern accepts mainland numbers (11 digits starting with 1) with an
	// optional +86, and international numbers in E.164 form, as Feishu does.
	mobilePattern = regexp.MustCompile(`^(\+86)?1[3-9]\d{9}$|^\+[1-9]\d{6,14}$`)
	emailPattern  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

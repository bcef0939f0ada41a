package schema

// Text columns that hold what people type are sized in characters (runes),
// not bytes: a Chinese character takes 3 bytes and an emoji 4, so a byte
// limit refuses names the platforms accept (86 CJK characters are 258
// bytes). The limit is ent's validator (MaxRuneLen), the same on both
// backends: ent's Atlas migration makes the column an unbounded varchar on
// PostgreSQL and text on SQLite. The sizes are generous next to the
// platforms' own limits, whose
// way of counting (runes, UTF-16 units, graphemes) is not documented: Feishu
// allows 255 characters for a user's name, job title and employee number
// (contact v3 user/create: 41070 "name length exceed 255 character"), and
// documents no limit for a department's name.
const (
	maxNameChars       = 1024 // user and department names, job titles
	maxEmployeeNoChars = 512
)

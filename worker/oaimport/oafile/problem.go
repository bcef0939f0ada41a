package oafile

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with an uploaded file, where an admin can find
// it in the spreadsheet.
type Problem struct {
	// Sheet is the sheet's name ("CSV" for a CSV file); "" for the file.
	Sheet string
	// Row is the row number as the spreadsheet shows it (1 = the first);
	// 0 for a problem of the whole file or sheet.
	Row int
	// Column is the header of the offending cell, e.g. "手机号"; "" when the
	// problem is the row's or the file's.
	Column string
	// Field is the import engine's field path ("users[3].mobile"), when the
	// engine found the problem.
	Field string
	// Message says which rule is broken.
	Message string
}

func (p Problem) String() string {
	var at []string
	if p.Sheet != "" {
		at = append(at, p.Sheet)
	}
	if p.Row > 0 {
		at = append(at, fmt.Sprintf("row %d", p.Row))
	}
	if p.Column != "" {
		at = append(at, p.Column)
	}
	if len(at) == 0 {
		return p.Message
	}
	return strings.Join(at, " ") + ": " + p.Message
}

// Error is an uploaded file that cannot be imported: it cannot be read, or
// its rows break the import's rules. Nothing is written when it is returned.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid directory file: %d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for i, p := range e.Problems {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-3)
			break
		}
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

func fileError(format string, args ...any) *Error {
	return &Error{Problems: []Problem{{Message: fmt.Sprintf(format, args...)}}}
}

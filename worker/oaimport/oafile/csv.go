package oafile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// csvSheet names the one table of a CSV file in problems.
const csvSheet = "CSV"

// readCSV reads a CSV (or tab-separated) file in UTF-8 with or without a
// BOM, UTF-16 with a BOM (Excel's "Unicode text"), or GB18030, the superset
// of GBK in which Excel on a Chinese Windows saves CSV.
func readCSV(data []byte) (table, error) {
	text, err := decodeText(data)
	if err != nil {
		return table{}, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return table{}, &Error{Problems: []Problem{{Sheet: csvSheet, Row: pe.Line, Message: "the CSV cannot be read: " + pe.Err.Error()}}}
			}
			return table{}, fileError("the CSV cannot be read: %v", err)
		}
		// Row numbers are lines, as a spreadsheet shows them: the reader
		// skips blank lines, so put them back.
		line, _ := r.FieldPos(0)
		for len(rows) < line-1 {
			rows = append(rows, nil)
		}
		rows = append(rows, rec)
		if len(rows) > MaxRows+maxHeaderSearch {
			return table{}, fileError("the file has more than %d rows", MaxRows)
		}
	}
	return table{name: csvSheet, rows: rows}, nil
}

func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", fileError("the file starts with a UTF-16 byte order mark but is not UTF-16 text: %v", err)
		}
		return string(b), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(b) || bytes.ContainsRune(b, utf8.RuneError) {
		return "", fileError("the file is neither UTF-8 nor GBK text: save it as CSV UTF-8 or XLSX")
	}
	return string(b), nil
}

// delimiter picks the separator the first line uses most: comma, tab or
// semicolon (Excel's separator in locales with a decimal comma).
func delimiter(text string) rune {
	line, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(line, ",")
	for _, c := range []rune{'\t', ';'} {
		if k := strings.Count(line, string(c)); k > n {
			best, n = c, k
		}
	}
	return best
}

package binder

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Format is the file type of an export or import.
type Format string

// File formats: Excel workbooks (through github.com/xuri/excelize/v2) and
// comma-separated values (UTF-8 with a byte-order mark, which Excel needs to
// read Chinese text; RFC 4180 quoting).
const (
	FormatXLSX Format = "xlsx"
	FormatCSV  Format = "csv"
)

// ContentType is the MIME type of a file of this format.
func (f Format) ContentType() string {
	if f == FormatCSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// sheetName is the worksheet an export writes.
const sheetName = "绑定 Bindings"

// bom starts a UTF-8 CSV file for Excel.
const bom = "\ufeff"

// writeTable renders rows (the first one the header) in format f.
func writeTable(f Format, rows [][]string) ([]byte, error) {
	if f == FormatCSV {
		var buf bytes.Buffer
		buf.WriteString(bom)
		w := csv.NewWriter(&buf)
		if err := w.WriteAll(rows); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", sheetName); err != nil {
		return nil, err
	}
	sw, err := x.NewStreamWriter(sheetName)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, v := range r {
			// Text cells: a mobile or an employee number must not turn into
			// a number (and lose its leading zero or its "+").
			cells[j] = excelize.Cell{Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxRows bounds the rows an import reads: a directory of 100,000 people
// and room for blank lines.
const maxRows = 200_000

// readTable reads the rows of a file in format f: for a workbook, its first
// worksheet. Errors name the content field and what is wrong.
func readTable(f Format, data []byte) ([][]string, error) {
	if f == FormatCSV {
		s := strings.TrimPrefix(string(data), bom)
		if !utf8.ValidString(s) {
			return nil, invalid("content", "the CSV file is not UTF-8 text (save it as \"CSV UTF-8\")")
		}
		r := csv.NewReader(strings.NewReader(s))
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		var rows [][]string
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, invalid("content", "not a CSV file: %v", err)
			}
			if len(rows) >= maxRows {
				return nil, invalid("content", "more than %d rows", maxRows)
			}
			rows = append(rows, rec)
		}
		return rows, nil
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, invalid("content", "not an Excel workbook (.xlsx): %v", err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		return nil, invalid("content", "the workbook has no worksheet")
	}
	it, err := x.Rows(sheets[0])
	if err != nil {
		return nil, invalid("content", "reading worksheet %q: %v", sheets[0], err)
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		if len(rows) >= maxRows {
			return nil, invalid("content", "more than %d rows", maxRows)
		}
		rec, err := it.Columns()
		if err != nil {
			return nil, invalid("content", "reading row %d: %v", len(rows)+1, err)
		}
		rows = append(rows, rec)
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("reading worksheet: %w", err)
	}
	return rows, nil
}

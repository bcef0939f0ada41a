package oafile

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// unzipLimit bounds what an XLSX may expand to (a zip bomb is refused
// before anything is expanded): 100,000 people take ~30 MB of sheet XML,
// so 128 MiB leaves four times that. Reading holds several times the
// expanded size in memory, so a larger limit let one upload of 0.5 MB
// (500 MiB of blanks) take over 1 GB.
const unzipLimit = 128 << 20

// reading bounds the workbooks this process expands at once, so that
// concurrent uploads queue instead of adding up in memory.
var reading = make(chan struct{}, 2)

// readXLSX reads every sheet of a workbook, cells as stored (a mobile typed
// as a number is its digits, not "1.38E+10").
func readXLSX(data []byte) ([]table, error) {
	reading <- struct{}{}
	defer func() { <-reading }()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unzipLimit})
	if err != nil {
		return nil, fileError("the workbook cannot be opened: %v", err)
	}
	defer f.Close()
	var out []table
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &Error{Problems: []Problem{{Sheet: name, Message: "the sheet cannot be read: " + err.Error()}}}
		}
		out = append(out, table{name: name, rows: rows})
	}
	return out, nil
}

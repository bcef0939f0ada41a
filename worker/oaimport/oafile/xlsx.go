package oafile

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// unzipLimit bounds what an XLSX may expand to (a zip bomb is refused):
// 100,000 people take ~30 MB of sheet XML.
const unzipLimit = 512 << 20

// readXLSX reads every sheet of a workbook, cells as stored (a mobile typed
// as a number is its digits, not "1.38E+10").
func readXLSX(data []byte) ([]table, error) {
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

package oafile

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

// A workbook that would expand past unzipLimit (a few hundred KB of
// compressed blanks) is refused as a file error before it is expanded.
func TestWorkbookExpandingPastTheLimitIsRefused(t *testing.T) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := z.Create(name)
		_, _ = w.Write([]byte(`<?xml version="1.0"?><x/>`))
	}
	w, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	blanks := bytes.Repeat([]byte(" "), 1<<20)
	for range unzipLimit/len(blanks) + 1 {
		if _, err := w.Write(blanks); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = readXLSX(buf.Bytes())
	var fe *Error
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "cannot be opened") {
		t.Fatalf("a workbook of %d compressed bytes expanding past %d: %v", buf.Len(), unzipLimit, err)
	}
}

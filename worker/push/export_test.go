package push

// SetScanFrom changes from how many people bindings are scanned (tests
// drive both paths); it returns the undo.
func SetScanFrom(n int) func() {
	old := scanFrom
	scanFrom = n
	return func() { scanFrom = old }
}

package graph

import "imbridge/platform"

// platformExtensions are the extensions of a PLATFORM_ERROR: the platform's
// own code, message and log id, for the admin to quote to its support.
func platformExtensions(pe *platform.Error) map[string]any {
	ext := map[string]any{"platform": pe.Platform, "platformCode": pe.Code, "platformMessage": pe.Msg}
	if pe.LogID != "" {
		ext["logId"] = pe.LogID
	}
	return ext
}

package broadcast

// MicNotReported words a mic (连麦) figure the provider does not report,
// in the XLSX export (the console has its own text).
const MicNotReported = "火山引擎不提供 not reported by Volcano"

// MicReported reports whether the provider's statistics say who took the
// mic (连麦). WeCom's get_watch_stat has is_mic per viewer. Volcano's
// ListUserBehaviorDataAPIV2 has no such field (its row type, volc-sdk-java
// GetUserBehaviorListResponseAPIV2.UserBehaviorV2, lists none; 连麦 exists
// only as a live count, GetLinkUserAmount), so a Volcano broadcast's mic
// figures are unknown, not 0.
func MicReported(provider string) bool {
	return provider != ProviderVolcanoLive
}

package broadcast

import "imbridge/platform"

// staleAnswer says whether a platform answer (st, rp) would move the
// stored broadcast back. Refreshes race: a status callback's job and a
// console read each read the platform and then save, and the one that
// read first may save last. A room only moves forward on both axes
// (reserved → live → ended or expired; no replay → generating → ready or
// failed → deleted: seed 002 §2.5, WeCom get_living_info's status and
// replay_status), so an answer behind what is stored was read before it
// and must not overwrite it.
func staleAnswer(stored Broadcast, st platform.LiveStatus, rp platform.ReplayStatus) bool {
	if st != stored.Status && !StatusMayMove(stored.Status, st) {
		return true
	}
	return replayRank(rp) < replayRank(stored.Replay)
}

func replayRank(rp platform.ReplayStatus) int {
	switch rp {
	case platform.ReplayNone:
		return 0
	case platform.ReplayGenerating:
		return 1
	case platform.ReplayReady, platform.ReplayFailed:
		return 2
	}
	return 3 // deleted
}

package graph

import (
	"errors"

	"imbridge/platform"
)

// platformError finds a platform's refusal in err.
func platformError(err error) *platformErr {
	var pe *platform.Error
	if errors.As(err, &pe) {
		return &platformErr{pe: pe}
	}
	return nil
}

type platformErr struct{ pe *platform.Error }

func (p *platformErr) extensions() map[string]any {
	ext := map[string]any{"platform": p.pe.Platform, "platformCode": p.pe.Code, "platformMessage": p.pe.Msg}
	if p.pe.LogID != "" {
		ext["logId"] = p.pe.LogID
	}
	return ext
}

func (p *platformErr) Error() string { return p.pe.Error() }

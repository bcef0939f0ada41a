package worker

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/worker/oaimport"
)

// OAImportJobThreshold is the number of users from which importDirectory
// runs as a job instead of inside the request.
const OAImportJobThreshold = 5000

// EncodeImport packs an import's input for the run row (gzip JSON: a 100k-user
// directory shrinks about tenfold).
func EncodeImport(in oaimport.Input) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(in); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DecodeImport unpacks EncodeImport's output.
func DecodeImport(b []byte) (oaimport.Input, error) {
	var in oaimport.Input
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return in, err
	}
	defer zr.Close()
	err = json.NewDecoder(io.LimitReader(zr, 1<<30)).Decode(&in)
	return in, err
}

// oaImport applies a large import in one transaction, so a failure (or a
// killed worker) leaves the directory as it was and the retry starts clean.
func oaImport(ctx context.Context, s *Server, run *ent.SyncRun, report func(Progress)) (detail.Counters, error) {
	in, err := DecodeImport(run.Payload)
	if err != nil {
		return detail.Counters{}, fmt.Errorf("reading the import of run %d: %v: %w", run.ID, err, ErrPermanent)
	}
	tx, err := s.p.DB.Tx(ctx)
	if err != nil {
		return detail.Counters{}, err
	}
	counters, err := oaimport.Run(ent.NewTxContext(ctx, tx), tx.Client(), in, func(p oaimport.Progress) {
		report(Progress{Phase: p.Phase, Total: p.Total, Done: p.Done, Counters: p.Counters})
	})
	if err != nil {
		_ = tx.Rollback()
		var verr *oaimport.ValidationError
		if errors.As(err, &verr) {
			return counters, fmt.Errorf("%w: %w", err, ErrPermanent)
		}
		return counters, err
	}
	if err := tx.Commit(); err != nil {
		return counters, fmt.Errorf("committing the import: %w", err)
	}
	s.syncAfterImport(ctx, in, run.CreatedBy)
	return counters, nil
}

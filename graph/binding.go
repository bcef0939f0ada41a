package graph

import (
	"context"
	"encoding/base64"
	"strings"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/graph/model"
	"imbridge/worker/binder"
)

// bindUsers links an OA user to an IM user by hand (package binder holds
// the rules). Both are read through the tenant filter, so a foreign id is
// NOT_FOUND.
func (r *Resolver) bindUsers(ctx context.Context, in model.BindUsersInput) (*ent.Binding, error) {
	return binder.Bind(ctx, r.db(ctx), in.OaUserID, in.ImUserID, binding.MethodManual)
}

// maxBindingFile is the largest binding file importBindings reads (decoded).
const maxBindingFile = 20 << 20

func (r *Resolver) bindingExport(ctx context.Context, corpID int, f model.BindingMatchField, format model.BindingFileFormat) (*model.BindingFile, error) {
	file, err := binder.Export(ctx, r.db(ctx), corpID, matchField(f), fileFormat(format), time.Now())
	if err != nil {
		return nil, err
	}
	return &model.BindingFile{
		FileName: file.Name, ContentType: file.Format.ContentType(), Rows: file.Rows,
		ContentBase64: base64.StdEncoding.EncodeToString(file.Content),
	}, nil
}

func (r *Resolver) bindingCount(ctx context.Context, corpID int) (int, error) {
	if _, err := r.db(ctx).Corp.Get(ctx, corpID); err != nil {
		return 0, err
	}
	return r.db(ctx).Binding.Query().Where(binding.CorpID(corpID), binding.KindEQ(binding.KindUser)).Count(ctx)
}

func (r *Resolver) importBindings(ctx context.Context, in model.ImportBindingsInput) (*model.BindingImportReport, error) {
	if base64.StdEncoding.DecodedLen(len(in.Content)) > maxBindingFile+3 {
		return nil, badInput("input.content", "the file is larger than 20 MiB")
	}
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(in.Content))
	if err != nil {
		return nil, badInput("input.content", "not base64: "+err.Error())
	}
	rep, err := binder.Import(ctx, r.db(ctx), binder.ImportInput{
		CorpID: in.CorpID, Field: matchField(in.MatchField), Format: fileFormat(in.Format),
		Data: data, DryRun: in.DryRun != nil && *in.DryRun,
	})
	if err != nil {
		return nil, err
	}
	out := &model.BindingImportReport{DryRun: rep.DryRun, Rows: make([]*model.BindingImportRow, len(rep.Rows)),
		Counts: &model.BindingImportCounts{
			Bound: rep.Counts[binder.Bound], AlreadyBound: rep.Counts[binder.AlreadyBound], NotFound: rep.Counts[binder.NotFound],
			Ambiguous: rep.Counts[binder.Ambiguous], Conflict: rep.Counts[binder.Conflict], Invalid: rep.Counts[binder.Invalid],
			Skipped: rep.Skipped,
		}}
	for i, row := range rep.Rows {
		m := &model.BindingImportRow{Row: row.Row, ImUserKey: row.IMUser, Value: row.Value, Reason: row.Reason,
			Outcome:    model.BindingImportOutcome(strings.ToUpper(string(row.Outcome))),
			ReasonCode: model.BindingImportReason(strings.ToUpper(string(row.Code))),
			Holder:     importPerson(row.Holder), Candidates: make([]*model.BindingImportPerson, 0, len(row.Candidates))}
		if row.EarlierRow > 0 {
			m.EarlierRow = &row.EarlierRow
		}
		for _, c := range row.Candidates {
			m.Candidates = append(m.Candidates, importPerson(c))
		}
		if row.IM != nil {
			m.ImUserName = &row.IM.Name
		}
		if row.OA != nil {
			m.OaUserKey, m.OaUserName = &row.OA.ExternalID, &row.OA.Name
		}
		if row.Binding != 0 {
			m.BindingID = &row.Binding
		}
		out.Rows[i] = m
	}
	return out, nil
}

// importPerson names a user of an import report; nil for nil.
func importPerson(u *ent.User) *model.BindingImportPerson {
	if u == nil {
		return nil
	}
	return &model.BindingImportPerson{Key: u.ExternalID, Name: u.Name}
}

func (r *Resolver) unbindAll(ctx context.Context, in model.UnbindAllInput) (*model.UnbindAllPayload, error) {
	n, err := binder.UnbindAll(ctx, r.db(ctx), in.CorpID, in.ConfirmCount)
	if err != nil {
		return nil, err
	}
	return &model.UnbindAllPayload{Count: n}, nil
}

// matchField and fileFormat turn the schema's enums into the engine's
// values (OA_USER_ID → oa_user_id).
func matchField(f model.BindingMatchField) binder.Field {
	return binder.Field(strings.ToLower(string(f)))
}

func fileFormat(f model.BindingFileFormat) binder.Format {
	return binder.Format(strings.ToLower(string(f)))
}

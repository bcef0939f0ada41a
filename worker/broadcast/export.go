package broadcast

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/xuri/excelize/v2"

	"imbridge/ent"
	"imbridge/ent/broadcastviewer"
	"imbridge/ent/user"
)

// ContentTypeXLSX is the MIME type of an export.
const ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// File is an exported viewer list.
type File struct {
	Name    string
	Content []byte
	Rows    int
}

// viewerOA loads the OA users stored on the viewers (bound at refresh
// time), in the context's tenant.
func viewerOA(ctx context.Context, db *ent.Client, vs []*ent.BroadcastViewer) (map[int]*ent.User, error) {
	out := map[int]*ent.User{}
	var ids []int
	for _, v := range vs {
		if v.OaUserID != nil {
			ids = append(ids, *v.OaUserID)
		}
	}
	for i := 0; i < len(ids); i += inChunk {
		us, err := db.User.Query().Where(user.IDIn(ids[i:min(i+inChunk, len(ids))]...)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			out[u.ID] = u
		}
	}
	return out, nil
}

var unsafeName = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

// Export renders a broadcast's viewers as XLSX: a totals sheet and one row
// per viewer with the OA identity where the IM user is bound. Cells are
// text except the numbers, so an id keeps its form.
func Export(ctx context.Context, db *ent.Client, id int, now time.Time) (File, error) {
	b, err := db.Broadcast.Get(ctx, id)
	if err != nil {
		return File{}, err
	}
	vs, err := db.BroadcastViewer.Query().Where(broadcastviewer.BroadcastID(id)).
		Order(ent.Desc(broadcastviewer.FieldWatchSeconds), ent.Asc(broadcastviewer.FieldID)).All(ctx)
	if err != nil {
		return File{}, err
	}
	oa, err := viewerOA(ctx, db, vs)
	if err != nil {
		return File{}, err
	}
	x := excelize.NewFile()
	defer x.Close()
	const summary, viewers = "统计 Summary", "观众 Viewers"
	if err := x.SetSheetName("Sheet1", summary); err != nil {
		return File{}, err
	}
	avg := 0
	if b.Viewers > 0 {
		avg = b.TotalWatchSeconds / b.Viewers
	}
	rows := [][]any{
		{"标题 Title", b.Title}, {"开始 Start", b.StartTime.Format(time.RFC3339)}, {"状态 Status", string(b.Status)},
		{"观看人数 Viewers", b.Viewers}, {"总观看时长(秒) Total watch (s)", b.TotalWatchSeconds},
		{"人均观看时长(秒) Average watch (s)", avg}, {"最高同时在线 Peak concurrent", b.PeakOnline},
		{"评论数 Comments", b.Comments}, {"连麦人数 Mic", micCell(string(b.Provider), b.Mics)},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(summary, cell, &r); err != nil {
			return File{}, err
		}
	}
	if _, err := x.NewSheet(viewers); err != nil {
		return File{}, err
	}
	sw, err := x.NewStreamWriter(viewers)
	if err != nil {
		return File{}, err
	}
	header := []any{"IM 用户 IM user", "外部用户 External user", "姓名 Name", "OA 账号 OA account", "OA 姓名 OA name",
		"观看时长(秒) Watch (s)", "评论 Commented", "评论数 Comments", "连麦 Mic"}
	if err := sw.SetRow("A1", header); err != nil {
		return File{}, err
	}
	for i, v := range vs {
		var oaID, oaName string
		if v.OaUserID != nil {
			if u := oa[*v.OaUserID]; u != nil {
				oaID, oaName = u.ExternalID, u.Name
			}
		}
		row := []any{excelize.Cell{Value: v.ImUserID}, excelize.Cell{Value: v.ExternalUserID}, excelize.Cell{Value: v.Name},
			excelize.Cell{Value: oaID}, excelize.Cell{Value: oaName}, v.WatchSeconds, yesNo(v.Commented), v.CommentCount, micCell(string(b.Provider), yesNo(v.Mic))}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return File{}, err
		}
	}
	if err := sw.Flush(); err != nil {
		return File{}, err
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return File{}, err
	}
	name := fmt.Sprintf("broadcast-%s-%s.xlsx", unsafeName.ReplaceAllString(b.Title, "_"), now.Format("20060102-1504"))
	return File{Name: name, Content: buf.Bytes(), Rows: len(vs)}, nil
}

func yesNo(b bool) string {
	if b {
		return "是 yes"
	}
	return "否 no"
}

// micCell is the mic figure, or says the provider does not report it.
func micCell(provider string, v any) any {
	if !MicReported(provider) {
		return MicNotReported
	}
	return v
}

package feishu

import (
	"time"

	larkcard "github.com/larksuite/oapi-sdk-go/v3/card"

	"imbridge/platform"
)

// cardLook is how one kind of card shows (seed 003 §3.2's message types):
// the header's colour and title prefix, before and after it is done, and
// the main link's default label.
type cardLook struct {
	template   string
	prefix     string
	donePrefix string
	linkText   string
}

var looks = map[platform.CardKind]cardLook{
	// 待办: an orange header, "处理" opens the OA's page; done (已办) it
	// turns grey, loses its buttons and shows the outcome.
	platform.CardTodo: {template: larkcard.TemplateOrange, prefix: "【待办】", donePrefix: "【已办】", linkText: "处理"},
	// The OA's own card: its title as is, "查看详情" by default.
	platform.CardGeneric: {template: larkcard.TemplateBlue, linkText: "查看详情"},
}

// beijing is the time zone of dates shown in cards (the tenant's users are
// in China; the OA gives instants).
var beijing = time.FixedZone("CST", 8*3600)

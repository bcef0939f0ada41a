package detail

// PushField is one label/value pair of a pushed card or to-do.
type PushField struct {
	Label string `json:"label"`
	Value string `json:"value"`
	// Short fields are laid out two a row.
	Short bool `json:"short,omitempty"`
}

// PushButton is one of the OA's link buttons on a pushed card.
type PushButton struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// PushRecipients is who a push names, as the OA gave it.
type PushRecipients struct {
	// UserIDs are OA user ids.
	UserIDs []string `json:"userIds,omitempty"`
	// DepartmentIDs are OA department ids: their members (and those of
	// their sub-departments), part-time members per rule.
	DepartmentIDs []string `json:"departmentIds,omitempty"`
	// Everyone: every OA user bound on the target's corp.
	Everyone bool `json:"everyone,omitempty"`
}

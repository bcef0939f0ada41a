package binder

import (
	"errors"

	"imbridge/ent/identifier"
)

// Reason is why a row of an import ended as it did: a stable code the
// console words in the admin's language (zh-CN, en) and the audit log
// keeps, while RowResult.Reason is the server's English sentence, a
// fallback. Each reason belongs to exactly one Outcome (Reason.Outcome).
type Reason string

// Row reasons, by outcome.
const (
	ReasonBound        Reason = "bound"         // Bound: bound now
	ReasonAlreadyBound Reason = "already_bound" // AlreadyBound: the two were bound to each other before

	ReasonIMUserMissing Reason = "im_user_missing" // NotFound: the user_id cell is empty
	ReasonIMUserUnknown Reason = "im_user_unknown" // NotFound: no IM user with the user_id in the corp's mirror
	ReasonOAUserUnknown Reason = "oa_user_unknown" // NotFound: no OA user (active, not removed) has the value

	ReasonOAUserAmbiguous Reason = "oa_user_ambiguous" // Ambiguous: several OA users have the value

	ReasonIMUserRepeated     Reason = "im_user_repeated"       // Conflict: an earlier row names the same IM user
	ReasonIMUserBoundToOther Reason = "im_user_bound_to_other" // Conflict: the IM user is bound to another OA user
	ReasonOAUserBoundToOther Reason = "oa_user_bound_to_other" // Conflict: the OA user is bound to another IM user of the corp

	ReasonMobileInvalid Reason = "mobile_invalid" // Invalid: not a mobile number (libphonenumber's rules)
	ReasonEmailInvalid  Reason = "email_invalid"  // Invalid: not an e-mail address name@domain
	ReasonValueInvalid  Reason = "value_invalid"  // Invalid: any other rule of the match field
)

// Reasons lists every reason, in the order the console documents them.
var Reasons = []Reason{
	ReasonBound, ReasonAlreadyBound,
	ReasonIMUserMissing, ReasonIMUserUnknown, ReasonOAUserUnknown,
	ReasonOAUserAmbiguous,
	ReasonIMUserRepeated, ReasonIMUserBoundToOther, ReasonOAUserBoundToOther,
	ReasonMobileInvalid, ReasonEmailInvalid, ReasonValueInvalid,
}

// Outcome is the outcome a row with this reason has.
func (r Reason) Outcome() Outcome {
	switch r {
	case ReasonBound:
		return Bound
	case ReasonAlreadyBound:
		return AlreadyBound
	case ReasonIMUserMissing, ReasonIMUserUnknown, ReasonOAUserUnknown:
		return NotFound
	case ReasonOAUserAmbiguous:
		return Ambiguous
	case ReasonIMUserRepeated, ReasonIMUserBoundToOther, ReasonOAUserBoundToOther:
		return Conflict
	}
	return Invalid
}

// invalidReason is the reason of a match value the field's rule refuses:
// the kind of an *identifier.InvalidError (mobile, email), else the
// generic one.
func invalidReason(err error) Reason {
	var ie *identifier.InvalidError
	if errors.As(err, &ie) {
		switch ie.Kind {
		case "mobile":
			return ReasonMobileInvalid
		case "email":
			return ReasonEmailInvalid
		}
	}
	return ReasonValueInvalid
}

package feishu

// Refusals of the contact v3 write APIs, from the error table of each API
// page (open.feishu.cn server-docs/contact-v3: department/create, patch,
// delete; user/create, patch, delete, resurrect — read through the doc
// mirrors in wxkingstar/doc-hub-mcp and the Lark reference pages). The
// writer acts on the class: transient ones (lock conflicts the pages ask
// to retry) are retried; the rest are returned with the hint, which says
// what is wrong and what to change.
//
// The class names are those of the classification table the h6-mirrorfix
// branch adds (platform/feishu/codes.go, platform.ErrorClass): when both
// are merged these rows join that table, and write can use its hint field
// instead of wrapping the error.

// Write-code classes, spelled as platform.ErrorClass's names.
const (
	classInvalid    = "invalid"      // the request is wrong; retrying cannot help
	classOutOfRange = "out_of_range" // outside the app's contact range
	classNotFound   = "not_found"
	classTransient  = "transient" // retry after a while
	classConflict   = "invalid"   // clashes with an existing object (a kind of invalid)
)

// Codes the writer acts on besides classes.
const (
	codeDeptNotExist      = 40015 // department/get: "department not exist"
	codeDeptAlreadyExists = 43000 // department/create: "dept has already exist error"
	codeDeptIDDuplicate   = 43007 // department/create: "duplicated department custom id error"
	codeDeptNameDuplicate = 43022 // department/create, patch: "department name duplicate"
	// codeDeptNameConflict is 40018 "duplicate name error" on the generic
	// error page and older department/create pages ("部门名字冲突，同一父部门
	// 的子部门间名字不能相同"); the newest create page calls it "param error".
	codeDeptNameConflict  = 40018
	codeUserIDExists      = 41011 // user/create: "user id already exist error"
	codeUserAlreadyExists = 41053 // user/create: "user has already exist error" (HTTP 409)
)

type writeCode struct {
	class string
	hint  string
}

var writeCodes = map[int]writeCode{
	// Departments.
	40002:                 {classInvalid, "the root department (0) cannot be changed or deleted"},
	40004:                 {classOutOfRange, "the department is outside the app's contact range (通讯录权限范围): add it in the developer console"},
	40014:                 {classOutOfRange, "the parent department is outside the app's contact range (通讯录权限范围): add it in the developer console"},
	40016:                 {classInvalid, "the department name is empty"},
	43005:                 {classConflict, "another department under the same parent has this order; orders must differ among siblings"},
	43007:                 {classConflict, "another department already has this department_id"},
	43008:                 {classInvalid, "the department_id is invalid: 1-64 of [a-zA-Z0-9_-@.], starting with a letter or digit, not 0, 1 or od-…"},
	43011:                 {classConflict, "the department still has users: move or delete them first"},
	43012:                 {classConflict, "the department still has sub-departments: move or delete them first"},
	43013:                 {classInvalid, "the parent department has 1,000 sub-departments, Feishu's limit"},
	43019:                 {classInvalid, "Feishu departments are at most 25 levels deep"},
	codeDeptNameDuplicate: {classConflict, "another department under the same parent has this name"},
	codeDeptNameConflict:  {classConflict, "another department under the same parent has this name"},
	43024:                 {classTransient, "Feishu was changing the department structure concurrently"},
	43029:                 {classInvalid, "department names cannot contain a slash (/)"},
	43030:                 {classTransient, "Feishu was updating the department concurrently"},
	44101:                 {classInvalid, "the parent department is missing"},
	// Users.
	41001:                 {classConflict, "another user of the tenant has this mobile"},
	41002:                 {classConflict, "another user of the tenant has this e-mail"},
	41003:                 {classConflict, "the mobile and the e-mail belong to two different Feishu accounts"},
	41004:                 {classInvalid, "the mobile is invalid (mainland numbers as 13011111111 or +8613011111111, others with + and the country code)"},
	41005:                 {classInvalid, "the e-mail is invalid"},
	41006:                 {classInvalid, "the user name is empty"},
	41009:                 {classInvalid, "a user needs a mobile or an e-mail"},
	41010:                 {classInvalid, "the mobile is required"},
	codeUserIDExists:      {classConflict, "another user already has this user_id"},
	41012:                 {classNotFound, "no such user"},
	41025:                 {classInvalid, "an order names a department the user is not in"},
	41033:                 {classInvalid, "a user can be in at most 50 departments"},
	41050:                 {classOutOfRange, "the user is outside the app's contact range (通讯录权限范围): add the user's departments in the developer console"},
	41052:                 {classInvalid, "a resource acceptor is not a current user of the tenant"},
	41059:                 {classInvalid, "the employee type is invalid"},
	42006:                 {classInvalid, "the user has resigned: restore (resurrect) the user first"},
	44002:                 {classInvalid, "user orders must be sent with the user's departments"},
	44025:                 {classTransient, "Feishu was updating the user concurrently"},
	44028:                 {classInvalid, "the user resigned more than 30 days ago and can no longer be restored"},
	44030:                 {classConflict, "a current user has the resigned user's mobile: change it, then restore"},
	44031:                 {classConflict, "a current user has the resigned user's e-mail: change it, then restore"},
	44032:                 {classConflict, "a current user has the resigned user's user_id"},
	44034:                 {classTransient, "the user's resignation is still being processed (up to 48 hours)"},
	44037:                 {classInvalid, "a tenant administrator cannot be deleted: remove the role in the admin console first"},
	44042:                 {classTransient, "the user is being restored"},
	44051:                 {classConflict, "another user has this employee number"},
	codeUserAlreadyExists: {classConflict, "the user already exists"},
}

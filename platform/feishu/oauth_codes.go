package feishu

import "imbridge/platform"

// Remedies of web-login refusals.
const (
	hintRedirect    = "the bridge's callback URL is not in the app's redirect URLs: add it in the developer console (开发配置 › 安全设置 › 重定向 URL) exactly as the login settings show it"
	hintAvailable   = "the person may not use the app: an admin adds them to the app's availability (可用范围) in the Feishu admin console, or publishes a version whose availability includes them"
	hintCodeSpent   = "the login link was already used or is too old (a code is valid 5 minutes, once): start the login again"
	hintAccount     = "the person's Feishu account is not active (resigned, frozen or not registered)"
	hintOAuthRetry  = "Feishu's login service is busy: try again in a moment"
	hintOAuthClient = "the bridge sent a request the token endpoint does not accept; report it to the bridge's maintainers"
)

// oauthCodes are the codes of the v2 token endpoint (get-user-access-token,
// 错误码) and of user_info (authen-v1/user_info/get, 错误码), checked before
// the general table: the 200xx codes mean other things on other APIs.
var oauthCodes = map[int]codeInfo{
	20001:    {platform.ClassInvalid, hintOAuthClient},     // "The request is missing a required parameter."
	20002:    {platform.ClassCredentials, hintCredentials}, // "The client secret is invalid."
	20003:    {platform.ClassInvalid, hintCodeSpent},       // "The authorization code is not found. … can only be used once."
	20004:    {platform.ClassInvalid, hintCodeSpent},       // "The authorization code has expired."
	20005:    {platform.ClassInvalid, hintCodeSpent},       // user_info: "The user access token passed is invalid"
	20008:    {platform.ClassNotFound, hintAccount},        // "The user does not exist."
	20009:    {platform.ClassPermission, hintAppOff},       // "The specified app is not installed."
	20010:    {platform.ClassOutOfRange, hintAvailable},    // "The user does not have permission to use this app."
	20021:    {platform.ClassNotFound, hintAccount},        // user_info: "User resigned"
	20022:    {platform.ClassInvalid, hintAccount},         // user_info: "User frozen"
	20023:    {platform.ClassInvalid, hintAccount},         // user_info: "User not registered"
	20024:    {platform.ClassInvalid, hintCodeSpent},       // "The provided authorization code … does not match the provided client ID."
	20036:    {platform.ClassInvalid, hintOAuthClient},     // "The specified grant_type is not supported."
	20048:    {platform.ClassCredentials, hintCredentials}, // "The specified app does not exist."
	20049:    {platform.ClassInvalid, hintOAuthClient},     // "PKCE code challenge failed."
	20050:    {platform.ClassTransient, hintOAuthRetry},    // "An unexpected server error occurred." (HTTP 500)
	20063:    {platform.ClassInvalid, hintOAuthClient},     // "The request is malformed."
	20065:    {platform.ClassInvalid, hintCodeSpent},       // "The authorization code has been used."
	20066:    {platform.ClassInvalid, hintAccount},         // "The user status is invalid."
	20067:    {platform.ClassInvalid, hintOAuthClient},     // duplicate scopes
	20068:    {platform.ClassInvalid, hintOAuthClient},     // scopes not granted
	20069:    {platform.ClassPermission, hintAppOff},       // "The specified app is not enabled."
	20070:    {platform.ClassInvalid, hintOAuthClient},     // "Multiple authentication methods were provided."
	20071:    {platform.ClassInvalid, hintRedirect},        // "The provided redirect URI does not match the one used during authorization."
	20072:    {platform.ClassTransient, hintOAuthRetry},    // "The server is temporarily unavailable." (HTTP 503)
	99991400: {platform.ClassRateLimit, hintOAuthRetry},    // throttled (HTTP 429)
}

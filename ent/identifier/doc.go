// Package identifier holds the canonical forms of the contact identifiers
// people are matched by across directories: mobile numbers and e-mail
// addresses. Every place that stores or compares one (the OA import, the IM
// mirror, lookups on the platforms, duplicate checks, the User hook in
// ent/schema) goes through this package, so "13900000004" and
// "+86 139-0000-0004" are one number everywhere and two people can never
// hold it unnoticed.
//
// Two kinds of function:
//   - Mobile and Email validate: they return the canonical form or an
//     *InvalidError naming the rule broken, for input the bridge may refuse
//     (an OA import).
//   - NormalizeMobile, NormalizeEmail, MobileKey and EmailKey never fail:
//     they return the canonical form of a valid value and the trimmed value
//     otherwise, for data the bridge must keep as it is (a platform's
//     directory, rows stored before canonical forms) and for comparisons.
//
// Canonical forms:
//   - Mobile: E.164, "+" and digits ("+8613800138000"), as Feishu returns
//     mobiles. A number written without a country code is read in a default
//     region, mainland China (CN) unless the caller names another.
//     Validation per country is libphonenumber's (github.com/nyaruka/phonenumbers).
//   - E-mail: trimmed, the domain lower-cased (domains are case-insensitive,
//     RFC 5321 §2.4), the local part kept as written for display and for
//     sending. Addresses are compared by EmailKey, the whole address
//     lower-cased: RFC 5321 lets a host treat local parts case-sensitively,
//     but no mail system people use does, and Feishu keeps e-mails unique
//     regardless of case, so "Zhang.San@Corp.com" and "zhang.san@corp.com"
//     are one mailbox and one person.
package identifier

// Package residents serves the public residents' page of a case: one question
// («Hva sitter du igjen med?»), the team's promise and level of influence, and
// what the team did with what residents said.
//
// The package knows nothing of Slack, Teams or the database. It needs a Store
// that gives the public view of a page and takes an answer durably. The page
// is server-rendered HTML that works without JavaScript, sets no cookies and
// loads nothing from elsewhere. A submission is protected by a time-bound form
// token, a honeypot field, a per-address rate limit held in memory only and a
// body limit. The resident's IP address is never stored or logged: it is used
// only as a key of the rate limiter, hashed with a per-process random key.
package residents

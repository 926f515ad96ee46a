// Package slacktest provides a fake Slack Web API and helpers that build
// requests as Slack sends them (signed slash commands and Events API
// callbacks), for tests and benchmarks of anything that speaks Slack. It is
// named like net/http/httptest.
//
// The fake answers like Slack: form posts in, JSON out, ok:false errors with
// HTTP 200, 429 with Retry-After, 5xx with an HTML body. It records what the
// client posted, reacted and uploaded, so a test can assert on it. It knows
// Slack's wire format and nothing of the coach.
package slacktest

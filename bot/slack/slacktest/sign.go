package slacktest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// The content types Slack posts with.
const (
	ContentTypeJSON = "application/json"                  // Events API callbacks
	ContentTypeForm = "application/x-www-form-urlencoded" // slash commands, interactivity
)

// Signature returns Slack's v0 request signature of body sent at ts:
// "v0=" and the hex HMAC-SHA256 of "v0:<unix ts>:<body>" under secret.
func Signature(secret string, body []byte, ts time.Time) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + strconv.FormatInt(ts.Unix(), 10) + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Sign returns the headers Slack signs a request with:
// X-Slack-Request-Timestamp and X-Slack-Signature.
func Sign(secret string, body []byte, ts time.Time) http.Header {
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts.Unix(), 10))
	h.Set("X-Slack-Signature", Signature(secret, body, ts))
	return h
}

// NewRequest returns a POST of body to url as Slack sends it: with
// contentType, Slack's User-Agent, and signed with secret at ts. Like
// httptest.NewRequest it panics on a malformed url, for ease of use in tests.
func NewRequest(url, contentType string, body []byte, secret string, ts time.Time) *http.Request {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		panic("slacktest: " + err.Error())
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	for k, v := range Sign(secret, body, ts) {
		req.Header[k] = v
	}
	return req
}

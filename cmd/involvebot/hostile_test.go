package main

import (
	"bytes"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// TestServeHostileInput sends what a broken or malicious client might,
// signed and unsigned: each gets a clear status, the server keeps
// serving, and what a person wrote is kept.
func TestServeHostileInput(t *testing.T) {
	fake := slacktest.NewServer(t)
	dir := t.TempDir()
	s := startServe(t, fake, testConfig(t, fake, filepath.Join(dir, "involve.db"), testAdminToken))
	const channel = "C0HOSTILE"
	if code, body := s.command(channel, "sak-hostile", "start"); code != http.StatusOK {
		t.Fatalf("start: %d %s", code, body)
	}
	var p1 slacktest.Post
	bottest.WaitFor(t, "the first prompt", func() (ok bool) { p1, ok = promptPost(fake, channel, 1); return ok })
	bottest.WaitFor(t, "the prompt recorded", func() bool {
		cases, err := backupCases(testClient, s.base, testAdminToken, dir)
		return err == nil && recorded(cases[channel], p1.TS)
	})

	nested := []byte(`{"type":"event_callback","event":` + strings.Repeat(`{"a":`, 100000) + `1` + strings.Repeat(`}`, 100000) + `}`)
	tests := []struct {
		name        string
		contentType string
		body        []byte
		secret      string
		want        int
	}{
		{"deeply nested JSON, signed", slacktest.ContentTypeJSON, nested, slacktest.SigningSecret, http.StatusBadRequest},
		{"deeply nested JSON, unsigned", slacktest.ContentTypeJSON, nested, "forged", http.StatusUnauthorized},
		{"not JSON at all, signed", slacktest.ContentTypeJSON, []byte("\xff\xfe{{{"), slacktest.SigningSecret, http.StatusBadRequest},
		{"oversized body, signed", slacktest.ContentTypeJSON, bytes.Repeat([]byte("x"), 2<<20), slacktest.SigningSecret, http.StatusRequestEntityTooLarge},
		{"an unknown command, signed", slacktest.ContentTypeForm, slacktest.Command{Channel: channel, Text: "frobnicate"}.Form(), slacktest.SigningSecret, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body, err := postSlack(testClient, s.base, tt.contentType, tt.body, tt.secret)
			if err != nil || code != tt.want {
				t.Fatalf("status %d (%v), want %d: %.200s", code, err, tt.want, body)
			}
			if tt.name == "an unknown command, signed" && !strings.Contains(body, "frobnicate") {
				t.Errorf("an unknown command is not answered with help naming it: %.300s", body)
			}
		})
	}

	// An answer with invalid UTF-8 and one of 200 kB are both kept.
	bad := slacktest.Message{EventID: "Ev0HOSTILE01", Channel: channel, Text: "hva \xff\xfe ligger fast", TS: "1732630001.000100", Thread: p1.TS}
	huge := slacktest.Message{EventID: "Ev0HOSTILE02", Channel: channel, Text: strings.Repeat("lang tekst ", 20000), TS: "1732630002.000100", Thread: p1.TS}
	for _, m := range []slacktest.Message{bad, huge} {
		if code := s.answer(m); code != http.StatusOK {
			t.Fatalf("answer %s: %d", m.EventID, code)
		}
	}
	cases, err := backupCases(testClient, s.base, testAdminToken, dir)
	if err != nil {
		t.Fatal(err)
	}
	c := cases[channel]
	if c == nil || len(c.Answers) != 2 {
		t.Fatalf("answers kept: %+v", c)
	}
	if !utf8.ValidString(c.Answers[0].Text) || !strings.Contains(c.Answers[0].Text, "ligger fast") {
		t.Errorf("the answer with invalid UTF-8 was stored as %q", c.Answers[0].Text)
	}
	if len(c.Answers[1].Text) < 200000 {
		t.Errorf("the long answer was cut to %d bytes", len(c.Answers[1].Text))
	}
	if code, _ := get(t, s.base, "/healthz", ""); code != http.StatusOK {
		t.Fatalf("healthz after hostile input: %d", code)
	}
}

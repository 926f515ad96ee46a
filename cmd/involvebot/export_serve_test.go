package main

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// TestServeExportUploadsTheWordDocument: /involve export in Slack uploads
// the Word document of the case, without names; /involve export navn with
// them.
func TestServeExportUploadsTheWordDocument(t *testing.T) {
	fake := slacktest.NewServer(t, slacktest.WithUser("U0PLANNER", "Kari Nordmann"))
	dir := t.TempDir()
	cfg := testConfig(t, fake, filepath.Join(dir, "involve.db"), testAdminToken)
	s := startServe(t, fake, cfg)
	const channel = "C0EXPORT1"

	if code, body := s.command(channel, "sak-grorud-sentrum", "start"); code != http.StatusOK {
		t.Fatalf("start: %d %s", code, body)
	}
	var p1 slacktest.Post
	bottest.WaitFor(t, "the first prompt", func() (ok bool) { p1, ok = promptPost(fake, channel, 1); return ok })
	bottest.WaitFor(t, "the first prompt to be recorded", func() bool {
		cases, err := backupCases(testClient, s.base, testAdminToken, dir)
		return err == nil && recorded(cases[channel], p1.TS)
	})
	a1 := slacktest.Message{EventID: "Ev0EXPORT001", Channel: channel, User: "U0PLANNER",
		Text: "Hvem bor der & hva bruker de stedet til?", TS: "1732620001.000100", Thread: p1.TS}
	if code := s.answer(a1); code != http.StatusOK {
		t.Fatalf("answer: %d", code)
	}
	bottest.WaitFor(t, "the second prompt", func() (ok bool) { _, ok = promptPost(fake, channel, 2); return ok })

	for i, tc := range []struct {
		command string
		names   bool
	}{{"export", false}, {"eksport navn", true}} {
		if code, body := s.command(channel, "sak-grorud-sentrum", tc.command); code != http.StatusOK {
			t.Fatalf("%s: %d %s", tc.command, code, body)
		}
		var up slacktest.Upload
		bottest.WaitFor(t, "the upload", func() bool {
			ups := fake.Uploads()
			if len(ups) > i {
				up = ups[i]
			}
			return len(ups) > i
		})
		if up.Channel != channel || !strings.HasPrefix(up.Filename, "involve-sak-grorud-sentrum-") || !strings.HasSuffix(up.Filename, ".docx") ||
			up.Title != "Grorud sentrum" || up.Comment == "" || len(up.Comment) > 200 {
			t.Errorf("%s: upload %q %q %q", tc.command, up.Filename, up.Title, up.Comment)
		}
		text := docxText(t, []byte(up.Content))
		if !strings.Contains(text, ">Hvem bor der &amp; hva bruker de stedet til?<") {
			t.Errorf("%s: the document lacks the answer", tc.command)
		}
		if got := strings.Contains(text, "Kari Nordmann"); got != tc.names {
			t.Errorf("%s: Kari named: %v", tc.command, got)
		}
	}
}

package teams

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// coachingReplies are the coaching's messages as the coach says them.
func coachingReplies(t *testing.T) map[string]dialogs.Reply {
	t.Helper()
	co := dialogs.Coach{Lang: dialogs.NB, Location: time.UTC}
	c := co.NewCase(testChannel, "teams", "Grorud sentrum", time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	at := c.Created
	step := func(line string) []dialogs.Reply {
		at = at.Add(time.Minute)
		return co.Step(c, dialogs.Input{Kind: dialogs.InputCommand, Command: line, User: testUserID, At: at}).Replies
	}
	out := map[string]dialogs.Reply{}
	keep := func(name string, rs []dialogs.Reply, kind dialogs.ReplyKind) {
		for _, r := range rs {
			if r.Kind == kind {
				out[name] = r
				return
			}
		}
		t.Fatalf("no %s among %+v", kind, rs)
	}
	step("start")
	keep("level", step("nivå"), dialogs.ReplyLevel)
	step("grupper legg til barn")
	step("grupper legg til Ungdomsrådet")
	keep("groups", step("grupper"), dialogs.ReplyGroups)
	for q := 1; q <= dialogs.QuestionCount; q++ {
		step(fmt.Sprintf("svar %d Svar %d.", q, q))
	}
	at = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	keep("nudge-groups", co.Step(c, dialogs.Input{Kind: dialogs.InputNudge, Slot: at, At: at}).Replies, dialogs.ReplyNudge)
	return out
}

// TestRenderCoachingCards renders the level, groups and nudge cards,
// keeps them in testdata/render, and presses every button through the
// translation the way Teams sends a card's Action.Submit.
func TestRenderCoachingCards(t *testing.T) {
	replies := coachingReplies(t)
	for _, tc := range []struct {
		name    string
		actions []string // action=value of every button, in order
	}{
		{"level", []string{"level=inform", "level=consult", "level=involve", "level=collaborate", "level=empower"}},
		{"groups", []string{"group=children", "group=young", "group=elderly", "group=disability", "group=language", "group=offline"}},
		{"nudge-groups", []string{"reached=children", "reached=Ungdomsrådet", "nothing=", "pause_nudges=", "close="}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acts := render(replies[tc.name])
			c := renderedCard(t, acts)
			got, _ := json.MarshalIndent(acts[0].Attachments[0].Content, "", "  ")
			goldenCard(t, tc.name, append(got, '\n'))
			if len(c.Actions) != len(tc.actions) {
				t.Fatalf("%d buttons, want %d", len(c.Actions), len(tc.actions))
			}
			for i, a := range c.Actions {
				in, err := parseActivity(mustJSON(t, cardSubmit(prodServiceURL, fmt.Sprint(1732698005000+i), cardRoot, a.Data)))
				if err != nil {
					t.Fatal(err)
				}
				ev, ok := translate(in)
				if got := ev.Input.Action + "=" + ev.Input.Value; !ok || ev.Input.Kind != dialogs.InputAction || got != tc.actions[i] {
					t.Errorf("button %d (%s) came back as %s, %v", i, a.Title, got, ok)
				}
			}
		})
	}
	if lv := blocks(renderedCard(t, render(replies["level"]))); !strings.Contains(strings.Join(lv, "\n"), "Løftet: «Vi holder dere orientert.»") {
		t.Errorf("the level card lacks the promises: %q", lv)
	}
}

// TestRenderDigestCards: a full page of the digest, with long names and
// outcomes, is one Adaptive Card under Teams' size limit, names the cases
// plainly and mentions no one.
func TestRenderDigestCards(t *testing.T) {
	co := dialogs.Coach{Lang: dialogs.NB}
	var cases []dialogs.DigestCase
	for i := range 500 {
		cases = append(cases, dialogs.DigestCase{
			Channel: fmt.Sprintf("19:%032d@thread.tacv2", i), Platform: "teams",
			Name:  fmt.Sprintf("Sak %03d – områdeløft for Furuset, Haugerud og Trosterud <at>Alle</at>", i),
			Stage: "pause ved spørsmål 11 av 14", Weeks: "12 uker siden siste tilbakemelding", Level: "nivå: medbestemme",
			Groups: "grupper nådd: 3 av 6", Latest: "Sist: " + strings.Repeat("Beboerne på Furuset fikk se skissene og ", 4) + "…",
		})
	}
	pages := co.Digest(cases, time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), DigestLimits)
	if len(pages) < 2 {
		t.Fatalf("500 long cases in %d message", len(pages))
	}
	listed := 0
	for i, p := range pages {
		acts := render(p)
		b, _ := json.Marshal(acts)
		if len(acts) != 1 || len(acts[0].Attachments) != 1 || len(b) > maxCardBytes {
			t.Fatalf("page %d: %d activities, %d bytes; want one card under %d", i, len(acts), len(b), maxCardBytes)
		}
		if strings.Contains(string(b), "<at>") || strings.Contains(string(b), `"mention"`) {
			t.Errorf("page %d mentions someone", i)
		}
		listed += len(p.Cases)
		if i == 0 {
			got, _ := json.MarshalIndent(acts[0].Attachments[0].Content, "", "  ")
			if !strings.Contains(string(got), "Sak 000 – områdeløft") || !strings.Contains(string(got), fmt.Sprintf("(del 1 av %d)", len(pages))) {
				t.Errorf("first page:\n%s", got)
			}
		}
	}
	if listed != 500 {
		t.Errorf("%d cases listed, want 500", listed)
	}
}

var update = flag.Bool("update", false, "rewrite the golden cards in testdata/render")

// goldenCard compares a card with testdata/render/name.json, or writes it
// with -update.
func goldenCard(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "render", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("the %s card differs from %s:\n%s", name, path, got)
	}
}

package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
)

// platformFixtures are the payloads of testdata/platform (see SOURCES.md
// there), with what the coach makes of each: the engine input's kind, or
// "" when it is ignored.
var platformFixtures = []struct {
	file string
	kind dialogs.InputKind
}{
	{"app_mention.json", dialogs.InputCommand},
	{"thread_reply.json", dialogs.InputMessage},
	{"thread_broadcast.json", dialogs.InputMessage},
	{"message_deleted.json", dialogs.InputDelete},
	{"channel_created.json", dialogs.InputJoined}, // "fun" is a case prefix in the replay
	{"message.json", ""},
	{"message_changed.json", ""},
	{"member_joined_channel.json", ""},
	{"user_change.json", ""},
	{"team_join.json", ""},
	{"channel_rename.json", dialogs.InputLifecycle},
	{"channel_archive.json", dialogs.InputLifecycle},
	{"channel_unarchive.json", dialogs.InputLifecycle},
	{"channel_deleted.json", dialogs.InputLifecycle},
	{"group_rename.json", dialogs.InputLifecycle},
	{"group_archive.json", dialogs.InputLifecycle},
	{"group_unarchive.json", dialogs.InputLifecycle},
	{"group_deleted.json", dialogs.InputLifecycle},
}

// platformIdentity is who the coach is in the fixtures' workspace.
var platformIdentity = identity{UserID: "U0LAN0Z89", BotID: "B0LAN0Z89", TeamID: "T123ABC456"}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "platform", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wrapFixture puts an inner event into the documented event_callback.
func wrapFixture(t *testing.T, inner []byte, eventID string) []byte {
	t.Helper()
	var env map[string]any
	if err := json.Unmarshal(readFixture(t, "event_callback.json"), &env); err != nil {
		t.Fatal(err)
	}
	env["event"] = json.RawMessage(inner)
	env["event_id"] = eventID
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// platformAdapter is a started adapter that speaks as the fixtures'
// coach, with "fun" among its case prefixes.
func platformAdapter(t *testing.T, h *bottest.Handler, mode string) (*Adapter, *slacktest.Server) {
	t.Helper()
	f := slacktest.NewServer(t, slacktest.WithChannel("C0LAN2Q65", "sak-elv"), slacktest.WithUser("U061F7AUR", "Kari"))
	a, err := New(Config{Mode: mode, BotToken: slacktest.BotToken, AppToken: slacktest.AppToken,
		SigningSecret: slacktest.SigningSecret, APIURL: f.URL, Prefixes: []string{"sak-", "fun"}}, h, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	a.self.Store(&platformIdentity)
	return a, f
}

// Every fixture through the real HTTP handler: 200, and the right input
// (or none) for the engine.
func TestPlatformFixturesOverHTTP(t *testing.T) {
	for i, fx := range platformFixtures {
		t.Run(fx.file, func(t *testing.T) {
			h := &bottest.Handler{}
			a, _ := platformAdapter(t, h, ModeHTTP)
			u := serveHandler(t, a)
			body := wrapFixture(t, readFixture(t, fx.file), fmt.Sprintf("Ev0FIXTURE%02d", i))
			code, resp := do(t, signedRequest(t, u, ctJSON, string(body), slacktest.SigningSecret, time.Now()))
			if code != http.StatusOK {
				t.Fatalf("%d %q", code, resp)
			}
			checkFixture(t, h, fx.kind)
		})
	}
	t.Run("block_actions_ephemeral.json", func(t *testing.T) {
		h := &bottest.Handler{}
		a, _ := platformAdapter(t, h, ModeHTTP)
		u := serveHandler(t, a)
		form := "payload=" + url.QueryEscape(string(readFixture(t, "block_actions_ephemeral.json")))
		if code, resp := do(t, signedRequest(t, u, ctForm, form, slacktest.SigningSecret, time.Now())); code != http.StatusOK {
			t.Fatalf("%d %q", code, resp)
		}
		checkEphemeralPress(t, h.Events())
	})
}

// Every fixture through Socket Mode: acknowledged, and the same input.
func TestPlatformFixturesOverSocketMode(t *testing.T) {
	h := &bottest.Handler{}
	a, f := platformAdapter(t, h, ModeSocket)
	ws := newWSScript(t)
	f.SetSocketURL(ws.url())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = a.Run(ctx) }()
	bottest.WaitFor(t, "connect", a.Connected)
	for i, fx := range platformFixtures {
		before := len(h.Events())
		id := fmt.Sprintf("env-fixture-%d", i)
		body := wrapFixture(t, readFixture(t, fx.file), fmt.Sprintf("Ev0FIXTURE%02d", i))
		ws.send <- fmt.Sprintf(envelopeEvent, id, body)
		bottest.WaitFor(t, fx.file+" acknowledged", func() bool { _, ok := ws.ack(id); return ok })
		got := h.Events()[before:]
		switch {
		case fx.kind == "" && len(got) != 0:
			t.Errorf("%s: want ignored, the engine saw %+v", fx.file, got)
		case fx.kind != "" && (len(got) != 1 || got[0].Input.Kind != fx.kind):
			t.Errorf("%s: want %s, the engine saw %+v", fx.file, fx.kind, got)
		}
	}
	before := len(h.Events())
	var press bytes.Buffer
	if err := json.Compact(&press, readFixture(t, "block_actions_ephemeral.json")); err != nil {
		t.Fatal(err)
	}
	ws.send <- fmt.Sprintf(envelopeInteractive, "env-fixture-press", press.String())
	bottest.WaitFor(t, "the press acknowledged", func() bool { _, ok := ws.ack("env-fixture-press"); return ok })
	checkEphemeralPress(t, h.Events()[before:])
}

func checkFixture(t *testing.T, h *bottest.Handler, want dialogs.InputKind) {
	t.Helper()
	got := h.Events()
	if want == "" {
		if len(got) != 0 {
			t.Errorf("want ignored, the engine saw %+v", got)
		}
		return
	}
	if len(got) != 1 || got[0].Input.Kind != want {
		t.Errorf("want %s, the engine saw %+v", want, got)
	}
}

// checkEphemeralPress: the press is forget's confirmation, answered at the
// top level, with no reference to the ephemeral message.
func checkEphemeralPress(t *testing.T, got []bot.Event) {
	t.Helper()
	if len(got) != 1 || got[0].Input.Kind != dialogs.InputAction || got[0].Input.Action != dialogs.ActionForgetYes ||
		got[0].Input.Thread != "" || got[0].Input.Ref != "" {
		t.Errorf("the engine saw %+v", got)
	}
}

package teams

import (
	"net/http"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot/bottest"
)

func TestChannelNamesAreLookedUpAndKept(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	clock := time.Now()
	a.Now = func() time.Time { return clock }
	tok := "Bearer " + f.token()
	send := func(act map[string]any) {
		t.Helper()
		if rec := postActivity(a.HTTPHandler(), tok, mustJSON(t, act)); rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
	}
	lastName := func() string { evs := h.Events(); return evs[len(evs)-1].ChannelName }

	// A command in a channel the coach never saw created.
	send(channelMessage(f.serviceURL(), "1", "1", "<at>Involve</at> start", true))
	if got := lastName(); got != "sak-grorud-sentrum" {
		t.Errorf("channel name %q", got)
	}
	for i := range 5 {
		send(channelMessage(f.serviceURL(), "2"+string(rune('0'+i)), cardRoot, "svar", false))
	}
	if n := f.listHits.Load(); n != 1 {
		t.Errorf("channel list fetched %d times for 6 activities, want 1", n)
	}

	// The General channel is listed without a name.
	general := channelMessage(f.serviceURL(), "3", "3", "<at>Involve</at> help", true)
	general["conversation"].(map[string]any)["id"] = testTeam + ";messageid=3"
	send(general)
	if got := lastName(); got != "General" {
		t.Errorf("General channel named %q", got)
	}

	// A channel not listed yet is looked up again, but not at once.
	other := "19:notlisted@thread.tacv2"
	msg := func(id string) map[string]any {
		m := channelMessage(f.serviceURL(), id, id, "<at>Involve</at> status", true)
		m["conversation"].(map[string]any)["id"] = other + ";messageid=" + id
		m["channelData"] = teamsChannelData(other)
		return m
	}
	send(msg("4"))
	if got := lastName(); got != "" {
		t.Errorf("unknown channel named %q", got)
	}
	hits := f.listHits.Load()
	f.nameChannel(other, "case-new-library")
	send(msg("5"))
	if f.listHits.Load() != hits {
		t.Error("looked up again within a minute")
	}
	clock = clock.Add(2 * time.Minute)
	send(msg("6"))
	if got := lastName(); got != "case-new-library" {
		t.Errorf("after a minute: name %q", got)
	}
}

func TestChannelNameLookupFailureIsHarmless(t *testing.T) {
	f := newFakeBotFramework(t)
	h := &bottest.Handler{}
	a := newTestAdapter(t, f, h)
	m := channelMessage(f.serviceURL(), "1", "1", "<at>Involve</at> start", true)
	m["channelData"].(map[string]any)["team"] = map[string]any{"id": "19:unknownteam@thread.tacv2"}
	if rec := postActivity(a.HTTPHandler(), "Bearer "+f.token(), mustJSON(t, m)); rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if evs := h.Events(); len(evs) != 1 || evs[0].ChannelName != "" || evs[0].Input.Command != "start" {
		t.Errorf("events %+v", evs)
	}
}

package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

func TestDigestConfig(t *testing.T) {
	cfg, err := ParseConfig([]byte(""), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cfg.Digest; d.Enabled || d.Schedule != "0 8 * * MON" || d.Platform != "" || d.Channel != "" {
		t.Errorf("defaults %+v", d)
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"no platform", "[digest]\nenabled = true\nchannel = \"C0COORD\"\n",
			`line 2: digest.platform: required when digest.enabled is true: "slack" or "teams"`},
		{"an unknown platform", "[slack]\nenabled = true\nbot_token = \"xoxb-1\"\napp_token = \"xapp-1\"\n[digest]\nenabled = true\nplatform = \"email\"\nchannel = \"C0COORD\"\n",
			`line 7: digest.platform: "email" is not supported; use "slack" or "teams"`},
		{"a platform that is off", "[digest]\nenabled = true\nplatform = \"teams\"\nchannel = \"19:x@thread.tacv2\"\n",
			`line 3: digest.platform: is "teams", but teams.enabled is false`},
		{"no channel", "[slack]\nenabled = true\nbot_token = \"xoxb-1\"\napp_token = \"xapp-1\"\n[digest]\nenabled = true\nplatform = \"slack\"\n",
			`line 6: digest.channel: required when digest.enabled is true`},
		{"a bad schedule", "[digest]\nschedule = \"every monday\"\n",
			`line 2: digest.schedule: invalid schedule "every monday"`},
		{"a misspelt key", "[digest]\nchanel = \"C1\"\n", "digest.chanel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.doc), func(string) string { return "" })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// digestConfig is the test server's config with the digest on, in Slack.
func digestConfig(t *testing.T, fake *slacktest.Server, channel string) *Config {
	cfg := testConfig(t, fake, filepath.Join(t.TempDir(), "involve.db"), "")
	cfg.Digest = DigestConfig{Enabled: true, Platform: "slack", Channel: channel, Schedule: "0 8 * * MON"}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// A digest channel the coach is not in stops start-up with a message that
// names the key, the channel and what to do.
func TestServeRefusesADigestChannelTheCoachIsNotIn(t *testing.T) {
	fake := slacktest.NewServer(t) // knows no channel: conversations.info says channel_not_found
	err := serve(context.Background(), digestConfig(t, fake, "C0COORD"), slog.New(slog.DiscardHandler), func(string) { t.Error("serve listened") })
	if err == nil || !strings.Contains(err.Error(), "digest.channel") || !strings.Contains(err.Error(), "C0COORD") ||
		!strings.Contains(err.Error(), "/invite @Involve") {
		t.Fatalf("serve: %v", err)
	}
}

// With the coach in the channel, the digest of the latest slot goes out at
// start-up (a slot missed while the process was down), once, and nowhere else.
func TestServePostsTheDigest(t *testing.T) {
	fake := slacktest.NewServer(t, slacktest.WithChannel("C0COORD", "koordinering"))
	s := startServe(t, fake, digestConfig(t, fake, "C0COORD"))
	if code, body := s.command("C0CASE01", "sak-digest", "start"); code != 200 {
		t.Fatalf("start: %d %s", code, body)
	}
	bottest.WaitFor(t, "the digest", func() bool {
		for _, p := range fake.Posts() {
			if p.Channel == "C0COORD" {
				return true
			}
		}
		return false
	})
	if _, err := s.stop(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range fake.Posts() {
		if p.Channel == "C0COORD" {
			n++
			if !strings.Contains(p.Text, "Ukeoversikt, uke") || strings.Contains(p.Blocks, "<!") {
				t.Errorf("digest %q %s", p.Text, p.Blocks)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d digests posted, want 1", n)
	}
}

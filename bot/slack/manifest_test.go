package slack

import (
	"os"
	"regexp"
	"testing"
)

// The manifest grants every scope the Web API calls need and subscribes to
// every event the translator reads.
func TestManifest(t *testing.T) {
	b, err := os.ReadFile("manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	items := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s+- ([a-z_.:]+)\s*(#.*)?$`).FindAllStringSubmatch(string(b), -1) {
		items[m[1]] = true
	}
	for _, want := range []string{
		// scopes: chat.postMessage, reactions.add, files.*, conversations.join/info, users.info, /involve, events
		"chat:write", "reactions:write", "files:write", "channels:join", "channels:read", "groups:read",
		"users:read", "commands", "app_mentions:read", "channels:history", "groups:history",
		// events
		"app_mention", "channel_created", "member_joined_channel", "message.channels", "message.groups",
	} {
		if !items[want] {
			t.Errorf("manifest.yaml lacks %s", want)
		}
	}
	for _, want := range []string{`socket_mode_enabled: true`, `command: /involve`, `is_enabled: true`} {
		if !regexp.MustCompile(regexp.QuoteMeta(want)).Match(b) {
			t.Errorf("manifest.yaml lacks %q", want)
		}
	}
}

package slack

import (
	"slices"
	"testing"

	"github.com/oslo-involve/involve/bot"
)

// configChecks is what Config.Check says, setting by setting.
var configChecks = []struct {
	name    string
	cfg     Config
	enabled bool
	want    []bot.ConfigProblem
}{
	{"socket mode, all set", Config{Mode: ModeSocket, APIURL: DefaultAPIURL, BotToken: "xoxb-1", AppToken: "xapp-1"}, true, nil},
	{"http mode, all set", Config{Mode: ModeHTTP, APIURL: DefaultAPIURL, BotToken: "xoxb-1", SigningSecret: "s"}, true, nil},
	{"disabled needs no secrets", Config{Mode: ModeSocket, APIURL: DefaultAPIURL}, false, nil},
	{"disabled still needs a known mode", Config{Mode: "rtm", APIURL: DefaultAPIURL}, false,
		[]bot.ConfigProblem{{Key: "mode", Msg: `"rtm" is not one of socket (Socket Mode) or http (Events API over HTTP)`}}},
	{"api_url", Config{Mode: ModeHTTP, APIURL: "slack.com/api"}, false,
		[]bot.ConfigProblem{{Key: "api_url", Msg: `must be an absolute http or https URL, such as "https://slack.com/api/"`}}},
	{"missing secrets", Config{Mode: ModeSocket, APIURL: DefaultAPIURL}, true, []bot.ConfigProblem{
		{Key: "bot_token", Required: true},
		{Key: "app_token", Required: true, Msg: `Socket Mode needs an app-level token ("xapp-")`}}},
	{"tokens swapped", Config{Mode: ModeSocket, APIURL: DefaultAPIURL, BotToken: "xapp-1", AppToken: "xoxb-1"}, true, []bot.ConfigProblem{
		{Key: "bot_token", Msg: `must be the Bot User OAuth Token, which starts with "xoxb-"; this one is an app-level token ("xapp-")`},
		{Key: "app_token", Msg: `must be an app-level token, which starts with "xapp-"; this one is a bot token ("xoxb-")`}}},
	{"http mode without secret", Config{Mode: ModeHTTP, APIURL: DefaultAPIURL, BotToken: "xoxb-1"}, true,
		[]bot.ConfigProblem{{Key: "signing_secret", Required: true, Msg: "HTTP mode verifies every request with it"}}},
}

func TestConfigCheck(t *testing.T) {
	for _, tt := range configChecks {
		cfg := tt.cfg
		if got := cfg.Check(tt.enabled); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Check = %q, want %q", tt.name, got, tt.want)
		}
	}
	c := Config{Mode: ModeHTTP, APIURL: "http://127.0.0.1:9/api"}
	c.Check(false)
	if c.APIURL != "http://127.0.0.1:9/api/" {
		t.Errorf("APIURL after Check = %q, want it ending in /", c.APIURL)
	}
}

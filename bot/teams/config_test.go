package teams

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
	{"all set", Config{AppID: "id", AppPassword: "pw", OpenIDMetadataURL: DefaultOpenIDMetadataURL}, true, nil},
	{"disabled needs no credentials", Config{OpenIDMetadataURL: DefaultOpenIDMetadataURL}, false, nil},
	{"loopback http is for tests", Config{OpenIDMetadataURL: "http://127.0.0.1:8080/openid", TokenURL: "http://localhost:9/token"}, false, nil},
	{"keys over plain http", Config{OpenIDMetadataURL: "http://login.botframework.com/x"}, false, []bot.ConfigProblem{{Key: "openid_metadata_url",
		Msg: `must be an absolute https URL (http only to the loopback interface), such as "https://login.botframework.com/v1/.well-known/openidconfiguration"`}}},
	{"token over plain http", Config{OpenIDMetadataURL: DefaultOpenIDMetadataURL, TokenURL: "http://login.microsoftonline.com/t"}, false, []bot.ConfigProblem{{Key: "token_url",
		Msg: "must be an absolute https URL (http only to the loopback interface), or empty for the tenant's token endpoint"}}},
	{"tenant", Config{OpenIDMetadataURL: DefaultOpenIDMetadataURL, TenantID: "../x"}, false, []bot.ConfigProblem{{Key: "tenant_id",
		Msg: `must be a tenant ID (a GUID) or a domain such as "contoso.onmicrosoft.com"`}}},
	{"missing credentials", Config{OpenIDMetadataURL: DefaultOpenIDMetadataURL, AppPassword: "  "}, true, []bot.ConfigProblem{
		{Key: "app_id", Required: true, Msg: "without it the Bot Framework library skips authentication and lets any request through"},
		{Key: "app_password", Required: true, Msg: "the bot needs it to get tokens for its replies"}}},
}

func TestConfigCheck(t *testing.T) {
	for _, tt := range configChecks {
		cfg := tt.cfg
		if got := cfg.Check(tt.enabled); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Check = %q, want %q", tt.name, got, tt.want)
		}
	}
}

package teams

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/bot/bottest"
)

func TestCheckPasses(t *testing.T) {
	f := newFakeBotFramework(t)
	a := newTestAdapter(t, f, nil)
	if err := a.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	if f.tokenHits.Load() != 1 || f.metaHits.Load() != 1 || f.keyHits.Load() != 1 {
		t.Errorf("token %d, metadata %d, keys %d fetches; want one each", f.tokenHits.Load(), f.metaHits.Load(), f.keyHits.Load())
	}
	// What it fetched is kept: the first activity and reply do not wait.
	if _, err := a.validator.Validate(context.Background(), "Bearer "+f.token()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.conn.tokens.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	if f.tokenHits.Load() != 1 || f.metaHits.Load() != 1 {
		t.Errorf("fetched again after the check: token %d, metadata %d", f.tokenHits.Load(), f.metaHits.Load())
	}
	// Called again, it asks again.
	if err := a.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	if f.tokenHits.Load() != 2 || f.metaHits.Load() != 2 {
		t.Errorf("a second check used the cache: token %d, metadata %d", f.tokenHits.Load(), f.metaHits.Load())
	}
}

// A failed check says which setting to fix, and neither its error nor the
// adapter's logs carry the secret.
func TestCheckNamesTheSetting(t *testing.T) {
	const wrongSecret = "Wq8~s3cr3t.v4lue-th4t-must-n0t-l34k"
	tests := []struct {
		name   string
		status int // of the fake's invalid_client answer
		mod    func(*Config, *fakeBotFramework)
		want   []string
	}{
		{"wrong secret (401)", http.StatusUnauthorized, func(c *Config, _ *fakeBotFramework) { c.AppPassword = wrongSecret },
			[]string{"teams.app_password", "MICROSOFT_APP_PASSWORD", "invalid_client", "AADSTS7000215"}},
		{"wrong secret (400)", http.StatusBadRequest, func(c *Config, _ *fakeBotFramework) { c.AppPassword = wrongSecret },
			[]string{"teams.app_password", "MICROSOFT_APP_PASSWORD", "invalid_client"}},
		{"unknown app", 0, func(c *Config, _ *fakeBotFramework) { c.AppID = "11111111-2222-4333-8444-555555555555" },
			[]string{"teams.app_id", "MICROSOFT_APP_ID", "teams.tenant_id", "AADSTS700016"}},
		{"unknown tenant", 0, func(c *Config, f *fakeBotFramework) {
			c.TokenURL = f.tokenSrv.URL + "/contoso.example/oauth2/v2.0/token"
		}, []string{"teams.tenant_id", "MICROSOFT_APP_TENANT_ID", "teams.token_url", "AADSTS90002"}},
		{"not a token endpoint", 0, func(c *Config, f *fakeBotFramework) { c.TokenURL = f.openid.URL + "/token" },
			[]string{"teams.tenant_id", "teams.token_url", "404"}},
		{"token endpoint unreachable", 0, func(c *Config, _ *fakeBotFramework) { c.TokenURL = "http://127.0.0.1:1/tenant/oauth2/v2.0/token" },
			[]string{"teams.tenant_id", "teams.token_url", "127.0.0.1:1"}},
		{"no metadata", 0, func(c *Config, f *fakeBotFramework) { c.OpenIDMetadataURL = f.openid.URL + "/nowhere" },
			[]string{"teams.openid_metadata_url", "404"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeBotFramework(t)
			f.invalidClientStatus.Store(int64(tt.status))
			cfg := f.config()
			tt.mod(&cfg, f)
			var logs bytes.Buffer
			a, err := New(cfg, &bottest.Handler{}, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
			if err != nil {
				t.Fatal(err)
			}
			err = a.Check(context.Background())
			if err == nil {
				t.Fatal("check passed")
			}
			t.Log(err)
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error()+logs.String(), cfg.AppPassword) {
				t.Errorf("the secret leaked:\n%v\n%s", err, logs.String())
			}
			if strings.Contains(err.Error(), "\n") && !strings.Contains(tt.name, "both") {
				t.Errorf("one problem, several lines:\n%v", err)
			}
		})
	}

	t.Run("both", func(t *testing.T) {
		f := newFakeBotFramework(t)
		cfg := f.config()
		cfg.AppPassword = wrongSecret
		cfg.OpenIDMetadataURL = f.openid.URL + "/nowhere"
		a := newTestAdapterWith(t, cfg)
		err := a.Check(context.Background())
		if err == nil || !strings.Contains(err.Error(), "teams.app_password") || !strings.Contains(err.Error(), "teams.openid_metadata_url") {
			t.Errorf("error %v, want both problems", err)
		}
	})
}

func newTestAdapterWith(t testing.TB, cfg Config) *Adapter {
	t.Helper()
	a, err := New(cfg, &bottest.Handler{}, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

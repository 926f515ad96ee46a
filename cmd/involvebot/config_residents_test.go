package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/storage"
)

var residentsConfigErrors = []struct {
	name   string
	doc    string
	env    map[string]string
	want   []string
	secret string
}{
	{
		name: "enabled without a public address",
		doc:  "[residents]\nenabled = true\n",
		want: []string{"config.toml:2: http.public_url: required when residents.enabled is true"},
	},
	{
		name: "a public address over plain http",
		doc:  "[http]\npublic_url = \"http://involve.example.kommune.no\"\n\n[residents]\nenabled = true\n",
		want: []string{"config.toml:2: http.public_url:", "use an https:// address"},
	},
	{
		name:   "a short secret, not shown",
		doc:    "[http]\npublic_url = \"https://involve.example.kommune.no\"\n[residents]\nenabled = true\nsecret = \"kort-hemmelighet\"\n",
		want:   []string{"config.toml:5: residents.secret: 16 characters; use at least 32"},
		secret: "kort-hemmelighet",
	},
	{
		name:   "a short secret from the environment",
		doc:    "[http]\npublic_url = \"https://involve.example.kommune.no\"\n[residents]\nenabled = true\n",
		env:    map[string]string{"INVOLVE_RESIDENTS_SECRET": "kort"},
		want:   []string{"residents.secret", "INVOLVE_RESIDENTS_SECRET"},
		secret: "kort\"",
	},
	{
		name: "an accessibility statement that is no address",
		doc:  "[residents]\naccessibility_url = \"uustatus\"\n",
		want: []string{"config.toml:2: residents.accessibility_url:"},
	},
	{
		name: "a budget of nothing",
		doc:  "[residents]\npage_burst = 0\n",
		want: []string{"config.toml:2: residents.page_burst: must be at least 1"},
	},
	{
		name: "no cap on answers",
		doc:  "[residents]\n\nmax_answers = -1\n",
		want: []string{"config.toml:3: residents.max_answers: must be at least 1"},
	},
	{
		name: "a page's burst over the global one",
		doc:  "[residents]\npage_burst = 5000\nglobal_burst = 100\n",
		want: []string{"config.toml:2: residents.page_burst: 5000 is more than residents.global_burst"},
	},
	{
		name: "answers per form of nothing",
		doc:  "[residents]\nanswers_per_form = 0\n",
		want: []string{"config.toml:2: residents.answers_per_form:"},
	},
}

func TestResidentsConfigErrors(t *testing.T) {
	for _, tt := range residentsConfigErrors {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.doc)
			cfg, err := LoadConfig(path, env(tt.env))
			if err == nil {
				t.Fatalf("LoadConfig succeeded with %+v; want an error", cfg)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if tt.secret != "" && strings.Contains(msg, tt.secret) {
				t.Errorf("error shows a secret:\n%s", msg)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("error %T holds no *ConfigError", err)
			}
		})
	}
}

func TestResidentsConfigLoopbackForTests(t *testing.T) {
	path := writeConfig(t, "[http]\npublic_url = \"http://127.0.0.1:3000\"\n[residents]\nenabled = true\n")
	cfg, err := LoadConfig(path, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Residents.Enabled || cfg.HTTP.PublicURL != "http://127.0.0.1:3000" {
		t.Errorf("%+v %q", cfg.Residents, cfg.HTTP.PublicURL)
	}
}

// Without a configured secret the server makes one and keeps it in the
// database: forms given out before a restart still work after it.
func TestResidentsSecretSurvivesRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	var first []byte
	for i := range 2 {
		db, err := storage.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		s, err := residentsSecret(db, "")
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(s) < 32 {
			t.Fatalf("a secret of %d bytes", len(s))
		}
		if i == 0 {
			first = s
		} else if !bytes.Equal(s, first) {
			t.Errorf("the secret changed across a restart")
		}
	}
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if s, _ := residentsSecret(db, testResidentsSecret); string(s) != testResidentsSecret {
		t.Errorf("the configured secret does not win")
	}
}

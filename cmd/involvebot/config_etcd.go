package main

import (
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/oslo-involve/involve/etcdstore"
)

// Storage backends.
const (
	backendBbolt = "bbolt"
	backendEtcd  = "etcd"
)

// EtcdConfig holds the [storage] keys that choose the backend and reach
// an etcd cluster. It is embedded in StorageConfig.
type EtcdConfig struct {
	Backend         string   `toml:"backend"` // "bbolt" (default) or "etcd"
	EtcdEndpoints   []string `toml:"etcd_endpoints"`
	EtcdPrefix      string   `toml:"etcd_prefix"`
	EtcdDialTimeout string   `toml:"etcd_dial_timeout"`
	EtcdCAFile      string   `toml:"etcd_ca_file"`
	EtcdCertFile    string   `toml:"etcd_cert_file"`
	EtcdKeyFile     string   `toml:"etcd_key_file"`

	// DialTimeout is EtcdDialTimeout parsed by Validate.
	DialTimeout time.Duration `toml:"-"`
}

// defaultEtcd is the part of DefaultConfig for these keys.
var defaultEtcd = EtcdConfig{Backend: backendBbolt, EtcdPrefix: "/involve/", EtcdDialTimeout: "5s", DialTimeout: 5 * time.Second}

// UsesEtcd reports whether the state lives in etcd.
func (c *StorageConfig) UsesEtcd() bool { return c.Backend == backendEtcd }

// Etcd returns what etcdstore.Open needs.
func (c *StorageConfig) Etcd() etcdstore.Config {
	return etcdstore.Config{
		Endpoints: c.EtcdEndpoints, Prefix: c.EtcdPrefix, DialTimeout: c.DialTimeout,
		CAFile: c.EtcdCAFile, CertFile: c.EtcdCertFile, KeyFile: c.EtcdKeyFile,
	}
}

func (c *Config) checkEtcd(p *problems) {
	s := &c.Storage
	if s.Backend == "" {
		s.Backend = backendBbolt
	}
	if s.EtcdPrefix == "" {
		s.EtcdPrefix = "/involve/"
	}
	if len(s.EtcdEndpoints) == 0 {
		s.EtcdEndpoints = nil // `etcd_endpoints = []` is the default
	}
	if s.EtcdDialTimeout == "" {
		s.EtcdDialTimeout = "5s"
	}
	switch s.Backend {
	case backendBbolt, backendEtcd:
	default:
		p.add("storage.backend", "must be \"bbolt\" or \"etcd\", not %q", s.Backend)
	}
	d, err := time.ParseDuration(s.EtcdDialTimeout)
	switch {
	case err != nil:
		p.add("storage.etcd_dial_timeout", "must be a duration such as \"5s\", not %q", s.EtcdDialTimeout)
	case d <= 0 || d > time.Minute:
		p.add("storage.etcd_dial_timeout", "must be more than 0 and at most 1m, not %s", d)
	default:
		s.DialTimeout = d
	}
	if !strings.HasPrefix(s.EtcdPrefix, "/") || !strings.HasSuffix(s.EtcdPrefix, "/") {
		p.add("storage.etcd_prefix", "must start and end with \"/\", such as \"/involve/\", not %q", s.EtcdPrefix)
	}
	if !s.UsesEtcd() {
		return
	}
	if len(s.EtcdEndpoints) == 0 {
		p.add("storage.etcd_endpoints", "required when storage.backend is \"etcd\": the members' client URLs, such as [\"https://etcd1:2379\"]").near = "storage.backend"
	}
	for _, e := range s.EtcdEndpoints {
		u, err := url.Parse(e)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Port() == "" || u.Path != "" && u.Path != "/" {
			p.add("storage.etcd_endpoints", "%q is not a client URL such as \"https://etcd1:2379\"", e)
		}
	}
	for _, f := range []struct{ key, path string }{
		{"storage.etcd_ca_file", s.EtcdCAFile}, {"storage.etcd_cert_file", s.EtcdCertFile}, {"storage.etcd_key_file", s.EtcdKeyFile},
	} {
		if f.path == "" {
			continue
		}
		if _, err := os.Stat(f.path); err != nil {
			p.add(f.key, "cannot read %s: %v", f.path, err)
		}
	}
	if (s.EtcdCertFile == "") != (s.EtcdKeyFile == "") {
		p.add("storage.etcd_cert_file", "a client certificate needs both etcd_cert_file and etcd_key_file")
	}
}

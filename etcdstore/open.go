package etcdstore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
)

// Config says how to reach the etcd cluster.
type Config struct {
	// Endpoints are the members' client URLs (https://host:2379).
	Endpoints []string
	// Prefix is the key prefix involve's keys live under. Default "/involve/".
	Prefix string
	// DialTimeout bounds connecting and the first read. Default 5s.
	DialTimeout time.Duration
	// CAFile, CertFile and KeyFile configure TLS: the CA that signed the
	// members' certificates, and this client's certificate and key.
	CAFile, CertFile, KeyFile string
	// Limits are the members' --max-txn-ops and --max-request-bytes.
	// Zero fields: etcd's defaults.
	Limits Limits
}

// ErrUnreachable means no endpoint answered within the dial timeout.
var ErrUnreachable = errors.New("etcdstore: etcd is not reachable")

// Open connects to the cluster and checks, within the dial timeout, that
// it answers a read. Close closes the connection.
func Open(ctx context.Context, c Config) (*Store, error) {
	if len(c.Endpoints) == 0 {
		return nil, errors.New("etcdstore: no endpoints")
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = 5 * time.Second
	}
	tc, err := c.tls()
	if err != nil {
		return nil, err
	}
	cli, err := clientv3.New(clientv3.Config{
		Endpoints:   c.Endpoints,
		DialTimeout: c.DialTimeout,
		TLS:         tc,
		Logger:      zap.NewNop(),
		Context:     context.WithoutCancel(ctx),
		// A member that stops answering is left for another within a few
		// seconds rather than the default 20.
		DialKeepAliveTime:    2 * time.Second,
		DialKeepAliveTimeout: 2 * time.Second,
	})
	if err != nil {
		return nil, fmt.Errorf("etcdstore: connect to %s: %w", strings.Join(c.Endpoints, ", "), err)
	}
	s := New(cli, c.Prefix)
	s.own = true
	s.Limits = c.Limits.withDefaults()
	pctx, cancel := context.WithTimeout(ctx, c.DialTimeout)
	defer cancel()
	if _, err := cli.Get(pctx, s.prefix+"s/", clientv3.WithCountOnly()); err != nil {
		cli.Close()
		return nil, fmt.Errorf("%w at %s within %s: %w", ErrUnreachable, strings.Join(c.Endpoints, ", "), c.DialTimeout, err)
	}
	return s, nil
}

func (c Config) tls() (*tls.Config, error) {
	if c.CAFile == "" && c.CertFile == "" && c.KeyFile == "" {
		return nil, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("etcdstore: CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("etcdstore: CA file %s holds no PEM certificate", c.CAFile)
		}
		tc.RootCAs = pool
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return nil, errors.New("etcdstore: a client certificate needs both a cert file and a key file")
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("etcdstore: client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

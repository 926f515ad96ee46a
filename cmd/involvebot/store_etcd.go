package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/etcdstore"
	"github.com/oslo-involve/involve/storage"
)

// openEtcd connects to the configured etcd cluster, or says clearly why
// not within storage.etcd_dial_timeout.
func openEtcd(ctx context.Context, cfg *Config) (*etcdstore.Store, error) {
	s, err := etcdstore.Open(ctx, cfg.Storage.Etcd())
	if err != nil {
		return nil, fmt.Errorf("storage.etcd_endpoints: %w (check that the members run, the addresses and the TLS files)", err)
	}
	return s, nil
}

// replicaName names this replica in the election: host name and pid.
func replicaName() string {
	h, _ := os.Hostname()
	return fmt.Sprintf("%s/%d", h, os.Getpid())
}

// caseSource is what export and cases read: the bbolt file or etcd.
type caseSource interface {
	Cases(ctx context.Context, fn func(c *dialogs.Case) error) error
	Case(channel string) (*dialogs.Case, error)
}

// etcdCases reads cases from etcd for export and cases.
type etcdCases struct{ s *etcdstore.Store }

func (e etcdCases) Cases(ctx context.Context, fn func(c *dialogs.Case) error) error {
	return e.s.Cases(ctx, fn)
}

func (e etcdCases) Case(channel string) (*dialogs.Case, error) {
	c, _, err := e.s.Load(context.Background(), channel)
	return c, err
}

var _ caseSource = (*storage.DB)(nil)

// openSource opens what export and cases read: with -config, the store
// the configuration names; else the bbolt file at dbPath. where names it
// for messages.
func openSource(ctx context.Context, dbPath, configPath string) (src caseSource, where string, closeFn func() error, err error) {
	if configPath != "" {
		cfg, err := LoadConfig(configPath, os.Getenv)
		if err != nil {
			return nil, "", nil, err
		}
		if cfg.Storage.UsesEtcd() {
			s, err := openEtcd(ctx, cfg)
			if err != nil {
				return nil, "", nil, err
			}
			return etcdCases{s}, "etcd " + cfg.Storage.EtcdPrefix, s.Close, nil
		}
		dbPath = cfg.Storage.Path
	}
	db, err := openExisting(dbPath)
	if err != nil {
		return nil, "", nil, err
	}
	return db, dbPath, db.Close, nil
}

// etcdMetrics are the metrics of a replica on etcd: conflicts (each one
// steps its event again), and leadership.
type etcdMetrics struct {
	conflicts prometheus.Counter
	leading   prometheus.Gauge
	changes   *prometheus.CounterVec
}

func newEtcdMetrics(reg prometheus.Registerer, st *etcdstore.Store, el *etcdstore.Elector) *etcdMetrics {
	m := &etcdMetrics{
		conflicts: prometheus.NewCounter(prometheus.CounterOpts{Name: "involve_store_conflicts_total",
			Help: "Commits refused because another replica changed the case first; each event is stepped again on the case as it is now."}),
		leading: prometheus.NewGauge(prometheus.GaugeOpts{Name: "involve_leader",
			Help: "1 while this replica leads: runs the weekly nudge, the digest, housekeeping and outbox delivery."}),
		changes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "involve_leader_changes_total",
			Help: "Times this replica started (started) or stopped (stopped) leading."}, []string{"change"}),
	}
	reg.MustRegister(m.conflicts, m.leading, m.changes)
	st.Metrics = m
	el.OnChange = func(leading bool) {
		if leading {
			m.leading.Set(1)
			m.changes.WithLabelValues("started").Inc()
		} else {
			m.leading.Set(0)
			m.changes.WithLabelValues("stopped").Inc()
		}
	}
	return m
}

// Conflict counts a refused commit.
func (m *etcdMetrics) Conflict() { m.conflicts.Inc() }

// errNoLeader is in /healthz when the cluster cannot be reached.
var errNoLeader = errors.New("not reachable")

// storeHealth adds the store's parts to /healthz: whether this replica
// reaches its store and, on etcd, whether it leads.
func (s *server) storeHealth(ctx context.Context, status map[string]string) bool {
	if s.etcd == nil {
		if err := s.db.Ping(); err != nil {
			status["database"] = "error: " + err.Error()
			return false
		}
		status["database"] = "ok"
		return true
	}
	if s.leader.Leading() {
		status["leader"] = "this replica leads"
	} else {
		status["leader"] = "another replica leads"
	}
	if err := s.etcd.Ping(ctx); err != nil {
		status["etcd"] = fmt.Sprintf("error: %v: %v", errNoLeader, err)
		return false
	}
	status["etcd"] = "ok"
	return true
}

var _ bot.Leader = (*etcdstore.Elector)(nil)

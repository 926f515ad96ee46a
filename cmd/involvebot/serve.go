package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/docx"
	"github.com/oslo-involve/involve/etcdstore"
	"github.com/oslo-involve/involve/storage"
)

// shutdownGrace bounds how long serve waits for work in flight at shutdown.
const shutdownGrace = 10 * time.Second

// errNoPlatform explains what to do when nothing is enabled.
var errNoPlatform = errors.New("no platform is enabled: set slack.enabled or teams.enabled in the config " +
	"(config.example.toml documents every key), or try the coach in a terminal: involvebot console")

func cmdServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	path := fs.String("config", "", "the TOML config file (see config.example.toml)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" {
		return fmt.Errorf("%w: serve: -config FILE is required (start from config.example.toml)", errUsage)
	}
	cfg, err := LoadConfig(*path, os.Getenv)
	if err != nil {
		return err
	}
	if !cfg.Slack.Enabled && !cfg.Teams.Enabled {
		return errNoPlatform
	}
	log := newLogger(cfg.Log, stderr)
	tuneGC(os.Getenv)
	return serve(ctx, cfg, log, nil)
}

// newLogger builds the structured log the config asks for.
func newLogger(c LogConfig, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// server is everything serve runs, wired.
type server struct {
	cfg       *Config
	log       *slog.Logger
	be        *backend         // the store and what differs between the stores
	db        *storage.DB      // nil on etcd
	etcd      *etcdstore.Store // nil on bbolt
	src       caseSource       // db or etcd, for the admin routes
	leader    bot.Leader       // who runs the scheduler and the outbox
	engine    *bot.Engine
	scheduler *bot.Scheduler
	digest    *bot.DigestScheduler // nil when the digest is off
	metrics   *metrics
	platforms []bot.Platform
	mux       *http.ServeMux
}

// serve runs until ctx ends, or until the database fails (an error).
// ready, when not nil, gets the listening address.
func serve(ctx context.Context, cfg *Config, log *slog.Logger, ready func(addr string)) error {
	return serveWith(ctx, cfg, log, ready, nil)
}

// serveWith is serve opening the database with so (tests inject faults
// through storage.Options.OpenFile). It is serve's Main: it opens the
// store, wires every part (wire), runs them until ctx ends or one stops
// (run), and closes the store last.
func serveWith(ctx context.Context, cfg *Config, log *slog.Logger, ready func(addr string), so *storage.Options) error {
	be, err := openBackend(ctx, cfg, so)
	if err != nil {
		return err
	}
	defer be.close()
	s := &server{cfg: cfg, log: log, mux: http.NewServeMux(), be: be, db: be.db, etcd: be.etcd, src: be.src, leader: be.leader}
	if err := s.wire(ctx); err != nil {
		return err
	}
	return s.run(ctx, ready)
}

// wire builds the engine, the schedulers, the platforms and the routes over
// the store, and starts the platforms (each checks its credentials).
func (s *server) wire(ctx context.Context) error {
	cfg, log := s.cfg, s.log
	l, _ := dialogs.ParseLang(cfg.Coach.Language)
	schedule, err := nudgeSchedule(cfg)
	if err != nil {
		return err
	}
	s.engine = newEngine(s.be.store, cfg, bot.Options{Lang: l, Typesetter: docx.Typesetter{}, Shared: s.be.shared, Schedule: schedule})
	s.engine.Log = log
	s.metrics = newMetrics(s.db)
	s.engine.Metrics = s.metrics
	if err := s.addResidents(); err != nil {
		return err
	}
	if s.be.instrument != nil {
		s.be.instrument(s.metrics.reg)
	}

	s.scheduler = bot.NewScheduler(s.engine, schedule, cfg.Nudge.Location)
	s.scheduler.Log = log
	s.scheduler.RetainClosed = time.Duration(cfg.Storage.ClosedRetentionDays) * 24 * time.Hour

	if err := s.addPlatforms(); err != nil {
		return err
	}
	for _, p := range s.platforms {
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := p.Start(sctx)
		cancel()
		if err != nil {
			return err
		}
	}
	if s.digest, err = s.newDigest(ctx); err != nil {
		return err
	}
	s.routes()
	return nil
}

// run serves HTTP and runs the platforms and the leader's parts until ctx
// ends or one of them stops, then shuts them down in order: what takes
// events first, then the work that finishes what they committed.
func (s *server) run(ctx context.Context, ready func(addr string)) error {
	cfg, log := s.cfg, s.log
	ln, err := net.Listen("tcp", cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("http.listen: %w", err)
	}
	hs := &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: serverErrorLog(log)}
	names := make([]string, 0, len(s.platforms))
	for _, p := range s.platforms {
		names = append(names, p.Name())
	}
	log.Info("involvebot serving", "version", version, "listen", ln.Addr().String(), "platforms", strings.Join(names, ","),
		"store", s.be.name, "schedule", cfg.Nudge.Schedule, "timezone", cfg.Nudge.Timezone,
		"next_nudge", s.scheduler.Next(time.Now()))
	if ready != nil {
		ready(ln.Addr().String())
	}

	// Platforms and the HTTP server stop taking events first; the engine
	// and the scheduler finish what is in flight after them.
	inCtx, stopIn := context.WithCancel(context.Background())
	workCtx, stopWork := context.WithCancel(context.Background())
	var inWG, workWG sync.WaitGroup
	errc := make(chan error, len(s.platforms)+2) // the platforms, HTTP, the work
	for _, p := range s.platforms {
		inWG.Add(1)
		go func() {
			defer inWG.Done()
			if err := p.Run(inCtx); err != nil && inCtx.Err() == nil {
				errc <- fmt.Errorf("%s: %w", p.Name(), err)
			}
		}()
	}
	inWG.Add(1)
	go func() {
		defer inWG.Done()
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("http: %w", err)
		}
	}()
	// The outbox, the nudge and the digest run on the replica that leads
	// (alone on bbolt: always this one); one that stops stops serve.
	workWG.Add(1)
	go func() {
		defer workWG.Done()
		err := bot.WhileLeading(workCtx, s.leader, log, func(lctx context.Context) error {
			parts := []part{{"outbox", s.engine.Run}}
			if cfg.Nudge.Enabled {
				parts = append(parts, part{"nudge scheduler", s.scheduler.Run})
			}
			if s.digest != nil {
				// Like the nudge, the digest is posted by the replica that leads.
				parts = append(parts, part{"digest scheduler", s.digest.Run})
			}
			return runParts(lctx, parts...)
		})
		if err != nil {
			errc <- err
		}
	}()

	var runErr error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case runErr = <-errc:
		log.Error("stopping after a fatal error", "err", runErr)
	case <-s.be.failed():
		// The file may differ from what this process believes it holds:
		// take no more events, and exit non-zero so that systemd starts
		// a process that reads the file afresh.
		runErr = fmt.Errorf("database failed, exiting so that a restart reads the file afresh: %w", s.be.store.Err())
		log.Error("stopping: the database failed a write", "err", s.be.store.Err(), "db", s.be.name)
	}
	shCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	_ = hs.Shutdown(shCtx)
	stopIn()
	inWG.Wait()
	// Give the outbox a moment to deliver what was just acknowledged
	// (on the replica that delivers it).
	if s.be.store.Err() == nil && s.leader.Leading() {
		flushCtx, cancelFlush := context.WithTimeout(context.Background(), 3*time.Second)
		_ = s.engine.Settle(flushCtx)
		cancelFlush()
	}
	stopWork()
	workWG.Wait()
	// On etcd no clean stop is recorded: the next leader cannot tell this
	// replica's mark from an older one's, so it takes each channel's first
	// reply as possibly sent (the senders look before posting again).
	if !s.be.shared && s.be.store.Err() == nil {
		if err := s.engine.MarkStopped(); err != nil {
			log.Error("could not record a clean stop", "err", err)
		}
	}
	log.Info("stopped")
	return runErr
}

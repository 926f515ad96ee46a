package bottest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/storage"
)

// Options configure an Engine. The zero value is the coach as served:
// bokmål, case prefixes "sak-" and "case-", auto-start.
type Options struct {
	// Engine configures the engine; an empty Prefixes means "sak-" and
	// "case-", and AutoStart is set unless NoAutoStart is.
	Engine      bot.Options
	NoAutoStart bool
	// DB opens the database (a fault-injecting OpenFile, say); nil is the
	// defaults.
	DB *storage.Options
	// Path is the database file; "" is a new file under t.TempDir().
	Path string
	// Setup changes the engine (its clock, its backoff) before it runs,
	// and again after each Reopen.
	Setup func(*bot.Engine)
	// Wrap, when not nil, gives the engine a store around the database
	// (a StallStore, say), again after each Reopen.
	Wrap func(bot.Store) bot.Store
}

// Engine is a *bot.Engine on a real bbolt file. At cleanup it stops the
// engine if it runs, checks the database's consistency (a failure fails
// the test) and closes it.
type Engine struct {
	*bot.Engine
	// DB is the engine's database, and Path its file.
	DB   *storage.DB
	Path string

	t       testing.TB
	o       Options
	senders map[string]bot.Sender
	stop    context.CancelFunc
	done    chan struct{}
}

// New opens the database and the engine over it, not yet running: register
// the senders, then Run.
func New(t testing.TB, o Options) *Engine {
	t.Helper()
	if o.Path == "" {
		o.Path = filepath.Join(t.TempDir(), "involve.db")
	}
	if o.Engine.Lang == "" {
		o.Engine.Lang = dialogs.NB
	}
	if o.Engine.Prefixes == nil {
		o.Engine.Prefixes = []string{"sak-", "case-"}
	}
	o.Engine.AutoStart = o.Engine.AutoStart || !o.NoAutoStart
	e := &Engine{t: t, o: o, Path: o.Path, senders: map[string]bot.Sender{}}
	e.open()
	t.Cleanup(func() {
		if e.DB == nil {
			return
		}
		e.Stop()
		if e.DB.Err() == nil { // a database failed on purpose is not checked
			if err := e.DB.Check(); err != nil {
				t.Errorf("bottest: the database does not check clean: %v", err)
			}
		}
		if err := e.DB.Close(); err != nil && e.DB.Err() == nil {
			t.Errorf("bottest: close: %v", err)
		}
	})
	return e
}

func (e *Engine) open() {
	e.t.Helper()
	db, err := storage.Open(e.Path, e.o.DB)
	if err != nil {
		e.t.Fatalf("bottest: open %s: %v", e.Path, err)
	}
	e.DB = db
	var store bot.Store = db
	if e.o.Wrap != nil {
		store = e.o.Wrap(db)
	}
	e.Engine = bot.New(store, e.o.Engine)
	if e.o.Setup != nil {
		e.o.Setup(e.Engine)
	}
	for p, s := range e.senders {
		e.Engine.Register(p, s)
	}
}

// Register makes s deliver platform's replies, now and after a Reopen.
func (e *Engine) Register(platform string, s bot.Sender) {
	e.senders[platform] = s
	e.Engine.Register(platform, s)
}

// Run starts the engine's outbox in the background; Stop or the test's
// cleanup ends it.
func (e *Engine) Run() *Engine {
	if e.stop != nil {
		return e
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.stop, e.done = cancel, make(chan struct{})
	go func(eng *bot.Engine, done chan struct{}) {
		defer close(done)
		_ = eng.Run(ctx)
	}(e.Engine, e.done)
	return e
}

// Stop ends Run and waits for it; it does nothing when the engine does not
// run.
func (e *Engine) Stop() {
	if e.stop == nil {
		return
	}
	e.stop()
	<-e.done
	e.stop, e.done = nil, nil
}

// Reopen stops the engine, closes the database and opens both again on
// the same file, as a restart does; the engine runs again if it ran.
func (e *Engine) Reopen() {
	e.t.Helper()
	running := e.stop != nil
	e.Stop()
	if err := e.DB.Close(); err != nil {
		e.t.Fatalf("bottest: close before reopening: %v", err)
	}
	e.open()
	if running {
		e.Run()
	}
}

// WaitSettled waits until the outbox has delivered everything it can, and
// fails the test if it does not within Patience.
func (e *Engine) WaitSettled() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Patience)
	defer cancel()
	if err := e.Engine.Settle(ctx); err != nil {
		e.t.Fatalf("bottest: the outbox did not settle: %v", err)
	}
}

// MustCase returns channel's case as stored, failing the test when there is
// none.
func (e *Engine) MustCase(channel string) *dialogs.Case {
	e.t.Helper()
	c, err := e.Engine.Case(channel)
	if err != nil {
		e.t.Fatalf("bottest: case %s: %v", channel, err)
	}
	return c
}

// QuickBackoff retries failed deliveries within milliseconds, for tests
// that make a platform fail; pass it as Options.Setup or call it there.
func QuickBackoff(e *bot.Engine) {
	e.Backoff = func(n int) time.Duration { return time.Duration(n) * 20 * time.Millisecond }
}

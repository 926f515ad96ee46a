package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"regexp"
	"slices"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/etcdstore"
	"github.com/oslo-involve/involve/residents"
)

// residentsSecretKey is where the form secret is kept when the config
// gives none: made once, at random, so forms survive restarts.
const residentsSecretKey = "residents.secret"

// addResidents serves the residents' pages when they are enabled, and gives
// the engine's cases their page commands.
func (s *server) addResidents() error {
	if !s.cfg.Residents.Enabled {
		return nil
	}
	var st stateStore = s.db
	if s.etcd != nil {
		st = s.etcd
	}
	secret, err := residentsSecret(st, s.cfg.Residents.Secret)
	if err != nil {
		return err
	}
	s.engine.SetResidents(dialogs.ResidentsSetup{
		PublicURL: s.cfg.HTTP.PublicURL,
		NewCode:   residents.NewCode,
		QR:        residents.QR,
	})
	h, err := residents.New(residentsStore{s.engine}, secret)
	if err != nil {
		return fmt.Errorf("residents: %w", err)
	}
	h.Log = s.log
	h.Location = s.cfg.Nudge.Location
	h.AccessibilityURL = s.cfg.Residents.AccessibilityURL
	if s.cfg.Residents.BehindProxy {
		h.ClientAddr = residents.ForwardedFor
	}
	h.Register(s.mux)
	return nil
}

// stateStore is where the form secret is kept: the bbolt file, or etcd.
type stateStore interface {
	State(ctx context.Context, key string) ([]byte, error)
	SetState(ctx context.Context, key string, value []byte) error
}

// stateCreator is a store several replicas share: CreateState keeps a
// value only if none is there and returns the one kept, so that replicas
// that start at once agree on one secret.
type stateCreator interface {
	CreateState(ctx context.Context, key string, value []byte) ([]byte, error)
}

var _ stateCreator = (*etcdstore.Store)(nil)

// residentsSecret returns the configured form secret, or the one kept in
// the store, made the first time (by one replica, for all of them).
func residentsSecret(st stateStore, configured string) ([]byte, error) {
	ctx := context.Background()
	if configured != "" {
		return []byte(configured), nil
	}
	v, err := st.State(ctx, residentsSecretKey)
	if err != nil {
		return nil, fmt.Errorf("residents: read the form secret: %w", err)
	}
	if len(v) >= minResidentsSecret {
		return v, nil
	}
	fresh := make([]byte, minResidentsSecret)
	rand.Read(fresh)
	if c, ok := st.(stateCreator); ok && v == nil {
		kept, err := c.CreateState(ctx, residentsSecretKey, fresh)
		if err != nil {
			return nil, fmt.Errorf("residents: keep the form secret: %w", err)
		}
		if len(kept) >= minResidentsSecret {
			return kept, nil
		}
	}
	v = fresh
	if err := st.SetState(ctx, residentsSecretKey, v); err != nil {
		return nil, fmt.Errorf("residents: keep the form secret: %w", err)
	}
	return v, nil
}

// residentsStore is the engine as the residents' page sees it: the public
// view of a case, and answers into it.
type residentsStore struct{ e *bot.Engine }

var _ residents.Store = residentsStore{}

func (r residentsStore) Page(_ context.Context, code string) (residents.Page, error) {
	c, err := r.e.ResidentsPage(code)
	if err != nil {
		return residents.Page{}, pageErr(err)
	}
	return publicPage(c), nil
}

func (r residentsStore) Submit(ctx context.Context, code string, a residents.Answer) error {
	// Nothing of the request goes further: the text, the age band, the time.
	return pageErr(r.e.SubmitResident(ctx, code, a.Text, string(a.Age), a.At))
}

func pageErr(err error) error {
	switch {
	case errors.Is(err, bot.ErrNoPage):
		return residents.ErrNotFound
	case errors.Is(err, bot.ErrPageClosed):
		return residents.ErrClosed
	}
	return err
}

// publicPage is what of a case the public page shows: its title, and what
// the team published. Nothing of the team's answers, names or channel ids.
func publicPage(c *dialogs.Case) residents.Page {
	p := residents.Page{Title: c.PageTitle(), Lang: string(c.Lang),
		Level: residents.Level(c.Level), Promise: c.PromiseOf()}
	if rp := c.Residents; rp != nil {
		for _, u := range slices.Backward(rp.Updates) {
			p.Updates = append(p.Updates, residents.Update{Text: u.Text, At: u.At})
		}
	}
	return p
}

// addrPattern matches what net/http's error log may say of a client: an
// IPv4 or IPv6 address with its port.
var addrPattern = regexp.MustCompile(`\[?[0-9a-fA-F:.]*[0-9a-fA-F][:.][0-9a-fA-F:.]+\]?(:\d+)?`)

// serverErrorLog is the http.Server's error log: net/http names the client's
// address in some lines (a TLS handshake error, a panic); the residents'
// addresses are never logged, so it is taken out.
func serverErrorLog(l *slog.Logger) *log.Logger {
	return log.New(addrFreeWriter{l}, "", 0)
}

type addrFreeWriter struct{ l *slog.Logger }

func (w addrFreeWriter) Write(p []byte) (int, error) {
	w.l.Warn("http server", "error", string(addrPattern.ReplaceAll(p, []byte("[address]"))))
	return len(p), nil
}

var _ http.Handler = (*residents.Handler)(nil)

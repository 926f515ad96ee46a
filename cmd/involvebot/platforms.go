package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/slack"
	"github.com/oslo-involve/involve/bot/teams"
)

// addPlatforms builds the enabled platform adapters and registers their
// senders and HTTP routes.
func (s *server) addPlatforms() error {
	if c := s.cfg.Slack; c.Enabled {
		ac := c.adapter(s.cfg.Coach.CaseChannelPrefixes)
		ac.Observer = s.metrics.slackObserver()
		a, err := slack.New(ac, s.engine, s.log.With("platform", bot.PlatformSlack))
		if err != nil {
			return err
		}
		s.add(a)
	}
	if c := s.cfg.Teams; c.Enabled {
		a, err := teams.New(c.adapter(), s.engine, s.log.With("platform", bot.PlatformTeams))
		if err != nil {
			return err
		}
		s.metrics.teamsHooks(a)
		s.add(a)
	}
	return nil
}

// add registers p's sender with the engine and, when p takes requests,
// its route with the HTTP server.
func (s *server) add(p bot.Platform) {
	s.engine.Register(p.Name(), p.Sender())
	if hp, ok := p.(bot.HTTPPlatform); ok && hp.Route() != "" {
		s.mux.Handle(hp.Route(), s.counted(p.Name(), hp.HTTPHandler()))
	}
	s.platforms = append(s.platforms, p)
}

// counted counts the requests a platform's handler refuses, by status.
func (s *server) counted(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		switch sw.status {
		case http.StatusUnauthorized, http.StatusForbidden:
			s.metrics.Rejected(route, "unauthorized")
		case http.StatusRequestEntityTooLarge:
			s.metrics.Rejected(route, "too_large")
		case http.StatusBadRequest, http.StatusUnsupportedMediaType:
			s.metrics.Rejected(route, "bad_request")
		}
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func cmdTeamsPackage(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("teams-package", stderr)
	appID := fs.String("app-id", os.Getenv("MICROSOFT_APP_ID"), "the bot's Microsoft app id (default $MICROSOFT_APP_ID)")
	out := fs.String("o", "involve-teams.zip", `the zip to write ("-" for standard output)`)
	ver := fs.String("version", "1.0.0", "the app version; raise it to update an uploaded app")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := teams.BuildPackage(&buf, *appID, teams.PackageOptions{Version: *ver}); err != nil {
		return err
	}
	if *out == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s: upload it in Teams (Apps → Manage your apps → Upload an app)\n", *out)
	return nil
}

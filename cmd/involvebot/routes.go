package main

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/docx"
)

// routes wires the HTTP routes that are not a platform's own.
func (s *server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	s.mux.HandleFunc("GET /admin/backup", s.admin(s.backup))
	s.mux.HandleFunc("GET /admin/cases", s.admin(s.cases))
	s.mux.HandleFunc("GET /admin/export", s.admin(s.export))
}

// outboxBehind is how old the oldest undelivered reply may be before
// /healthz reports the outbox as behind (docs/operations.md).
const outboxBehind = 10 * time.Minute

// healthz is 200 when the database answers and has not failed, the outbox
// is not behind, and every enabled platform is connected; the body says
// which part is not.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	status := map[string]string{}
	ok := s.storeHealth(r.Context(), status)
	depth, oldest := s.engine.Backlog()
	age := time.Duration(0)
	if !oldest.IsZero() {
		age = time.Since(oldest)
	}
	if age > outboxBehind {
		status["outbox"] = fmt.Sprintf("behind %s (%d waiting)", age.Round(time.Minute), depth)
		ok = false
	} else {
		status["outbox"] = fmt.Sprintf("ok (%d waiting)", depth)
	}
	for _, p := range s.platforms {
		if p.Connected() {
			status[p.Name()] = "ok"
		} else {
			status[p.Name()] = "not connected"
			ok = false
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": ok, "parts": status})
}

// admin guards a route with the admin token (Authorization: Bearer …). With
// no token configured the admin routes are off.
func (s *server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := s.cfg.HTTP.AdminToken
		if token == "" {
			s.metrics.Rejected("admin", "disabled")
			http.Error(w, "admin routes are off: set http.admin_token or INVOLVE_ADMIN_TOKEN", http.StatusNotFound)
			return
		}
		got, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !found || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			s.metrics.Rejected("admin", "unauthorized")
			w.Header().Set("WWW-Authenticate", `Bearer realm="involve"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		h(w, r)
	}
}

func (s *server) cases(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := writeCases(s.src, w); err != nil {
		s.log.Error("cases failed", "err", err)
	}
}

func (s *server) export(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	channel, format := q.Get("channel"), q.Get("format")
	names := q.Has("names") && q.Get("names") != "false" && q.Get("names") != "0"
	if channel == "" || (format != "" && format != "md" && format != "json" && format != "docx") {
		http.Error(w, "use ?channel=ID[&format=md|json|docx][&names=true]", http.StatusBadRequest)
		return
	}
	c, err := s.src.Case(channel)
	if errors.Is(err, bot.ErrNotFound) {
		http.Error(w, "no case for channel "+channel, http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	doc := s.engine.Coach().Document(c, time.Now())
	switch format {
	case "json":
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(doc)
	case "docx":
		f, err := docx.Typesetter{}.Typeset(doc.Chapter(names))
		if err != nil {
			http.Error(w, "cannot write the document", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", f.Type)
		w.Header().Set("Content-Disposition", `attachment; filename="`+f.Name+`"`)
		w.Write(f.Data)
	default:
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		w.Write([]byte(doc.Chapter(names).Markdown()))
	}
}

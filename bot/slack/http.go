package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/slack-go/slack"
)

// maxBody is the largest request Slack sends us that we read.
const maxBody = 1 << 20

// failedText answers a slash command the engine could not handle. The
// case's language is not known then, so it says it in both.
const failedText = "Beklager, det gikk ikke akkurat nå. Prøv igjen om litt. / Sorry, that did not work just now. Please try again in a moment."

// HTTPHandler returns the handler for POST /slack/events: Events API
// callbacks, slash commands and interactivity payloads on one Request URL.
// Every request's signature is checked with the signing secret before
// anything in it is read; a request that fails the check is answered 401
// and changes nothing.
func (a *Adapter) HTTPHandler() http.Handler { return http.HandlerFunc(a.serveHTTP) }

func (a *Adapter) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read request", http.StatusBadRequest)
		return
	}
	if err := a.verify(r.Header, body); err != nil {
		a.log.Warn("slack: request refused", "reason", err.Error(), "remote", r.RemoteAddr)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		a.log.Debug("slack: redelivery", "retry_num", n, "retry_reason", r.Header.Get("X-Slack-Retry-Reason"))
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		a.serveEvent(w, r, body)
	case "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		switch {
		case form.Has("payload"):
			a.serveInteraction(w, r, body)
		case form.Has("command"):
			a.serveCommand(w, r, body)
		case form.Has("ssl_check"):
			w.WriteHeader(http.StatusOK)
		default:
			http.Error(w, "unknown request", http.StatusBadRequest)
		}
	default:
		http.Error(w, "unsupported content type", http.StatusUnsupportedMediaType)
	}
}

// verify checks Slack's v0 signature and the five-minute timestamp window.
func (a *Adapter) verify(h http.Header, body []byte) error {
	sv, err := slack.NewSecretsVerifier(h, a.cfg.SigningSecret)
	if err != nil {
		return err
	}
	if _, err := sv.Write(body); err != nil {
		return err
	}
	return sv.Ensure()
}

func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	switch env.Type {
	case "url_verification":
		writeJSON(w, map[string]string{"challenge": env.Challenge})
		return
	case "event_callback":
	default:
		w.WriteHeader(http.StatusOK) // app_rate_limited and the like: nothing to do
		return
	}
	in, ok, err := a.translator().envelope(env)
	if errors.Is(err, errForeign) {
		a.foreign("event")
		w.WriteHeader(http.StatusOK) // a 200, or Slack delivers it again
		return
	}
	if err != nil {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}
	// The work is not cut short when Slack hangs up: what the engine
	// commits is deduped when Slack redelivers.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), a.eventTimeout)
	defer cancel()
	if _, err := a.deliver(ctx, in); err != nil && !errors.Is(err, errDropped) {
		a.log.Error("slack: event not handled; Slack will retry", "event_id", in.Event.ID, "err", err)
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.Form, r.PostForm = nil, nil
	cmd, err := slack.SlashCommandParse(r)
	if err != nil {
		http.Error(w, "bad command", http.StatusBadRequest)
		return
	}
	if !a.sameWorkspace(cmd.TeamID, cmd.EnterpriseID) {
		a.foreign("command")
		w.WriteHeader(http.StatusOK)
		return
	}
	resp, ok := a.command(context.WithoutCancel(r.Context()), cmd)
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}
	writeJSON(w, resp)
}

// command handles a slash command and returns the response that shows the
// ephemeral replies to the person who typed it. It always returns within
// commandTimeout; a failure becomes a short apology, never an error.
func (a *Adapter) command(ctx context.Context, cmd slack.SlashCommand) (commandResponse, bool) {
	in := a.translator().command(cmd, a.now())
	ctx, cancel := context.WithTimeout(ctx, a.commandTimeout)
	defer cancel()
	res, err := a.deliver(ctx, in)
	if err != nil {
		a.log.Error("slack: slash command not handled", "channel", in.Event.Channel, "err", err)
		return commandResponse{ResponseType: "ephemeral", Text: failedText}, true
	}
	return renderEphemeral(res.Ephemeral)
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.Form, r.PostForm = nil, nil
	cb, err := slack.InteractionCallbackParse(r)
	if err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	if !a.sameWorkspace(cb.Team.ID, cb.Enterprise.ID) {
		a.foreign("interaction")
		w.WriteHeader(http.StatusOK)
		return
	}
	in, ok := a.translator().action(cb)
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), a.eventTimeout)
	defer cancel()
	if _, err := a.deliver(ctx, in); err != nil && !errors.Is(err, errDropped) {
		// Slack does not retry interactions; the person sees that the
		// press failed and can press again.
		a.log.Error("slack: button press not handled", "channel", in.Event.Channel, "err", err)
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "cannot encode", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
}

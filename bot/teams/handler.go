package teams

import (
	"errors"
	"io"
	"net/http"

	"github.com/oslo-involve/involve/dialogs"
)

// serveMessages is POST /api/messages. The token is checked before the body
// is even read; any failure is a 401 and changes nothing. A valid activity
// is handed to the engine, which stores it before this answers 200; replies
// go out later through the outbox, never in this response.
func (a *Adapter) serveMessages(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ctx := r.Context()
	id, err := a.validator.Validate(ctx, r.Header.Get("Authorization"))
	if err != nil {
		a.unauthorized(w, r, err)
		return
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "activity too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read activity", http.StatusBadRequest)
		return
	}
	in, err := parseActivity(body)
	if err != nil {
		a.log.Debug("teams: malformed activity", "err", err)
		http.Error(w, "malformed activity", http.StatusBadRequest)
		return
	}
	if err := id.Check(in.ServiceURL, in.ChannelID); err != nil {
		a.unauthorized(w, r, err)
		return
	}

	ev, ok := translate(in)
	if !ok {
		a.log.Debug("teams: activity ignored", "type", in.Type, "event", in.ChannelData.EventType)
		w.WriteHeader(http.StatusOK)
		return
	}
	now := a.Now()
	if ev.Input.At.IsZero() {
		ev.Input.At = now.UTC()
	}
	if ev.ChannelName == "" && inChannel(in) && in.ChannelData.Team != nil && in.ChannelData.Team.ID != "" {
		ev.ChannelName = a.channelName(ctx, in.ServiceURL, in.ChannelData.Team.ID, ev.Channel, now)
	}
	joined := ev.Input.Kind == dialogs.InputJoined
	if joined && !a.joins.claim(ev.Channel, now) {
		a.log.Debug("teams: second announcement of the same join ignored", "type", in.Type, "channel", ev.Channel)
		w.WriteHeader(http.StatusOK)
		return
	}
	res, err := a.handler.Handle(ctx, ev)
	if err != nil {
		if joined {
			a.joins.release(ev.Channel)
		}
		// Not stored: a 500 lets the Bot Framework know it was not taken.
		a.log.Error("teams: handling activity failed", "type", in.Type, "id", in.ID, "channel", ev.Channel, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	a.log.Debug("teams: activity handled", "type", in.Type, "id", in.ID, "channel", ev.Channel,
		"kind", ev.Input.Kind, "duplicate", res.Duplicate)
	w.WriteHeader(http.StatusOK)
}

// unauthorized answers 401. The reason is logged at debug level only: the
// endpoint is public, and refused tokens are not worth an operator's time
// unless they come from the Bot Framework itself.
func (a *Adapter) unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	a.log.Debug("teams: activity refused", "remote", r.RemoteAddr, "err", err)
	w.Header().Set("WWW-Authenticate", `Bearer realm="involve"`)
	http.Error(w, "unauthorized", http.StatusUnauthorized)
}

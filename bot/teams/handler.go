package teams

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/oslo-involve/involve/dialogs"
)

// serveMessages is POST /api/messages. msbotbuilder-go's ParseRequest
// reads the activity (within MaxBodyBytes) and authenticates it with the
// Validator, serviceurl claim included; any authentication failure is a 401
// and changes nothing. A valid activity is handed to the engine, which
// stores it before this answers 200; replies go out later through the
// outbox, never in this response.
//
// ParseRequest decodes the body before it looks at the token, so the token
// is checked here first: a request without a good one costs no parsing.
// ParseRequest's own check then finds it in the Validator's memory of
// verified tokens and adds what needs the activity.
func (a *Adapter) serveMessages(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ctx := r.Context()
	if _, err := a.validator.Validate(ctx, r.Header.Get("Authorization")); err != nil {
		a.unauthorized(w, r, err)
		return
	}
	// ParseRequest decodes into schema.Activity, which drops the mention
	// entities' details and Teams' channelData types: keep the bytes it
	// reads to complete the activity from.
	var raw bytes.Buffer
	limited := http.MaxBytesReader(w, r.Body, a.MaxBodyBytes)
	r.Body = readCloser{io.TeeReader(limited, &raw), limited}
	act, err := a.bf.ParseRequest(ctx, r)
	if err != nil {
		a.refuse(w, r, err)
		return
	}
	in := inboundOf(act, raw.Bytes())

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

// refuse answers a request ParseRequest did not accept. ParseRequest has
// three ways to fail: no Authorization header (a plain error), a body that
// cannot be read or decoded (found before the token is looked at), and a
// refused token (our Validator's error, wrapping ErrUnauthorized). Only a
// request whose token is good learns that its body was at fault: anything
// else is a 401, whatever order the checks ran in.
func (a *Adapter) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, ErrUnauthorized) {
		a.unauthorized(w, r, err)
		return
	}
	if _, authErr := a.validator.Validate(r.Context(), r.Header.Get("Authorization")); authErr != nil {
		a.unauthorized(w, r, authErr)
		return
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		http.Error(w, "activity too large", http.StatusRequestEntityTooLarge)
		return
	}
	a.log.Debug("teams: malformed activity", "err", err)
	http.Error(w, "malformed activity", http.StatusBadRequest)
}

// unauthorized answers 401. The reason is logged at debug level only: the
// endpoint is public, and refused tokens are not worth an operator's time
// unless they come from the Bot Framework itself.
func (a *Adapter) unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	a.log.Debug("teams: activity refused", "remote", r.RemoteAddr, "err", err)
	w.Header().Set("WWW-Authenticate", `Bearer realm="involve"`)
	http.Error(w, "unauthorized", http.StatusUnauthorized)
}

// readCloser reads through one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}

package teams

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/dialogs"
)

// serveMessages is POST /api/messages. msbotbuilder-go's ParseRequest
// decodes the activity (within MaxBodyBytes) and authenticates it with the
// Validator, serviceurl claim included; any authentication failure is a 401
// and changes nothing. A valid activity from Teams (and, with a tenant
// configured, from that tenant) is handed to the engine, which stores it
// before this answers 200; replies go out later through the outbox, never
// in this response. An invoke gets the invoke response the Bot Framework
// expects.
//
// The token is checked here first: a request without a good one costs no
// parsing. ParseRequest's own check then finds it in the Validator's memory
// of verified tokens and adds what needs the activity.
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
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.MaxBodyBytes))
	if err != nil {
		a.refuse(w, r, err)
		return
	}
	// schema.Activity takes value and channelData as objects only; a valid
	// activity may carry another JSON value there (an Adaptive Card's
	// Action.Submit with a string as data). Such a field is set aside, so
	// that the activity is still authenticated and answered.
	body, odd := withoutOddFields(body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	act, err := a.bf.ParseRequest(ctx, r)
	if err != nil {
		a.refuse(w, r, err)
		return
	}
	in := inboundOf(act, body)
	in.OddValue = odd

	if reason := a.foreign(in); reason != "" {
		// A verified request, so the Bot Framework expects a 200; what it
		// carries is not for this coach.
		a.log.Info("teams: activity ignored", "reason", reason, "type", in.Type, "channel_id", in.ChannelID)
		a.ignored(reason)
		a.answer(w, in)
		return
	}

	if isFileConsent(in) {
		a.fileConsent(ctx, in)
		a.answer(w, in)
		return
	}

	if a.lifecycle(ctx, w, in) {
		return
	}
	ev, ok := translate(in)
	if !ok {
		a.log.Debug("teams: activity ignored", "type", in.Type, "event", in.ChannelData.EventType)
		a.answer(w, in)
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
	if joined && !a.joins.Claim(ev.Channel, now) {
		a.log.Debug("teams: second announcement of the same join ignored", "type", in.Type, "channel", ev.Channel)
		a.answer(w, in)
		return
	}
	res, err := a.handler.Handle(ctx, ev)
	if err != nil {
		if joined {
			a.joins.Remove(ev.Channel)
		}
		// Not stored: a 500 lets the Bot Framework know it was not taken.
		a.log.Error("teams: handling activity failed", "type", in.Type, "id", in.ID, "channel", ev.Channel, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	a.log.Debug("teams: activity handled", "type", in.Type, "id", in.ID, "channel", ev.Channel,
		"kind", ev.Input.Kind, "duplicate", res.Duplicate)
	a.answer(w, in)
}

// answer writes the HTTP answer to a verified activity: 200 with an empty
// body, or for an invoke the invoke response (see invokeResponse).
func (a *Adapter) answer(w http.ResponseWriter, in *inbound) {
	if in.Type != schema.Invoke {
		w.WriteHeader(http.StatusOK)
		return
	}
	status, body := invokeResponse(in)
	if body == nil {
		w.WriteHeader(status)
		return
	}
	b, err := json.Marshal(body)
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// refuse answers a request whose body could not be read or ParseRequest
// did not accept. ParseRequest has three ways to fail: no Authorization
// header (a plain error), a body that cannot be decoded (found before the
// token is looked at), and a refused token (our Validator's error, wrapping
// ErrUnauthorized). Only a request whose token is good learns that its body
// was at fault: anything else is a 401, whatever order the checks ran in.
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

// withoutOddFields removes value and channelData from an activity's JSON
// when they hold something other than an object (or null), which
// schema.Activity cannot decode. It reports whether value was removed. A
// body that is not a JSON object is returned as it is, for ParseRequest to
// refuse.
func withoutOddFields(body []byte) ([]byte, bool) {
	var probe struct {
		Value       json.RawMessage `json:"value"`
		ChannelData json.RawMessage `json:"channelData"`
	}
	if json.Unmarshal(body, &probe) != nil || (isObjectOrNull(probe.Value) && isObjectOrNull(probe.ChannelData)) {
		return body, false
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return body, false
	}
	odd := !isObjectOrNull(probe.Value)
	if odd {
		delete(fields, "value")
	}
	if !isObjectOrNull(probe.ChannelData) {
		delete(fields, "channelData")
	}
	out, err := json.Marshal(fields)
	if err != nil {
		return body, false
	}
	return out, odd
}

func isObjectOrNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || raw[0] == '{' || string(raw) == "null"
}

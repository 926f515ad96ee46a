package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Socket Mode tuning.
const (
	socketWorkers = 16              // events of one channel go to one worker, in order
	socketQueue   = 64              // envelopes waiting per worker; beyond that they are not acknowledged
	ackTimeout    = 2 * time.Second // to queue an acknowledgement on the connection
	drainGrace    = 5 * time.Second // default for queued work at shutdown, while the connection is still up
)

// runSocket keeps a Socket Mode connection and handles what arrives on it.
//
// An envelope is acknowledged only after the engine has handled what it
// carries and committed its effect. Slack waits three seconds for the
// acknowledgement and then delivers the envelope again; the engine dedupes
// the redelivery by its event id. So an envelope that cannot be handled in
// time (its worker's queue is full, the engine fails or is slow) is simply
// not acknowledged. Events and button presses go to a worker chosen by
// channel, so one channel's events reach the engine in the order they came.
// A slash command is acknowledged with its ephemeral answer as the ack's
// payload, once the engine has returned it.
//
// At shutdown the adapter stops taking envelopes, gives what is queued a
// short grace to be handled and acknowledged while the connection is still
// up, abandons the rest unacknowledged, and only then hangs up.
func (a *Adapter) runSocket(ctx context.Context) error {
	if a.client == nil {
		return errors.New("slack: socket mode needs the Slack client made by New")
	}
	smc := socketmode.New(a.client,
		socketmode.OptionLog(slog.NewLogLogger(a.log.Handler(), slog.LevelDebug)))

	// The connection outlives ctx until queued work is acknowledged.
	runCtx, stopRun := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRun()
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	s := &socketSession{a: a, smc: smc, ackCtx: runCtx, workCtx: workCtx}
	s.startWorkers()

	runErr := make(chan error, 1)
	go func() { runErr <- smc.RunContext(runCtx) }()

	var err error
	runDone := false
loop:
	for {
		select {
		case err = <-runErr:
			runDone = true
			break loop
		case <-ctx.Done():
			break loop
		case evt := <-smc.Events:
			s.onEvent(evt)
		}
	}
	if runDone {
		stopWork() // no connection to acknowledge on: abandon what is queued
	}
	s.closeQueues()
	drained := make(chan struct{})
	go func() {
		s.wait()
		close(drained)
	}()
	grace := time.AfterFunc(a.drainGrace, stopWork)
	for !runDone {
		select {
		case <-drained:
			stopRun()
			err = <-runErr
			runDone = true
		case err = <-runErr:
			runDone = true
			stopWork()
		case <-smc.Events:
			// Read on so the library does not block; what arrives now is
			// not acknowledged, and Slack delivers it again.
		}
	}
	<-drained
	grace.Stop()
	a.connected.Store(false)
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("slack: socket mode: %w — check slack.app_token / SLACK_APP_TOKEN", err)
}

// socketSession is one run of Socket Mode: the connection, the workers and
// what is in flight.
type socketSession struct {
	a       *Adapter
	smc     *socketmode.Client
	ackCtx  context.Context // ends when the connection is stopped
	workCtx context.Context // ends when queued work is abandoned

	queues []chan socketJob
	wg     sync.WaitGroup // workers and slash commands
	mu     sync.Mutex
	closed bool
}

// socketJob is an envelope whose work is queued: it is acknowledged once
// the engine has handled in.
type socketJob struct {
	in         inbound
	envelopeID string
}

func (s *socketSession) onEvent(evt socketmode.Event) {
	a := s.a
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.connected.Store(false)
		a.log.Debug("slack: socket mode connecting")
	case socketmode.EventTypeConnected:
		a.connected.Store(true)
		a.log.Info("slack: socket mode connected")
	case socketmode.EventTypeHello:
		a.connected.Store(true)
	case socketmode.EventTypeDisconnect:
		a.connected.Store(false)
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		attrs := []any{}
		if ce, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			attrs = append(attrs, "attempt", ce.Attempt, "backoff", ce.Backoff, "err", ce.ErrorObj)
		}
		a.log.Warn("slack: socket mode cannot connect; retrying (check slack.app_token / SLACK_APP_TOKEN and network access to Slack)", attrs...)
	case socketmode.EventTypeInvalidAuth:
		a.connected.Store(false)
		a.log.Error("slack: socket mode refused the app token — check slack.app_token / SLACK_APP_TOKEN (xapp-… with connections:write)")
	case socketmode.EventTypeIncomingError:
		a.log.Warn("slack: socket mode read failed", "err", evt.Data)
	case socketmode.EventTypeErrorWriteFailed:
		// An acknowledgement was lost: Slack redelivers, the engine dedupes.
		a.log.Warn("slack: socket mode write failed", "err", evt.Data)
	case socketmode.EventTypeErrorBadMessage:
		s.onBadMessage(evt)
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		s.onCallback(evt.Request.EnvelopeID, evt.Request.Payload)
	case socketmode.EventTypeInteractive:
		if evt.Request == nil {
			return
		}
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			s.ack(evt.Request.EnvelopeID, nil)
			return
		}
		if !a.sameWorkspace(cb.Team.ID, cb.Enterprise.ID) {
			a.foreign("interaction")
			s.ack(evt.Request.EnvelopeID, nil)
			return
		}
		in, ok := a.translator().action(cb)
		if !ok {
			s.ack(evt.Request.EnvelopeID, nil)
			return
		}
		s.put(socketJob{in: in, envelopeID: evt.Request.EnvelopeID})
	case socketmode.EventTypeSlashCommand:
		if evt.Request == nil {
			return
		}
		id := evt.Request.EnvelopeID
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			s.ack(id, nil)
			return
		}
		if !a.sameWorkspace(cmd.TeamID, cmd.EnterpriseID) {
			a.foreign("command")
			s.ack(id, nil)
			return
		}
		s.wg.Go(func() {
			resp, ok := a.command(s.workCtx, cmd)
			if s.workCtx.Err() != nil {
				return // abandoned at shutdown: Slack tells the person it failed
			}
			if !ok {
				s.ack(id, nil)
				return
			}
			s.ackCommand(id, resp)
		})
	}
}

// onCallback queues the work of an events_api envelope, or acknowledges at
// once an envelope that carries nothing for the coach.
func (s *socketSession) onCallback(envelopeID string, payload []byte) {
	in, ok, err := s.a.translator().callback(payload)
	switch {
	case errors.Is(err, errForeign):
		s.a.foreign("event")
		s.ack(envelopeID, nil)
	case err != nil:
		// Delivering it again will not make it readable.
		s.a.log.Warn("slack: malformed event payload", "err", err)
		s.ack(envelopeID, nil)
	case !ok:
		s.ack(envelopeID, nil)
	default:
		s.put(socketJob{in: in, envelopeID: envelopeID})
	}
}

// onBadMessage handles an envelope the library could not decode, by the
// envelope_id in its raw message: an events_api payload goes through the
// coach's own translation and is acknowledged once handled; anything else
// is acknowledged as something the coach ignores.
func (s *socketSession) onBadMessage(evt socketmode.Event) {
	bad, ok := evt.Data.(*socketmode.ErrorBadMessage)
	if !ok {
		return
	}
	var raw struct {
		Type       string          `json:"type"`
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(bad.Message, &raw); err != nil || raw.EnvelopeID == "" {
		s.a.log.Warn("slack: socket mode message without an envelope id", "cause", bad.Cause)
		return
	}
	s.a.log.Debug("slack: envelope the library cannot decode", "type", raw.Type, "envelope_id", raw.EnvelopeID, "cause", bad.Cause)
	if raw.Type == socketmode.RequestTypeEventsAPI {
		s.onCallback(raw.EnvelopeID, raw.Payload)
		return
	}
	s.ack(raw.EnvelopeID, nil)
}

// ack queues an acknowledgement for the envelope.
func (s *socketSession) ack(envelopeID string, payload any) {
	if envelopeID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(s.ackCtx, ackTimeout)
	defer cancel()
	if err := s.smc.AckCtx(ctx, envelopeID, payload); err != nil {
		s.a.log.Warn("slack: cannot acknowledge envelope", "envelope_id", envelopeID, "err", err)
	}
}

// ackCommand acknowledges a slash command with its answer. An answer too
// large for Socket Mode (20 kB) is cut to its text.
func (s *socketSession) ackCommand(envelopeID string, resp commandResponse) {
	actx, cancel := context.WithTimeout(s.ackCtx, ackTimeout)
	defer cancel()
	err := s.smc.AckCtx(actx, envelopeID, resp)
	if err == nil || actx.Err() != nil {
		if err != nil {
			s.a.log.Warn("slack: cannot acknowledge slash command", "envelope_id", envelopeID, "err", err)
		}
		return
	}
	short := commandResponse{ResponseType: resp.ResponseType, Text: truncate(resp.Text, 3000)}
	s.ack(envelopeID, short)
}

// handle hands a queued envelope's event to the engine and acknowledges the
// envelope when the engine is done with it. It gives the engine what is
// left of Slack's three seconds; an envelope that is not handled in that
// time, or that the engine fails, is left unacknowledged for Slack to
// deliver again.
func (s *socketSession) handle(j socketJob) {
	a := s.a
	if s.workCtx.Err() != nil {
		return // abandoned at shutdown
	}
	ctx, cancel := context.WithTimeout(s.workCtx, a.eventTimeout)
	_, err := a.deliver(ctx, j.in)
	cancel()
	if err != nil && !errors.Is(err, errDropped) {
		a.log.Warn("slack: event not handled; not acknowledged, Slack will deliver it again",
			"event_id", j.in.Event.ID, "channel", j.in.Event.Channel, "kind", j.in.Event.Input.Kind, "err", err)
		return
	}
	s.ack(j.envelopeID, nil)
}

func (s *socketSession) startWorkers() {
	s.queues = make([]chan socketJob, socketWorkers)
	for i := range s.queues {
		q := make(chan socketJob, socketQueue)
		s.queues[i] = q
		s.wg.Go(func() {
			for j := range q {
				s.handle(j)
			}
		})
	}
}

// put queues a job for its channel's worker. When that worker is too far
// behind, the envelope is not acknowledged: Slack delivers it again.
func (s *socketSession) put(j socketJob) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(j.in.Event.Channel))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	select {
	case s.queues[h.Sum32()%uint32(len(s.queues))] <- j:
	default:
		s.a.log.Warn("slack: too much queued for the channel; not acknowledged, Slack will deliver it again",
			"event_id", j.in.Event.ID, "channel", j.in.Event.Channel)
	}
}

func (s *socketSession) closeQueues() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	for _, q := range s.queues {
		close(q)
	}
}

func (s *socketSession) wait() { s.wg.Wait() }

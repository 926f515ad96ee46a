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
	socketWorkers     = 16               // events of one channel go to one worker, in order
	socketQueue       = 256              // events waiting per worker
	ackTimeout        = 5 * time.Second  // to queue an acknowledgement
	drainGrace        = 5 * time.Second  // for acknowledged work at shutdown
	deliverAttempts   = 10               // an acknowledged event is retried this often
	deliverTimeout    = 30 * time.Second // for one attempt
	deliverBackoff    = 250 * time.Millisecond
	deliverMaxBackoff = 10 * time.Second
)

// runSocket keeps a Socket Mode connection and handles what arrives on it.
//
// Every envelope is acknowledged as soon as it is read, before the work it
// carries; Slack would otherwise redeliver it. Events and button presses
// then go to a worker chosen by channel, so one channel's events are handed
// to the engine in the order they came. A slash command is handled first
// and acknowledged with its ephemeral answer as the ack's payload.
func (a *Adapter) runSocket(ctx context.Context) error {
	if a.client == nil {
		return errors.New("slack: socket mode needs the Slack client made by New")
	}
	smc := socketmode.New(a.client,
		socketmode.OptionLog(slog.NewLogLogger(a.log.Handler(), slog.LevelDebug)))

	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	// Acknowledged work outlives ctx by a short grace period.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	w := a.startWorkers(workCtx)

	runErr := make(chan error, 1)
	go func() { runErr <- smc.RunContext(runCtx) }()

	var err error
loop:
	for {
		select {
		case err = <-runErr:
			break loop
		case evt := <-smc.Events:
			a.onSocketEvent(runCtx, workCtx, smc, w, evt)
		}
	}
	a.connected.Store(false)
	stopRun()
	w.close()
	grace := time.AfterFunc(drainGrace, stopWork)
	w.wait()
	a.wg.Wait()
	grace.Stop()
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("slack: socket mode: %w — check slack.app_token / SLACK_APP_TOKEN", err)
}

func (a *Adapter) onSocketEvent(ctx, workCtx context.Context, smc *socketmode.Client, w *workers, evt socketmode.Event) {
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
		a.onBadMessage(ctx, smc, w, evt)
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		a.ack(ctx, smc, evt.Request.EnvelopeID, nil)
		a.enqueueCallback(workCtx, w, evt.Request.Payload)
	case socketmode.EventTypeInteractive:
		if evt.Request == nil {
			return
		}
		a.ack(ctx, smc, evt.Request.EnvelopeID, nil)
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			return
		}
		if in, ok := a.translator().action(cb); ok {
			w.put(workCtx, in)
		}
	case socketmode.EventTypeSlashCommand:
		if evt.Request == nil {
			return
		}
		id := evt.Request.EnvelopeID
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			a.ack(ctx, smc, id, nil)
			return
		}
		a.wg.Go(func() {
			resp, ok := a.command(workCtx, cmd)
			if !ok {
				a.ack(ctx, smc, id, nil)
				return
			}
			a.ackCommand(ctx, smc, id, resp)
		})
	}
}

// onBadMessage acknowledges an envelope the library could not decode, by
// the envelope_id in its raw message, and still tries the coach's own
// translation of an events_api payload.
func (a *Adapter) onBadMessage(ctx context.Context, smc *socketmode.Client, w *workers, evt socketmode.Event) {
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
		a.log.Warn("slack: socket mode message without an envelope id", "cause", bad.Cause)
		return
	}
	a.ack(ctx, smc, raw.EnvelopeID, nil)
	a.log.Debug("slack: undecodable envelope acknowledged", "type", raw.Type, "envelope_id", raw.EnvelopeID, "cause", bad.Cause)
	if raw.Type == socketmode.RequestTypeEventsAPI {
		a.enqueueCallback(context.WithoutCancel(ctx), w, raw.Payload)
	}
}

func (a *Adapter) enqueueCallback(ctx context.Context, w *workers, payload []byte) {
	in, ok, err := a.translator().callback(payload)
	if err != nil {
		a.log.Warn("slack: malformed event payload", "err", err)
		return
	}
	if ok {
		w.put(ctx, in)
	}
}

// ack queues an acknowledgement for the envelope.
func (a *Adapter) ack(ctx context.Context, smc *socketmode.Client, envelopeID string, payload any) {
	if envelopeID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	if err := smc.AckCtx(ctx, envelopeID, payload); err != nil {
		a.log.Warn("slack: cannot acknowledge envelope", "envelope_id", envelopeID, "err", err)
	}
}

// ackCommand acknowledges a slash command with its answer. An answer too
// large for Socket Mode (20 kB) is cut to its text.
func (a *Adapter) ackCommand(ctx context.Context, smc *socketmode.Client, envelopeID string, resp commandResponse) {
	actx, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	err := smc.AckCtx(actx, envelopeID, resp)
	if err == nil || actx.Err() != nil {
		if err != nil {
			a.log.Warn("slack: cannot acknowledge slash command", "envelope_id", envelopeID, "err", err)
		}
		return
	}
	short := commandResponse{ResponseType: resp.ResponseType, Text: truncate(resp.Text, 3000)}
	a.ack(ctx, smc, envelopeID, short)
}

// deliverRetrying hands an acknowledged event to the engine. Slack will not
// deliver it again, so a failure is retried here with backoff.
func (a *Adapter) deliverRetrying(ctx context.Context, in inbound) {
	wait := deliverBackoff
	for attempt := 1; ; attempt++ {
		dctx, cancel := context.WithTimeout(ctx, deliverTimeout)
		_, err := a.deliver(dctx, in)
		cancel()
		if err == nil || errors.Is(err, errDropped) {
			return
		}
		if attempt == deliverAttempts || ctx.Err() != nil {
			a.log.Error("slack: event lost after retries", "event_id", in.Event.ID, "channel", in.Event.Channel,
				"kind", in.Event.Input.Kind, "attempts", attempt, "err", err)
			return
		}
		a.log.Warn("slack: event not handled; retrying", "event_id", in.Event.ID, "attempt", attempt, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
		wait = min(wait*2, deliverMaxBackoff)
	}
}

// workers hand events to the engine, one channel's events by one worker.
type workers struct {
	queues []chan inbound
	wg     sync.WaitGroup
}

func (a *Adapter) startWorkers(ctx context.Context) *workers {
	w := &workers{queues: make([]chan inbound, socketWorkers)}
	for i := range w.queues {
		q := make(chan inbound, socketQueue)
		w.queues[i] = q
		w.wg.Go(func() {
			for in := range q {
				a.deliverRetrying(ctx, in)
			}
		})
	}
	return w
}

// put queues an event for its channel's worker; it waits while the worker
// is behind.
func (w *workers) put(ctx context.Context, in inbound) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(in.Event.Channel))
	select {
	case w.queues[h.Sum32()%uint32(len(w.queues))] <- in:
	case <-ctx.Done():
	}
}

func (w *workers) close() {
	for _, q := range w.queues {
		close(q)
	}
}

func (w *workers) wait() { w.wg.Wait() }

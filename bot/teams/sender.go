package teams

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/internal/backoff"
)

// sender delivers the engine's replies through the Bot Connector.
type sender struct{ a *Adapter }

var _ bot.Sender = sender{}

// Send posts one reply, working from the stored conversation reference
// alone (so proactive nudges need no recent activity). With no Thread it
// starts a new thread in the channel and returns the new message's id,
// which is the thread id of replies to it; with a Thread it replies in
// that thread. An acknowledgement sends nothing: Teams bots cannot react to
// messages.
func (s sender) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	if m.Reply.Kind == dialogs.ReplyRetract {
		return "", s.retract(ctx, m)
	}
	ref, err := parseAddress(m.Address)
	if err != nil {
		if len(render(m.Reply)) == 0 {
			return "", nil
		}
		return "", &bot.PermanentError{Err: fmt.Errorf("teams: channel %s: %w", m.Channel, err)}
	}
	r := m.Reply
	if r.Kind == dialogs.ReplyExport && s.offerFile(ctx, m, ref) {
		r.Text = textsFor(r.Lang).FileSent + "\n\n" + r.Text
	}
	acts := render(r)
	if len(acts) == 0 {
		return "", nil
	}
	conv := ref.Conversation.ID
	threaded := isChannel(ref)
	if threaded && m.Thread != "" {
		conv = threadConversation(conv, m.Thread)
	}

	var first string
	for i := range acts {
		act := &acts[i]
		if ref.Bot.ID != "" {
			act.From = &schema.ChannelAccount{ID: ref.Bot.ID, Name: ref.Bot.Name}
		}
		act.Conversation = &schema.ConversationAccount{ID: conv}
		if i == 0 {
			id, err := s.post(ctx, ref, conv, act)
			if err != nil {
				return "", err
			}
			first = id
			if threaded && m.Thread == "" && id != "" {
				// Further parts go into the thread the first one opened.
				conv = threadConversation(ref.Conversation.ID, id)
			}
			continue
		}
		if err := s.postPart(ctx, ref, conv, act); err != nil {
			// Part of a long text went out: failing now would make the
			// outbox send it all again, so the rest is given up.
			s.a.log.Warn("teams: a long message was cut short", "channel", m.Channel, "sent", i, "of", len(acts), "err", err)
			return first, nil
		}
	}
	return first, nil
}

// post posts one activity to conversation conv when the pace allows it
// (see pacer): every post counts against its channel's limits, whichever
// reply chain of the channel it goes to, and against its tenant's.
func (s sender) post(ctx context.Context, ref schema.ConversationReference, conv string, act *outActivity) (string, error) {
	if p := s.a.pace; p != nil {
		channel, _ := splitConversationID(conv)
		if err := p.wait(ctx, ref.Conversation.TenantID, channel); err != nil {
			return "", err
		}
	}
	return s.a.conn.postActivity(ctx, ref.ServiceURL, conv, act)
}

// partRetry is how a later part of a long text is retried within the
// call: three more tries, a second, two and three apart, rate limits
// waited out if short.
var partRetry = backoff.Policy{First: time.Second, Max: 3 * time.Second}

// postPart posts a later part of a long text, retrying a few times within
// the call: rate limits are waited out if short, other transient errors
// get a short backoff.
func (s sender) postPart(ctx context.Context, ref schema.ConversationReference, conv string, act *outActivity) error {
	return backoff.Retry{Policy: partRetry, Attempts: 4, Sleep: s.a.sleep, Classify: retryPart}.Do(ctx,
		func(ctx context.Context) error {
			_, err := s.post(ctx, ref, conv, act)
			return err
		})
}

// retryPart says whether a later part is worth another try now: not after
// a permanent error, nor when the Bot Connector asks for a wait longer than
// half a minute (the outbox retries the reply later then).
func retryPart(err error) (time.Duration, bool) {
	var perm *bot.PermanentError
	if errors.As(err, &perm) {
		return 0, false
	}
	var ra *bot.RetryAfterError
	if errors.As(err, &ra) {
		return ra.After, ra.After <= 30*time.Second
	}
	return 0, true
}

// threadConversation is the conversation id of the thread under root in a
// channel.
func threadConversation(channel, root string) string {
	ch, _ := splitConversationID(channel)
	return ch + ";messageid=" + root
}

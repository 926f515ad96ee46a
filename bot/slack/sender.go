package slack

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// ackReaction is the quiet acknowledgement of an answer.
const ackReaction = "white_check_mark"

// outboxEventType names the message metadata that carries a post's outbox
// id, so that a post can be found again after an ambiguous failure.
const outboxEventType = "involve_outbox"

// lookupLimit bounds the look-up before a post that may have gone through
// already: one page of the channel's (or thread's) newest messages.
const lookupLimit = 100

// sender delivers the engine's replies through the Web API.
type sender struct {
	api  webAPI
	pace *pacer // nil: no pacing in our code, only Slack's 429s
	obs  Observer
}

var _ bot.Sender = (*sender)(nil)

func newSender(api webAPI, pace bool, obs Observer) *sender {
	if obs == nil {
		obs = nopObserver{}
	}
	s := &sender{api: api, obs: obs}
	if pace {
		s.pace = newPacer(obs)
	}
	return s
}

// Send posts one reply and returns the posted message's ts. An
// acknowledgement is a reaction on the answer and returns "". An export is
// uploaded as a file (the three-step external upload) and returns "".
// Ephemeral replies that reach Send are posted like any other: ephemeral
// answers only exist in a slash command's response.
//
// Every post carries its outbox id in the message's metadata. When m is
// Uncertain (an earlier attempt may have reached Slack), the channel's
// newest messages, or the thread's, are searched for that id first, and a
// post found there is returned instead of posting again.
func (s *sender) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	if m.Channel == "" {
		return "", &bot.PermanentError{Err: errors.New("slack: send: no channel")}
	}
	switch m.Reply.Kind {
	case dialogs.ReplyAck:
		return "", s.react(ctx, m)
	case dialogs.ReplyExport:
		return "", s.upload(ctx, m)
	case dialogs.ReplyRetract:
		return "", s.retract(ctx, m)
	}
	if m.Reply.File != nil && len(m.Reply.File.Data) > 0 {
		// A residents' page link with its QR code: the heading goes into
		// the file's comment with the rest.
		if t := strings.TrimSpace(m.Reply.Title); t != "" {
			m.Reply.Text = t + "\n\n" + m.Reply.Text
		}
		return "", s.upload(ctx, m)
	}
	if m.Uncertain && m.ID != 0 {
		ts, err := s.find(ctx, m)
		if err != nil {
			return "", err
		}
		if ts != "" {
			return ts, nil
		}
	}
	msg := render(m.Reply)
	opts := []slack.MsgOption{
		slack.MsgOptionText(msg.Text, false),
		slack.MsgOptionBlocks(msg.Blocks...),
		slack.MsgOptionDisableLinkUnfurl(),
	}
	if m.ID != 0 {
		opts = append(opts, slack.MsgOptionMetadata(outboxMetadata(m.ID, m.Nonce)))
	}
	if m.Thread != "" {
		opts = append(opts, slack.MsgOptionTS(m.Thread))
	}
	if err := s.pace.post(ctx, m.Channel); err != nil {
		return "", err
	}
	_, ts, err := s.api.PostMessageContext(ctx, m.Channel, opts...)
	if err != nil {
		return "", classify("chat.postMessage", err)
	}
	return ts, nil
}

// outboxMetadata is the message metadata that names outbox item id.
// With a nonce (see bot.NewNonce) the pair names one item, even when a
// restored backup gives out an id again.
func outboxMetadata(id uint64, nonce string) slack.SlackMetadata {
	p := map[string]any{"id": strconv.FormatUint(id, 10)}
	if nonce != "" {
		p["nonce"] = nonce
	}
	return slack.SlackMetadata{EventType: outboxEventType, EventPayload: p}
}

// find looks for the post of outbox item m.ID among the newest messages of
// m's thread (conversations.replies) or channel (conversations.history),
// one page of at most lookupLimit, and returns its ts or "".
func (s *sender) find(ctx context.Context, m bot.Outgoing) (string, error) {
	var (
		msgs []slack.Message
		err  error
	)
	if m.Thread != "" {
		msgs, _, _, err = s.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: m.Channel, Timestamp: m.Thread, Limit: lookupLimit, IncludeAllMetadata: true,
		})
		err = classify("conversations.replies", err)
	} else {
		var resp *slack.GetConversationHistoryResponse
		resp, err = s.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
			ChannelID: m.Channel, Limit: lookupLimit, IncludeAllMetadata: true,
		})
		err = classify("conversations.history", err)
		if resp != nil {
			msgs = resp.Messages
		}
	}
	if err != nil {
		return "", err
	}
	want := strconv.FormatUint(m.ID, 10)
	for _, msg := range msgs {
		if msg.Metadata.EventType != outboxEventType {
			continue
		}
		id, _ := msg.Metadata.EventPayload["id"].(string)
		nonce, _ := msg.Metadata.EventPayload["nonce"].(string)
		if id == want && nonce == m.Nonce {
			// An item from before nonces has none, nor has its post.
			return msg.Timestamp, nil
		}
	}
	return "", nil
}

// retract deletes a message the coach posted (a resident's answer the team
// removed). One already gone is done with: a retry has one effect.
func (s *sender) retract(ctx context.Context, m bot.Outgoing) error {
	if m.Reply.Target == "" {
		return nil
	}
	if err := s.pace.post(ctx, m.Channel); err != nil {
		return err
	}
	_, _, err := s.api.DeleteMessageContext(ctx, m.Channel, m.Reply.Target)
	if apiError(err) == "message_not_found" {
		return nil
	}
	return classify("chat.delete", err)
}

// react adds the ✅. Adding it twice is answered already_reacted, so a
// retry has one effect. A reaction that would wait too long for its turn
// under the pace is dropped: it is a courtesy, not data.
func (s *sender) react(ctx context.Context, m bot.Outgoing) error {
	if m.Reply.Target == "" {
		return &bot.PermanentError{Err: errors.New("slack: reactions.add: no target message")}
	}
	ok, err := s.pace.react(ctx)
	if err != nil || !ok {
		return err
	}
	err = s.api.AddReactionContext(ctx, ackReaction, slack.NewRefToMessage(m.Channel, m.Reply.Target))
	if apiError(err) == "already_reacted" {
		return nil // a retry after a lost answer, or someone was quicker
	}
	return classify("reactions.add", err)
}

// upload shares an export as a file: the Word document where the reply
// carries one, otherwise the Markdown. The message with it stays short: the
// coach's line about the document. Slack's external upload cannot carry
// metadata and has no idempotency key, so a retry after an ambiguous
// failure may share the file twice; uploads are only made on request.
func (s *sender) upload(ctx context.Context, m bot.Outgoing) error {
	var content io.Reader
	var size int
	name, title := strings.TrimSpace(m.Reply.Filename), strings.TrimSpace(m.Reply.Title)
	if f := m.Reply.File; f != nil && len(f.Data) > 0 {
		content, size = bytes.NewReader(f.Data), len(f.Data)
		name, title = strings.TrimSpace(f.Name), strings.TrimSpace(f.Title)
		if name == "" {
			name = "involve.docx"
		}
	} else {
		doc := m.Reply.Document
		if doc == "" {
			return &bot.PermanentError{Err: errors.New("slack: upload: empty document")}
		}
		content, size = strings.NewReader(doc), len(doc)
		if name == "" {
			name = "involve.md"
		}
	}
	params := slack.UploadFileParameters{
		Reader:          content,
		FileSize:        size,
		Filename:        name,
		Title:           plain(title),
		Channel:         m.Channel,
		ThreadTimestamp: m.Thread,
	}
	if t := strings.TrimSpace(m.Reply.Text); t != "" {
		params.InitialComment = mrkdwn(t)
	}
	if err := s.pace.post(ctx, m.Channel); err != nil {
		return err
	}
	_, err := s.api.UploadFileContext(ctx, params)
	return classify("files.upload", err)
}

package slack

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// ackReaction is the quiet acknowledgement of an answer.
const ackReaction = "white_check_mark"

// sender delivers the engine's replies through the Web API.
type sender struct {
	api webAPI
}

var _ bot.Sender = (*sender)(nil)

// Send posts one reply and returns the posted message's ts. An
// acknowledgement is a reaction on the answer and returns "". An export is
// uploaded as a file (the three-step external upload) and returns "".
// Ephemeral replies that reach Send are posted like any other: ephemeral
// answers only exist in a slash command's response.
func (s *sender) Send(ctx context.Context, m bot.Outgoing) (string, error) {
	if m.Channel == "" {
		return "", &bot.PermanentError{Err: errors.New("slack: send: no channel")}
	}
	switch m.Reply.Kind {
	case dialogs.ReplyAck:
		return "", s.react(ctx, m)
	case dialogs.ReplyExport:
		return "", s.upload(ctx, m)
	}
	msg := render(m.Reply)
	opts := []slack.MsgOption{
		slack.MsgOptionText(msg.Text, false),
		slack.MsgOptionBlocks(msg.Blocks...),
		slack.MsgOptionDisableLinkUnfurl(),
	}
	if m.Thread != "" {
		opts = append(opts, slack.MsgOptionTS(m.Thread))
	}
	_, ts, err := s.api.PostMessageContext(ctx, m.Channel, opts...)
	if err != nil {
		return "", classify("chat.postMessage", err)
	}
	return ts, nil
}

func (s *sender) react(ctx context.Context, m bot.Outgoing) error {
	if m.Reply.Target == "" {
		return &bot.PermanentError{Err: errors.New("slack: reactions.add: no target message")}
	}
	err := s.api.AddReactionContext(ctx, ackReaction, slack.NewRefToMessage(m.Channel, m.Reply.Target))
	if apiError(err) == "already_reacted" {
		return nil // a retry after a lost answer, or someone was quicker
	}
	return classify("reactions.add", err)
}

func (s *sender) upload(ctx context.Context, m bot.Outgoing) error {
	doc := m.Reply.Document
	if doc == "" {
		return &bot.PermanentError{Err: errors.New("slack: upload: empty document")}
	}
	name := strings.TrimSpace(m.Reply.Filename)
	if name == "" {
		name = "involve.md"
	}
	params := slack.UploadFileParameters{
		Reader:          strings.NewReader(doc),
		FileSize:        len(doc),
		Filename:        name,
		Title:           plain(strings.TrimSpace(m.Reply.Title)),
		Channel:         m.Channel,
		ThreadTimestamp: m.Thread,
	}
	if t := strings.TrimSpace(m.Reply.Text); t != "" {
		params.InitialComment = mrkdwn(t)
	}
	_, err := s.api.UploadFileContext(ctx, params)
	return classify("files.upload", err)
}

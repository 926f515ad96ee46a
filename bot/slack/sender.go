package slack

import (
	"bytes"
	"context"
	"errors"
	"io"
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

// upload sends an export as a file: the Word document where the reply
// carries one, otherwise the Markdown. The message with it stays short: the
// coach's line about the document.
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
	_, err := s.api.UploadFileContext(ctx, params)
	return classify("files.upload", err)
}

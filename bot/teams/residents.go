package teams

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// This file holds what the residents' page needs of Teams: its QR code as
// a card image, and taking back a resident's answer the team removed.

// maxImageBytes bounds a PNG put into a card as a data: URI; base64 makes
// it a third larger, and the whole card must stay under maxCardBytes.
const maxImageBytes = 12 << 10

// cardImage is an Adaptive Card Image of a reply's PNG (the residents'
// page's QR code), inline as a data: URI: a bot's card cannot point at a
// file of its own without hosting it.
func cardImage(r dialogs.Reply) (map[string]any, bool) {
	f := r.File
	if f == nil || f.Type != "image/png" || len(f.Data) == 0 || len(f.Data) > maxImageBytes {
		return nil, false
	}
	return map[string]any{
		"type":    "Image",
		"url":     "data:image/png;base64," + base64.StdEncoding.EncodeToString(f.Data),
		"altText": f.Title,
		"size":    "Large",
	}, true
}

// retract deletes an activity the bot posted (a resident's answer the team
// removed): DELETE {serviceUrl}/v3/conversations/{id}/activities/{activityId}.
func (s sender) retract(ctx context.Context, m bot.Outgoing) error {
	if m.Reply.Target == "" {
		return nil
	}
	ref, err := parseAddress(m.Address)
	if err != nil {
		return &bot.PermanentError{Err: fmt.Errorf("teams: channel %s: %w", m.Channel, err)}
	}
	base, err := activitiesURL(ref.ServiceURL, ref.Conversation.ID)
	if err != nil {
		return &bot.PermanentError{Err: err}
	}
	if p := s.a.pace; p != nil {
		channel, _ := splitConversationID(ref.Conversation.ID)
		if err := p.wait(ctx, ref.Conversation.TenantID, channel); err != nil {
			return err
		}
	}
	_, err = s.a.conn.call(ctx, http.MethodDelete, base+"/"+url.PathEscape(m.Reply.Target), nil)
	return err
}

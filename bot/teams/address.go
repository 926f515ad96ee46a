package teams

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/infracloudio/msbotbuilder-go/schema"
)

// addressOf is the conversation reference of channel ch as JSON: enough to
// post into it proactively (service URL, conversation, tenant, bot). Every
// inbound activity carries one, so the stored service URL stays current.
func addressOf(in *inbound, ch string) string {
	a := &in.Activity
	if a.ServiceURL == "" || ch == "" {
		return ""
	}
	tenant := a.Conversation.TenantID
	if tenant == "" && in.ChannelData.Tenant != nil {
		tenant = in.ChannelData.Tenant.ID
	}
	convType := a.Conversation.ConversationType
	if convType == "" && in.ChannelData.Team != nil {
		convType = "channel" // conversationUpdate in a team leaves it out
	}
	ref := schema.ConversationReference{
		Bot:        schema.ChannelAccount{ID: a.Recipient.ID, Name: a.Recipient.Name},
		ChannelID:  a.ChannelID,
		ServiceURL: a.ServiceURL,
		Conversation: schema.ConversationAccount{
			ID:               ch,
			ConversationType: convType,
			TenantID:         tenant,
			IsGroup:          a.Conversation.IsGroup || convType == "channel",
		},
	}
	b, err := json.Marshal(ref)
	if err != nil {
		return ""
	}
	return string(b)
}

// parseAddress reads a stored conversation reference.
func parseAddress(s string) (schema.ConversationReference, error) {
	var ref schema.ConversationReference
	if s == "" {
		return ref, errors.New("no conversation reference stored for this channel")
	}
	if err := json.Unmarshal([]byte(s), &ref); err != nil {
		return ref, fmt.Errorf("conversation reference: %w", err)
	}
	if ref.ServiceURL == "" || ref.Conversation.ID == "" {
		return ref, errors.New("conversation reference lacks service url or conversation id")
	}
	return ref, nil
}

// isChannel reports whether a reference is a team channel, where a thread
// is addressed as "<channel>;messageid=<root>".
func isChannel(ref schema.ConversationReference) bool {
	if t := ref.Conversation.ConversationType; t != "" {
		return t == "channel"
	}
	id := ref.Conversation.ID
	return strings.HasSuffix(id, "@thread.tacv2") || strings.HasSuffix(id, "@thread.skype")
}

package teams

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/internal/textclean"
)

// Platform is the platform name the Teams adapter gives its events.
const Platform = bot.PlatformTeams

// Card submit data: an Action.Submit on one of the coach's cards sends
// {"involve_action": <dialogs.Action…>, "value": <the button's value>} as the
// message activity's value.
const (
	submitActionKey = "involve_action"
	submitValueKey  = "value"
)

// generalChannelName is the name Teams shows for a team's first channel,
// which the Bot Framework delivers without a name.
const generalChannelName = "General"

// inbound is one parsed activity: msbotbuilder-go's schema.Activity, plus
// what that type drops (the mention entities' details) or leaves untyped
// (Teams' channelData).
type inbound struct {
	schema.Activity
	Mentions    []mention
	ChannelData channelData
	// OddValue says the activity's value was a JSON value other than an
	// object, set aside before decoding (see withoutOddFields).
	OddValue bool
}

// mention is a Teams mention entity.
type mention struct {
	Type      string `json:"type"`
	Text      string `json:"text"`
	Mentioned struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"mentioned"`
}

// channelData is the part of Teams' channelData the coach reads.
type channelData struct {
	EventType      string    `json:"eventType"`
	TeamsChannelID string    `json:"teamsChannelId"`
	Channel        *idName   `json:"channel"`
	Team           *idName   `json:"team"`
	Tenant         *idName   `json:"tenant"`
	Settings       *settings `json:"settings"`
}

type idName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type settings struct {
	SelectedChannel *idName `json:"selectedChannel"`
}

// parseActivity decodes an activity as the Bot Connector posts it.
func parseActivity(body []byte) (*inbound, error) {
	var act schema.Activity
	if err := json.Unmarshal(body, &act); err != nil {
		return nil, fmt.Errorf("decode activity: %w", err)
	}
	return inboundOf(act, body), nil
}

// inboundOf completes an activity decoded from body (by ParseRequest or
// parseActivity) with what schema.Activity drops or leaves untyped. The
// extras are read leniently: a malformed entity or channelData only loses
// that detail. Only body's first JSON value is read, as ParseRequest does.
func inboundOf(act schema.Activity, body []byte) *inbound {
	in := &inbound{Activity: act}
	var extra struct {
		Entities    []json.RawMessage `json:"entities"`
		ChannelData json.RawMessage   `json:"channelData"`
	}
	if json.NewDecoder(bytes.NewReader(body)).Decode(&extra) == nil {
		for _, raw := range extra.Entities {
			var m mention
			if json.Unmarshal(raw, &m) == nil && m.Type == "mention" {
				in.Mentions = append(in.Mentions, m)
			}
		}
		if len(extra.ChannelData) > 0 {
			_ = json.Unmarshal(extra.ChannelData, &in.ChannelData)
		}
	}
	return in
}

// translate turns an activity into an engine event. It reports false for
// activities the coach has no use for (typing, reactions, the bot's own
// messages, members other than the bot joining, …).
func translate(in *inbound) (bot.Event, bool) {
	ev, ok := translateActivity(in)
	if !ok || ev.Channel == "" {
		return bot.Event{}, false
	}
	if ev.Input.Kind == dialogs.InputJoined && in.Conversation.ConversationType == "personal" {
		ev.Input.Value = dialogs.JoinedPersonal // greeted without a Start button
	}
	return ev, true
}

func translateActivity(in *inbound) (bot.Event, bool) {
	a := &in.Activity
	switch a.Type {
	case schema.Message:
		return translateMessage(in)
	case schema.MessageUpdate, schema.MessageDelete:
		return translateChange(in)
	case schema.ConversationUpdate:
		return translateConversationUpdate(in)
	case schema.Invoke:
		return translateInvoke(in)
	case schema.InstallationUpdate:
		if a.Action != "add" || a.Conversation.ID == "" {
			return bot.Event{}, false
		}
		ch, _ := splitConversationID(a.Conversation.ID)
		return joined(in, "installationUpdate", ch, joinedName(in, ch)), true
	}
	return bot.Event{}, false
}

func translateMessage(in *inbound) (bot.Event, bool) {
	a := &in.Activity
	if a.Conversation.ID == "" || fromBot(a) || in.OddValue {
		// A value that is not an object comes from no card of the
		// coach's, and is no message either.
		return bot.Event{}, false
	}
	ch, root := splitConversationID(a.Conversation.ID)
	if root == "" && inChannel(in) {
		root = a.ReplyToID // older clients: the thread only in replyToId
	}
	ev := event(in, "message", ch)
	ev.Input.Ref = a.ID
	if root != a.ID {
		ev.Input.Thread = root // "" for a top-level post: its messageid is its own id
	}

	if len(a.Value) > 0 {
		action, _ := a.Value[submitActionKey].(string)
		if action == "" {
			return bot.Event{}, false // not one of the coach's cards
		}
		ev.Input.Kind = dialogs.InputAction
		ev.Input.Action = action
		ev.Input.Value = textclean.Clean(valueString(a.Value[submitValueKey]))
		if ev.Input.Thread == "" {
			ev.Input.Thread = root // the card's thread, even when it is the root
		}
		if ev.Input.Thread == "" {
			ev.Input.Thread = a.ReplyToID
		}
		return ev, true
	}

	text, atStart, anywhere := stripMentions(a.Text, in.Mentions, a.Recipient)
	text = textclean.Clean(text) // control characters would reach an export
	if atStart && ev.Input.Thread != "" && dialogs.ParseCommand(text).Verb == dialogs.VerbUnknown {
		// Without the ChannelMessage.Read.Group consent Teams only
		// delivers messages that mention the bot, so an answer in a
		// prompt's thread may start with one: "@Involve we want…" is an
		// answer, "@Involve skip" a command.
		atStart, anywhere = false, false
	}
	switch {
	case a.Conversation.ConversationType == "personal":
		ev.Input.Kind = dialogs.InputCommand
		ev.Input.Command = text
	case atStart || (anywhere && ev.Input.Thread == ""):
		ev.Input.Kind = dialogs.InputCommand
		ev.Input.Command = text
		// A command posted at the top of a channel opens a thread of its
		// own; short answers to it go there rather than into the channel.
		ev.Input.Thread = root
	default:
		ev.Input.Kind = dialogs.InputMessage
		ev.Input.Text = text
		// Teams does not say who started a thread; a channel message's id
		// is its time in milliseconds, which places a thread under a post
		// of the coach's whose delivery was never confirmed.
		ev.Input.OwnerUnknown = ev.Input.Thread != ""
		ev.Input.ThreadAt = idTime(ev.Input.Thread)
	}
	return ev, true
}

// idTime reads a Teams message id as the time it was posted
// ("1700000000000": milliseconds since 1970), or the zero time.
func idTime(id string) time.Time {
	ms, err := strconv.ParseInt(id, 10, 64)
	if err != nil || ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// translateChange handles edits and deletions of a message.
func translateChange(in *inbound) (bot.Event, bool) {
	a := &in.Activity
	if a.Conversation.ID == "" || a.ID == "" || fromBot(a) {
		return bot.Event{}, false
	}
	ch, root := splitConversationID(a.Conversation.ID)
	// An edited message keeps its id: the time tells redeliveries from
	// later edits.
	ev := event(in, string(a.Type), ch)
	if ev.ID != "" {
		ev.ID += ":" + a.Timestamp.UTC().Format(time.RFC3339Nano)
	}
	ev.Input.Ref = a.ID
	if root != a.ID {
		ev.Input.Thread = root
	}
	if a.Type == schema.MessageDelete || in.ChannelData.EventType == "softDeleteMessage" {
		ev.Input.Kind = dialogs.InputDelete
		return ev, true
	}
	if in.ChannelData.EventType == "undeleteMessage" {
		return bot.Event{}, false
	}
	text, _, _ := stripMentions(a.Text, in.Mentions, a.Recipient)
	text = textclean.Clean(text)
	ev.Input.Kind = dialogs.InputEdit
	ev.Input.Text = text
	return ev, true
}

func translateConversationUpdate(in *inbound) (bot.Event, bool) {
	a := &in.Activity
	cd := &in.ChannelData
	if cd.EventType == "channelCreated" {
		// Teams sends it in the team's own conversation (the General
		// channel, whose id is the team's), about another channel of
		// that team. What it says about that channel may start a case
		// there, but never replaces the reference of one that exists.
		own, _ := splitConversationID(a.Conversation.ID)
		if cd.Channel == nil || cd.Channel.ID == "" || cd.Team == nil || cd.Team.ID == "" || own != cd.Team.ID {
			return bot.Event{}, false
		}
		ev := joined(in, "channelCreated", cd.Channel.ID, cd.Channel.Name)
		ev.AddressIfNew = true
		return ev, true
	}
	if a.Conversation.ID == "" || a.Recipient.ID == "" {
		return bot.Event{}, false
	}
	for _, m := range a.MembersAdded {
		if m.ID == a.Recipient.ID {
			ch, _ := splitConversationID(a.Conversation.ID)
			return joined(in, "conversationUpdate", ch, joinedName(in, ch)), true
		}
	}
	return bot.Event{}, false
}

// joined builds an InputJoined event for channel ch.
func joined(in *inbound, kind, ch, name string) bot.Event {
	ev := event(in, kind, ch)
	ev.ChannelName = name
	ev.Input.Kind = dialogs.InputJoined
	return ev
}

// joinedName is the name of the channel ch the bot came into. When the app
// is added to a team, Teams names the channel the installer selected in
// conversation.id and conversation.name (channelData.channel may lack
// the name); a team's General channel, whose id is the team's, comes
// without a name. In a chat, conversation.name is its topic. "" leaves
// the name to the team's channel list.
func joinedName(in *inbound, ch string) string {
	cd := &in.ChannelData
	if cd.Channel != nil && cd.Channel.ID == ch && cd.Channel.Name != "" {
		return cd.Channel.Name
	}
	if own, _ := splitConversationID(in.Conversation.ID); own == ch && in.Conversation.Name != "" {
		return in.Conversation.Name
	}
	if cd.Team != nil && cd.Team.ID == ch {
		return generalChannelName
	}
	return ""
}

// event fills what every event from an activity carries.
func event(in *inbound, kind, ch string) bot.Event {
	a := &in.Activity
	ev := bot.Event{
		Platform: Platform,
		Channel:  ch,
		Address:  addressOf(in, ch),
		Input: dialogs.Input{
			User: a.From.ID,
			Name: a.From.Name,
			At:   a.Timestamp.UTC(),
		},
	}
	if a.ID != "" {
		ev.ID = kind + ":" + a.ID
	}
	return ev
}

// inChannel reports whether an activity happened in a team's channel
// (rather than a personal or group chat).
func inChannel(in *inbound) bool {
	if t := in.Conversation.ConversationType; t != "" {
		return t == "channel"
	}
	return in.ChannelData.Team != nil
}

// fromBot reports whether a message was sent by a bot: this one (Teams does
// not echo, but be safe) or another.
func fromBot(a *schema.Activity) bool {
	return (a.From.ID != "" && a.From.ID == a.Recipient.ID) || a.From.Role == "bot"
}

// splitConversationID splits a channel thread's conversation id
// "19:…@thread.tacv2;messageid=1700000000000" into the channel id and the
// thread's root message id.
func splitConversationID(id string) (channel, root string) {
	channel, root, _ = strings.Cut(id, ";messageid=")
	return channel, root
}

// valueString renders a card's submitted value as a string.
func valueString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64, bool:
		return fmt.Sprint(x)
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return ""
		}
		return string(b)
	}
}

package slack

import (
	"encoding/json"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// Slack tells of a channel's lifecycle in events of its own: channel_* for
// public channels, group_* for private ones. A rename carries the channel
// as an object with its new name; the others carry the channel's id.
var lifecycleEvents = map[string]string{
	"channel_rename":    dialogs.LifecycleRenamed,
	"group_rename":      dialogs.LifecycleRenamed,
	"channel_archive":   dialogs.LifecycleArchived,
	"group_archive":     dialogs.LifecycleArchived,
	"channel_unarchive": dialogs.LifecycleUnarchived,
	"group_unarchive":   dialogs.LifecycleUnarchived,
	"channel_deleted":   dialogs.LifecycleDeleted,
	"group_deleted":     dialogs.LifecycleDeleted,
}

// lifecycle translates a channel lifecycle event. The engine applies it to
// the channel's case, if there is one; it never creates one.
func (t translator) lifecycle(raw json.RawMessage) (inbound, bool) {
	var ev struct {
		Type    string          `json:"type"`
		Channel json.RawMessage `json:"channel"`
		EventTS string          `json:"event_ts"`
	}
	if json.Unmarshal(raw, &ev) != nil {
		return inbound{}, false
	}
	what, ok := lifecycleEvents[ev.Type]
	if !ok {
		return inbound{}, false
	}
	var id, name string
	if what == dialogs.LifecycleRenamed {
		var ch createdChannel
		if json.Unmarshal(ev.Channel, &ch) != nil || ch.Name == "" {
			return inbound{}, false
		}
		id, name = ch.ID, ch.Name
	} else {
		id = channelID(ev.Channel)
	}
	if id == "" {
		return inbound{}, false
	}
	at, _ := parseTS(ev.EventTS)
	return inbound{Event: bot.Event{
		Channel:     id,
		ChannelName: name,
		Input:       dialogs.Input{Kind: dialogs.InputLifecycle, Value: what, At: at},
	}}, true
}

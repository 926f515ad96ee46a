package teams

import (
	"context"
	"net/http"
	"time"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// Teams tells of a channel's and a team's lifecycle in conversationUpdate
// activities, named by channelData.eventType. They arrive in the team's
// own conversation (the General channel, whose id is the team's); a channel
// event names its channel in channelData.channel.
var (
	channelLifecycle = map[string]string{
		"channelRenamed":  dialogs.LifecycleRenamed,
		"channelDeleted":  dialogs.LifecycleDeleted,
		"channelRestored": dialogs.LifecycleRestored,
	}
	teamLifecycle = map[string]string{
		"teamArchived":   dialogs.LifecycleTeamArchived,
		"teamUnarchived": dialogs.LifecycleTeamUnarchived,
		"teamDeleted":    dialogs.LifecycleTeamDeleted,
		"teamRestored":   dialogs.LifecycleTeamRestored,
		"teamrestored":   dialogs.LifecycleTeamRestored, // as Microsoft's page spells it
	}
)

// lifecycle handles a channel's or a team's lifecycle activity and answers
// it. It reports false for any other activity, which it leaves alone.
//
// A team's event applies to every channel of the team the coach knows of:
// the team's channel list as the Connector gives it now (or as last
// fetched, when it cannot), and the General channel. A teamRenamed changes
// nothing: a case is named after its channel.
func (a *Adapter) lifecycle(ctx context.Context, w http.ResponseWriter, in *inbound) bool {
	cd := &in.ChannelData
	if in.Type != schema.ConversationUpdate {
		return false
	}
	chEvent, isChannel := channelLifecycle[cd.EventType]
	teamEvent, isTeam := teamLifecycle[cd.EventType]
	if !isChannel && !isTeam {
		return false
	}
	own, _ := splitConversationID(in.Conversation.ID)
	if cd.Team == nil || cd.Team.ID == "" || own != cd.Team.ID || in.ID == "" {
		a.log.Debug("teams: lifecycle activity without its team ignored", "event", cd.EventType)
		a.answer(w, in)
		return true
	}
	team := cd.Team.ID
	now := a.Now()
	var evs []bot.Event
	if isChannel {
		if cd.Channel == nil || cd.Channel.ID == "" {
			a.answer(w, in)
			return true
		}
		evs = append(evs, lifecycleEvent(in, cd.Channel.ID, cd.Channel.Name, chEvent, now))
	} else {
		for _, ch := range a.teamChannelIDs(ctx, in.ServiceURL, team) {
			evs = append(evs, lifecycleEvent(in, ch, "", teamEvent, now))
		}
	}
	for _, ev := range evs {
		if _, err := a.handler.Handle(ctx, ev); err != nil {
			a.log.Error("teams: handling a lifecycle activity failed", "event", cd.EventType, "id", in.ID, "channel", ev.Channel, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return true
		}
	}
	if isChannel && cd.Channel.Name != "" {
		a.names.note(team, cd.Channel.ID, cd.Channel.Name)
	}
	a.log.Debug("teams: lifecycle activity handled", "event", cd.EventType, "id", in.ID, "channels", len(evs))
	a.answer(w, in)
	return true
}

// lifecycleEvent is the engine event of a lifecycle activity for channel
// ch. It carries no address: it says nothing about how to post there, and
// never creates a case. Each channel's event has an id of its own.
func lifecycleEvent(in *inbound, ch, name, what string, now time.Time) bot.Event {
	ev := event(in, in.ChannelData.EventType, ch)
	ev.ID += ":" + ch
	ev.Address = ""
	ev.ChannelName = name
	ev.Input.Kind = dialogs.InputLifecycle
	ev.Input.Value = what
	ev.Input.User, ev.Input.Name = "", ""
	if ev.Input.At.IsZero() {
		ev.Input.At = now.UTC()
	}
	return ev
}

// teamChannelIDs lists the channels of team: the Connector's list now, or
// the one last fetched when the Connector cannot say; always with the
// General channel, whose id is the team's.
func (a *Adapter) teamChannelIDs(ctx context.Context, serviceURL, team string) []string {
	ids := []string{team}
	ctx, cancel := context.WithTimeout(ctx, namesDeadline)
	defer cancel()
	list, err := a.conn.teamChannels(ctx, serviceURL, team)
	if err == nil {
		for _, x := range list {
			if x.ID != team && x.ID != "" {
				ids = append(ids, x.ID)
			}
		}
		return ids
	}
	a.log.Warn("teams: could not list the team's channels; using the ones known", "team", team, "err", err)
	c := &a.names
	c.mu.Lock()
	defer c.mu.Unlock()
	if tc := c.teams[team]; tc != nil {
		for id := range tc.names {
			if id != team {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// note records a channel's new name in the cache of the team's channel
// names, so that later activities do not bring the old one back.
func (c *channelNames) note(team, ch, name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	tc := c.teams[team]
	if tc == nil || tc.names == nil {
		return // nothing cached: the next lookup asks the Connector
	}
	tc.names[ch] = name
}

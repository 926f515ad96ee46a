package slack

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// platform is the value of bot.Event.Platform for everything from Slack.
const platform = bot.PlatformSlack

// inbound is one translated Slack delivery: the engine event, and what the
// adapter must do with the Web API before the engine may see it.
type inbound struct {
	Event bot.Event
	// Join asks for conversations.join on the channel first: a channel
	// with a case prefix was created and the coach is not in it yet.
	Join bool
	// LookupChannel asks for the channel's name with conversations.info:
	// the coach was invited and the event does not carry the name.
	LookupChannel bool
}

// identity is who the coach is in the workspace, learned with auth.test.
type identity struct {
	UserID       string // the bot user, "U…"
	BotID        string // the bot, "B…"
	TeamID       string // the workspace the bot token belongs to, "T…"
	EnterpriseID string // its Enterprise Grid organisation, "E…", if any
}

// owns reports whether a delivery naming team and enterprise belongs to
// the coach's workspace. Before auth.test has answered nothing is known
// and everything is taken. An org-wide install on Enterprise Grid receives
// from every workspace of its organisation.
func (id identity) owns(team, enterprise string) bool {
	if id.TeamID == "" {
		return true
	}
	if id.EnterpriseID != "" && enterprise == id.EnterpriseID {
		return true
	}
	return team == id.TeamID
}

// translator turns Slack payloads into engine events. Its methods are pure:
// they do no I/O and read no clock.
type translator struct {
	self     identity
	prefixes []string
}

// errMalformed says a payload is not what Slack sends.
var errMalformed = errors.New("slack: malformed payload")

// errForeign says a delivery comes from another workspace than the bot
// token's: it is acknowledged and ignored.
var errForeign = errors.New("slack: delivery from another workspace")

// envelope is the outer part of an Events API delivery.
type envelope struct {
	Type          string          `json:"type"`
	Challenge     string          `json:"challenge"`
	TeamID        string          `json:"team_id"`
	EnterpriseID  string          `json:"enterprise_id"`
	ContextTeamID string          `json:"context_team_id"`
	EventID       string          `json:"event_id"`
	EventTime     int64           `json:"event_time"`
	Event         json.RawMessage `json:"event"`
	// Authorizations names the installation the event is delivered for.
	Authorizations []struct {
		EnterpriseID string `json:"enterprise_id"`
		TeamID       string `json:"team_id"`
	} `json:"authorizations"`
}

// ownedBy reports whether the delivery is for the coach's workspace: its
// team, its context team (a shared channel's host) or the installation it
// is delivered for is the bot token's.
func (env envelope) ownedBy(id identity) bool {
	if id.owns(env.TeamID, env.EnterpriseID) || (env.ContextTeamID != "" && id.owns(env.ContextTeamID, "")) {
		return true
	}
	for _, au := range env.Authorizations {
		if au.TeamID != "" && id.owns(au.TeamID, au.EnterpriseID) {
			return true
		}
	}
	return false
}

// message is the part of a message event that the coach reads; the edited
// message of a message_changed event and the deleted one of a
// message_deleted event have the same shape.
type message struct {
	Type     string `json:"type"`
	Subtype  string `json:"subtype"`
	User     string `json:"user"`
	BotID    string `json:"bot_id"`
	Text     string `json:"text"`
	TS       string `json:"ts"`
	ThreadTS string `json:"thread_ts"`
	// ParentUserID is who posted the thread's parent message.
	ParentUserID string `json:"parent_user_id"`
}

// innerEvent is the union of the inner events the coach subscribes to.
// Channel is a string in most events and an object in channel_created.
type innerEvent struct {
	message
	Channel   json.RawMessage `json:"channel"`
	EventTS   string          `json:"event_ts"`
	Message   *message        `json:"message"`
	Previous  *message        `json:"previous_message"`
	DeletedTS string          `json:"deleted_ts"`
}

// createdChannel is the channel object of a channel_created event.
type createdChannel struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Created int64  `json:"created"`
}

// callback translates an Events API payload (the JSON body of an HTTP
// delivery, or the payload of a Socket Mode events_api envelope). It reports
// false for deliveries the coach ignores, errForeign for one from another
// workspace, and errMalformed for JSON that is not an event callback.
// url_verification is not handled here.
func (t translator) callback(body []byte) (inbound, bool, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return inbound{}, false, errMalformed
	}
	return t.envelope(env)
}

// envelope translates a parsed Events API payload.
func (t translator) envelope(env envelope) (inbound, bool, error) {
	if env.Type != "event_callback" {
		return inbound{}, false, nil
	}
	if !env.ownedBy(t.self) {
		return inbound{}, false, errForeign
	}
	// Read the type first: events the coach does not subscribe to may
	// have other shapes (user_change and team_join carry a user object).
	var head struct {
		Type string `json:"type"`
	}
	if len(env.Event) == 0 || json.Unmarshal(env.Event, &head) != nil {
		return inbound{}, false, errMalformed
	}
	switch head.Type {
	case "message", "app_mention", "channel_created", "member_joined_channel":
	default:
		in, ok := t.lifecycle(env.Event) // lifecycle.go
		if !ok {
			return inbound{}, false, nil
		}
		return t.finish(env, in), true, nil
	}
	var ev innerEvent
	if json.Unmarshal(env.Event, &ev) != nil {
		return inbound{}, false, errMalformed
	}
	var fallback time.Time
	if env.EventTime > 0 {
		fallback = time.Unix(env.EventTime, 0).UTC()
	}
	var (
		in inbound
		ok bool
	)
	switch ev.Type {
	case "message":
		in, ok = t.message(ev)
	case "app_mention":
		in, ok = t.mention(ev)
	case "channel_created":
		in, ok = t.channelCreated(ev, fallback)
	case "member_joined_channel":
		in, ok = t.memberJoined(ev)
	}
	if !ok {
		return inbound{}, false, nil
	}
	return t.finish(env, in), true, nil
}

// finish fills what every event of a delivery carries: its id, platform
// and, when the event has no time of its own, the delivery's.
func (t translator) finish(env envelope, in inbound) inbound {
	if in.Event.ID == "" {
		in.Event.ID = env.EventID
	}
	in.Event.Platform = platform
	if in.Event.Input.At.IsZero() && env.EventTime > 0 {
		in.Event.Input.At = time.Unix(env.EventTime, 0).UTC()
	}
	return in
}

// channelID reads a string "channel" field.
func channelID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// fromOthers reports whether a message was written by a person other than
// the coach.
func (t translator) fromOthers(m *message) bool {
	if m.BotID != "" || m.Subtype == "bot_message" || m.User == "" {
		return false
	}
	return t.self.UserID == "" || m.User != t.self.UserID
}

// inThread reports whether a message is a reply in a thread, not the
// thread's parent or a top-level message. Only thread replies answer prompts
// and nudges; the engine ignores everything else, so it is not passed on.
func inThread(m *message) bool {
	return m.ThreadTS != "" && m.TS != "" && m.ThreadTS != m.TS
}

// answerSubtypes are the message subtypes that carry what a person wrote.
var answerSubtypes = map[string]bool{
	"":                 true,
	"thread_broadcast": true, // a thread reply also sent to the channel
	"file_share":       true, // a reply with a file: its text still counts
}

func (t translator) message(ev innerEvent) (inbound, bool) {
	channel := channelID(ev.Channel)
	if channel == "" {
		return inbound{}, false
	}
	switch ev.Subtype {
	case "message_changed":
		m := ev.Message
		if m == nil || !t.fromOthers(m) || !inThread(m) || !answerSubtypes[m.Subtype] {
			return inbound{}, false
		}
		if ev.Previous != nil && ev.Previous.Text == m.Text {
			return inbound{}, false // a link unfurled or a reply was added: no new words
		}
		at, _ := parseTS(ev.TS)
		return inbound{Event: bot.Event{
			Channel: channel,
			Input: dialogs.Input{
				Kind:   dialogs.InputEdit,
				Text:   plainText(m.Text),
				User:   m.User,
				Thread: m.ThreadTS,
				Ref:    m.TS,
				At:     at,
			},
		}}, true
	case "message_deleted":
		if ev.DeletedTS == "" {
			return inbound{}, false
		}
		in := dialogs.Input{Kind: dialogs.InputDelete, Ref: ev.DeletedTS}
		if p := ev.Previous; p != nil {
			if !t.fromOthers(p) || !inThread(p) {
				return inbound{}, false
			}
			in.Thread, in.User = p.ThreadTS, p.User
		}
		in.At, _ = parseTS(ev.TS)
		return inbound{Event: bot.Event{Channel: channel, Input: in}}, true
	}
	if !answerSubtypes[ev.Subtype] || !t.fromOthers(&ev.message) || !inThread(&ev.message) {
		return inbound{}, false
	}
	if rest, ok := t.stripMention(ev.Text); ok {
		if isCommand(rest) {
			return inbound{}, false // a command to the coach: app_mention carries it
		}
		return t.answer(channel, ev, rest, true), true
	}
	return t.answer(channel, ev, ev.Text, false), true
}

// isCommand reports whether the text after a leading mention of the coach
// is a command ("@Involve skip", or the mention alone, which asks for help)
// rather than an answer that happens to start with one.
func isCommand(rest string) bool {
	return dialogs.ParseCommand(plainText(rest)).Verb != dialogs.VerbUnknown
}

// answer translates a thread reply. A reply that starts with a mention of
// the coach arrives twice, as message and as app_mention, with different
// event ids and the same ts: twin gives both the same id, made of channel
// and ts, so the engine takes the pair (and any redelivery) once.
func (t translator) answer(channel string, ev innerEvent, text string, twin bool) inbound {
	at, _ := parseTS(ev.TS)
	in := inbound{Event: bot.Event{
		Channel: channel,
		Input: dialogs.Input{
			Kind:   dialogs.InputMessage,
			Text:   plainText(text),
			User:   ev.User,
			Thread: ev.ThreadTS,
			Ours:   t.self.UserID != "" && ev.ParentUserID == t.self.UserID,
			Ref:    ev.TS,
			At:     at,
		},
	}}
	if twin {
		in.Event.ID = "msg:" + channel + ":" + ev.TS
	}
	return in
}

// leadingMention matches a user mention at the start of a message.
var leadingMention = regexp.MustCompile(`^\s*<@([A-Z0-9]+)(?:\|[^>]*)?>[\s:,]*`)

// stripMention returns the text after a leading mention of the coach, and
// whether there was one. Before auth.test has told the coach its user id,
// any leading mention counts.
func (t translator) stripMention(text string) (string, bool) {
	m := leadingMention.FindStringSubmatchIndex(text)
	if m == nil {
		return "", false
	}
	if t.self.UserID != "" && text[m[2]:m[3]] != t.self.UserID {
		return "", false
	}
	return text[m[1]:], true
}

// mention translates an app_mention: "@Involve start" is the command
// "start". A mention elsewhere in a message is not a command.
func (t translator) mention(ev innerEvent) (inbound, bool) {
	channel := channelID(ev.Channel)
	if channel == "" || !t.fromOthers(&ev.message) {
		return inbound{}, false
	}
	rest, ok := t.stripMention(ev.Text)
	if !ok {
		return inbound{}, false
	}
	if inThread(&ev.message) && answerSubtypes[ev.Subtype] && !isCommand(rest) {
		return t.answer(channel, ev, rest, true), true // the twin of a message event
	}
	at, _ := parseTS(ev.TS)
	return inbound{Event: bot.Event{
		Channel: channel,
		Input: dialogs.Input{
			Kind:    dialogs.InputCommand,
			Command: strings.TrimSpace(plainText(rest)),
			User:    ev.User,
			Thread:  ev.ThreadTS,
			Ref:     ev.TS,
			At:      at,
		},
	}}, true
}

// isCase reports whether a channel name starts with a case prefix.
func (t translator) isCase(name string) bool { return dialogs.IsCaseChannel(name, t.prefixes) }

// channelCreated translates channel_created: a channel whose name has a
// case prefix is joined, then opened; any other channel is none of the
// coach's business.
func (t translator) channelCreated(ev innerEvent, fallback time.Time) (inbound, bool) {
	var ch createdChannel
	if json.Unmarshal(ev.Channel, &ch) != nil || ch.ID == "" || !t.isCase(ch.Name) {
		return inbound{}, false
	}
	at := fallback
	if ch.Created > 0 {
		at = time.Unix(ch.Created, 0).UTC()
	}
	return inbound{
		Join: true,
		Event: bot.Event{
			Channel:     ch.ID,
			ChannelName: ch.Name,
			Input:       dialogs.Input{Kind: dialogs.InputJoined, Case: true, At: at},
		},
	}, true
}

// memberJoined translates member_joined_channel when the member is the
// coach itself: it was invited (or joined a created case channel).
func (t translator) memberJoined(ev innerEvent) (inbound, bool) {
	channel := channelID(ev.Channel)
	if channel == "" || t.self.UserID == "" || ev.User != t.self.UserID {
		return inbound{}, false
	}
	at, _ := parseTS(ev.EventTS)
	return inbound{
		LookupChannel: true,
		Event: bot.Event{
			Channel: channel,
			Input:   dialogs.Input{Kind: dialogs.InputJoined, At: at},
		},
	}, true
}

// command translates a slash command. now is when it arrived: slash
// commands carry no timestamp.
func (t translator) command(c slack.SlashCommand, now time.Time) inbound {
	name := c.ChannelName
	switch name {
	case "directmessage", "privategroup":
		name = ""
	}
	if strings.HasPrefix(name, "mpdm-") {
		name = ""
	}
	return inbound{Event: bot.Event{
		ID:          c.TriggerID,
		Platform:    platform,
		Channel:     c.ChannelID,
		ChannelName: name,
		EphemeralOK: true,
		Input: dialogs.Input{
			Kind:    dialogs.InputCommand,
			Command: strings.TrimSpace(plainText(c.Text)),
			User:    c.UserID,
			At:      now.UTC(),
		},
	}}
}

// action translates a block_actions interaction: a button of a coach's
// message was pressed. Thread is the pressed message's thread (or the
// message itself when it is top level), so the engine knows which prompt.
func (t translator) action(cb slack.InteractionCallback) (inbound, bool) {
	if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) == 0 {
		return inbound{}, false
	}
	act := cb.ActionCallback.BlockActions[0]
	if act == nil || actionOf(act.ActionID) == "" {
		return inbound{}, false
	}
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	if channel == "" || cb.User.ID == "" {
		return inbound{}, false
	}
	ref := cb.Container.MessageTs
	if ref == "" {
		ref = cb.Message.Timestamp
	}
	thread := cb.Container.ThreadTs
	if thread == "" {
		thread = cb.Message.ThreadTimestamp
	}
	if thread == "" {
		thread = ref
	}
	if cb.Container.IsEphemeral {
		// An ephemeral message is not stored: its ts names nothing a
		// reply could be threaded under or a reaction put on. Answer in
		// the thread it was shown in, if any, else at the top level.
		if thread == ref {
			thread = ""
		}
		ref = ""
	}
	ts := act.ActionTs
	if ts == "" {
		ts = cb.ActionTs
	}
	at, _ := parseTS(ts)
	id := ""
	if ts != "" {
		id = ts + ":" + cb.User.ID
	} else if cb.TriggerID != "" {
		id = cb.TriggerID
	}
	return inbound{Event: bot.Event{
		ID:       id,
		Platform: platform,
		Channel:  channel,
		Input: dialogs.Input{
			Kind:   dialogs.InputAction,
			Action: actionOf(act.ActionID),
			Value:  act.Value,
			User:   cb.User.ID,
			Thread: thread,
			Ref:    ref,
			At:     at,
		},
	}}, true
}

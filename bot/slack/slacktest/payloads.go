package slacktest

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// The shapes below are Slack's own, as the Events API and slash commands
// deliver them, with the fields an app may read.

// Command is a slash command as someone types it in a channel.
type Command struct {
	Channel     string // channel_id, e.g. "C0CASE001"
	ChannelName string // channel_name; default: Channel in lower case
	User        string // user_id; default "U0PLANNER"
	UserName    string // user_name; default "kari.nordmann"
	Command     string // default "/involve"
	Text        string // what follows the command, e.g. "start"
	TriggerID   string // default: a fresh one
	Team        string // team_id; default TeamID
}

var triggers atomic.Int64

// Form returns the application/x-www-form-urlencoded body Slack posts for c.
func (c Command) Form() []byte {
	if c.ChannelName == "" {
		c.ChannelName = strings.ToLower(c.Channel)
	}
	if c.User == "" {
		c.User = "U0PLANNER"
	}
	if c.UserName == "" {
		c.UserName = "kari.nordmann"
	}
	if c.Command == "" {
		c.Command = "/involve"
	}
	if c.Team == "" {
		c.Team = TeamID
	}
	if c.TriggerID == "" {
		c.TriggerID = fmt.Sprintf("13345224609.738474920.%012d", triggers.Add(1))
	}
	return []byte(url.Values{
		"token": {"gIkuvaNzQIHg97ATvDxqgjtO"}, "team_id": {c.Team}, "team_domain": {"oslo-test"},
		"enterprise_id": {""}, "enterprise_name": {""},
		"channel_id": {c.Channel}, "channel_name": {c.ChannelName}, "user_id": {c.User}, "user_name": {c.UserName},
		"command": {c.Command}, "text": {c.Text}, "api_app_id": {AppID}, "is_enterprise_install": {"false"},
		"response_url": {"https://hooks.slack.com/commands/" + TeamID + "/1234/abcd"},
		"trigger_id":   {c.TriggerID},
	}.Encode())
}

// Message is a message event (message.channels): a reply in a thread when
// Thread is set. A reply carries parent_user_id, the coach's unless
// ParentUser says otherwise; a Broadcast reply (also sent to the channel)
// is subtype thread_broadcast and, as Slack documents it, carries none.
// Leave TS empty and each call makes a new message; set it (and EventID)
// to deliver the same one again.
type Message struct {
	EventID    string // the callback's event_id; default: derived from TS
	Channel    string
	User       string // default "U0PLANNER"
	Text       string // as typed; escaped as Slack escapes it
	TS         string // the message's ts; default: from the clock
	Thread     string // thread_ts, the parent's ts
	ParentUser string // parent_user_id of a reply; default BotUserID
	Broadcast  bool   // a thread_broadcast: no parent_user_id
	Team       string // team_id of the callback and the event; default TeamID
}

var msgSeq atomic.Int64

// Event returns the inner event.
func (m Message) Event() map[string]any {
	m = m.withDefaults()
	ev := map[string]any{
		"client_msg_id": clientMsgID(m.Channel + m.TS),
		"type":          "message",
		"text":          Escape(m.Text),
		"user":          m.User,
		"ts":            m.TS,
		"blocks": []any{map[string]any{"type": "rich_text", "block_id": "b" + m.TS[len(m.TS)-4:],
			"elements": []any{map[string]any{"type": "rich_text_section",
				"elements": []any{map[string]any{"type": "text", "text": m.Text}}}}}},
		"team":         m.Team,
		"channel":      m.Channel,
		"event_ts":     m.TS,
		"channel_type": "channel",
	}
	if m.Thread != "" {
		ev["thread_ts"] = m.Thread
		switch {
		case m.Broadcast:
			ev["subtype"] = "thread_broadcast"
			ev["root"] = map[string]any{"ts": m.Thread, "thread_ts": m.Thread, "user": m.ParentUser}
		default:
			ev["parent_user_id"] = m.ParentUser
		}
	}
	return ev
}

// Body returns the Events API callback that delivers m.
func (m Message) Body() []byte {
	m = m.withDefaults()
	return TeamEventCallback(m.Team, m.EventID, m.Event())
}

func (m Message) withDefaults() Message {
	if m.User == "" {
		m.User = "U0PLANNER"
	}
	if m.TS == "" {
		now := time.Now()
		m.TS = fmt.Sprintf("%d.%06d", now.Unix(), msgSeq.Add(1)%1_000_000)
	}
	if m.EventID == "" {
		m.EventID = "Ev" + strings.ToUpper(clientMsgID(m.Channel + m.TS)[:12])
	}
	if m.ParentUser == "" {
		m.ParentUser = BotUserID
	}
	if m.Team == "" {
		m.Team = TeamID
	}
	return m
}

// EventCallback wraps an inner event in the event_callback envelope Slack
// posts to the Request URL. event_time is taken from the event's event_ts.
func EventCallback(eventID string, event map[string]any) []byte {
	return TeamEventCallback(TeamID, eventID, event)
}

// TeamEventCallback is EventCallback for a delivery from workspace team.
func TeamEventCallback(team, eventID string, event map[string]any) []byte {
	at := time.Now().Unix()
	if ts, ok := event["event_ts"].(string); ok {
		if sec, _, ok := strings.Cut(ts, "."); ok {
			if n, err := strconv.ParseInt(sec, 10, 64); err == nil {
				at = n
			}
		}
	}
	b, err := json.Marshal(map[string]any{
		"token": "XXYYZZ", "team_id": team, "context_team_id": team, "api_app_id": AppID,
		"event": event, "type": "event_callback", "event_id": eventID, "event_time": at,
		"authorizations": []any{map[string]any{"enterprise_id": nil, "team_id": team, "user_id": BotUserID,
			"is_bot": true, "is_enterprise_install": false}},
		"is_ext_shared_channel": false,
		"event_context":         "4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMFRFU1QiLCJhaWQiOiJBMElOVk9MVkUifQ",
	})
	if err != nil {
		panic("slacktest: " + err.Error()) // only plain values go in
	}
	return b
}

// Escape escapes text as Slack does in a message's text field: &, < and >.
func Escape(text string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(text)
}

// clientMsgID is a UUID-shaped id, stable for a key.
func clientMsgID(key string) string {
	h := sha256.Sum256([]byte(key))
	x := fmt.Sprintf("%x", h[:16])
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

package slack

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
)

var testTranslator = translator{
	self:     identity{UserID: slacktest.BotUserID, BotID: slacktest.BotID},
	prefixes: []string{"sak-", "case-"},
}

func at(ts string) time.Time {
	t, ok := parseTS(ts)
	if !ok {
		panic("bad ts " + ts)
	}
	return t
}

// callbackTests is the specification of what each event callback becomes.
var callbackTests = []struct {
	name    string
	payload string
	want    *inbound // nil: ignored
}{
	{"a thread reply is an answer to the thread's prompt", payloadThreadReply, &inbound{Event: bot.Event{
		ID: "Ev0THREADREPLY", Platform: "slack", Channel: "C0CASE001",
		Input: dialogs.Input{Kind: dialogs.InputMessage, Text: "Vi må vite hvem som <faktisk> bor der & hva de bruker stedet til",
			User: "U0PLANNER", Thread: "1732612345.000200", Ours: true, Ref: "1732612400.001200", At: at("1732612400.001200")},
	}}},
	{"a top-level message answers nothing", payloadTopLevel, nil},
	{"the coach's own message is ignored", payloadOwnMessage, nil},
	{"another bot's message is ignored", payloadOtherBot, nil},
	{"a join notice is ignored", payloadChannelJoinMessage, nil},
	{"a thread reply also sent to the channel is an answer", payloadThreadBroadcast, &inbound{Event: bot.Event{
		ID: "Ev0BROADCAST", Platform: "slack", Channel: "C0CASE001",
		Input: dialogs.Input{Kind: dialogs.InputMessage, Text: "Beboerne i borettslaget, og de som går gjennom sentrum",
			User: "U0CASEWKR", Thread: "1732612345.000200", Ref: "1732612430.000600", At: at("1732612430.000600")},
	}}},
	{"an edited answer is an edit of the edited message", payloadMessageChanged, &inbound{Event: bot.Event{
		ID: "Ev0CHANGED", Platform: "slack", Channel: "C0CASE001",
		Input: dialogs.Input{Kind: dialogs.InputEdit, Text: "Vi må vite hvem som bor der, og hvem som bruker stedet",
			User: "U0PLANNER", Thread: "1732612345.000200", Ref: "1732612400.001200", At: at("1732612500.000700")},
	}}},
	{"the coach's prompt gaining a reply is no edit", payloadParentChanged, nil},
	{"an unfurled link is no edit", payloadUnfurlChanged, nil},
	{"a deleted answer is a delete of deleted_ts", payloadMessageDeleted, &inbound{Event: bot.Event{
		ID: "Ev0DELETED", Platform: "slack", Channel: "C0CASE001",
		Input: dialogs.Input{Kind: dialogs.InputDelete, User: "U0PLANNER", Thread: "1732612345.000200",
			Ref: "1732612400.001200", At: at("1732612600.000100")},
	}}},
	{"a created case channel is joined and opened", payloadChannelCreated, &inbound{Join: true, Event: bot.Event{
		ID: "Ev0CREATED", Platform: "slack", Channel: "C0CASE002", ChannelName: "sak-grorud-sentrum",
		Input: dialogs.Input{Kind: dialogs.InputJoined, Case: true, At: time.Unix(1732612700, 0).UTC()},
	}}},
	{"another created channel is none of the coach's business", payloadOtherChannelCreated, nil},
	{"the coach invited into a channel opens it, name looked up", payloadBotJoined, &inbound{LookupChannel: true, Event: bot.Event{
		ID: "Ev0BOTJOINED", Platform: "slack", Channel: "C0PRIV001",
		Input: dialogs.Input{Kind: dialogs.InputJoined, At: at("1732612800.000300")},
	}}},
	{"a person joining is ignored", payloadPersonJoined, nil},
	{"@Involve start is the command start", payloadAppMention, &inbound{Event: bot.Event{
		ID: "Ev0MENTION", Platform: "slack", Channel: "C0CASE001",
		Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "start", User: "U0PLANNER",
			Ref: "1732612900.000400", At: at("1732612900.000400")},
	}}},
	{"a mention command in a thread keeps the thread", payloadAppMentionThread, &inbound{Event: bot.Event{
		ID: "Ev0MENTIONTHREAD", Platform: "slack", Channel: "C0CASE001",
		Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "report De fikk svar på <alt> de lurte på",
			User: "U0CASEWKR", Thread: "1732612345.000200", Ref: "1732612910.000500", At: at("1732612910.000500")},
	}}},
	{"the message event of a mention command is not an answer", payloadMentionMessage, nil},
	{"a mention mid-sentence is no command", payloadMentionMidSentence, nil},
	{"markup becomes plain text and broadcast mentions vanish", payloadReplyWithMarkup, &inbound{Event: bot.Event{
		ID: "Ev0MARKUP", Platform: "slack", Channel: "C0CASE001",
		Input: dialogs.Input{Kind: dialogs.InputMessage,
			Text: " Se planen (https://www.oslo.kommune.no/plan) og spør @kari i #general ",
			User: "U0PLANNER", Thread: "1732612345.000200", Ref: "1732612950.000700", At: at("1732612950.000700")},
	}}},
	{"url_verification is not an event", payloadURLVerification, nil},
	{"an app_rate_limited notice is not an event",
		`{"token":"x","type":"app_rate_limited","team_id":"T0TEST","minute_rate_limited":1518467820,"api_app_id":"A0INVOLVE"}`, nil},
	{"an unknown inner event is ignored",
		`{"type":"event_callback","event_id":"Ev1","event":{"type":"reaction_added","user":"U1","reaction":"tada","item":{"type":"message","channel":"C1","ts":"1.2"}}}`, nil},
}

func TestTranslateCallback(t *testing.T) {
	for _, tt := range callbackTests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := testTranslator.callback([]byte(tt.payload))
			if err != nil {
				t.Fatalf("callback: %v", err)
			}
			if tt.want == nil {
				if ok {
					t.Fatalf("want ignored, got %+v", got)
				}
				return
			}
			if !ok {
				t.Fatal("ignored, want an event")
			}
			if !reflect.DeepEqual(got, *tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, *tt.want)
			}
		})
	}
}

func TestTranslateCallbackMalformed(t *testing.T) {
	for _, body := range []string{``, `[]`, `{"type":"event_callback"}`, `{"type":"event_callback","event":"x"}`, `{`} {
		if _, ok, err := testTranslator.callback([]byte(body)); ok || err == nil {
			t.Errorf("%q: ok=%v err=%v, want errMalformed", body, ok, err)
		}
	}
}

// Before auth.test the coach does not know its own user id: it still
// ignores bot messages, and treats any leading mention as addressed to it.
func TestTranslateWithoutIdentity(t *testing.T) {
	tr := translator{prefixes: []string{"sak-"}}
	if _, ok, _ := tr.callback([]byte(payloadOwnMessage)); ok {
		t.Error("own message (with bot_id) not ignored")
	}
	if _, ok, _ := tr.callback([]byte(payloadBotJoined)); ok {
		t.Error("member_joined_channel taken without knowing who the coach is")
	}
	in, ok, _ := tr.callback([]byte(payloadAppMention))
	if !ok || in.Event.Input.Command != "start" {
		t.Errorf("mention: ok=%v %+v", ok, in.Event.Input)
	}
}

func TestTranslateCommand(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(formSlashStatus))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cmd, err := slack.SlashCommandParse(req)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 11, 26, 9, 0, 0, 0, time.UTC)
	got := testTranslator.command(cmd, now)
	want := inbound{Event: bot.Event{
		ID: "13345224609.738474920.8088930838d88f008e0", Platform: "slack",
		Channel: "C0CASE001", ChannelName: "sak-grorud-sentrum", EphemeralOK: true,
		Input: dialogs.Input{Kind: dialogs.InputCommand, Command: "status", User: "U0PLANNER", At: now},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	for _, tt := range []struct{ text, channel, wantCmd, wantName string }{
		{"  report Vi  fikk &lt;10&gt; svar ", "sak-x", "report Vi  fikk <10> svar", "sak-x"},
		{"", "directmessage", "", ""},
		{"help", "privategroup", "help", ""},
		{"lang en", "mpdm-kari--ola-1", "lang en", ""},
	} {
		in := testTranslator.command(slack.SlashCommand{Text: tt.text, ChannelName: tt.channel, ChannelID: "C1"}, now)
		if in.Event.Input.Command != tt.wantCmd || in.Event.ChannelName != tt.wantName {
			t.Errorf("%q in %q: command %q name %q, want %q %q", tt.text, tt.channel,
				in.Event.Input.Command, in.Event.ChannelName, tt.wantCmd, tt.wantName)
		}
	}
}

func TestTranslateAction(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    *inbound
	}{
		{"a prompt's button names the prompt as thread", payloadBlockActions, &inbound{Event: bot.Event{
			ID: "1732613000.123456:U0PLANNER", Platform: "slack", Channel: "C0CASE001",
			Input: dialogs.Input{Kind: dialogs.InputAction, Action: dialogs.ActionSkip, Value: "1:1",
				User: "U0PLANNER", Thread: "1732612345.000200", Ref: "1732612345.000200", At: at("1732613000.123456")},
		}}},
		{"a button in a thread names the thread", payloadBlockActionsInThread, &inbound{Event: bot.Event{
			ID: "1732613105.654321:U0CASEWKR", Platform: "slack", Channel: "C0CASE001",
			Input: dialogs.Input{Kind: dialogs.InputAction, Action: dialogs.ActionForgetYes,
				User: "U0CASEWKR", Thread: "1732612345.000200", Ref: "1732613100.000300", At: at("1732613105.654321")},
		}}},
		// An ephemeral message is not stored: the reply goes to the top
		// level, not under a ts that names nothing (issue 10).
		{"an ephemeral message's button, with a suffixed action id", payloadBlockActionsEphemeral, &inbound{Event: bot.Event{
			ID: "1732613201.000001:U0PLANNER", Platform: "slack", Channel: "C0LUNCH01",
			Input: dialogs.Input{Kind: dialogs.InputAction, Action: dialogs.ActionStart,
				User: "U0PLANNER", Thread: "", Ref: "", At: at("1732613201.000001")},
		}}},
		{"a view submission is ignored", `{"type":"view_submission","user":{"id":"U1"},"view":{"id":"V1"}}`, nil},
		{"block_actions without actions is ignored", `{"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C1"},"actions":[]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cb slack.InteractionCallback
			if err := json.Unmarshal([]byte(tt.payload), &cb); err != nil {
				t.Fatal(err)
			}
			got, ok := testTranslator.action(cb)
			if tt.want == nil {
				if ok {
					t.Fatalf("want ignored, got %+v", got)
				}
				return
			}
			if !ok || !reflect.DeepEqual(got, *tt.want) {
				t.Errorf("ok=%v\ngot  %+v\nwant %+v", ok, got, *tt.want)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"a &amp;lt; b", "a &lt; b"},
		{"&lt;script&gt;", "<script>"},
		{"<!here> hei <!channel|channel> og <!everyone>", " hei  og "},
		{"<!subteam^S123|@planleggere> se her", "@planleggere se her"},
		{"<!date^1392734382^{date_short}|Feb 18, 2014>", "Feb 18, 2014"},
		{"<@U123>", "@U123"},
		{"<mailto:kari@oslo.kommune.no|kari@oslo.kommune.no>", "kari@oslo.kommune.no"},
		{"<https://x.no>", "https://x.no"},
		{"<https://x.no|https://x.no>", "https://x.no"},
		{"1 < 2", "1 < 2"},
		{"<!chan<!here>nel> &lt;!everyone&gt; ok", "  ok"},
		// Control characters would reach an operator's terminal in an export.
		{"svar\x1bc\u009b2J\b\bslutt\x7f", "svarc2Jslutt"},
	} {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseTS(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"1732612345.001200", time.Unix(1732612345, 1200*1000).UTC(), true},
		{"1732612345", time.Unix(1732612345, 0).UTC(), true},
		{"1732612345.5", time.Unix(1732612345, 500000*1000).UTC(), true},
		{"", time.Time{}, false},
		{"abc.def", time.Time{}, false},
		{"-5.1", time.Time{}, false},
	} {
		got, ok := parseTS(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseTS(%q) = %v %v, want %v %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

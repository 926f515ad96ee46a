package slack

// Real Slack payload shapes, as the Events API, slash commands and
// interactivity deliver them (trimmed of fields the coach does not read
// only where they are long and irrelevant, such as rich_text blocks).

// A thread reply to a prompt (message.channels).
const payloadThreadReply = `{
  "token": "XXYYZZ",
  "team_id": "T0TEST",
  "context_team_id": "T0TEST",
  "api_app_id": "A0INVOLVE",
  "event": {
    "client_msg_id": "0837851c-2d34-4d4d-804c-7aed753c3421",
    "type": "message",
    "text": "Vi må vite hvem som &lt;faktisk&gt; bor der &amp; hva de bruker stedet til",
    "user": "U0PLANNER",
    "ts": "1732612400.001200",
    "blocks": [{"type": "rich_text", "block_id": "YKju", "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": "Vi må vite hvem som <faktisk> bor der & hva de bruker stedet til"}]}]}],
    "team": "T0TEST",
    "thread_ts": "1732612345.000200",
    "parent_user_id": "UBOT0001",
    "channel": "C0CASE001",
    "event_ts": "1732612400.001200",
    "channel_type": "channel"
  },
  "type": "event_callback",
  "event_id": "Ev0THREADREPLY",
  "event_time": 1732612400,
  "authorizations": [{"enterprise_id": null, "team_id": "T0TEST", "user_id": "UBOT0001", "is_bot": true, "is_enterprise_install": false}],
  "is_ext_shared_channel": false,
  "event_context": "4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMFRFU1QiLCJhaWQiOiJBMElOVk9MVkUiLCJjaWQiOiJDMENBU0UwMDEifQ"
}`

// A top-level message in the channel (not an answer).
const payloadTopLevel = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"client_msg_id": "a1", "type": "message", "text": "God morgen!", "user": "U0PLANNER",
    "ts": "1732612401.000300", "team": "T0TEST", "channel": "C0CASE001", "event_ts": "1732612401.000300", "channel_type": "channel"},
  "type": "event_callback", "event_id": "Ev0TOPLEVEL", "event_time": 1732612401
}`

// The coach's own prompt, echoed back as a message event.
const payloadOwnMessage = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"bot_id": "BBOT0001", "type": "message", "text": "1/14 Hva må vi ha tenkt på i forkant?", "user": "UBOT0001",
    "ts": "1732612345.000200", "app_id": "A0INVOLVE", "team": "T0TEST",
    "bot_profile": {"id": "BBOT0001", "app_id": "A0INVOLVE", "name": "Involve", "deleted": false, "team_id": "T0TEST"},
    "channel": "C0CASE001", "event_ts": "1732612345.000200", "channel_type": "channel"},
  "type": "event_callback", "event_id": "Ev0OWN", "event_time": 1732612345
}`

// Another app's bot replying in a prompt's thread.
const payloadOtherBot = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "message", "subtype": "bot_message", "text": "Påminnelse: møte kl 10", "bot_id": "B0OTHER",
    "username": "Reminder", "ts": "1732612410.000400", "thread_ts": "1732612345.000200",
    "channel": "C0CASE001", "event_ts": "1732612410.000400", "channel_type": "channel"},
  "type": "event_callback", "event_id": "Ev0OTHERBOT", "event_time": 1732612410
}`

// Someone joined the channel: a subtype the coach ignores.
const payloadChannelJoinMessage = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "message", "subtype": "channel_join", "ts": "1732612420.000500", "user": "U0NEWBIE",
    "text": "<@U0NEWBIE> has joined the channel", "inviter": "U0PLANNER", "channel": "C0CASE001",
    "event_ts": "1732612420.000500", "channel_type": "channel"},
  "type": "event_callback", "event_id": "Ev0CHANNELJOIN", "event_time": 1732612420
}`

// A thread reply also sent to the channel.
const payloadThreadBroadcast = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "message", "subtype": "thread_broadcast", "text": "Beboerne i borettslaget, og de som går gjennom sentrum",
    "user": "U0CASEWKR", "ts": "1732612430.000600", "thread_ts": "1732612345.000200",
    "root": {"type": "message", "text": "Hva bryr innbyggerne seg om?", "user": "UBOT0001", "bot_id": "BBOT0001", "ts": "1732612345.000200"},
    "client_msg_id": "b2", "channel": "C0CASE001", "event_ts": "1732612430.000600", "channel_type": "channel"},
  "type": "event_callback", "event_id": "Ev0BROADCAST", "event_time": 1732612430
}`

// An answer in a thread was edited.
const payloadMessageChanged = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {
    "type": "message",
    "subtype": "message_changed",
    "message": {
      "client_msg_id": "0837851c-2d34-4d4d-804c-7aed753c3421",
      "type": "message",
      "text": "Vi må vite hvem som bor der, og hvem som bruker stedet",
      "user": "U0PLANNER",
      "team": "T0TEST",
      "edited": {"user": "U0PLANNER", "ts": "1732612500.000000"},
      "ts": "1732612400.001200",
      "thread_ts": "1732612345.000200",
      "parent_user_id": "UBOT0001",
      "source_team": "T0TEST",
      "user_team": "T0TEST"
    },
    "previous_message": {
      "client_msg_id": "0837851c-2d34-4d4d-804c-7aed753c3421",
      "type": "message",
      "text": "Vi må vite hvem som bor der",
      "user": "U0PLANNER",
      "ts": "1732612400.001200",
      "thread_ts": "1732612345.000200",
      "parent_user_id": "UBOT0001",
      "team": "T0TEST"
    },
    "channel": "C0CASE001",
    "hidden": true,
    "ts": "1732612500.000700",
    "event_ts": "1732612500.000700",
    "channel_type": "channel"
  },
  "type": "event_callback",
  "event_id": "Ev0CHANGED",
  "event_time": 1732612500
}`

// The coach's prompt changed because a reply was added to its thread.
const payloadParentChanged = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "message", "subtype": "message_changed", "hidden": true,
    "message": {"type": "message", "text": "Hva må vi ha tenkt på i forkant?", "user": "UBOT0001", "bot_id": "BBOT0001",
      "ts": "1732612345.000200", "thread_ts": "1732612345.000200", "reply_count": 1, "latest_reply": "1732612400.001200"},
    "previous_message": {"type": "message", "text": "Hva må vi ha tenkt på i forkant?", "user": "UBOT0001", "bot_id": "BBOT0001",
      "ts": "1732612345.000200"},
    "channel": "C0CASE001", "ts": "1732612400.001300", "event_ts": "1732612400.001300", "channel_type": "channel"},
  "type": "event_callback", "event_id": "Ev0PARENTCHANGED", "event_time": 1732612400
}`

// A link in an answer unfurled: same words, new attachments.
const payloadUnfurlChanged = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "message", "subtype": "message_changed", "hidden": true,
    "message": {"type": "message", "text": "Se <https://www.oslo.kommune.no/plan>", "user": "U0PLANNER",
      "ts": "1732612440.000800", "thread_ts": "1732612345.000200",
      "attachments": [{"from_url": "https://www.oslo.kommune.no/plan", "title": "Plan", "id": 1}]},
    "previous_message": {"type": "message", "text": "Se <https://www.oslo.kommune.no/plan>", "user": "U0PLANNER",
      "ts": "1732612440.000800", "thread_ts": "1732612345.000200"},
    "channel": "C0CASE001", "ts": "1732612441.000900", "event_ts": "1732612441.000900", "channel_type": "channel"},
  "type": "event_callback", "event_id": "Ev0UNFURL", "event_time": 1732612441
}`

// An answer in a thread was deleted.
const payloadMessageDeleted = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {
    "type": "message",
    "subtype": "message_deleted",
    "previous_message": {
      "client_msg_id": "0837851c-2d34-4d4d-804c-7aed753c3421",
      "type": "message",
      "text": "Vi må vite hvem som bor der",
      "user": "U0PLANNER",
      "ts": "1732612400.001200",
      "thread_ts": "1732612345.000200",
      "parent_user_id": "UBOT0001",
      "team": "T0TEST"
    },
    "channel": "C0CASE001",
    "hidden": true,
    "deleted_ts": "1732612400.001200",
    "event_ts": "1732612600.000100",
    "ts": "1732612600.000100",
    "channel_type": "channel"
  },
  "type": "event_callback",
  "event_id": "Ev0DELETED",
  "event_time": 1732612600
}`

// A case channel was created (channel_created; channels:read).
const payloadChannelCreated = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {
    "type": "channel_created",
    "channel": {
      "id": "C0CASE002",
      "name": "sak-grorud-sentrum",
      "is_channel": true,
      "is_group": false,
      "is_im": false,
      "created": 1732612700,
      "is_archived": false,
      "is_general": false,
      "unlinked": 0,
      "name_normalized": "sak-grorud-sentrum",
      "is_shared": false,
      "is_org_shared": false,
      "context_team_id": "T0TEST",
      "is_private": false,
      "is_mpim": false,
      "previous_names": [],
      "creator": "U0PLANNER",
      "is_ext_shared": false,
      "shared_team_ids": ["T0TEST"],
      "is_pending_ext_shared": false
    },
    "event_ts": "1732612700.000200"
  },
  "type": "event_callback",
  "event_id": "Ev0CREATED",
  "event_time": 1732612700
}`

// Any other channel was created.
const payloadOtherChannelCreated = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "channel_created", "channel": {"id": "C0LUNCH01", "name": "lunsj", "created": 1732612710, "creator": "U0PLANNER"},
    "event_ts": "1732612710.000200"},
  "type": "event_callback", "event_id": "Ev0CREATEDOTHER", "event_time": 1732612710
}`

// The coach was invited into a channel.
const payloadBotJoined = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {
    "type": "member_joined_channel",
    "user": "UBOT0001",
    "channel": "C0PRIV001",
    "channel_type": "G",
    "team": "T0TEST",
    "inviter": "U0PLANNER",
    "event_ts": "1732612800.000300"
  },
  "type": "event_callback",
  "event_id": "Ev0BOTJOINED",
  "event_time": 1732612800
}`

// A person joined a channel the coach is in.
const payloadPersonJoined = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "member_joined_channel", "user": "U0NEWBIE", "channel": "C0CASE001", "channel_type": "C",
    "team": "T0TEST", "inviter": "U0PLANNER", "event_ts": "1732612810.000300"},
  "type": "event_callback", "event_id": "Ev0PERSONJOINED", "event_time": 1732612810
}`

// "@Involve start" (app_mention; app_mentions:read).
const payloadAppMention = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {
    "client_msg_id": "c3",
    "type": "app_mention",
    "text": "<@UBOT0001> start",
    "user": "U0PLANNER",
    "ts": "1732612900.000400",
    "team": "T0TEST",
    "channel": "C0CASE001",
    "event_ts": "1732612900.000400"
  },
  "type": "event_callback",
  "event_id": "Ev0MENTION",
  "event_time": 1732612900
}`

// "@Involve report …" in a thread.
const payloadAppMentionThread = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "app_mention", "text": "<@UBOT0001>  report De fikk svar på &lt;alt&gt; de lurte på",
    "user": "U0CASEWKR", "ts": "1732612910.000500", "thread_ts": "1732612345.000200",
    "team": "T0TEST", "channel": "C0CASE001", "event_ts": "1732612910.000500"},
  "type": "event_callback", "event_id": "Ev0MENTIONTHREAD", "event_time": 1732612910
}`

// The message event that comes with the mention above: not an answer.
const payloadMentionMessage = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "message", "text": "<@UBOT0001>  report De fikk svar på &lt;alt&gt; de lurte på",
    "user": "U0CASEWKR", "ts": "1732612910.000500", "thread_ts": "1732612345.000200",
    "team": "T0TEST", "channel": "C0CASE001", "event_ts": "1732612910.000500", "channel_type": "channel"},
  "type": "event_callback", "event_id": "Ev0MENTIONMSG", "event_time": 1732612910
}`

// A mention in the middle of a sentence is not a command.
const payloadMentionMidSentence = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "app_mention", "text": "Takk <@UBOT0001>, dette var nyttig", "user": "U0PLANNER",
    "ts": "1732612920.000600", "channel": "C0CASE001", "event_ts": "1732612920.000600"},
  "type": "event_callback", "event_id": "Ev0MENTIONMID", "event_time": 1732612920
}`

// A thread reply with broadcast mentions and links.
const payloadReplyWithMarkup = `{
  "token": "XXYYZZ", "team_id": "T0TEST", "api_app_id": "A0INVOLVE",
  "event": {"type": "message", "text": "<!here> Se <https://www.oslo.kommune.no/plan|planen> og spør <@U0CASEWKR|kari> i <#C0OTHER01|general> <!channel>",
    "user": "U0PLANNER", "ts": "1732612950.000700", "thread_ts": "1732612345.000200",
    "channel": "C0CASE001", "event_ts": "1732612950.000700", "channel_type": "channel"},
  "type": "event_callback", "event_id": "Ev0MARKUP", "event_time": 1732612950
}`

// The Events API's URL check.
const payloadURLVerification = `{
  "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
  "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
  "type": "url_verification"
}`

// The slash command form: /involve status (application/x-www-form-urlencoded).
const formSlashStatus = "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0TEST&team_domain=oslo-test&enterprise_id=&enterprise_name=" +
	"&channel_id=C0CASE001&channel_name=sak-grorud-sentrum&user_id=U0PLANNER&user_name=kari.nordmann" +
	"&command=%2Finvolve&text=status&api_app_id=A0INVOLVE&is_enterprise_install=false" +
	"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0TEST%2F1234%2Fabcd" +
	"&trigger_id=13345224609.738474920.8088930838d88f008e0"

// A block_actions payload: the Skip button of a prompt was pressed.
const payloadBlockActions = `{
  "type": "block_actions",
  "user": {"id": "U0PLANNER", "username": "kari.nordmann", "name": "kari.nordmann", "team_id": "T0TEST"},
  "api_app_id": "A0INVOLVE",
  "token": "9s8d9as89d8as9d8as989",
  "container": {"type": "message", "message_ts": "1732612345.000200", "channel_id": "C0CASE001", "is_ephemeral": false},
  "trigger_id": "12466734323.1395872398",
  "team": {"id": "T0TEST", "domain": "oslo-test"},
  "enterprise": null,
  "is_enterprise_install": false,
  "channel": {"id": "C0CASE001", "name": "sak-grorud-sentrum"},
  "message": {
    "bot_id": "BBOT0001", "type": "message", "text": "1/14 Hva må vi ha tenkt på i forkant?", "user": "UBOT0001",
    "ts": "1732612345.000200", "app_id": "A0INVOLVE", "team": "T0TEST",
    "blocks": [
      {"type": "section", "block_id": "q1", "text": {"type": "mrkdwn", "text": "*Hva må vi ha tenkt på i forkant?*", "verbatim": false}},
      {"type": "actions", "block_id": "b1", "elements": [
        {"type": "button", "action_id": "skip", "text": {"type": "plain_text", "text": "Hopp over", "emoji": true}, "value": "1:1"},
        {"type": "button", "action_id": "pause", "text": {"type": "plain_text", "text": "Pause", "emoji": true}, "value": "1"}]}
    ]
  },
  "state": {"values": {}},
  "response_url": "https://hooks.slack.com/actions/T0TEST/123/xyz",
  "actions": [
    {"action_id": "skip", "block_id": "b1", "text": {"type": "plain_text", "text": "Hopp over", "emoji": true},
     "value": "1:1", "type": "button", "action_ts": "1732613000.123456"}
  ]
}`

// A button on a message inside a thread (a confirmation posted there).
const payloadBlockActionsInThread = `{
  "type": "block_actions",
  "user": {"id": "U0CASEWKR", "username": "ola", "name": "ola", "team_id": "T0TEST"},
  "api_app_id": "A0INVOLVE",
  "container": {"type": "message", "message_ts": "1732613100.000300", "channel_id": "C0CASE001", "is_ephemeral": false, "thread_ts": "1732612345.000200"},
  "trigger_id": "12466734323.1395872399",
  "team": {"id": "T0TEST", "domain": "oslo-test"},
  "channel": {"id": "C0CASE001", "name": "sak-grorud-sentrum"},
  "message": {"bot_id": "BBOT0001", "type": "message", "text": "Glemme alt?", "user": "UBOT0001",
    "ts": "1732613100.000300", "thread_ts": "1732612345.000200"},
  "state": {"values": {}},
  "actions": [{"action_id": "forget_yes", "block_id": "c1", "text": {"type": "plain_text", "text": "Ja"},
    "value": "", "style": "danger", "type": "button", "action_ts": "1732613105.654321"}]
}`

// A button on an ephemeral message (the intro's Start): no message body.
const payloadBlockActionsEphemeral = `{
  "type": "block_actions",
  "user": {"id": "U0PLANNER", "username": "kari.nordmann", "name": "kari.nordmann", "team_id": "T0TEST"},
  "api_app_id": "A0INVOLVE",
  "container": {"type": "message", "message_ts": "1732613200.000400", "channel_id": "C0LUNCH01", "is_ephemeral": true},
  "trigger_id": "12466734323.1395872400",
  "team": {"id": "T0TEST", "domain": "oslo-test"},
  "channel": {"id": "C0LUNCH01", "name": "lunsj"},
  "state": {"values": {}},
  "actions": [{"action_id": "start#1", "block_id": "i1", "text": {"type": "plain_text", "text": "Start"},
    "value": "", "type": "button", "action_ts": "1732613201.000001"}]
}`

// A Socket Mode envelope around an Events API payload.
const envelopeEvent = `{"envelope_id":"%s","payload":%s,"type":"events_api","accepts_response_payload":false,"retry_attempt":0,"retry_reason":""}`

// A Socket Mode envelope around a slash command.
const envelopeCommand = `{"envelope_id":"%s","payload":{"token":"gIkuvaNzQIHg97ATvDxqgjtO","team_id":"T0TEST","team_domain":"oslo-test",
"channel_id":"%s","channel_name":"sak-grorud-sentrum","user_id":"U0PLANNER","user_name":"kari.nordmann","command":"/involve","text":"%s",
"api_app_id":"A0INVOLVE","is_enterprise_install":"false","response_url":"https://hooks.slack.com/commands/T0TEST/1/x",
"trigger_id":"%s"},"type":"slash_commands","accepts_response_payload":true}`

// A Socket Mode envelope around an interactivity payload.
const envelopeInteractive = `{"envelope_id":"%s","payload":%s,"type":"interactive","accepts_response_payload":false}`

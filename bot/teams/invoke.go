package teams

import (
	"net/http"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/internal/textclean"
)

// Invoke activities expect an answer in the HTTP response: the Bot
// Framework SDKs write an InvokeResponse's status as the HTTP status and
// its body as the HTTP body (botbuilder-js BotFrameworkAdapter
// processActivity, botbuilder-dotnet HttpHelper.WriteResponseAsync).
// Without one, Teams tells the person that the action failed.

// adaptiveCardAction is the invoke Teams sends for an Adaptive Card's
// Action.Execute (Universal Actions).
const adaptiveCardAction = "adaptiveCard/action"

// adaptiveCardResponse is the documented answer to adaptiveCard/action
// (AdaptiveCardInvokeResponse): statusCode 200 with a message, which
// leaves the card as it is.
type adaptiveCardResponse struct {
	StatusCode int    `json:"statusCode"`
	Type       string `json:"type"`
	Value      string `json:"value"`
}

// invokeResponse is the HTTP status and JSON body to answer an invoke
// with; a nil body means none. adaptiveCard/action gets the documented
// message response whether or not the action was one of the coach's
// (the coach's answer, if any, goes through the outbox). Every other
// invoke, which the coach does not use, gets 200 with no body: taken,
// and nothing to show.
func invokeResponse(in *inbound) (int, any) {
	if in.Name == adaptiveCardAction {
		return http.StatusOK, adaptiveCardResponse{
			StatusCode: http.StatusOK,
			Type:       "application/vnd.microsoft.activity.message",
			Value:      "",
		}
	}
	return http.StatusOK, nil
}

// translateInvoke turns an Action.Execute on one of the coach's cards
// ({"action": {"type": "Action.Execute", "data": {"involve_action": …}}})
// into the same event as the card's Action.Submit.
func translateInvoke(in *inbound) (bot.Event, bool) {
	a := &in.Activity
	if a.Name != adaptiveCardAction || a.Conversation.ID == "" || fromBot(a) {
		return bot.Event{}, false
	}
	action, _ := a.Value["action"].(map[string]any)
	data, _ := action["data"].(map[string]any)
	verb, _ := data[submitActionKey].(string)
	if verb == "" {
		return bot.Event{}, false
	}
	ch, root := splitConversationID(a.Conversation.ID)
	ev := event(in, "invoke", ch)
	ev.Input.Ref = a.ID
	ev.Input.Kind = dialogs.InputAction
	ev.Input.Action = verb
	ev.Input.Value = textclean.Clean(valueString(data[submitValueKey]))
	ev.Input.Thread = root
	if ev.Input.Thread == "" {
		ev.Input.Thread = a.ReplyToID
	}
	return ev, true
}

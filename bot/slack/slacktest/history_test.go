package slacktest_test

import (
	"context"
	"testing"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/bot/slack/slacktest"
)

// conversations.history and conversations.replies answer as Slack does:
// history newest first and top-level only, replies the parent then its
// replies, metadata only with include_all_metadata, has_more and a cursor
// when a page is cut.
func TestHistoryAndReplies(t *testing.T) {
	s := slacktest.NewServer(t)
	c := client(s, slacktest.BotToken)
	ctx := context.Background()
	md := slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "involve_outbox", EventPayload: map[string]any{"id": "1"}})
	_, parent, err := c.PostMessageContext(ctx, "C0CASE001", slack.MsgOptionText("1/14", false), md)
	if err != nil {
		t.Fatal(err)
	}
	_, reply, _ := c.PostMessageContext(ctx, "C0CASE001", slack.MsgOptionText("Takk", false), slack.MsgOptionTS(parent))
	_, second, _ := c.PostMessageContext(ctx, "C0CASE001", slack.MsgOptionText("2/14", false))
	_, _, _ = c.PostMessageContext(ctx, "C0OTHER01", slack.MsgOptionText("elsewhere", false))

	h, err := c.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C0CASE001", IncludeAllMetadata: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Messages) != 2 || h.Messages[0].Timestamp != second || h.Messages[1].Timestamp != parent || h.HasMore {
		t.Fatalf("history %+v", h.Messages)
	}
	if got := h.Messages[1].Metadata; got.EventType != "involve_outbox" || got.EventPayload["id"] != "1" {
		t.Errorf("metadata %+v", got)
	}
	h, _ = c.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C0CASE001", Limit: 1})
	if len(h.Messages) != 1 || !h.HasMore || h.ResponseMetaData.NextCursor == "" || h.Messages[0].Metadata.EventType != "" {
		t.Errorf("a cut page without metadata: %+v more %v cursor %q", h.Messages, h.HasMore, h.ResponseMetaData.NextCursor)
	}

	msgs, more, _, err := c.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C0CASE001",
		Timestamp: parent, IncludeAllMetadata: true})
	if err != nil || more || len(msgs) != 2 || msgs[0].Timestamp != parent || msgs[1].Timestamp != reply ||
		msgs[1].ThreadTimestamp != parent || msgs[1].ParentUserId != slacktest.BotUserID {
		t.Errorf("replies %+v more %v err %v", msgs, more, err)
	}
}

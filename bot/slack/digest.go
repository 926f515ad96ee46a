package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/dialogs"
)

// DigestLimits split the coordinator's digest into messages Block Kit
// takes: a header, the intro and one section per case, within 50 blocks.
var DigestLimits = dialogs.DigestLimits{Cases: maxBlocks - 5}

// ErrNotInDigestChannel means the coach is not a member of the channel the
// digest is configured for.
var ErrNotInDigestChannel = errors.New("slack: the coach is not in the digest channel")

// renderDigest lays out one message of the weekly digest: each case's name
// is a link to its channel (<#C…>) when it lives in Slack, and nothing in
// it mentions anyone.
func renderDigest(r dialogs.Reply) rendered {
	blocks := []slack.Block{slack.NewHeaderBlock(
		slack.NewTextBlockObject(slack.PlainTextType, truncate(plain(strings.TrimSpace(r.Title)), maxHeaderText), true, false))}
	if text := strings.TrimSpace(r.Text); text != "" {
		blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, mrkdwn(text), false, false)))
	}
	for _, c := range r.Cases {
		if len(blocks) == maxBlocks-1 && len(r.Cases) > maxBlocks-len(blocks) {
			blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, "…", false, false)))
			break
		}
		var b strings.Builder
		b.WriteString(digestName(c) + "\n" + mrkdwn(c.Line()))
		if c.Latest != "" {
			b.WriteString("\n_" + mrkdwn(oneLine(c.Latest)) + "_")
		}
		blocks = append(blocks, section(truncate(b.String(), maxSectionText)))
	}
	return rendered{Text: fallback(r), Blocks: blocks}
}

// digestName is the case's name as a channel link for a Slack channel id,
// or in bold.
func digestName(c dialogs.DigestCase) string {
	if c.Platform == platform && isChannelID(c.Channel) {
		return "<#" + c.Channel + ">"
	}
	return "*" + oneLine(mrkdwn(c.Name)) + "*"
}

// isChannelID reports whether s looks like a Slack conversation id (C…,
// G…), so nothing else can be turned into a link.
func isChannelID(s string) bool {
	if len(s) < 2 || len(s) > 24 || (s[0] != 'C' && s[0] != 'G') {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// CheckDigestChannel asks Slack (conversations.info) whether the coach is
// a member of channel, and says clearly what to do when it is not.
func (a *Adapter) CheckDigestChannel(ctx context.Context, channel string) error {
	ch, err := a.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: channel})
	if err != nil {
		return fmt.Errorf("%w: digest.channel %q: conversations.info: %w (invite the app with /invite @Involve in that channel)",
			ErrNotInDigestChannel, channel, err)
	}
	if !ch.IsMember {
		return fmt.Errorf("%w: digest.channel %q (#%s): invite the app there with /invite @Involve",
			ErrNotInDigestChannel, channel, ch.Name)
	}
	return nil
}

package slack

import (
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/internal/textsplit"
)

// Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks).
const (
	maxBlocks       = 50   // blocks in one message
	maxSectionText  = 3000 // characters in a section's text
	maxHeaderText   = 150  // characters in a header
	maxButtonText   = 75   // characters on a button
	maxButtonValue  = 2000 // characters in a button's value
	maxContextItems = 10   // elements in a context block
	maxFallbackText = 3000 // our own cap on the notification text
)

// rendered is a reply laid out for Slack: Block Kit blocks and the plain
// text that notifications and screen readers use.
type rendered struct {
	Text   string
	Blocks []slack.Block
}

// render lays out one reply. It is pure; every text in the reply is treated
// as plain text and escaped, so nothing in it can mention or link.
func render(r dialogs.Reply) rendered {
	if r.Kind == dialogs.ReplyDigest && len(r.Cases) > 0 {
		return renderDigest(r)
	}
	var content, tail []slack.Block
	title := strings.TrimSpace(r.Title)
	if title != "" {
		switch r.Kind {
		case dialogs.ReplySummary, dialogs.ReplyStatus, dialogs.ReplyHelp:
			content = append(content, slack.NewHeaderBlock(
				slack.NewTextBlockObject(slack.PlainTextType, truncate(plain(title), maxHeaderText), true, false)))
		default:
			content = append(content, section(bold(title)))
		}
	}
	if text := strings.TrimSpace(r.Text); text != "" {
		for _, c := range chunks(mrkdwn(text), maxSectionText) {
			content = append(content, section(c))
		}
	}
	if q := strings.TrimSpace(r.Quote); q != "" {
		for _, c := range chunks(quote(q), maxSectionText) {
			content = append(content, section(c))
		}
	}
	for _, s := range r.Sections {
		content = append(content, sectionBlocks(s)...)
	}
	if ctx := contextBlock(r); ctx != nil {
		tail = append(tail, ctx)
	}
	if acts := actionsBlock(r.Buttons); acts != nil {
		tail = append(tail, acts)
	}
	if len(content)+len(tail) > maxBlocks {
		content = append(content[:maxBlocks-len(tail)-1], slack.NewContextBlock("",
			slack.NewTextBlockObject(slack.MarkdownType, "…", false, false)))
	}
	return rendered{Text: fallback(r), Blocks: append(content, tail...)}
}

// section is a mrkdwn section with already escaped text.
func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)
}

// bold makes one line of plain text bold; mrkdwn bold does not span lines.
func bold(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			lines[i] = "*" + mrkdwn(l) + "*"
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// quote renders the team's own words as a mrkdwn block quote.
func quote(s string) string {
	lines := strings.Split(mrkdwn(s), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

// sectionBlocks renders a headed list: the heading bold, a bullet per line.
func sectionBlocks(s dialogs.Section) []slack.Block {
	var b strings.Builder
	if h := strings.TrimSpace(s.Heading); h != "" {
		b.WriteString(bold(h))
	}
	for _, l := range s.Lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• " + mrkdwn(strings.TrimSpace(l)))
	}
	if strings.TrimSpace(b.String()) == "" {
		return nil
	}
	var blocks []slack.Block
	for _, c := range chunks(b.String(), maxSectionText) {
		blocks = append(blocks, section(c))
	}
	return blocks
}

// contextBlock holds the small print: the progress ("3/14") and the
// helper text or tip.
func contextBlock(r dialogs.Reply) slack.Block {
	var elems []slack.MixedElement
	if p := strings.TrimSpace(r.Progress); p != "" {
		elems = append(elems, slack.NewTextBlockObject(slack.MarkdownType, "*"+mrkdwn(p)+"*", false, false))
	}
	if c := strings.TrimSpace(r.Context); c != "" {
		for _, part := range chunks(mrkdwn(c), maxSectionText) {
			if len(elems) == maxContextItems {
				break
			}
			elems = append(elems, slack.NewTextBlockObject(slack.MarkdownType, part, false, false))
		}
	}
	if len(elems) == 0 {
		return nil
	}
	return slack.NewContextBlock("", elems...)
}

// actionsBlock renders the offered buttons. The action_id is the button's
// Action, so a press maps straight back to it; a repeated Action gets a
// "#n" suffix because action ids must be unique within a message.
func actionsBlock(buttons []dialogs.Button) slack.Block {
	if len(buttons) == 0 {
		return nil
	}
	seen := make(map[string]bool, len(buttons))
	var elems []slack.BlockElement
	for i, b := range buttons {
		if b.Action == "" || len(elems) == 25 {
			continue
		}
		id := b.Action
		if seen[id] {
			id += "#" + strconv.Itoa(i)
		}
		seen[b.Action] = true
		label := truncate(plain(strings.TrimSpace(b.Label)), maxButtonText)
		if label == "" {
			label = b.Action
		}
		btn := slack.NewButtonBlockElement(id, truncate(b.Value, maxButtonValue),
			slack.NewTextBlockObject(slack.PlainTextType, label, true, false))
		switch b.Style {
		case "primary":
			btn.WithStyle(slack.StylePrimary)
		case "danger":
			btn.WithStyle(slack.StyleDanger)
		}
		elems = append(elems, btn)
	}
	if len(elems) == 0 {
		return nil
	}
	return slack.NewActionBlock("", elems...)
}

// actionOf maps an action_id back to the button's Action.
func actionOf(actionID string) string {
	a, _, _ := strings.Cut(actionID, "#")
	return a
}

// fallback is the message's top-level text: what a notification shows.
func fallback(r dialogs.Reply) string {
	var parts []string
	if p := strings.TrimSpace(r.Progress); p != "" && r.Kind == dialogs.ReplyPrompt {
		parts = append(parts, p)
	}
	if t := strings.TrimSpace(r.Title); t != "" {
		parts = append(parts, t)
	}
	if t := strings.TrimSpace(r.Text); t != "" {
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		for _, s := range r.Sections {
			if h := strings.TrimSpace(s.Heading); h != "" {
				parts = append(parts, h)
				break
			}
		}
	}
	if len(parts) == 0 && strings.TrimSpace(r.Quote) != "" {
		parts = append(parts, strings.TrimSpace(r.Quote))
	}
	if len(parts) == 0 && strings.TrimSpace(r.Context) != "" {
		parts = append(parts, strings.TrimSpace(r.Context))
	}
	text := strings.Join(parts, " · ")
	if r.Kind != dialogs.ReplyPrompt && len(parts) > 1 {
		text = strings.Join(parts, "\n")
	}
	return mrkdwn(truncate(text, maxFallbackText))
}

// chunks splits escaped mrkdwn text into pieces of at most n runes,
// preferring paragraph and line breaks and never cutting an entity.
func chunks(s string, n int) []string {
	out := textsplit.Splitter{Limit: n, Measure: textsplit.Runes, Back: entityStart}.Split(s)
	if k := len(out) - 1; k >= 0 {
		if out[k] = strings.TrimRight(out[k], " \n"); out[k] == "" {
			out = out[:k]
		}
	}
	return out
}

// entityStart moves a cut at cut back to the start of "&amp;", "&lt;" or
// "&gt;" when it would fall inside one.
func entityStart(s string, cut int) int {
	if i := strings.LastIndexByte(s[:cut], '&'); i > 0 && i >= cut-4 && !strings.Contains(s[i:cut], ";") {
		return i
	}
	return 0
}

// commandResponse is the JSON that answers a slash command: shown to the
// person who typed it, and only to them.
type commandResponse struct {
	ResponseType string        `json:"response_type"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks,omitempty"`
}

// renderEphemeral lays out the replies that answer a slash command as one
// ephemeral response. It reports false when there is nothing to show.
func renderEphemeral(replies []dialogs.Reply) (commandResponse, bool) {
	resp := commandResponse{ResponseType: "ephemeral"}
	var texts []string
	for _, r := range replies {
		if r.Kind == dialogs.ReplyAck {
			continue
		}
		m := render(r)
		if m.Text != "" {
			texts = append(texts, m.Text)
		}
		if len(resp.Blocks) > 0 && len(m.Blocks) > 0 {
			resp.Blocks = append(resp.Blocks, slack.NewDividerBlock())
		}
		resp.Blocks = append(resp.Blocks, m.Blocks...)
	}
	if len(texts) == 0 && len(resp.Blocks) == 0 {
		return commandResponse{}, false
	}
	if len(resp.Blocks) > maxBlocks {
		resp.Blocks = resp.Blocks[:maxBlocks]
	}
	resp.Text = truncate(strings.Join(texts, "\n\n"), maxFallbackText)
	return resp, true
}

package teams

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/internal/textsplit"
)

// Teams refuses bot messages above about 28 KB. Cards larger than
// maxCardBytes are sent as Markdown text instead, and texts are split into
// messages of at most maxTextBytes.
const (
	maxCardBytes = 24 << 10
	maxTextBytes = 20 << 10
)

// outActivity is the activity the coach posts to the Connector. It is a
// narrow, omit-empty version of schema.Activity: that type always writes
// zero timestamps and empty nested objects.
type outActivity struct {
	Type         string                      `json:"type"`
	Text         string                      `json:"text,omitempty"`
	TextFormat   string                      `json:"textFormat,omitempty"` // "plain", "markdown"
	Summary      string                      `json:"summary,omitempty"`    // notification preview of a card
	Locale       string                      `json:"locale,omitempty"`
	Attachments  []schema.Attachment         `json:"attachments,omitempty"`
	From         *schema.ChannelAccount      `json:"from,omitempty"`
	Conversation *schema.ConversationAccount `json:"conversation,omitempty"`
}

// render lays a reply out as the activities to post, in order: nothing for
// an acknowledgement (Teams bots cannot react to messages), a plain text
// message for a bare text, Markdown text for an export (split when long),
// and an Adaptive Card for everything else (Markdown text if the card would
// be too large). No activity carries a mention.
func render(r dialogs.Reply) []outActivity {
	r = teamsCommands(r)
	switch {
	case r.Kind == dialogs.ReplyAck:
		return nil
	case r.Kind == dialogs.ReplyExport:
		return markdownActivities(r, exportMarkdown(r))
	case isBareText(r):
		if strings.TrimSpace(r.Text) == "" {
			return nil
		}
		// As Markdown, escaped: how Teams shows a "plain" message is
		// not something to rely on for words the coach did not write.
		return textActivities(r, mdText(r.Text), "markdown")
	}
	act := outActivity{
		Type:        "message",
		Summary:     summaryOf(r),
		Locale:      locale(r.Lang),
		Attachments: []schema.Attachment{{ContentType: cardContentType, Content: cardOf(r)}},
	}
	if b, err := json.Marshal(act); err != nil || len(b) > maxCardBytes {
		return markdownActivities(r, replyMarkdown(r))
	}
	return []outActivity{act}
}

// slashCommand is "/involve" where it starts a word: not inside an address
// such as https://involve.example.kommune.no.
var slashCommand = regexp.MustCompile(`(^|[^\w/:.])/involve\b`)

// teamsCommands rewrites the coach's "/involve …" hints as "@Involve …":
// Teams has no slash commands for bots, the words go after an @mention.
// The team's own words (quotes, the export document) are left alone.
func teamsCommands(r dialogs.Reply) dialogs.Reply {
	fix := func(s string) string { return slashCommand.ReplaceAllString(s, "${1}@Involve") }
	r.Title, r.Text, r.Context, r.QuoteLead = fix(r.Title), fix(r.Text), fix(r.Context), fix(r.QuoteLead)
	if len(r.Sections) > 0 {
		secs := make([]dialogs.Section, len(r.Sections))
		for i, sec := range r.Sections {
			secs[i].Heading = fix(sec.Heading)
			secs[i].Lines = make([]string, len(sec.Lines))
			for j, l := range sec.Lines {
				secs[i].Lines[j] = fix(l)
			}
		}
		r.Sections = secs
	}
	return r
}

// isBareText reports whether a reply is just text: no heading, buttons or
// structure that a card would show.
func isBareText(r dialogs.Reply) bool {
	return r.Title == "" && r.Context == "" && r.Progress == "" && r.QuoteLead == "" && r.Quote == "" &&
		len(r.Sections) == 0 && len(r.Buttons) == 0 && r.Document == ""
}

// cardOf builds the Adaptive Card of a reply.
func cardOf(r dialogs.Reply) *card {
	c := newCard()
	if r.Progress != "" {
		b := newText(r.Progress)
		b.IsSubtle, b.Size, b.Spacing = true, "Small", "None"
		c.Body = append(c.Body, b)
	}
	if r.Title != "" {
		b := newText(r.Title)
		b.Weight = "Bolder"
		b.Size = "Medium"
		if r.Kind == dialogs.ReplyPrompt || r.Kind == dialogs.ReplyNudge {
			b.Size = "Large"
		}
		c.Body = append(c.Body, b)
	}
	for _, p := range paragraphs(r.Text) {
		c.Body = append(c.Body, newText(p))
	}
	if r.QuoteLead != "" {
		c.Body = append(c.Body, newText(r.QuoteLead))
	}
	if r.Quote != "" {
		c.Body = append(c.Body, container{Type: "Container", Style: "emphasis", Items: []any{newText(r.Quote)}})
	}
	for i, s := range r.Sections {
		if s.Heading != "" {
			b := newText(s.Heading)
			b.Weight = "Bolder"
			b.Separator = i > 0 || len(c.Body) > 0
			b.Spacing = "Medium"
			c.Body = append(c.Body, b)
		}
		for _, l := range s.Lines {
			b := newText("• " + l)
			b.Spacing = "Small"
			c.Body = append(c.Body, b)
		}
	}
	if r.Context != "" {
		b := newText(r.Context)
		b.IsSubtle, b.Size = true, "Small"
		c.Body = append(c.Body, b)
	}
	if img, ok := cardImage(r); ok {
		c.Body = append(c.Body, img)
	}
	for _, btn := range r.Buttons {
		c.Actions = append(c.Actions, submitAction{
			Type:  "Action.Submit",
			Title: btn.Label,
			Style: actionStyle(btn.Style),
			Data:  submitData{Action: btn.Action, Value: btn.Value},
		})
	}
	if len(c.Body) == 0 {
		c.Body = []any{} // a card must have a body, even an empty one
	}
	c.FallbackText = textsFor(r.Lang).CardFallback
	return c
}

func actionStyle(s string) string {
	switch s {
	case "primary":
		return "positive"
	case "danger":
		return "destructive"
	}
	return ""
}

// summaryOf is the notification preview of a card: its title, or the first
// line of its text.
func summaryOf(r dialogs.Reply) string {
	s := r.Title
	if s == "" {
		s, _, _ = strings.Cut(strings.TrimSpace(r.Text), "\n")
	}
	return truncateRunes(s, 120)
}

// exportMarkdown is an export as one Markdown text: the coach's line about
// it, then the document.
func exportMarkdown(r dialogs.Reply) string {
	parts := make([]string, 0, 2)
	if t := strings.TrimSpace(r.Text); t != "" {
		parts = append(parts, t)
	}
	if d := strings.TrimSpace(r.Document); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, "\n\n")
}

// replyMarkdown is a reply as Markdown text, for a card too large to send.
// Its texts are escaped (mdText); only the markup around them is the
// coach's.
func replyMarkdown(r dialogs.Reply) string {
	var b strings.Builder
	raw := func(s string) { // s is Markdown already
		if strings.TrimSpace(s) != "" {
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(s)
		}
	}
	para := func(s string) { raw(mdText(strings.TrimSpace(s))) }
	marked := func(mark, s string) {
		if s = strings.TrimSpace(s); s != "" {
			raw(mark + mdText(s) + mark)
		}
	}
	para(r.Progress)
	marked("**", r.Title)
	para(r.Text)
	para(r.QuoteLead)
	if q := strings.TrimSpace(r.Quote); q != "" {
		raw("> " + strings.ReplaceAll(mdText(q), "\n", "\n> "))
	}
	for _, s := range r.Sections {
		marked("**", s.Heading)
		lines := make([]string, 0, len(s.Lines))
		for _, l := range s.Lines {
			if l = strings.TrimSpace(strings.ReplaceAll(l, "\n", " ")); l != "" {
				lines = append(lines, "- "+mdText(l))
			}
		}
		raw(strings.Join(lines, "\n"))
	}
	marked("_", r.Context)
	return b.String()
}

func markdownActivities(r dialogs.Reply, md string) []outActivity {
	if strings.TrimSpace(md) == "" {
		return nil
	}
	return textActivities(r, md, "markdown")
}

// textActivities splits s into messages Teams accepts, labelling each part
// when there are several.
func textActivities(r dialogs.Reply, s, format string) []outActivity {
	chunks := splitText(s, maxTextBytes)
	out := make([]outActivity, len(chunks))
	for i, c := range chunks {
		if len(chunks) > 1 {
			label := fmt.Sprintf(textsFor(r.Lang).Part, i+1, len(chunks))
			if format == "markdown" {
				label = "_(" + label + ")_"
			} else {
				label = "(" + label + ")"
			}
			c += "\n\n" + label
		}
		out[i] = outActivity{Type: "message", Text: c, TextFormat: format, Locale: locale(r.Lang)}
	}
	return out
}

// splitText cuts s into pieces of at most limit bytes, at paragraph breaks
// where that leaves a piece at least half full, else at line breaks, else
// between words, else between runes.
func splitText(s string, limit int) []string {
	out := textsplit.Splitter{Limit: limit, Measure: textsplit.Bytes}.Split(s)
	if len(out) == 0 {
		out = []string{s}
	}
	return out
}

// paragraphs splits a text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

package console

import (
	"fmt"
	"strings"

	"github.com/oslo-involve/involve/dialogs"
)

// Render lays out a reply as terminal text.
func Render(r dialogs.Reply) string {
	var b strings.Builder
	switch r.Kind {
	case dialogs.ReplyAck:
		return "  ✓\n"
	case dialogs.ReplyPrompt:
		fmt.Fprintf(&b, "\n── %s ──\n%s\n", r.Progress, r.Title)
		if r.Context != "" {
			fmt.Fprintf(&b, "  %s\n", r.Context)
		}
	case dialogs.ReplyExport:
		if r.Text != "" {
			fmt.Fprintf(&b, "%s\n", r.Text)
		}
		fmt.Fprintf(&b, "── %s ──\n%s", r.Filename, r.Document)
	default:
		if r.Title != "" {
			fmt.Fprintf(&b, "\n%s\n", r.Title)
		}
		if r.Text != "" {
			fmt.Fprintf(&b, "%s\n", r.Text)
		}
		if r.QuoteLead != "" {
			fmt.Fprintf(&b, "%s\n", r.QuoteLead)
		}
		for _, l := range strings.Split(r.Quote, "\n") {
			if l != "" {
				fmt.Fprintf(&b, "  > %s\n", l)
			}
		}
		for _, s := range r.Sections {
			if s.Heading != "" {
				fmt.Fprintf(&b, "\n%s\n", s.Heading)
			}
			for _, l := range s.Lines {
				fmt.Fprintf(&b, "  • %s\n", l)
			}
		}
		if r.Context != "" {
			fmt.Fprintf(&b, "  %s\n", r.Context)
		}
	}
	if len(r.Buttons) > 0 {
		b.WriteString(" ")
		for i, btn := range r.Buttons {
			fmt.Fprintf(&b, " [:%d %s]", i+1, btn.Label)
		}
		b.WriteString("\n")
	}
	return b.String()
}

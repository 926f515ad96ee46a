package console

import (
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

var renderTests = []struct {
	name  string
	reply dialogs.Reply
	want  string
}{
	{"an acknowledgement is a quiet tick",
		dialogs.Reply{Kind: dialogs.ReplyAck, Target: "console-3"}, "  ✓\n"},
	{"a prompt: progress, question, hint, buttons to press with :N",
		dialogs.Reply{Kind: dialogs.ReplyPrompt, Progress: "3/14", Title: "Hva bryr innbyggerne seg om?", Context: "Tenk fra deres ståsted.",
			Buttons: []dialogs.Button{{Action: dialogs.ActionSkip, Label: "Hopp over"}, {Action: dialogs.ActionPause, Label: "Ta en pause"}}},
		"\n── 3/14 ──\nHva bryr innbyggerne seg om?\n  Tenk fra deres ståsted.\n  [:1 Hopp over] [:2 Ta en pause]\n"},
	{"a nudge quotes the intention line by line",
		dialogs.Reply{Kind: dialogs.ReplyNudge, Title: "Uke 48: Hva satt innbyggerne igjen med?", Text: "Svar i tråden.",
			QuoteLead: "Dette ønsket dere:", Quote: "At de vet hva som skjer\nog når", Context: "Tips: Hold det lavterskel."},
		"\nUke 48: Hva satt innbyggerne igjen med?\nSvar i tråden.\nDette ønsket dere:\n  > At de vet hva som skjer\n  > og når\n  Tips: Hold det lavterskel.\n"},
	{"sections become headed lists",
		dialogs.Reply{Kind: dialogs.ReplyStatus, Title: "Status", Sections: []dialogs.Section{{Lines: []string{"Spørsmål 3/14 står åpent."}}}},
		"\nStatus\n  • Spørsmål 3/14 står åpent.\n"},
	{"an export prints the document under its file name",
		dialogs.Reply{Kind: dialogs.ReplyExport, Text: "Her er saken.", Filename: "involve-sak-demo-2026-11-27.md", Document: "# Innbyggerinvolvering: sak-demo\n"},
		"Her er saken.\n── involve-sak-demo-2026-11-27.md ──\n# Innbyggerinvolvering: sak-demo\n"},
}

func TestRender(t *testing.T) {
	for _, tt := range renderTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Render(tt.reply); got != tt.want {
				t.Errorf("Render:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

package slack

import (
	"context"
	"testing"
	"time"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/bot/bottest"
	"github.com/oslo-involve/involve/bot/slack/slacktest"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/docx"
)

// TestSendExportUploadsTheWordDocument: an export that carries the Word
// document uploads it (files.getUploadURLExternal, the bytes,
// files.completeUploadExternal) in the command's thread, with the coach's
// short line as its message, and not the Markdown.
func TestSendExportUploadsTheWordDocument(t *testing.T) {
	a, f := newTestAdapter(t, &bottest.Handler{}, ModeHTTP)
	t0 := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	co := dialogs.Coach{Typesetter: docx.Typesetter{}}
	c := co.NewCase("C0CASE001", "slack", "sak-grorud-sentrum", t0)
	out := co.Step(c, dialogs.Input{Kind: dialogs.InputCommand, Command: "start", User: "U1", At: t0})
	c.Record(out.Replies[1], "1732612345.000100", t0)
	co.Step(c, dialogs.Input{Kind: dialogs.InputMessage, Thread: "1732612345.000100", Ref: "1732612345.000150", User: "U1", Text: "Hvem bor der?", At: t0})
	export := co.Step(c, dialogs.Input{Kind: dialogs.InputCommand, Command: "export", User: "U1", At: t0}).Replies[0]
	if export.File == nil {
		t.Fatalf("the export carries no file: %+v", export)
	}
	ref, err := a.Sender().Send(context.Background(), bot.Outgoing{ID: 4, Platform: "slack", Channel: "C0CASE001",
		Thread: "1732612345.000200", Reply: export})
	if err != nil || ref != "" {
		t.Fatalf("ref %q err %v", ref, err)
	}
	up := f.Uploads()
	want := slacktest.Upload{Channel: "C0CASE001", Thread: "1732612345.000200", Filename: export.File.Name,
		Title: "Grorud sentrum", Comment: export.Text, Content: string(export.File.Data)}
	if len(up) != 1 || up[0] != want {
		t.Fatalf("uploads %d, want the Word document %s", len(up), export.File.Name)
	}
	if len(f.Posts()) != 0 {
		t.Errorf("the export also posted %d messages", len(f.Posts()))
	}
}

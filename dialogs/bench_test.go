package dialogs

import (
	"testing"
	"time"
)

// midDialogue returns a case with question 7 open and its prompt posted as
// "p7", as a platform would have it after six threaded answers; the
// answers slice has room for one more, so that a step appends in place.
func midDialogue(tb testing.TB) (Coach, Case, Input) {
	tb.Helper()
	p := newPlay(Coach{Location: cet}, NB)
	atQ(7)(p)
	c := *p.c
	c.Answers = append(make([]Answer, 0, len(c.Answers)+1), c.Answers...)
	in := Input{Kind: InputMessage, Thread: "p7", Ref: "m7", User: "U2", Name: "Ola",
		Text: "Et torg de faktisk vil bruke.", At: p.at.Add(time.Minute)}
	return p.co, c, in
}

// BenchmarkStep is one answer to the open question, which the coach stores,
// acknowledges and follows with the next prompt. Target: under 5 µs/op.
func BenchmarkStep(b *testing.B) {
	co, base, in := midDialogue(b)
	n := len(base.Answers)
	first := base
	out := co.Step(&first, in)
	if len(out.Replies) != 2 || out.Replies[1].Question != 8 {
		b.Fatalf("the step said %+v", out.Replies)
	}
	b.ReportAllocs()
	c := base
	for b.Loop() {
		c = base
		c.Answers = base.Answers[:n]
		co.Step(&c, in)
	}
	if c.Current != 8 || len(c.Answers) != n+1 {
		b.Fatalf("question %d, %d answers", c.Current, len(c.Answers))
	}
}

// BenchmarkDocumentMarkdown renders a finished case with reports.
func BenchmarkDocumentMarkdown(b *testing.B) {
	co := Coach{Location: cet}
	p := finished(co, NB, answersNB)
	doc := co.Document(p.c, exported)
	b.ReportAllocs()
	var md string
	for b.Loop() {
		md = doc.Markdown()
	}
	b.SetBytes(int64(len(md)))
}

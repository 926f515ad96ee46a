package docx

import (
	"bytes"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

// BenchmarkDocument generates the Word document of a finished case: 14
// questions with two answers each and 20 outcome reports, from the case to
// the zipped bytes, as /involve export does. Target: under 5 ms/op.
func BenchmarkDocument(b *testing.B) {
	c := finished(b, dialogs.NB, answersNB, 2, 20)
	co := dialogs.Coach{Location: oslo}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, co.Document(c, exported).Chapter(false)); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

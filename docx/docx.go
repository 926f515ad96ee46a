package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// MediaType is the media type of a Word document.
const MediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// Typesetter makes the Word document an export carries.
type Typesetter struct{}

var _ dialogs.Typesetter = Typesetter{}

// Typeset writes ch as a Word document in memory.
func (Typesetter) Typeset(ch dialogs.Chapter) (dialogs.File, error) {
	var buf bytes.Buffer
	buf.Grow(16 << 10)
	if err := Write(&buf, ch); err != nil {
		return dialogs.File{}, err
	}
	return dialogs.File{Name: ch.Basename + ".docx", Type: MediaType, Title: ch.Title, Data: buf.Bytes()}, nil
}

// part is one file of the package.
type part struct {
	name string
	body func(*writer, dialogs.Chapter)
}

// parts are the package's files, in the order they are zipped: the content
// types first, as Word itself writes them.
var parts = []part{
	{"[Content_Types].xml", func(w *writer, _ dialogs.Chapter) { w.raw(contentTypes) }},
	{"_rels/.rels", func(w *writer, _ dialogs.Chapter) { w.raw(packageRels) }},
	{"docProps/core.xml", corePart},
	{"docProps/app.xml", func(w *writer, _ dialogs.Chapter) { w.raw(appProps) }},
	{"word/_rels/document.xml.rels", func(w *writer, _ dialogs.Chapter) { w.raw(documentRels) }},
	{"word/document.xml", documentPart},
	{"word/styles.xml", stylesPart},
	{"word/settings.xml", func(w *writer, _ dialogs.Chapter) { w.raw(settings) }},
}

// Write writes ch as a .docx package to out.
func Write(out io.Writer, ch dialogs.Chapter) error {
	z := zip.NewWriter(out)
	modified := ch.Date
	if modified.IsZero() || modified.Year() < 1980 {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	w := &writer{}
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified.UTC()})
		if err != nil {
			return fmt.Errorf("docx: %s: %w", p.name, err)
		}
		w.buf.Reset()
		p.body(w, ch)
		if _, err := f.Write(w.buf.Bytes()); err != nil {
			return fmt.Errorf("docx: %s: %w", p.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// Part returns one XML part of the document for ch, such as
// "word/document.xml", or nil for a name the package does not have.
func Part(ch dialogs.Chapter, name string) []byte {
	for _, p := range parts {
		if p.name == name {
			w := &writer{}
			p.body(w, ch)
			return w.buf.Bytes()
		}
	}
	return nil
}

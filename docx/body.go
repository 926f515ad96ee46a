package docx

import (
	"strconv"
	"strings"

	"github.com/oslo-involve/involve/dialogs"
)

// The page: A4 with 2.5 cm margins, in twentieths of a point.
const (
	pageWidth  = 11906
	pageHeight = 16838
	margin     = 1417
	textWidth  = pageWidth - 2*margin
)

// documentPart writes word/document.xml: the chapter's body.
func documentPart(w *writer, ch dialogs.Chapter) {
	w.raw(xmlHead + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsRel + `"><w:body>` + "\n")
	w.para(styleTitle, oneLine(ch.Title), "")
	w.para(styleSubtitle, oneLine(ch.Subtitle), "")
	last := dialogs.BlockParagraph
	for _, sec := range ch.Sections {
		w.para(styleHeading1, oneLine(sec.Heading), "")
		last = dialogs.BlockHeading
		for _, b := range sec.Blocks {
			w.block(b)
			last = b.Kind
		}
	}
	if last == dialogs.BlockTable {
		w.raw("<w:p/>\n") // Word ends a body with a paragraph, never a table
	}
	w.raw(`<w:sectPr><w:pgSz w:w="` + strconv.Itoa(pageWidth) + `" w:h="` + strconv.Itoa(pageHeight) + `"/>` +
		`<w:pgMar w:top="` + strconv.Itoa(margin) + `" w:right="` + strconv.Itoa(margin) + `" w:bottom="` + strconv.Itoa(margin) +
		`" w:left="` + strconv.Itoa(margin) + `" w:header="708" w:footer="708" w:gutter="0"/>` +
		`<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>` + "\n")
	w.raw(`</w:body></w:document>`)
}

func (w *writer) block(b dialogs.Block) {
	switch b.Kind {
	case dialogs.BlockHeading:
		w.para(styleHeading2, oneLine(b.Text), "")
	case dialogs.BlockParagraph:
		if b.Muted {
			w.para("", b.Text, styleSubtle)
		} else {
			w.para("", b.Text, "")
		}
	case dialogs.BlockQuote:
		w.para(styleQuote, b.Text, "")
		if b.Source != "" {
			w.para(styleQuote, "— "+oneLine(b.Source), styleSubtle)
		}
	case dialogs.BlockList:
		w.items(b.Items)
	case dialogs.BlockTable:
		if b.Table != nil {
			w.table(b.Table)
		}
	case dialogs.BlockQuestion:
		if b.Question != nil {
			w.para(styleHeading2, strconv.Itoa(b.Question.Number)+". "+oneLine(b.Question.Text), "")
		}
		if len(b.Items) == 0 {
			w.para("", b.Text, styleSubtle)
		}
		w.items(b.Items)
	}
}

// items writes what people said, a paragraph each, with its source after
// it, set apart.
func (w *writer) items(items []dialogs.Said) {
	for _, it := range items {
		text := sanitize(it.Text)
		w.pStart("", rightToLeft(text))
		w.run(text, "", rightToLeft(text))
		if it.Source != "" {
			w.run(" ("+oneLine(it.Source)+")", styleSubtle, false)
		}
		w.raw("</w:p>\n")
	}
}

// para writes a paragraph of one run: its lines split by "\n".
func (w *writer) para(style, text, runStyle string) {
	text = sanitize(text)
	rtl := rightToLeft(text)
	w.pStart(style, rtl)
	w.run(text, runStyle, rtl)
	w.raw("</w:p>\n")
}

func (w *writer) pStart(style string, rtl bool) {
	if style == "" && !rtl {
		w.raw("<w:p>")
		return
	}
	w.raw("<w:p><w:pPr>")
	if style != "" {
		w.raw(`<w:pStyle w:val="` + style + `"/>`)
	}
	if rtl {
		w.raw("<w:bidi/>")
	}
	w.raw("</w:pPr>")
}

// run writes text, sanitized already, as one run: line breaks and tabs as
// Word's own, empty lines at either end left out.
func (w *writer) run(text, style string, rtl bool) {
	text = strings.Trim(text, "\n")
	if text == "" {
		return
	}
	w.raw("<w:r>")
	if style != "" || rtl {
		w.raw("<w:rPr>")
		if style != "" {
			w.raw(`<w:rStyle w:val="` + style + `"/>`)
		}
		if rtl {
			w.raw("<w:rtl/>")
		}
		w.raw("</w:rPr>")
	}
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			w.raw("<w:br/>")
		}
		for j, piece := range strings.Split(line, "\t") {
			if j > 0 {
				w.raw("<w:tab/>")
			}
			if piece != "" {
				w.raw(`<w:t xml:space="preserve">`)
				w.text(piece)
				w.raw("</w:t>")
			}
		}
	}
	w.raw("</w:r>")
}

// table writes a table whose first row is its header, repeated on every
// page it runs over.
func (w *writer) table(t *dialogs.Table) {
	cols := len(t.Header)
	if cols == 0 {
		return
	}
	widths := columnWidths(cols)
	w.raw(`<w:tbl><w:tblPr><w:tblStyle w:val="` + styleTable + `"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>` +
		`<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>`)
	w.raw("<w:tblGrid>")
	for _, wd := range widths {
		w.raw(`<w:gridCol w:w="` + strconv.Itoa(wd) + `"/>`)
	}
	w.raw("</w:tblGrid>\n")
	w.row(t.Header, widths, true, false)
	for _, r := range t.Rows {
		w.row(r.Cells, widths, false, r.Muted)
	}
	w.raw("</w:tbl>\n")
}

func (w *writer) row(cells []string, widths []int, header, muted bool) {
	w.raw("<w:tr>")
	if header {
		w.raw("<w:trPr><w:tblHeader/></w:trPr>")
	}
	for i, wd := range widths {
		w.raw(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(wd) + `" w:type="dxa"/></w:tcPr>`)
		text := ""
		if i < len(cells) {
			text = sanitize(cells[i])
		}
		style := ""
		if muted {
			style = styleSubtle
		}
		rtl := rightToLeft(text)
		w.pStart("", rtl)
		w.run(text, style, rtl)
		w.raw("</w:p></w:tc>")
	}
	w.raw("</w:tr>\n")
}

// columnWidths shares the text width out: narrow columns for the week and
// the date, the rest for what was reported (and who reported it).
func columnWidths(n int) []int {
	switch n {
	case 1:
		return []int{textWidth}
	case 2:
		return []int{2200, textWidth - 2200}
	case 3:
		return []int{700, 2500, textWidth - 3200}
	}
	out := []int{700, 2500}
	rest := textWidth - 3200
	last := rest / (n - 1) // the text column gets the share of two
	out = append(out, rest-last*(n-3))
	for i := 3; i < n; i++ {
		out = append(out, last)
	}
	return out
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") && !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

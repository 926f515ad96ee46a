package docx

import (
	"time"

	"github.com/oslo-involve/involve/dialogs"
)

// The namespaces of the parts.
const (
	nsW     = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsRel   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

const contentTypes = xmlHead +
	`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRels = xmlHead +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRels = xmlHead +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`</Relationships>`

// appProps names the application. No company and no author: the document
// is written to be published.
const appProps = xmlHead +
	`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>involve</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
	`<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>` +
	`</Properties>`

// settings asks for Word 2013's layout, so Word does not open the document
// in compatibility mode.
const settings = xmlHead +
	`<w:settings xmlns:w="` + nsW + `">` +
	`<w:defaultTabStop w:val="708"/><w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

// corePart writes the core properties: the title, the language and when
// the document was written. No creator: names stay out unless asked for.
func corePart(w *writer, ch dialogs.Chapter) {
	w.raw(xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	w.raw("<dc:title>")
	w.text(oneLine(ch.Title))
	w.raw("</dc:title>")
	if ch.Language != "" {
		w.raw("<dc:language>")
		w.text(ch.Language)
		w.raw("</dc:language>")
	}
	if !ch.Date.IsZero() {
		at := ch.Date.UTC().Truncate(time.Second).Format(time.RFC3339)
		w.raw(`<dcterms:created xsi:type="dcterms:W3CDTF">` + at + `</dcterms:created>`)
		w.raw(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + at + `</dcterms:modified>`)
	}
	w.raw(`</cp:coreProperties>`)
}

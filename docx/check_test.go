package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
)

// typeset writes ch and checks the package.
func typeset(t *testing.T, ch dialogs.Chapter) []byte {
	t.Helper()
	f, err := Typesetter{}.Typeset(ch)
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != MediaType || !strings.HasSuffix(f.Name, ".docx") || f.Title != ch.Title {
		t.Errorf("file %q %q %q", f.Name, f.Type, f.Title)
	}
	if err := checkPackage(f.Data); err != nil {
		t.Fatalf("the document is not valid: %v", err)
	}
	return f.Data
}

// checkPackage opens a .docx as Word would: a zip whose every part is
// well-formed XML, whose content types name every part, and whose
// relationships point at parts that exist.
func checkPackage(data []byte) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		if _, dup := files[f.Name]; dup {
			return fmt.Errorf("%s twice", f.Name)
		}
		files[f.Name] = b
		if err := wellFormed(b); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml"} {
		if files[name] == nil {
			return fmt.Errorf("no %s", name)
		}
	}
	var types struct {
		Defaults []struct {
			Extension   string `xml:",attr"`
			ContentType string `xml:",attr"`
		} `xml:"Default"`
		Overrides []struct {
			PartName    string `xml:",attr"`
			ContentType string `xml:",attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(files["[Content_Types].xml"], &types); err != nil {
		return err
	}
	typed := map[string]bool{}
	for _, o := range types.Overrides {
		if files[strings.TrimPrefix(o.PartName, "/")] == nil {
			return fmt.Errorf("content type for a missing part %s", o.PartName)
		}
		typed[strings.TrimPrefix(o.PartName, "/")] = true
	}
	for name := range files {
		ext := path.Ext(name)
		for _, d := range types.Defaults {
			if "."+d.Extension == ext {
				typed[name] = true
			}
		}
		if !typed[name] {
			return fmt.Errorf("no content type for %s", name)
		}
	}
	if !typed["word/document.xml"] || !strings.Contains(string(files["[Content_Types].xml"]), "wordprocessingml.document.main+xml") {
		return errors.New("word/document.xml is not typed as the main document")
	}
	for name, b := range files {
		if !strings.HasSuffix(name, ".rels") {
			continue
		}
		var rels struct {
			Rels []struct {
				ID     string `xml:"Id,attr"`
				Target string `xml:",attr"`
			} `xml:"Relationship"`
		}
		if err := xml.Unmarshal(b, &rels); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		base := path.Dir(path.Dir(name)) // _rels/.rels → ".", word/_rels/x.rels → "word"
		for _, r := range rels.Rels {
			target := path.Join(base, r.Target)
			if files[target] == nil {
				return fmt.Errorf("%s: %s points at a missing %s", name, r.ID, target)
			}
		}
	}
	return nil
}

// wellFormed reads b as strict XML to its end.
func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if depth != 0 {
				return errors.New("unclosed elements")
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
}

// unzip returns one file of a package.
func unzip(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// paragraph is one paragraph of the body as a reader sees it.
type paragraph struct {
	Style string
	Text  string
	RTL   bool // the paragraph runs right to left
}

// paragraphs reads the body of document.xml: the text of each paragraph
// (tables' cells included), with breaks as "\n" and tabs as "\t".
func paragraphs(t *testing.T, data []byte) []paragraph {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var out []paragraph
	var cur *paragraph
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "p":
				out = append(out, paragraph{})
				cur = &out[len(out)-1]
			case "pStyle":
				cur.Style = attr(tok, "val")
			case "bidi":
				cur.RTL = true
			case "t":
				inText = true
			case "br":
				cur.Text += "\n"
			case "tab":
				cur.Text += "\t"
			}
		case xml.EndElement:
			if tok.Name.Local == "t" {
				inText = false
			}
		case xml.CharData:
			if inText {
				cur.Text += string(tok)
			}
		}
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// texts returns the paragraphs' texts joined by newlines.
func texts(ps []paragraph) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Text + "\n")
	}
	return b.String()
}

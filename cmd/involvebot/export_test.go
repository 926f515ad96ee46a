package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// exportDB plays a whole case in the console as "Kari Nordmann", with one
// outcome report, and returns the database.
func exportDB(t *testing.T) string {
	t.Helper()
	t.Setenv("USER", "Kari Nordmann")
	db := filepath.Join(t.TempDir(), "involve.db")
	var in strings.Builder
	for i := 1; i <= 14; i++ {
		in.WriteString("svar på spørsmål " + string(rune('a'+i)) + "\n")
	}
	in.WriteString(":nudge\nDe fikk se skissene.\n:quit\n")
	if _, errOut, code := runCLI(t, in.String(), "console", "-db", db, "-channel", "sak-grorud-sentrum"); code != 0 {
		t.Fatalf("console: exit %d: %s", code, errOut)
	}
	return db
}

// docxText returns the text of a .docx's body, checking that it is a zip
// with a main document.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a docx: %v", err)
	}
	rc, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExportDocx(t *testing.T) {
	db := exportDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "grorud.docx")
	if stdout, errOut, code := runCLI(t, "", "export", "-db", db, "-channel", "sak-grorud-sentrum", "-format", "docx", "-o", out); code != 0 || stdout != "" {
		t.Fatalf("export: exit %d, stdout %q: %s", code, stdout, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("the document is %v, want readable by its owner only", st.Mode().Perm())
	}
	text := docxText(t, data)
	for _, want := range []string{">Grorud sentrum<", ">Hva vi ønsket at innbyggerne skulle sitte igjen med<", ">svar på spørsmål o<",
		">De fikk se skissene.<", ">Vedlegg: refleksjonsspørsmålene<"} {
		if !strings.Contains(text, want) {
			t.Errorf("the document lacks %s", want)
		}
	}
	if strings.Contains(text, "Kari") {
		t.Errorf("the document names Kari without -names")
	}

	// With -names; to standard output when it is not a terminal.
	stdout, errOut, code := runCLI(t, "", "export", "-db", db, "-channel", "sak-grorud-sentrum", "-format", "docx", "-names")
	if code != 0 {
		t.Fatalf("export -names: exit %d: %s", code, errOut)
	}
	if !strings.Contains(docxText(t, []byte(stdout)), "Kari Nordmann") {
		t.Errorf("the document with -names does not name Kari")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the export left %d files in its directory", len(entries))
	}
}

func TestExportMarkdownAndJSON(t *testing.T) {
	db := exportDB(t)
	md, errOut, code := runCLI(t, "", "export", "-db", db, "-channel", "sak-grorud-sentrum")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(md, "# Grorud sentrum\n\n_Medvirkning · ") || strings.Contains(md, "Kari") ||
		!strings.Contains(md, "| De fikk se skissene. |") {
		t.Errorf("the Markdown export:\n%s", md)
	}
	named, _, _ := runCLI(t, "", "export", "-db", db, "-channel", "sak-grorud-sentrum", "-names")
	if !strings.Contains(named, "(Kari Nordmann, ") {
		t.Errorf("the Markdown export with -names:\n%s", named)
	}
	out := filepath.Join(t.TempDir(), "sak.md")
	if _, errOut, code := runCLI(t, "", "export", "-db", db, "-channel", "sak-grorud-sentrum", "-o", out); code != 0 {
		t.Fatalf("export -o: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != md {
		t.Errorf("-o wrote another document than standard output")
	}

	// The JSON keeps its fields and its authors: it is a data export.
	js, _, code := runCLI(t, "", "export", "-db", db, "-channel", "sak-grorud-sentrum", "-format", "json")
	var raw map[string]any
	if code != 0 || json.Unmarshal([]byte(js), &raw) != nil {
		t.Fatalf("json export: exit %d\n%s", code, js)
	}
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"activities", "channel", "created", "exported", "followups", "groups", "intention", "lang", "level", "name", "outcomes", "platform", "promise", "residents", "round", "rounds", "state", "themes", "title", "updates"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("json keys %q, want %q", keys, want)
	}
	if raw["name"] != "sak-grorud-sentrum" || !strings.Contains(js, `"author": "Kari Nordmann"`) {
		t.Errorf("json name %v, authors kept: %v", raw["name"], strings.Contains(js, `"author": "Kari Nordmann"`))
	}
}

func TestExportErrors(t *testing.T) {
	db := exportDB(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad format", []string{"-format", "pdf"}, 2, "use md, json or docx"},
		{"no such directory", []string{"-format", "docx", "-o", filepath.Join(t.TempDir(), "nope", "x.docx")}, 1, "export:"},
		{"unknown channel", []string{"-format", "docx", "-o", filepath.Join(t.TempDir(), "x.docx"), "-channel", "C404"}, 1, `no case for channel "C404"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"export", "-db", db, "-channel", "sak-grorud-sentrum"}, tc.args...)
			_, errOut, code := runCLI(t, "", args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errOut, tc.code, tc.want)
			}
		})
	}
}

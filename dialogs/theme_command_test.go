package dialogs

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// themeCase is a case whose residents' page holds the themes test's
// answers, numbered 1, 2, … as the page numbers them.
func themeCase(t *testing.T, l Lang) *Case {
	t.Helper()
	inputs, _ := themeSet(t)
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	c := &Case{Channel: "C1", Platform: "slack", Name: "sak-grorud", Lang: l, State: StateAsking, Current: 5, Round: 1,
		Residents: &ResidentsPage{Code: "abc", Open: true, Next: len(inputs) + 1}}
	for i, in := range inputs {
		c.Residents.Answers = append(c.Residents.Answers, ResidentAnswer{N: i + 1, Text: in.Text, At: at.Add(time.Duration(i) * time.Minute)})
	}
	return c
}

func themeSay(t *testing.T, c *Case, line string) string {
	t.Helper()
	out := Coach{}.Step(c, Input{Kind: InputCommand, Command: line, User: "U1", Name: "Kari", At: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)})
	var b strings.Builder
	for _, r := range out.Replies {
		b.WriteString(r.Title + "\n" + r.Text + "\n")
		for _, s := range r.Sections {
			b.WriteString(strings.Join(s.Lines, "\n") + "\n")
		}
	}
	return b.String()
}

// TestThemeCommands renames, merges, splits and follows up themes, in the
// three languages, and finds the team's themes in the export.
func TestThemeCommands(t *testing.T) {
	for _, tc := range []struct {
		lang                               Lang
		list, rename, merge, split, follow string
		renamed, merged, splitOut, noted   string
	}{
		{NB, "/involve tema", "/involve tema 1 navn Trygg skolevei", "/involve tema slå sammen 1 2", "/involve tema 1 del 3 5", "/involve tema 1 oppfølging Fartsdumper er med i planforslaget.",
			"Tema 1 heter nå «Trygg skolevei».", "Tema 2 er slått sammen med tema 1", "er nå tema", "Notert hva dere gjorde med tema 1."},
		{NN, "/involve tema", "/involve tema 1 namn Trygg skuleveg", "/involve tema slå saman 1 2", "/involve tema 1 del 3 5", "/involve tema 1 oppfølging Fartsdumpar er med.",
			"Tema 1 heiter no «Trygg skuleveg».", "Tema 2 er slått saman med tema 1", "er no tema", "Notert kva de gjorde med tema 1."},
		{EN, "/involve theme", "/involve theme 1 name Safe way to school", "/involve theme merge 1 2", "/involve theme 1 split 3 5", "/involve theme 1 followup Speed bumps are in the proposal.",
			"Theme 1 is now called “Safe way to school”.", "Theme 2 is merged into theme 1", "are now theme", "Noted what you did with theme 1."},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			c := themeCase(t, tc.lang)
			list := themeSay(t, c, tc.list)
			if !strings.Contains(list, "1. «") || !strings.Contains(list, themeTextsFor(tc.lang).About) {
				t.Fatalf("list:\n%s", list)
			}
			if got := themeSay(t, c, tc.rename); !strings.Contains(got, tc.renamed) {
				t.Errorf("rename: %q", got)
			}
			if got := c.Themes()[0].Name; !strings.Contains(tc.rename, got) {
				t.Errorf("theme 1 is %q after the rename", got)
			}
			before := len(c.Themes())
			first := append([]int(nil), c.SavedThemes[0].Answers...)
			second := append([]int(nil), c.SavedThemes[1].Answers...)
			if got := themeSay(t, c, tc.merge); !strings.Contains(got, tc.merged) {
				t.Errorf("merge: %q", got)
			}
			if n := len(c.Themes()); n != before-1 {
				t.Errorf("%d themes after the merge, want %d", n, before-1)
			}
			if n := len(c.SavedThemes[0].Answers); n != len(first)+len(second) {
				t.Errorf("theme 1 holds %d answers after the merge, want %d", n, len(first)+len(second))
			}
			// Split out two answers that are in theme 1.
			a, b := c.SavedThemes[0].Answers[0], c.SavedThemes[0].Answers[1]
			split := strings.Replace(tc.split, "3 5", itoa2(a)+" "+itoa2(b), 1)
			if got := themeSay(t, c, split); !strings.Contains(got, tc.splitOut) {
				t.Errorf("split: %q", got)
			}
			last := c.SavedThemes[len(c.SavedThemes)-1]
			if len(last.Answers) != 2 || last.Answers[0] != a {
				t.Errorf("the split theme holds %v, want [%d %d]", last.Answers, a, b)
			}
			if got := themeSay(t, c, tc.follow); !strings.Contains(got, tc.noted) {
				t.Errorf("follow-up: %q", got)
			}
			// A new answer comes in: the team's themes stay, numbered as before.
			c.Residents.Answers = append(c.Residents.Answers, ResidentAnswer{N: 999, Text: "Bilene kjører for fort forbi skolen."})
			if got := c.Themes()[0].Name; !strings.Contains(tc.rename, got) {
				t.Errorf("theme 1 is %q after a new answer", got)
			}
			var doc struct {
				Themes []struct {
					Name     string `json:"name"`
					Answers  []int  `json:"answers"`
					FollowUp string `json:"followup"`
				} `json:"themes"`
			}
			raw, _ := json.Marshal(Coach{}.Document(c, time.Now()))
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Themes) == 0 || !strings.Contains(tc.rename, doc.Themes[0].Name) || doc.Themes[0].FollowUp == "" || len(doc.Themes[0].Answers) == 0 {
				t.Errorf("export themes: %+v", doc.Themes[:min(2, len(doc.Themes))])
			}
			for _, bad := range []string{"/involve tema 99 navn X", "/involve tema 1", "/involve tema slå sammen 1 1"} {
				if got := themeSay(t, c, bad); got == "" {
					t.Errorf("%s: no answer", bad)
				}
			}
		})
	}
}

// TestThemeDigest shows a case's largest themes in the digest.
func TestThemeDigest(t *testing.T) {
	c := themeCase(t, NB)
	d := Coach{}.DigestCase(c, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	if !strings.HasPrefix(d.Themes, "tema i svarene: «") {
		t.Errorf("digest themes %q", d.Themes)
	}
}

func itoa2(n int) string { return strconv.Itoa(n) }

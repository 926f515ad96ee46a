package dialogs

import (
	"strings"
	"testing"
	"time"
)

var activityNow = time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)

// parseActivityCases read like the one-line form's specification.
var parseActivityCases = []struct {
	line         string
	date         string
	place        string
	method       string
	groups       []string
	participants int
	missing      bool
	bad          string
}{
	{"5.11.2026 Grorud bibliotek: åpent møte, Barn og Innbyggere med annet morsmål, 40 deltakere", "2026-11-05", "Grorud bibliotek", "open_meeting", []string{"children", "language"}, 40, false, ""},
	{"5.11. Rommen skole: skolebesøk/barnetråkk, Unge", "2026-11-05", "Rommen skole", "school", []string{"young"}, 0, false, ""},
	{"5. november Grorud torg: stand/stikkprøver i nærmiljøet, 12", "2026-11-05", "Grorud torg", "stand", nil, 12, false, ""},
	{"2026-11-05 Online: digital survey, 80 participants", "2026-11-05", "Online", "digital", nil, 80, false, ""},
	{"Grorud bibliotek: workshop", "", "Grorud bibliotek", "workshop", nil, 0, true, ""},
	{"31.11.2026 Grorud: befaring", "", "Grorud", "site_visit", nil, 0, true, "31.11.2026"},
	{"", "", "", "", nil, 0, true, ""},
}

func TestParseActivity(t *testing.T) {
	for _, tc := range parseActivityCases {
		d := ParseActivity(tc.line, nil, activityNow, time.UTC)
		date := ""
		if !d.Date.IsZero() {
			date = d.Date.Format("2006-01-02")
		}
		if date != tc.date || d.Place != tc.place || d.Method != tc.method || strings.Join(d.Groups, ",") != strings.Join(tc.groups, ",") ||
			d.Participants != tc.participants || d.Missing() != tc.missing || d.BadDate != tc.bad {
			t.Errorf("%q: got %+v", tc.line, d)
		}
	}
}

// TestActivitiesFollowupsExport records three activities and two
// follow-ups, and exports them.
func TestActivitiesFollowupsExport(t *testing.T) {
	co := Coach{}
	c := co.NewCase("C1", "console", "sak-lekeplass-grorud", activityNow)
	c.Round, c.State = 1, StateCompleted
	c.Reports = []Report{{Author: "U1", Text: "De ville ha benker.", At: activityNow, Week: 50}, {Author: "U1", Text: "Mer lys.", At: activityNow, Week: 50}}
	at := activityNow
	run := func(cmd string) Outcome {
		at = at.Add(time.Minute)
		return co.Step(c, Input{Kind: InputCommand, Command: cmd, User: "U1", At: at})
	}
	for _, cmd := range []string{
		"aktivitet 5.11.2026 Grorud bibliotek: åpent møte, Barn, 40 deltakere",
		"aktivitet 12.11.2026 Grorud torg: stand, Eldre",
		"aktivitet 19.11.2026 Rommen skole: skolebesøk, Unge, 25 deltakere",
		"oppfølging 1 følges opp i planforslaget: benker ved lekeplassen",
		"oppfølging 2 tas ikke med fordi belysning er en egen sak",
		"tittel Lekeplass på Grorud",
	} {
		if out := run(cmd); !out.Changed {
			t.Fatalf("%s: nothing changed: %+v", cmd, out.Replies)
		}
	}
	if out := run("oppfølging 9 noe"); out.Changed {
		t.Errorf("a follow-up of no input changed the case")
	}
	if out := run("aktivitet Grorud"); out.Changed || out.Replies[0].Kind != ReplyActivityForm {
		t.Errorf("an activity without a date: %+v", out)
	}
	if len(c.Activities) != 3 || len(c.Followups) != 2 || c.Title != "Lekeplass på Grorud" {
		t.Fatalf("activities %d, followups %d, title %q", len(c.Activities), len(c.Followups), c.Title)
	}
	if i := c.findGroup("children"); i < 0 || len(c.Groups[i].Reached) != 1 {
		t.Errorf("the activity did not mark children reached: %+v", c.Groups)
	}
	doc := co.Document(c, at)
	if len(doc.Activities) != 3 || doc.Activities[0].Date != "2026-11-05" || doc.Activities[0].Participants != 40 || len(doc.Followups) != 2 || doc.Title == "" {
		t.Errorf("document: %+v %+v %q", doc.Activities, doc.Followups, doc.Title)
	}
	if md := doc.Markdown(); !strings.HasPrefix(md, "# Lekeplass på Grorud") {
		t.Errorf("title: %.80s", md)
	}
	pub, named := run("eksport"), run("eksport navn")
	if pub.Replies[0].Filename == named.Replies[0].Filename || !strings.HasSuffix(named.Replies[0].Filename, "-med-navn.md") {
		t.Errorf("the names version shares a file name: %q, %q", pub.Replies[0].Filename, named.Replies[0].Filename)
	}
	if out := run("aktivitet slett 2"); !out.Changed || len(c.Activities) != 2 {
		t.Errorf("delete: %+v", out)
	}
}

package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/residents"
)

// The page shows the level the team chose and its promise, the team's own
// words where it gave them; nothing of the team's answers.
func TestPublicPageShowsTheLevelAndThePromise(t *testing.T) {
	c := &dialogs.Case{Channel: "C0PAGE001", Name: "sak-grorud-sentrum", Lang: dialogs.NB, Level: "involve",
		Answers: []dialogs.Answer{{Round: 1, Question: 13, Text: "Et svar bare teamet ser"}}}
	p := publicPage(c)
	if p.Level != residents.LevelInvolve || p.Promise == "" {
		t.Fatalf("level %q, promise %q", p.Level, p.Promise)
	}
	c.Promise = "Vi viser hva vi gjorde med innspillene innen fire uker."
	if p := publicPage(c); p.Promise != c.Promise {
		t.Fatalf("promise %q, want the team's own words", p.Promise)
	}
	if p := publicPage(c); strings.Contains(fmt.Sprint(p), "Et svar bare teamet ser") {
		t.Fatal("the page carries a team answer")
	}
	c.Level = ""
	if p := publicPage(c); p.Level != "" || p.Promise != "" {
		t.Fatalf("no level chosen, yet level %q promise %q", p.Level, p.Promise)
	}
}

package residents

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound means no page has the code.
var ErrNotFound = errors.New("residents: no page with that code")

// ErrClosed means the page exists but no longer takes answers. A resident
// cannot tell it from ErrNotFound: both get the same page.
var ErrClosed = errors.New("residents: the page is closed")

// ErrFull means the page holds as many answers as it may: nothing was stored.
var ErrFull = errors.New("residents: the page takes no more answers")

// Store is what the residents' page needs of the case storage.
type Store interface {
	// Page returns the public view of the open page with the code, ErrClosed
	// when the team has closed it, or ErrNotFound.
	Page(ctx context.Context, code string) (Page, error)
	// Submit records a resident's answer to the page with the code. It
	// returns only once the answer is durable (committed and synced), or
	// ErrClosed, ErrNotFound or ErrFull, in which case nothing was stored.
	Submit(ctx context.Context, code string, a Answer) error
}

// Page is the public view of one case: only what the team published.
type Page struct {
	// Title is the case's public title, set by the team.
	Title string
	// About is one or two lines on what the case is; may be empty.
	About string
	// Level is the level of influence residents have; may be empty.
	Level Level
	// Promise is the team's promise to residents; may be empty.
	Promise string
	// Updates are the team's published "you said, we did" lines, newest first.
	Updates []Update
	// Lang is the page's default language: "nb", "nn" or "en" (empty: "nb").
	Lang string
	// Answers is how many answers the page holds, never shown: the cap
	// on answers per page is checked against it.
	Answers int
}

// Update is one published line of what the team did with what residents said.
type Update struct {
	Text string
	At   time.Time
}

// Level is a level of influence, named by the English word of the IAP2
// spectrum the coach uses.
type Level string

// The levels of influence, from least to most.
const (
	LevelInform      Level = "inform"
	LevelConsult     Level = "consult"
	LevelInvolve     Level = "involve"
	LevelCollaborate Level = "collaborate"
	LevelEmpower     Level = "empower"
)

// Age is an optional age band a resident may give, so the team can document
// whom it reached. The zero value means not given.
type Age string

// The age bands, children and young people first.
const (
	AgeNone    Age = ""
	AgeUnder13 Age = "u13"
	Age13to18  Age = "13-18"
	Age19to66  Age = "19-66"
	Age67Plus  Age = "67+"
)

// Ages lists the age bands in the order the page shows them.
var Ages = []Age{AgeUnder13, Age13to18, Age19to66, Age67Plus}

// Valid reports whether a is one of the bands or not given.
func (a Age) Valid() bool {
	if a == AgeNone {
		return true
	}
	for _, b := range Ages {
		if a == b {
			return true
		}
	}
	return false
}

// Answer is one resident's answer. It holds no name, no address and nothing
// of the request it came in.
type Answer struct {
	// Text is the resident's own words, at most MaxTextRunes characters.
	Text string
	// Age is the age band the resident chose, or AgeNone.
	Age Age
	// At is when the answer was received.
	At time.Time
	// Lang is the language the page was shown in: "nb", "nn" or "en".
	Lang string
}

package dialogs

import (
	"fmt"
	"strings"
	"unicode"
)

// This file holds the level of influence (the IAP2 spectrum of public
// participation) and the promise to residents that goes with it.

// Levels are the five levels of influence, in order, by the English words
// the export's JSON uses. texts.LevelNames, LevelMeanings and LevelPromises
// follow this order.
var Levels = []string{"inform", "consult", "involve", "collaborate", "empower"}

// levelIndex returns the position of a level in Levels, or -1.
func levelIndex(level string) int {
	for i, l := range Levels {
		if l == level {
			return i
		}
	}
	return -1
}

// ParseLevel returns the level named by word in any of the coach's
// languages ("involvere", "involve", "Samarbeide"), or false.
func ParseLevel(word string) (string, bool) {
	word = strings.ToLower(strings.TrimSpace(word))
	if word == "" {
		return "", false
	}
	for i, l := range Levels {
		if word == l {
			return l, true
		}
		for _, lang := range Langs {
			if strings.ToLower(textsFor(lang).LevelNames[i]) == word {
				return l, true
			}
		}
	}
	return "", false
}

// LevelName returns a level's name in l, or "" for no level.
func LevelName(l Lang, level string) string {
	if i := levelIndex(level); i >= 0 {
		return textsFor(l).LevelNames[i]
	}
	return ""
}

// PromiseOf returns the promise of c to residents: the team's own words,
// or its level's promise in the case's language; "" without a level.
func (c *Case) PromiseOf() string {
	i := levelIndex(c.Level)
	if i < 0 {
		return ""
	}
	if c.Promise != "" {
		return c.Promise
	}
	return textsFor(c.Lang).LevelPromises[i]
}

// levelOffer is the message that offers the five levels as buttons, each
// with what it means and the promise that goes with it.
func (s *step) levelOffer() Reply {
	t := s.t
	r := Reply{Kind: ReplyLevel, Title: t.LevelTitle, Text: t.LevelAsk, Context: t.LevelOwnWords}
	sec := Section{}
	for i, l := range Levels {
		sec.Lines = append(sec.Lines, fmt.Sprintf(t.LevelLine, t.LevelNames[i], t.LevelMeanings[i], t.LevelPromises[i]))
		b := Button{Action: ActionLevel, Label: t.LevelNames[i], Value: l}
		if l == s.c.Level {
			b.Style = "primary"
		}
		r.Buttons = append(r.Buttons, b)
	}
	r.Sections = []Section{sec}
	if s.c.Level != "" {
		r.QuoteLead = fmt.Sprintf(t.LevelChosen, LevelName(s.c.Lang, s.c.Level))
		r.Quote = s.c.PromiseOf()
	}
	return r
}

// levelCommand is "/involve level [<level> [<own words>]]" (nivå): with no
// argument it offers the levels; with one it chooses it, and own words
// after it become the promise.
func (s *step) levelCommand(args string) {
	args = strings.TrimSpace(args)
	if args == "" {
		s.say(s.levelOffer())
		return
	}
	word, rest := args, ""
	if i := strings.IndexFunc(args, unicode.IsSpace); i >= 0 {
		word, rest = args[:i], args[i:]
	}
	level, ok := ParseLevel(word)
	if !ok {
		s.textf(ReplyText, true, s.t.LevelUnknown, clip(word), strings.Join(s.t.LevelNames, ", "))
		return
	}
	s.setLevel(level, rest, true)
}

// setLevel chooses a level. own holds the team's words for the promise;
// when words are given but say nothing, or none are given at a typed
// command, the level's own promise stands, and the coach says so.
func (s *step) setLevel(level, own string, typed bool) {
	c := s.c
	promise := promiseText(own)
	changedLevel := c.Level != level
	c.Level = level
	if promise != "" || changedLevel {
		c.Promise = promise
	}
	s.changed()
	name := LevelName(c.Lang, level)
	switch {
	case promise != "":
		s.textf(ReplyText, false, s.t.LevelSetOwn, name, c.PromiseOf())
	case typed && strings.TrimSpace(own) != "":
		s.textf(ReplyText, false, s.t.PromiseEmpty, name, c.PromiseOf())
	default:
		s.textf(ReplyText, false, s.t.LevelSet, name, c.PromiseOf())
	}
}

// promiseReply is a reply in the level message's thread: the team's own
// words for the promise.
func (s *step) promiseReply(text string) {
	c := s.c
	if c.Level == "" {
		s.note(text)
		s.text(ReplyText, true, s.t.LevelFirst)
		return
	}
	promise := promiseText(text)
	if promise == "" {
		s.note(text)
		s.textf(ReplyText, true, s.t.PromiseEmpty, LevelName(c.Lang, c.Level), c.PromiseOf())
		return
	}
	c.Promise = promise
	s.changed()
	s.say(Reply{Kind: ReplyAck, Target: s.in.Ref})
	s.textf(ReplyText, false, s.t.PromiseSet, c.PromiseOf())
}

// promiseText is the team's words for a promise, without surrounding
// quotes and space; "" when nothing is left.
func promiseText(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'«»“”‘’`, r)
	})
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	return s
}

// clip shortens what someone typed for an answer that echoes it.
func clip(s string) string {
	if r := []rune(s); len(r) > maxWord {
		return string(r[:maxWord]) + "…"
	}
	return s
}

// beside puts the answer to question 14 next to the promise the team
// chose, once, and says kindly when the two seem to pull apart. It says
// nothing when no level was chosen.
func (s *step) beside(answer string) {
	c, t := s.c, s.t
	if c.Level == "" {
		return
	}
	r := Reply{Kind: ReplyText, Text: fmt.Sprintf(t.Beside, LevelName(c.Lang, c.Level), c.PromiseOf(), oneLine(answer))}
	if pullApart(c.Level, answer) {
		r.Text += "\n\n" + t.Apart
	}
	s.say(r)
}

// offersNothing are words with which an answer to question 14 says the
// team has nothing more to offer than trust.
var offersNothing = []string{
	"nei", "ingenting", "ikke noe", "ikkje noko", "ingen", "vet ikke", "veit ikkje", "usikkert", "stole på oss",
	"no", "nothing", "not really", "don't know", "trust us", "none", "-",
}

// pullApart reports whether an answer to question 14 seems to promise less
// than the chosen level does: a high level (collaborate, empower) with an
// answer that offers nothing, or an answer of a word or two.
func pullApart(level, answer string) bool {
	if levelIndex(level) < levelIndex("collaborate") {
		return false
	}
	a := strings.ToLower(oneLine(answer))
	a = strings.TrimRight(a, ".!")
	if len(strings.Fields(a)) <= 2 {
		return true
	}
	for _, w := range offersNothing {
		if a == w || strings.HasPrefix(a, w+" ") || strings.HasPrefix(a, w+",") || strings.Contains(a, " "+w+" ") && len(w) > 4 {
			return true
		}
	}
	return false
}

// The questions the coaching follows: the level of influence is offered
// once question 3 (what residents can really influence) is answered, the
// groups once question 4 (what residents care about) is, and the answer to
// question 14 (more than "trust us") is put beside the promise.
const (
	levelAfter      = 3
	groupsAfter     = 4
	PromiseQuestion = 14
)

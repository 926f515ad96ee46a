package dialogs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds the residents' page of a case: opening and closing it,
// the residents' answers that come in through it, the team's published
// updates ("you said, we did"), and removing an answer.

// ResidentsSetup is what the coach needs to give a case a residents' page.
// The zero value means the page is not configured: the residents command
// then explains what to set.
type ResidentsSetup struct {
	// PublicURL is the https address residents reach the server on.
	PublicURL string
	// NewCode returns a new, unguessable page code.
	NewCode func() string
	// QR makes a PNG of a QR code for a link; nil: links go without one.
	QR func(link string) ([]byte, error)
}

func (r ResidentsSetup) ready() bool {
	return r.PublicURL != "" && r.NewCode != nil
}

// Link returns the page address of a code.
func (r ResidentsSetup) Link(code string) string {
	return strings.TrimRight(r.PublicURL, "/") + "/r/" + code
}

// ResidentsPage is a case's public page for residents and what came in
// through it.
type ResidentsPage struct {
	Code    string           `json:"code"`            // the page's code in its link
	Title   string           `json:"title,omitempty"` // the public title; empty: the channel's display name
	Open    bool             `json:"open"`            // taking answers
	Opened  time.Time        `json:"opened"`
	Closed  time.Time        `json:"closed,omitempty"`
	Next    int              `json:"next"` // the number the next answer gets (numbers are never reused)
	Answers []ResidentAnswer `json:"answers,omitempty"`
	Updates []PageUpdate     `json:"updates,omitempty"` // oldest first
	// Weeks are the week starts whose thread root the coach posted.
	Weeks []time.Time `json:"weeks,omitempty"`
	// Removed are the numbers of the answers the team removed.
	Removed []int `json:"removed,omitempty"`
	// Offered is when the coach offered to publish an update after a
	// report; it offers once.
	Offered time.Time `json:"offered,omitempty"`
}

// ResidentAnswer is one resident's answer: no name, no address.
type ResidentAnswer struct {
	N    int       `json:"n"`
	Text string    `json:"text"`
	Age  string    `json:"age,omitempty"` // "u13", "13-18", "19-66", "67+" or ""
	At   time.Time `json:"at"`
}

// PageUpdate is one published "you said, we did" line.
type PageUpdate struct {
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

func (p *ResidentsPage) clone() *ResidentsPage {
	if p == nil {
		return nil
	}
	d := *p
	d.Answers = slices.Clone(p.Answers)
	d.Updates = slices.Clone(p.Updates)
	d.Weeks = slices.Clone(p.Weeks)
	d.Removed = slices.Clone(p.Removed)
	return &d
}

// PageTitle returns the page's public title: the one the team set, else
// the channel's display name as the plan document shows it ("Grorud
// sentrum" for #sak-grorud-sentrum), never a channel id.
func (c *Case) PageTitle() string {
	if c.Residents != nil && c.Residents.Title != "" {
		return c.Residents.Title
	}
	return c.displayTitle(nil)
}

func (c *Case) displayTitle(prefixes []string) string {
	return displayName(Document{Name: c.Name, Channel: c.Channel, Platform: c.Platform, prefixes: prefixes}, textsFor(c.Lang))
}

// maxPageTitle and maxUpdate bound what the team publishes, in characters.
const (
	maxPageTitle = 120
	maxUpdate    = 1000
)

// residents handles "/involve residents [off | delete N | title]".
func (s *step) residents(args string) {
	word, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	switch strings.ToLower(word) {
	case "off", "av", "close", "lukk":
		s.residentsOff()
		return
	case "delete", "slett", "remove", "fjern":
		s.residentDelete(rest)
		return
	}
	s.residentsOpen(strings.TrimSpace(args))
}

func (s *step) residentsOpen(title string) {
	c, t := s.c, s.t
	if !s.co.Residents.ready() {
		s.text(ReplyText, true, t.ResidentsNotConfigured)
		return
	}
	if n := []rune(title); len(n) > maxPageTitle {
		s.textf(ReplyText, true, t.ResidentsTitleTooLong, maxPageTitle)
		return
	}
	p := c.Residents
	if p == nil {
		p = &ResidentsPage{Code: s.co.Residents.NewCode(), Next: 1}
		c.Residents = p
	}
	if !p.Open {
		p.Open, p.Opened, p.Closed = true, s.in.At, time.Time{}
	}
	switch {
	case title != "":
		p.Title = title
	case p.Title == "":
		p.Title = c.displayTitle(s.co.Prefixes)
	}
	s.changed()
	link := s.co.Residents.Link(p.Code)
	r := Reply{Kind: ReplyText, Title: fmt.Sprintf(t.ResidentsOpened, c.PageTitle()),
		Text: link + "\n\n" + t.ResidentsHow}
	if s.co.Residents.QR != nil {
		if png, err := s.co.Residents.QR(link); err == nil {
			r.File = &File{Name: "involve-" + p.Code + ".png", Type: "image/png", Title: c.PageTitle(), Data: png}
			r.Filename = r.File.Name
		}
	}
	s.say(r)
}

func (s *step) residentsOff() {
	p := s.c.Residents
	if p == nil || !p.Open {
		s.text(ReplyText, true, s.t.ResidentsNotOpen)
		return
	}
	p.Open, p.Closed = false, s.in.At
	s.changed()
	s.text(ReplyText, false, s.t.ResidentsClosed)
}

// residentDelete removes answer N, by the command or its button.
func (s *step) residentDelete(arg string) {
	p := s.c.Residents
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || n < 1 {
		s.text(ReplyText, true, s.t.ResidentsDeleteUsage)
		return
	}
	if p != nil {
		for i, a := range p.Answers {
			if a.N == n {
				p.Answers = slices.Delete(p.Answers, i, i+1)
				p.Removed = append(p.Removed, n)
				s.changed()
				for _, q := range s.c.Prompts {
					if q.Kind == PostedResident && q.Answer == n {
						s.say(Reply{Kind: ReplyRetract, Target: q.Ref})
					}
				}
				s.textf(ReplyText, false, s.t.ResidentsDeleted, n)
				return
			}
		}
	}
	s.textf(ReplyText, true, s.t.ResidentsNoSuchAnswer, n)
}

// update publishes a "you said, we did" line on the page.
func (s *step) update(text string) {
	c, t := s.c, s.t
	text = strings.TrimSpace(text)
	switch {
	case c.Residents == nil:
		s.text(ReplyText, true, t.UpdateNoPage)
		return
	case text == "":
		s.text(ReplyText, true, t.UpdateUsage)
		return
	case len([]rune(text)) > maxUpdate:
		s.textf(ReplyText, true, t.UpdateTooLong, maxUpdate)
		return
	}
	c.Residents.Updates = append(c.Residents.Updates, PageUpdate{Text: text, At: s.in.At})
	s.changed()
	s.text(ReplyText, false, t.UpdatePublished)
}

// resident takes a resident's answer from the page with the code in
// in.Ref (text in in.Text, age band in in.Value). A closed page, or another
// code, takes nothing. The answer goes to the channel in the week's thread.
func (s *step) resident() {
	c, in, t := s.c, s.in, s.t
	p := c.Residents
	text := strings.TrimSpace(in.Text)
	if p == nil || !p.Open || p.Code != in.Ref || text == "" {
		return
	}
	a := ResidentAnswer{N: max(p.Next, 1), Text: text, Age: in.Value, At: in.At}
	p.Next = a.N + 1
	p.Answers = append(p.Answers, a)
	s.changed()
	week := weekStart(in.At, s.co.loc())
	if !slices.ContainsFunc(p.Weeks, week.Equal) {
		p.Weeks = append(p.Weeks, week)
		_, w := week.ISOWeek()
		s.say(Reply{Kind: ReplyResidentsWeek, Title: fmt.Sprintf(t.ResidentsWeek, w), Text: t.ResidentsWeekAbout, Slot: week})
	}
	body := fmt.Sprintf(t.ResidentsAnswerLine, a.N) + "\n\n" + a.Text
	if age := ageLabel(t, a.Age); age != "" {
		body += "\n\n" + age
	}
	s.say(Reply{Kind: ReplyResident, Text: body, Slot: week, Answer: a.N, Buttons: []Button{
		{Action: ActionResidentDelete, Label: t.ResidentsDeleteLabel, Value: strconv.Itoa(a.N), Style: "danger"},
	}})
}

// offerUpdate offers, once, to publish an update after the team reported
// what residents were left with, while the page is open.
func (s *step) offerUpdate(reportsBefore int) {
	p := s.c.Residents
	if p == nil || !p.Open || !p.Offered.IsZero() || len(s.c.Reports) <= reportsBefore {
		return
	}
	if s.c.Reports[len(s.c.Reports)-1].Nothing {
		return
	}
	p.Offered = s.in.At
	s.changed()
	s.text(ReplyText, false, s.t.UpdateOffer)
}

// weekStart returns the Monday 00:00 of at's week in loc.
func weekStart(at time.Time, loc *time.Location) time.Time {
	l := at.In(loc)
	d := (int(l.Weekday()) + 6) % 7
	return time.Date(l.Year(), l.Month(), l.Day()-d, 0, 0, 0, 0, loc)
}

func ageLabel(t *texts, age string) string {
	for i, a := range []string{"u13", "13-18", "19-66", "67+"} {
		if a == age && i < len(t.ResidentsAges) {
			return fmt.Sprintf(t.ResidentsAge, t.ResidentsAges[i])
		}
	}
	return ""
}

// residentsStatus is the status line of the page, if the case has one.
func (s *step) residentsStatus() []string {
	p := s.c.Residents
	if p == nil {
		return nil
	}
	line := fmt.Sprintf(s.t.StatusResidentsClosed, len(p.Answers))
	if p.Open {
		line = fmt.Sprintf(s.t.StatusResidents, len(p.Answers), s.co.Residents.Link(p.Code))
		if !s.co.Residents.ready() {
			line = fmt.Sprintf(s.t.StatusResidentsClosed, len(p.Answers))
		}
	}
	return []string{line}
}

// residentsSection is the summary's third voice: the residents' own words.
func (s *step) residentsSection() (Section, bool) {
	p := s.c.Residents
	if p == nil {
		return Section{}, false
	}
	sec := Section{Heading: s.t.ResidentsHeading}
	for _, a := range p.Answers {
		line := longDate(s.t, a.At, s.co.loc()) + ": " + a.Text
		if age := ageLabel(s.t, a.Age); age != "" {
			line += " (" + age + ")"
		}
		sec.Lines = append(sec.Lines, line)
	}
	if len(sec.Lines) == 0 {
		sec.Lines = []string{s.t.ResidentsNone}
	}
	return sec, true
}

// ResidentEntry is one resident's answer in a document.
type ResidentEntry struct {
	Text string    `json:"text"`
	At   time.Time `json:"at"`
	Age  string    `json:"age"`
}

func residentEntries(c *Case) ([]ResidentEntry, []PageUpdate) {
	rs, us := []ResidentEntry{}, []PageUpdate{}
	if p := c.Residents; p != nil {
		for _, a := range p.Answers {
			rs = append(rs, ResidentEntry{Text: a.Text, At: a.At, Age: a.Age})
		}
		us = append(us, p.Updates...)
	}
	return rs, us
}

// residentsSections are the chapter's third voice, beside the team's
// intention and its reports: what residents said on the page, and what the
// team published back. None when the case never had a page.
func (d Document) residentsSections(t *texts, day func(time.Time) string) []ChapterSection {
	if len(d.Residents) == 0 && len(d.Updates) == 0 {
		return nil
	}
	said := ChapterSection{Heading: t.ResidentsHeading}
	if len(d.Residents) == 0 {
		said.Blocks = []Block{{Kind: BlockParagraph, Text: t.ResidentsNone, Muted: true}}
	} else {
		table := &Table{Header: []string{t.DocDate, t.DocAge, t.ResidentsHeading}}
		for _, r := range d.Residents {
			age := ""
			for i, a := range []string{"u13", "13-18", "19-66", "67+"} {
				if a == r.Age && i < len(t.ResidentsAges) {
					age = t.ResidentsAges[i]
				}
			}
			table.Rows = append(table.Rows, TableRow{Cells: []string{day(r.At), age, r.Text}})
		}
		said.Blocks = []Block{{Kind: BlockTable, Table: table}}
	}
	out := []ChapterSection{said}
	if len(d.Updates) > 0 {
		did := ChapterSection{Heading: t.DocUpdates, Blocks: []Block{{Kind: BlockList}}}
		for _, u := range d.Updates {
			did.Blocks[0].Items = append(did.Blocks[0].Items, Said{Text: u.Text, Source: day(u.At)})
		}
		out = append(out, did)
	}
	return out
}

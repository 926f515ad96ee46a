package dialogs

import (
	"fmt"
	"strconv"
)

// maxTitle bounds the document's title.
const maxTitle = 120

// titleCommand is /involve tittel <tittel>: the document's title instead
// of the channel's name. Without a title it says what the document is
// called.
func (s *step) titleCommand(args string) {
	c, t := s.c, s.t
	title := oneLine(args)
	if title == "" {
		s.textf(ReplyText, true, t.TitleShow, s.co.Document(c, s.in.At).Chapter(false).Title)
		return
	}
	if len([]rune(title)) > maxTitle {
		s.textf(ReplyText, true, t.TitleTooLong, maxTitle)
		return
	}
	c.Title = title
	s.changed()
	s.say(Reply{Kind: ReplyText, Text: fmt.Sprintf(t.TitleSet, title)})
}

func itoa(n int) string { return strconv.Itoa(n) }

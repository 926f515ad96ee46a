package dialogs

import (
	"strconv"
	"strings"
	"unicode"
)

// answerCommand is "/involve answer N <text>" (svar N <tekst>): an answer
// to question N of the current round, typed anywhere. It is how a skipped
// question gets its answer where there are no threads.
func (s *step) answerCommand(args string) {
	c, in := s.c, s.in
	num, text := args, ""
	if i := strings.IndexFunc(args, unicode.IsSpace); i >= 0 {
		num, text = args[:i], strings.TrimSpace(args[i:])
	}
	n, err := strconv.Atoi(strings.TrimSuffix(num, "."))
	if err != nil || n < 1 || n > QuestionCount || text == "" {
		s.text(ReplyText, true, s.t.AnswerUsage)
		return
	}
	if c.Round == 0 {
		s.text(ReplyText, true, s.t.NotStarted)
		return
	}
	if (c.State == StateAsking || c.State == StatePaused) && n > c.Current {
		s.textf(ReplyText, true, s.t.AnswerNotAsked, n, c.Current)
		return
	}
	first := !c.hasAnswer(c.Round, n)
	c.Answers = append(c.Answers, Answer{
		Round: c.Round, Question: n, Author: in.User, Name: in.Name,
		Text: text, At: in.At, Ref: in.Ref, Prompt: c.promptRef(c.Round, n),
	})
	s.changed()
	s.textf(ReplyText, true, s.t.AnswerSaved, n)
	if first && n == PromiseQuestion {
		s.beside(text)
	}
	if first && c.State == StateAsking && n == c.Current {
		s.advance()
	}
}

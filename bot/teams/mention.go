package teams

import (
	"strings"

	"github.com/infracloudio/msbotbuilder-go/schema"
)

// stripMentions removes the bot's mentions from a Teams message text
// ("<at>Involve</at> start" → "start") and turns other people's mentions
// into their names. atStart reports that the text began with the bot's
// mention, anywhere that it mentioned the bot at all.
//
// The bot's mentions are the entities whose mentioned.id is the recipient;
// without entities, an <at> span holding the bot's name counts.
func stripMentions(text string, mentions []mention, self schema.ChannelAccount) (out string, atStart, anywhere bool) {
	var botSpans, botNames []string
	mentioned := false // an entity names the bot, with or without text
	for _, m := range mentions {
		if self.ID == "" || !strings.EqualFold(m.Mentioned.ID, self.ID) {
			continue
		}
		mentioned = true
		if m.Text != "" {
			botSpans = append(botSpans, m.Text)
		}
		if m.Mentioned.Name != "" {
			botNames = append(botNames, m.Mentioned.Name)
		}
	}
	if self.Name != "" {
		botNames = append(botNames, self.Name)
	}
	isBot := func(span, inner string) bool {
		for _, s := range botSpans {
			if s == span {
				return true
			}
		}
		if !mentioned && len(mentions) > 0 {
			return false // the entities name others only
		}
		inner = strings.TrimPrefix(strings.TrimSpace(inner), "@")
		for _, n := range botNames {
			if strings.EqualFold(inner, n) {
				return true
			}
		}
		return false
	}

	text = normalizeSpaces(text)
	var b strings.Builder
	rest := text
	for {
		i := strings.Index(rest, "<at>")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "</at>")
		if j < 0 {
			break
		}
		span := rest[i : i+j+len("</at>")]
		inner := rest[i+len("<at>") : i+j]
		b.WriteString(rest[:i])
		if isBot(span, inner) {
			if strings.TrimSpace(b.String()) == "" {
				atStart = true
			}
			anywhere = true
		} else {
			b.WriteString(inner)
		}
		rest = rest[i+j+len("</at>"):]
	}
	b.WriteString(rest)
	out = b.String()

	// A client that writes the mention without <at> markup.
	for _, s := range botSpans {
		if strings.HasPrefix(s, "<at>") {
			continue
		}
		trimmed := strings.TrimSpace(out)
		if strings.HasPrefix(trimmed, s) {
			out = trimmed[len(s):]
			atStart, anywhere = true, true
		}
	}
	if mentioned && !anywhere {
		// An entity without text whose span was not found: the bot was
		// mentioned all the same (mentioned.id is what identifies it).
		trimmed := strings.TrimSpace(out)
		for _, n := range botNames {
			if len(trimmed) >= len(n) && strings.EqualFold(trimmed[:len(n)], n) &&
				(len(trimmed) == len(n) || strings.ContainsRune(" ,:", rune(trimmed[len(n)]))) {
				out, atStart = trimmed[len(n):], true
				break
			}
		}
		anywhere = true
	}
	return collapseSpaces(out), atStart, anywhere
}

// normalizeSpaces turns the non-breaking spaces Teams puts around mentions
// into plain ones.
func normalizeSpaces(s string) string {
	if !strings.Contains(s, "\u00a0") && !strings.Contains(s, "&nbsp;") {
		return s
	}
	return strings.NewReplacer("\u00a0", " ", "&nbsp;", " ").Replace(s)
}

// collapseSpaces trims s and squeezes runs of spaces within each line,
// keeping line breaks (answers may have several lines).
func collapseSpaces(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

package teams

import (
	"regexp"
	"strings"
)

// Every text in a reply is plain text (see dialogs.Reply): the coach's own
// words and, inside them, words it did not write (residents' answers, the
// team's answers quoted back, case titles, group names, promises). Teams
// reads an Adaptive Card TextBlock, and a message sent as Markdown, in its
// Markdown subset: **bold**, _italic_, lists, and [label](address) links.
// A resident who writes "[https://login.oslo.kommune.no/sso](https://evil.example/phish)"
// would otherwise have the coach post a link whose visible text is a
// trusted address. So every text is escaped on the way out, as the Slack
// adapter escapes mrkdwn.

// mdSpecial escapes the characters that open inline markup anywhere in a
// line. A backslash before ASCII punctuation is Markdown's escape (the
// CommonMark rule, which Teams' renderers follow); < and > are escaped so
// no text forms an autolink or a tag such as <at>.
var mdSpecial = strings.NewReplacer(
	`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "~", `\~`,
	"[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "|", `\|`,
)

// mdLineStart matches what opens a block at the start of a line after
// inline escaping: a list item ("- ", "+ ", "1. ", "1) "), a heading or
// a setext underline ("=").
var mdLineStart = regexp.MustCompile(`(?m)^([ \t]*)([-+#=]|[0-9]+[.)])`)

// mdText makes plain text safe for a TextBlock or a Markdown message:
// it shows as written, with no bold, italics, list, heading or link that
// the text itself would make.
func mdText(s string) string {
	s = mdSpecial.Replace(s)
	return mdLineStart.ReplaceAllStringFunc(s, func(m string) string {
		i := len(m) - len(strings.TrimLeft(m, " \t"))
		lead, mark := m[:i], m[i:]
		if n := len(mark); n > 1 && (mark[n-1] == '.' || mark[n-1] == ')') {
			return lead + mark[:n-1] + `\` + mark[n-1:] // 1\. or 1\)
		}
		return lead + `\` + mark
	})
}

package slack

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oslo-involve/involve/internal/textclean"
)

// Slack sends message text in its own markup: &, < and > escaped as
// entities, and <…> for mentions, channels and links. The engine stores
// plain text (it ends up in Markdown exports and in Teams), so inbound text
// is turned into plain text here and escaped again on the way out.

// angled matches one <…> token of Slack's markup.
var angled = regexp.MustCompile(`<([^<>]*)>`)

// plainText turns Slack's markup into plain text: entities are unescaped,
// user and channel mentions become "@name" and "#name", links become their
// label and address, and the broadcast mentions @channel, @here and
// @everyone disappear so that nothing echoed can ever notify a whole channel.
func plainText(s string) string {
	s = angled.ReplaceAllStringFunc(s, func(tok string) string {
		inner := tok[1 : len(tok)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "!"):
			cmd := strings.TrimPrefix(target, "!")
			switch {
			case cmd == "channel" || cmd == "here" || cmd == "everyone" || cmd == "group":
				return ""
			case strings.HasPrefix(cmd, "subteam^"):
				if hasLabel {
					return label
				}
				return ""
			case strings.HasPrefix(cmd, "date^"):
				return label
			}
			return label
		case strings.HasPrefix(target, "@"):
			if hasLabel && label != "" {
				return "@" + strings.TrimPrefix(label, "@")
			}
			return target
		case strings.HasPrefix(target, "#"):
			if hasLabel && label != "" {
				return "#" + strings.TrimPrefix(label, "#")
			}
			return target
		}
		addr := strings.TrimPrefix(target, "mailto:")
		if hasLabel && label != "" && label != addr && label != target {
			return label + " (" + addr + ")"
		}
		return addr
	})
	s = unescapeEntities(s)
	// Removing one token can join its neighbours into another; and text
	// typed as "<!here>" arrives escaped. Neither may become a broadcast.
	for broadcast.MatchString(s) {
		s = broadcast.ReplaceAllString(s, "")
	}
	// Control characters would reach an operator's terminal in an export.
	return textclean.Clean(s)
}

// entities are the three entities Slack escapes in message text.
var entities = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

func unescapeEntities(s string) string { return entities.Replace(s) }

// broadcast matches Slack's special mentions that notify many people.
var broadcast = regexp.MustCompile(`<!(channel|here|everyone|group)(\|[^>]*)?>`)

// mrkdwn makes plain text safe for a mrkdwn field: the broadcast mentions
// are removed, &, < and > are escaped so no text can form a mention or a
// link, and @here written out cannot notify anyone.
func mrkdwn(s string) string {
	s = escaper.Replace(broadcast.ReplaceAllString(s, ""))
	// mrkdwn that is not verbatim parses some mentions by itself: a word
	// joiner keeps a written "@here" a word, not a notification.
	return spelledBroadcast.ReplaceAllString(s, "@\u2060$1")
}

// spelledBroadcast matches @here, @channel and @everyone written out.
var spelledBroadcast = regexp.MustCompile(`(?i)@(here|channel|everyone)\b`)

// escaper escapes the three characters Slack reads as markup.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// plain makes text safe for a plain_text field, which Slack never parses
// for mentions; the broadcast forms are removed all the same.
func plain(s string) string {
	return broadcast.ReplaceAllString(s, "")
}

// truncate cuts s to at most n runes, ending with an ellipsis when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " \n") + "…"
}

// parseTS reads a Slack timestamp such as "1732612345.001200" (seconds and
// microseconds). It reports false for anything else.
func parseTS(ts string) (time.Time, bool) {
	secs, frac, _ := strings.Cut(ts, ".")
	sec, err := strconv.ParseInt(secs, 10, 64)
	if err != nil || sec <= 0 {
		return time.Time{}, false
	}
	var usec int64
	if frac != "" {
		if len(frac) > 6 {
			frac = frac[:6]
		}
		frac += strings.Repeat("0", 6-len(frac))
		usec, err = strconv.ParseInt(frac, 10, 64)
		if err != nil || usec < 0 {
			return time.Time{}, false
		}
	}
	return time.Unix(sec, usec*1000).UTC(), true
}

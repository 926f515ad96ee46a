package slacktest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
)

// The look-ups below answer as Slack's conversations.history and
// conversations.replies do (https://api.slack.com/methods/conversations.history,
// https://api.slack.com/methods/conversations.replies): messages newest
// first in history, the parent then its replies oldest first in replies,
// has_more and response_metadata.next_cursor when a page is cut, and a
// message's metadata only with include_all_metadata.

// message is the message object Slack returns for p.
func (p Post) message(withMetadata bool) map[string]any {
	msg := map[string]any{"type": "message", "subtype": "bot_message", "text": p.Text,
		"ts": p.TS, "bot_id": BotID, "user": BotUserID, "app_id": AppID}
	if p.Thread != "" {
		msg["thread_ts"] = p.Thread
		msg["parent_user_id"] = BotUserID
	}
	if withMetadata && p.Metadata != "" {
		var md map[string]any
		if json.Unmarshal([]byte(p.Metadata), &md) == nil {
			msg["metadata"] = md
		}
	}
	return msg
}

// pageLimit reads the limit parameter: Slack's default is 100, its
// largest 999.
func pageLimit(r *http.Request) int {
	n, err := strconv.Atoi(r.Form.Get("limit"))
	if err != nil || n <= 0 {
		return 100
	}
	return min(n, 999)
}

// history answers conversations.history; s.mu is held on entry.
func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	ch := r.Form.Get("channel")
	meta := r.Form.Get("include_all_metadata") == "1" || r.Form.Get("include_all_metadata") == "true"
	limit := pageLimit(r)
	var msgs []map[string]any
	for _, p := range slices.Backward(s.posts) {
		if p.Channel != ch || p.Thread != "" {
			continue
		}
		msgs = append(msgs, p.message(meta))
	}
	s.mu.Unlock()
	more := len(msgs) > limit
	if more {
		msgs = msgs[:limit]
	}
	resp := map[string]any{"messages": nonNil(msgs), "has_more": more, "pin_count": 0}
	if more {
		resp["response_metadata"] = map[string]any{"next_cursor": "bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz"}
	}
	writeOK(w, resp)
}

// replies answers conversations.replies; s.mu is held on entry. The
// parent need not be a post of the fake: a thread of a person's message
// has only the replies the fake knows.
func (s *Server) replies(w http.ResponseWriter, r *http.Request) {
	ch, ts := r.Form.Get("channel"), r.Form.Get("ts")
	meta := r.Form.Get("include_all_metadata") == "1" || r.Form.Get("include_all_metadata") == "true"
	limit := pageLimit(r)
	var msgs []map[string]any
	for _, p := range s.posts {
		if p.Channel == ch && (p.TS == ts || p.Thread == ts) {
			msgs = append(msgs, p.message(meta))
		}
	}
	s.mu.Unlock()
	if ts == "" {
		writeErr(w, "invalid_arguments")
		return
	}
	more := len(msgs) > limit
	if more {
		msgs = msgs[:limit]
	}
	resp := map[string]any{"messages": nonNil(msgs), "has_more": more}
	if more {
		resp["response_metadata"] = map[string]any{"next_cursor": "bmV4dF90czoxNDg0Njc4MjkwNTE3MDkx"}
	}
	writeOK(w, resp)
}

func nonNil(m []map[string]any) []map[string]any {
	if m == nil {
		return []map[string]any{}
	}
	return m
}

package teams

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/infracloudio/msbotbuilder-go/schema"
)

// The fake Connector's side of the fake Bot Framework: what it answers to
// the coach's posts, edits and deletions, and to the channel list.

func (f *fakeBotFramework) serveConnector(w http.ResponseWriter, r *http.Request) {
	if team, ok := strings.CutPrefix(r.URL.Path, "/emea/v3/teams/"); ok && r.Method == http.MethodGet {
		f.serveChannelList(w, r, strings.TrimSuffix(team, "/conversations"))
		return
	}
	if strings.HasSuffix(r.URL.Path, "/v3/conversations") && r.Method == http.MethodPost {
		f.serveCreateConversation(w, r)
		return
	}
	// Like the real Connector, the serviceUrl carries a path prefix: the
	// region, /emea/ or /amer/.
	region, rest, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/v3/conversations/")
	if !ok || (region != "emea" && region != "amer") {
		http.NotFound(w, r)
		return
	}
	if conv, id, ok := strings.Cut(rest, "/activities/"); ok && (r.Method == http.MethodPut || r.Method == http.MethodDelete) {
		f.serveChange(w, r, region, conv, id)
		return
	}
	conv, ok2 := strings.CutSuffix(rest, "/activities")
	if !ok2 || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	f.mu.Lock()
	authorized := f.valid[tok]
	var ans *connectorAnswer
	if authorized && len(f.script) > 0 {
		a := f.script[0]
		f.script = f.script[1:]
		ans = &a
	}
	f.mu.Unlock()
	if !authorized {
		w.WriteHeader(http.StatusUnauthorized)
		writeJSON(w, map[string]any{"error": map[string]any{"code": "Unauthorized", "message": "Authorization has been denied for this request."}})
		return
	}
	if ans != nil && ans.status != 0 {
		if ans.retryAfter != "" {
			w.Header().Set("Retry-After", ans.retryAfter)
		}
		w.WriteHeader(ans.status)
		io.WriteString(w, ans.body)
		return
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var act schema.Activity
	if err := json.Unmarshal(raw, &act); err != nil || act.Type != schema.Message {
		w.WriteHeader(http.StatusBadRequest)
		writeJSON(w, map[string]any{"error": map[string]any{"code": "BadArgument", "message": "Invalid activity"}})
		return
	}
	f.mu.Lock()
	f.nextID++
	id := fmt.Sprint(f.nextID)
	f.posts = append(f.posts, recordedPost{ServiceURL: f.conn.URL + "/" + region + "/", Conversation: conv, Activity: act, Raw: raw, ID: id})
	f.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
	writeJSON(w, map[string]any{"id": id})
}

// recordedChange is an update (PUT) or deletion (DELETE) of a posted
// activity.
type recordedChange struct {
	Method, ServiceURL, Conversation, ID string
	Activity                             schema.Activity // PUT only
}

// serveChange answers PUT and DELETE of
// /v3/conversations/{conversation}/activities/{id}.
func (f *fakeBotFramework) serveChange(w http.ResponseWriter, r *http.Request, region, conv, id string) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.valid[tok] {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	ch := recordedChange{Method: r.Method, ServiceURL: f.conn.URL + "/" + region + "/", Conversation: conv, ID: id}
	if r.Method == http.MethodPut {
		if err := json.NewDecoder(r.Body).Decode(&ch.Activity); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			writeJSON(w, map[string]any{"error": map[string]any{"code": "BadArgument", "message": "Invalid activity"}})
			return
		}
	}
	f.changes = append(f.changes, ch)
	if r.Method == http.MethodPut {
		writeJSON(w, map[string]any{"id": id})
	}
}

func (f *fakeBotFramework) recordedChanges() []recordedChange {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recordedChange(nil), f.changes...)
}

// serveChannelList answers GET /v3/teams/{id}/conversations.
func (f *fakeBotFramework) serveChannelList(w http.ResponseWriter, r *http.Request, team string) {
	f.listHits.Add(1)
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.valid[tok] {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if team != testTeam {
		w.WriteHeader(http.StatusNotFound)
		writeJSON(w, map[string]any{"error": map[string]any{"code": "NotFound", "message": "Team not found"}})
		return
	}
	list := []map[string]any{}
	for id, name := range f.chanNames {
		c := map[string]any{"id": id, "name": nil}
		if name != "" {
			c["name"] = name
		}
		list = append(list, c)
	}
	writeJSON(w, map[string]any{"conversations": list})
}

func (f *fakeBotFramework) nameChannel(id, name string) {
	f.mu.Lock()
	f.chanNames[id] = name
	f.mu.Unlock()
}

// personalConversation is the id the fake Connector gives the personal
// chat with the test user.
const personalConversation = "a:1Hq9ZqF0H1tT4aS0vR2mVgXyk3p5wB8cNpersonalChatId"

// serveCreateConversation answers POST /v3/conversations: the personal
// chat with one person, created or found ({"id": …}), or the refusal
// Teams gives when the app is not installed for the person.
func (f *fakeBotFramework) serveCreateConversation(w http.ResponseWriter, r *http.Request) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	var body map[string]any
	err := json.NewDecoder(r.Body).Decode(&body)
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case !f.valid[tok]:
		w.WriteHeader(http.StatusUnauthorized)
		return
	case err != nil:
		w.WriteHeader(http.StatusBadRequest)
		writeJSON(w, map[string]any{"error": map[string]any{"code": "BadArgument", "message": "Invalid conversation"}})
		return
	}
	f.created = append(f.created, body)
	if f.refuseCreate != 0 {
		w.WriteHeader(f.refuseCreate)
		writeJSON(w, map[string]any{"error": map[string]any{"code": "Forbidden", "message": "The bot is not part of the conversation roster."}})
		return
	}
	w.WriteHeader(http.StatusCreated)
	writeJSON(w, map[string]any{"id": personalConversation})
}

func (f *fakeBotFramework) createdConversations() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.created...)
}

package teams

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// A bot cannot post a file into a channel. What the Bot Framework allows
// is a file consent card in the person's personal chat: the person
// accepts, Teams makes room in their OneDrive and sends the bot an upload
// URL (the invoke fileConsent/invoke), the bot PUTs the bytes there and
// posts a file info card that opens the file (MicrosoftDocs/msteams-docs,
// msteams-platform/bots/how-to/bots-filesv4.md, "Use the Teams bot APIs").
//
// The file is not kept anywhere between the card and the invoke: the
// card's acceptContext names the case's channel and whether names were
// asked for, and the Word document is typeset again from the stored case
// when the person accepts. So nothing large waits in the store, a restart
// in between loses nothing, and a case forgotten in between gives nothing
// away.

// Content types of the Teams file cards.
const (
	fileConsentType = "application/vnd.microsoft.teams.card.file.consent"
	fileInfoType    = "application/vnd.microsoft.teams.card.file.info"
	// fileConsentInvoke is the invoke Teams sends when the person accepts
	// or declines a file consent card.
	fileConsentInvoke = "fileConsent/invoke"
)

// caseDocuments is what the adapter needs of the engine to make a case's
// Word document again; *bot.Engine has it. Without it the export stays a
// Markdown reply.
type caseDocuments interface {
	Case(channel string) (*dialogs.Case, error)
	Coach() dialogs.Coach
}

// consentContext is the acceptContext and declineContext of the coach's
// file consent cards. Sig is an HMAC over the rest with a key derived from
// the app password: a context the coach did not write is refused.
//
// Issued (Unix seconds) and Nonce make a context good for one use within
// consentValid: a context replayed later, or a second time, is refused.
type consentContext struct {
	Channel string       `json:"channel"`
	Names   bool         `json:"names,omitempty"`
	User    string       `json:"user"`
	Lang    dialogs.Lang `json:"lang"`
	Issued  int64        `json:"issued"`
	Nonce   string       `json:"nonce"`
	Sig     string       `json:"sig"`
}

// consentValid is how long a file consent card can be accepted.
const consentValid = 24 * time.Hour

// newNonce returns 16 random bytes, hex encoded.
func newNonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// fileConsentCard is the content of a file consent card.
type fileConsentCard struct {
	Description    string         `json:"description"`
	SizeInBytes    int            `json:"sizeInBytes"`
	AcceptContext  consentContext `json:"acceptContext"`
	DeclineContext consentContext `json:"declineContext"`
}

// fileConsentValue is the value of a fileConsent/invoke.
type fileConsentValue struct {
	Type       string          `json:"type"`   // "fileUpload"
	Action     string          `json:"action"` // "accept" or "decline"
	Context    json.RawMessage `json:"context"`
	UploadInfo struct {
		Name       string `json:"name"`
		UploadURL  string `json:"uploadUrl"`
		ContentURL string `json:"contentUrl"`
		UniqueID   string `json:"uniqueId"`
		FileType   string `json:"fileType"`
	} `json:"uploadInfo"`
}

// sign sets c.Sig.
func (c *consentContext) sign(key []byte) { c.Sig = c.mac(key) }

// valid reports whether c.Sig is the coach's.
func (c consentContext) valid(key []byte) bool {
	return c.Sig != "" && hmac.Equal([]byte(c.Sig), []byte(c.mac(key)))
}

func (c consentContext) mac(key []byte) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%q %t %q %q %d %q", c.Channel, c.Names, c.User, c.Lang, c.Issued, c.Nonce)
	return hex.EncodeToString(m.Sum(nil))
}

// consentKey derives the key that signs consent contexts from the app
// password, which only the coach knows.
func consentKey(password string) []byte {
	sum := sha256.Sum256([]byte("involve file consent\x00" + password))
	return sum[:]
}

// offerFile sends the export's Word document as a file consent card to
// the personal chat of the person who asked, creating (or finding) that
// chat first. It reports whether the card went out; when it did not (no
// asker, no tenant, the app not installed for the person: a 403), the
// reason is logged and the export stays a Markdown reply.
func (s sender) offerFile(ctx context.Context, m bot.Outgoing, ref schema.ConversationReference) bool {
	r := m.Reply
	a := s.a
	if r.File == nil || len(r.File.Data) == 0 || a.docs == nil {
		return false
	}
	tenant := ref.Conversation.TenantID
	switch {
	case r.Asker == "":
		a.log.Info("teams: export sent as text: no one to send the file to", "channel", m.Channel)
		return false
	case tenant == "" || ref.Bot.ID == "":
		a.log.Info("teams: export sent as text: the channel's reference lacks tenant or bot", "channel", m.Channel)
		return false
	case m.Attempts > 0:
		// An earlier attempt may have offered the file already; the retry
		// is the Markdown alone.
		return false
	}
	conv, err := a.conn.createConversation(ctx, ref.ServiceURL, newConversation{
		Bot:         schema.ChannelAccount{ID: ref.Bot.ID, Name: ref.Bot.Name},
		Members:     []schema.ChannelAccount{{ID: r.Asker}},
		ChannelData: map[string]any{"tenant": map[string]string{"id": tenant}},
		TenantID:    tenant,
	})
	if err != nil {
		// 403: the app is not installed for the person (personal scope).
		a.log.Warn("teams: export sent as text: no personal chat with the person who asked", "channel", m.Channel, "err", err)
		return false
	}
	cc := consentContext{Channel: m.Channel, Names: r.Names, User: r.Asker, Lang: r.Lang,
		Issued: a.Now().Unix(), Nonce: newNonce()}
	cc.sign(a.consentKey)
	t := textsFor(r.Lang)
	act := outActivity{
		Type:   "message",
		Locale: locale(r.Lang),
		Attachments: []schema.Attachment{{
			ContentType: fileConsentType,
			Name:        r.File.Name,
			Content: fileConsentCard{
				Description:    fmt.Sprintf(t.FileDescription, r.File.Title),
				SizeInBytes:    len(r.File.Data),
				AcceptContext:  cc,
				DeclineContext: cc,
			},
		}},
		From:         &schema.ChannelAccount{ID: ref.Bot.ID, Name: ref.Bot.Name},
		Conversation: &schema.ConversationAccount{ID: conv},
	}
	personal := ref
	personal.Conversation = schema.ConversationAccount{ID: conv, ConversationType: "personal", TenantID: tenant}
	if _, err := s.post(ctx, personal, conv, &act); err != nil {
		a.log.Warn("teams: export sent as text: the file consent card could not be sent", "channel", m.Channel, "err", err)
		return false
	}
	return true
}

// newConversation is the body of POST /v3/conversations for a 1:1 chat
// with one person (MicrosoftDocs/msteams-docs,
// msteams-platform/bots/how-to/conversations/send-proactive-messages.md).
type newConversation struct {
	Bot         schema.ChannelAccount   `json:"bot"`
	Members     []schema.ChannelAccount `json:"members"`
	ChannelData map[string]any          `json:"channelData"`
	TenantID    string                  `json:"tenantId,omitempty"`
	IsGroup     bool                    `json:"isGroup"`
}

// createConversation creates the personal chat with one person, or finds
// the one there is, and returns its id.
func (c *connector) createConversation(ctx context.Context, serviceURL string, body newConversation) (string, error) {
	u, err := url.Parse(serviceURL)
	if err != nil || checkServiceURL(u) != nil {
		return "", &bot.PermanentError{Err: fmt.Errorf("bad service url %q", serviceURL)}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return "", &bot.PermanentError{Err: fmt.Errorf("encode conversation: %w", err)}
	}
	id, err := c.call(ctx, "POST", strings.TrimRight(serviceURL, "/")+"/v3/conversations", b)
	if err != nil {
		return "", fmt.Errorf("create conversation: %w", err)
	}
	if id == "" {
		return "", errors.New("create conversation: no id in the answer")
	}
	return id, nil
}

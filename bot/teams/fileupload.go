package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/dialogs"
	"github.com/oslo-involve/involve/internal/urls"
)

// fileConsentTimeout bounds the work done for one fileConsent/invoke:
// the document, the upload and the file card, all before the answer.
// Teams gives an invoke about 15 seconds before it tells the person the
// action failed.
const fileConsentTimeout = 12 * time.Second

// fileConsent answers a fileConsent/invoke from the personal chat. On
// accept it typesets the case's document again, PUTs it to the upload URL
// Teams gave and posts a file info card; on decline it says a kind word.
// Whatever happens, the invoke is answered 200: the person learns of a
// failure in the chat, and the Bot Framework has nothing to send again.
// A context the coach did not sign, or one for another person, is ignored.
func (a *Adapter) fileConsent(ctx context.Context, in *inbound) {
	var v fileConsentValue
	raw, _ := json.Marshal(in.Value)
	if err := json.Unmarshal(raw, &v); err != nil || v.Type != "fileUpload" {
		a.log.Info("teams: file consent ignored: not a file upload", "id", in.ID)
		return
	}
	var cc consentContext
	if err := json.Unmarshal(v.Context, &cc); err != nil || !cc.valid(a.consentKey) {
		a.log.Warn("teams: file consent ignored: a context the coach did not write", "id", in.ID)
		return
	}
	if in.From.ID == "" || in.From.ID != cc.User {
		a.log.Warn("teams: file consent ignored: not from the person who asked", "id", in.ID, "channel", cc.Channel)
		return
	}
	now := a.Now()
	if issued := time.Unix(cc.Issued, 0); cc.Nonce == "" || now.Sub(issued) > consentValid || issued.Sub(now) > time.Minute {
		a.log.Warn("teams: file consent ignored: the card has expired", "id", in.ID, "channel", cc.Channel)
		return
	}
	if in.ID != "" && !a.consents.Claim(in.ID, now) {
		a.log.Debug("teams: file consent already handled", "id", in.ID)
		return
	}
	if !a.usedNonces.Claim(cc.Nonce, now) {
		a.log.Warn("teams: file consent ignored: the card was used already", "id", in.ID, "channel", cc.Channel)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), fileConsentTimeout)
	defer cancel()
	t := textsFor(cc.Lang)
	switch v.Action {
	case "decline":
		a.sayPersonal(ctx, in, cc.Lang, t.FileDeclined)
	case "accept":
		if err := a.upload(ctx, cc, v); err != nil {
			a.log.Warn("teams: the Word document could not be uploaded", "channel", cc.Channel, "err", err)
			a.sayPersonal(ctx, in, cc.Lang, t.FileFailed)
			return
		}
		act := a.personalActivity(in, cc.Lang)
		act.Attachments = []schema.Attachment{{
			ContentType: fileInfoType,
			ContentURL:  v.UploadInfo.ContentURL,
			Name:        v.UploadInfo.Name,
			Content:     map[string]string{"uniqueId": v.UploadInfo.UniqueID, "fileType": v.UploadInfo.FileType},
		}}
		a.postPersonal(ctx, in, act)
	default:
		a.log.Info("teams: file consent ignored: unknown action", "id", in.ID)
	}
}

// upload makes the case's Word document again and PUTs it to the upload
// URL in one request, as the OneDrive upload session takes it
// (Content-Length and Content-Range: bytes 0-{n-1}/{n}).
func (a *Adapter) upload(ctx context.Context, cc consentContext, v fileConsentValue) error {
	target, err := url.Parse(v.UploadInfo.UploadURL)
	if err != nil || !a.uploadHostOK(target) {
		return fmt.Errorf("upload url not on a Microsoft file host")
	}
	c, err := a.docs.Case(cc.Channel)
	if err != nil {
		return fmt.Errorf("case %s: %w", cc.Channel, err)
	}
	co := a.docs.Coach()
	if co.Typesetter == nil {
		return errors.New("no typesetter")
	}
	f, err := co.Typesetter.Typeset(co.Document(c, a.Now()).Chapter(cc.Names))
	if err != nil {
		return fmt.Errorf("typeset: %w", err)
	}
	n := len(f.Data)
	if n == 0 {
		return errors.New("empty document")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, target.String(), bytes.NewReader(f.Data))
	if err != nil {
		return err
	}
	// No Authorization: the upload URL carries its own grant, and the
	// bot's token must never go to it.
	req.ContentLength = int64(n) // sent as Content-Length
	req.Header.Set("Content-Range", fmt.Sprintf("bytes 0-%d/%d", n-1, n))
	resp, err := a.conn.client.Do(req)
	if err != nil {
		return fmt.Errorf("put: %w", scrubURLError(err))
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("put: %s", resp.Status)
	}
	return nil
}

// personalActivity is a message to the personal chat an invoke came from.
func (a *Adapter) personalActivity(in *inbound, lang dialogs.Lang) outActivity {
	return outActivity{
		Type:         "message",
		Locale:       locale(lang),
		From:         &schema.ChannelAccount{ID: in.Recipient.ID, Name: in.Recipient.Name},
		Conversation: &schema.ConversationAccount{ID: in.Conversation.ID},
	}
}

// sayPersonal posts a short text to the personal chat an invoke came from.
func (a *Adapter) sayPersonal(ctx context.Context, in *inbound, lang dialogs.Lang, text string) {
	act := a.personalActivity(in, lang)
	act.Text, act.TextFormat = text, "plain"
	a.postPersonal(ctx, in, act)
}

// postPersonal posts act to the invoke's conversation, within the pace.
func (a *Adapter) postPersonal(ctx context.Context, in *inbound, act outActivity) {
	tenant := in.Conversation.TenantID
	if tenant == "" && in.ChannelData.Tenant != nil {
		tenant = in.ChannelData.Tenant.ID
	}
	ref := schema.ConversationReference{ServiceURL: in.ServiceURL,
		Conversation: schema.ConversationAccount{ID: in.Conversation.ID, TenantID: tenant}}
	if _, err := (sender{a}).post(ctx, ref, in.Conversation.ID, &act); err != nil {
		a.log.Warn("teams: message to the personal chat failed", "err", err)
	}
}

// isFileConsent reports whether an activity is the answer to a file
// consent card.
func isFileConsent(in *inbound) bool {
	return in.Type == schema.Invoke && strings.EqualFold(in.Name, fileConsentInvoke)
}

// uploadHosts are the hosts a file consent's upload URL may name: the
// person's OneDrive, which is SharePoint (commercial, government and
// national clouds), or Microsoft Graph. Anything else is refused, so a
// forged invoke cannot have the coach send a document elsewhere.
var uploadHosts = []string{
	".sharepoint.com", ".sharepoint.us", ".sharepoint.de", ".sharepoint.cn", ".sharepoint-mil.us",
	".sharepoint-df.com",
}

// uploadHostOK reports whether u is an https address on one of
// Microsoft's file hosts; with AllowLoopbackUploads (tests), also a
// loopback address over http.
func (a *Adapter) uploadHostOK(u *url.URL) bool {
	host := strings.ToLower(u.Hostname())
	if a.AllowLoopbackUploads && checkServiceURL(u) == nil && urls.Loopback(host) {
		return true
	}
	if u.Scheme != "https" || u.User != nil || host == "" {
		return false
	}
	if host == "graph.microsoft.com" || host == "graph.microsoft.us" || host == "dod-graph.microsoft.us" {
		return true
	}
	for _, suffix := range uploadHosts {
		if strings.HasSuffix(host, suffix) && len(host) > len(suffix) {
			return true
		}
	}
	return false
}

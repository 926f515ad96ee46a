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
	"strconv"
	"strings"
	"time"

	"github.com/infracloudio/msbotbuilder-go/connector/client"
	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/internal/urls"
)

// connector posts activities to the Bot Connector REST API. It is also
// msbotbuilder-go's client.Client, the client core.BotFrameworkAdapter
// holds; the coach's own sends use postActivity, which takes a context and
// returns the posted activity's id (client.Client's Post does neither).
type connector struct {
	client *http.Client
	tokens *tokenSource
}

var _ client.Client = (*connector)(nil)

// clientCallTimeout bounds a call through the client.Client methods, which
// take no context.
const clientCallTimeout = 30 * time.Second

// postActivity posts act to a conversation and returns the id the
// Connector gave the new activity.
//
// What is retried is what Microsoft documents as transient for the Bot
// Connector (learn.microsoft.com, "rate limiting and best practices"):
// 412, 429, 502, 503 and 504, and network errors. A 429 is a
// *bot.RetryAfterError (Retry-After, one second when absent), as is any of
// the others that carries Retry-After; without it they are plain errors,
// which the outbox retries with backoff. Every other status is wrapped in
// *bot.PermanentError (a 401 after one retry with a fresh token).
func (c *connector) postActivity(ctx context.Context, serviceURL, conversationID string, act *outActivity) (string, error) {
	target, err := activitiesURL(serviceURL, conversationID)
	if err != nil {
		return "", &bot.PermanentError{Err: err}
	}
	body, err := json.Marshal(act)
	if err != nil {
		return "", &bot.PermanentError{Err: fmt.Errorf("encode activity: %w", err)}
	}
	return c.call(ctx, http.MethodPost, target, body)
}

// Post is client.Client's: it posts an activity to a Connector URL
// ({serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]).
func (c *connector) Post(target url.URL, act schema.Activity) error {
	return c.clientCall(http.MethodPost, target, &act)
}

// Put is client.Client's: it replaces an activity the bot posted
// ({serviceUrl}/v3/conversations/{id}/activities/{activityId}).
func (c *connector) Put(target url.URL, act schema.Activity) error {
	return c.clientCall(http.MethodPut, target, &act)
}

// Delete is client.Client's: it deletes an activity the bot posted.
func (c *connector) Delete(target url.URL, _ schema.Activity) error {
	return c.clientCall(http.MethodDelete, target, nil)
}

// clientCall makes one client.Client call, with the same token handling,
// target check and error classes as postActivity.
func (c *connector) clientCall(method string, target url.URL, act *schema.Activity) error {
	if err := checkServiceURL(&target); err != nil {
		return &bot.PermanentError{Err: err}
	}
	var body []byte
	if act != nil {
		b, err := json.Marshal(act)
		if err != nil {
			return &bot.PermanentError{Err: fmt.Errorf("encode activity: %w", err)}
		}
		body = b
	}
	ctx, cancel := context.WithTimeout(context.Background(), clientCallTimeout)
	defer cancel()
	_, err := c.call(ctx, method, target.String(), body)
	return err
}

// call sends one request to the Connector with the bot's token, trying
// once more with a fresh token if the Connector refuses it (the token may
// have been revoked early, after the secret was rotated).
func (c *connector) call(ctx context.Context, method, target string, body []byte) (string, error) {
	for attempt := 0; ; attempt++ {
		tok, err := c.tokens.Token(ctx)
		if err != nil {
			return "", err
		}
		id, status, err := c.do(ctx, method, target, tok, body)
		if status == http.StatusUnauthorized && attempt == 0 {
			c.tokens.Invalidate(tok)
			continue
		}
		return id, err
	}
}

// do sends one request and classifies the answer.
func (c *connector) do(ctx context.Context, method, target, token string, body []byte) (id string, status int, err error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return "", 0, &bot.PermanentError{Err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	op := strings.ToLower(method) + " activity"
	resp, err := c.client.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("%s: %w", op, scrubURLError(err))
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))

	switch s := resp.StatusCode; {
	case s >= 200 && s < 300:
		var rr struct {
			ID string `json:"id"`
		}
		if len(bytes.TrimSpace(data)) > 0 && method != http.MethodDelete {
			if err := json.Unmarshal(data, &rr); err != nil {
				return "", s, fmt.Errorf("%s: decode answer: %w", op, err)
			}
		}
		return messageID(rr.ID), s, nil
	case s == http.StatusTooManyRequests:
		return "", s, &bot.RetryAfterError{After: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
	case transientStatus(s):
		if h := resp.Header.Get("Retry-After"); h != "" {
			return "", s, &bot.RetryAfterError{After: retryAfter(h, time.Now())}
		}
		return "", s, fmt.Errorf("%s: %s%s", op, resp.Status, connectorError(data))
	default:
		return "", s, &bot.PermanentError{Err: fmt.Errorf("%s: %s%s", op, resp.Status, connectorError(data))}
	}
}

// transientStatus reports whether the Connector's answer is one Microsoft
// says to retry (429 aside, which always says how long to wait).
func transientStatus(s int) bool {
	switch s {
	case http.StatusPreconditionFailed, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// activitiesURL builds {serviceUrl}/v3/conversations/{id}/activities. The
// token goes wherever this points, so only https is allowed (and http to
// the loopback interface, for local tests).
func activitiesURL(serviceURL, conversationID string) (string, error) {
	if conversationID == "" {
		return "", errors.New("no conversation id")
	}
	u, err := url.Parse(serviceURL)
	if err != nil {
		return "", fmt.Errorf("bad service url %q", serviceURL)
	}
	if err := checkServiceURL(u); err != nil {
		return "", err
	}
	return strings.TrimRight(serviceURL, "/") + "/v3/conversations/" + url.PathEscape(conversationID) + "/activities", nil
}

// checkServiceURL allows the URLs the bot's token may be sent to: https,
// or http to the loopback interface.
func checkServiceURL(u *url.URL) error {
	if u.Host == "" {
		return fmt.Errorf("bad service url %q", u.Redacted())
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if urls.Loopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("service url %q is not https", u.Redacted())
	}
	return fmt.Errorf("bad service url %q", u.Redacted())
}

// messageID returns the message id of a posted activity: the Connector
// answers with the bare id, or for a new channel thread sometimes with
// "<channel>;messageid=<id>".
func messageID(id string) string {
	if _, after, ok := strings.Cut(id, ";messageid="); ok {
		return after
	}
	return id
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), between
// one second and ten minutes; one second when absent.
func retryAfter(h string, now time.Time) time.Duration {
	d := time.Second
	if h = strings.TrimSpace(h); h != "" {
		if secs, err := strconv.Atoi(h); err == nil {
			d = time.Duration(secs) * time.Second
		} else if t, err := http.ParseTime(h); err == nil {
			d = t.Sub(now)
		}
	}
	return min(max(d, time.Second), 10*time.Minute)
}

// connectorError extracts the Connector's error code and message
// ({"error":{"code":…,"message":…}}) for logs.
func connectorError(body []byte) string {
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil || (e.Error.Code == "" && e.Error.Message == "") {
		return ""
	}
	return ": " + e.Error.Code + ": " + firstLine(e.Error.Message)
}

// scrubURLError drops the URL from a transport error; what remains says
// what went wrong.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

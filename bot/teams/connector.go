package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/oslo-involve/involve/bot"
)

// connector posts activities to the Bot Connector REST API.
type connector struct {
	client *http.Client
	tokens *tokenSource
}

// postActivity posts act to a conversation and returns the id the
// Connector gave the new activity.
//
// A 429 is a *bot.RetryAfterError; 400, 401, 403, 404 and 413 are wrapped in
// *bot.PermanentError (after one retry with a fresh token on 401); 5xx and
// network errors are plain errors for the outbox to retry.
func (c *connector) postActivity(ctx context.Context, serviceURL, conversationID string, act *outActivity) (string, error) {
	target, err := activitiesURL(serviceURL, conversationID)
	if err != nil {
		return "", &bot.PermanentError{Err: err}
	}
	body, err := json.Marshal(act)
	if err != nil {
		return "", &bot.PermanentError{Err: fmt.Errorf("encode activity: %w", err)}
	}
	for attempt := 0; ; attempt++ {
		tok, err := c.tokens.Token(ctx)
		if err != nil {
			return "", err
		}
		id, status, err := c.post(ctx, target, tok, body)
		if status == http.StatusUnauthorized && attempt == 0 {
			// The token may have been revoked early (a rotated secret):
			// try once more with a new one.
			c.tokens.Invalidate(tok)
			continue
		}
		return id, err
	}
}

// post sends one request and classifies the answer.
func (c *connector) post(ctx context.Context, target, token string, body []byte) (id string, status int, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return "", 0, &bot.PermanentError{Err: err}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.client.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("post activity: %w", scrubURLError(err))
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))

	switch s := resp.StatusCode; {
	case s >= 200 && s < 300:
		var rr struct {
			ID string `json:"id"`
		}
		if len(bytes.TrimSpace(data)) > 0 {
			if err := json.Unmarshal(data, &rr); err != nil {
				return "", s, fmt.Errorf("post activity: decode answer: %w", err)
			}
		}
		return messageID(rr.ID), s, nil
	case s == http.StatusTooManyRequests:
		return "", s, &bot.RetryAfterError{After: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
	case s == http.StatusBadRequest, s == http.StatusUnauthorized, s == http.StatusForbidden,
		s == http.StatusNotFound, s == http.StatusRequestEntityTooLarge:
		return "", s, &bot.PermanentError{Err: fmt.Errorf("post activity: %s%s", resp.Status, connectorError(data))}
	default:
		return "", s, fmt.Errorf("post activity: %s%s", resp.Status, connectorError(data))
	}
}

// activitiesURL builds {serviceUrl}/v3/conversations/{id}/activities. The
// token goes wherever this points, so only https is allowed (and http to
// the loopback interface, for local tests).
func activitiesURL(serviceURL, conversationID string) (string, error) {
	if conversationID == "" {
		return "", errors.New("no conversation id")
	}
	u, err := url.Parse(serviceURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("bad service url %q", serviceURL)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("service url %q is not https", serviceURL)
		}
	default:
		return "", fmt.Errorf("bad service url %q", serviceURL)
	}
	return strings.TrimRight(serviceURL, "/") + "/v3/conversations/" + url.PathEscape(conversationID) + "/activities", nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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

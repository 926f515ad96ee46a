package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"github.com/oslo-involve/involve/bot"
)

// webAPI is the part of Slack's Web API the coach uses. *slack.Client
// implements it; tests may put a fake in its place.
type webAPI interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	AddReactionContext(ctx context.Context, name string, item slack.ItemRef) error
	DeleteMessageContext(ctx context.Context, channel, messageTimestamp string) (string, string, error)
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
	JoinConversationContext(ctx context.Context, channelID string) (*slack.Channel, string, []string, error)
	GetConversationInfoContext(ctx context.Context, input *slack.GetConversationInfoInput) (*slack.Channel, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
	GetConversationRepliesContext(ctx context.Context, params *slack.GetConversationRepliesParameters) ([]slack.Message, bool, string, error)
}

var _ webAPI = (*slack.Client)(nil)

// permanentErrors are Web API errors (ok:false) that no retry can fix: the
// channel is gone or closed to the coach, the token or its scopes are
// wrong, or the message itself is refused.
var permanentErrors = map[string]bool{
	"channel_not_found":                        true,
	"not_in_channel":                           true,
	"is_archived":                              true,
	"account_inactive":                         true,
	"invalid_auth":                             true,
	"not_authed":                               true,
	"token_revoked":                            true,
	"token_expired":                            true,
	"missing_scope":                            true,
	"not_allowed_token_type":                   true,
	"no_permission":                            true,
	"ekm_access_denied":                        true,
	"team_access_not_granted":                  true,
	"msg_too_long":                             true,
	"invalid_blocks":                           true,
	"invalid_blocks_format":                    true,
	"invalid_attachments":                      true,
	"no_text":                                  true,
	"too_many_attachments":                     true,
	"invalid_arguments":                        true,
	"invalid_arg_name":                         true,
	"invalid_array_arg":                        true,
	"restricted_action":                        true,
	"restricted_action_read_only_channel":      true,
	"restricted_action_thread_only_channel":    true,
	"restricted_action_non_threadable_channel": true,
	"cannot_reply_to_message":                  true,
	"message_not_found":                        true,
	"bad_timestamp":                            true,
	"too_many_reactions":                       true,
	"invalid_name":                             true,
	"method_not_supported_for_channel_type":    true,
	"is_private":                               true,
	"user_not_found":                           true,
	"not_authorized":                           true,
	"file_uploads_disabled":                    true,
	"file_uploads_except_images_disabled":      true,
	"storage_limit_reached":                    true,
	"invalid_channel":                          true,
}

// ambiguousErrors are ok:false errors after which, Slack documents, "it's
// possible some aspect of the operation succeeded".
var ambiguousErrors = map[string]bool{
	"internal_error":      true,
	"fatal_error":         true,
	"service_unavailable": true,
	"request_timeout":     true,
}

// defaultRetryAfter is used for a 429 without a usable Retry-After.
const defaultRetryAfter = time.Second

// classify turns a Web API error into the engine's terms: a rate limit
// becomes *bot.RetryAfterError, an error no retry can fix becomes
// *bot.PermanentError, a failure that leaves unknown whether Slack did the
// work (5xx, network, timeouts) becomes *bot.AmbiguousError, and anything
// else (an ok:false error not known to be permanent) is returned wrapped,
// for the outbox to retry with backoff.
func classify(method string, err error) error {
	if err == nil {
		return nil
	}
	if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		after := rl.RetryAfter
		if after <= 0 {
			after = defaultRetryAfter
		}
		return &bot.RetryAfterError{After: after}
	}
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok {
		switch sc.Code {
		case http.StatusTooManyRequests:
			return &bot.RetryAfterError{After: defaultRetryAfter}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			return &bot.PermanentError{Err: fmt.Errorf("slack: %s: %w", method, err)}
		}
		if sc.Code >= 500 {
			return &bot.AmbiguousError{Err: fmt.Errorf("slack: %s: %w", method, err)}
		}
		return fmt.Errorf("slack: %s: %w", method, err)
	}
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		if se.Err == "ratelimited" {
			return &bot.RetryAfterError{After: defaultRetryAfter}
		}
		if permanentErrors[se.Err] {
			return &bot.PermanentError{Err: fmt.Errorf("slack: %s: %w", method, err)}
		}
		if ambiguousErrors[se.Err] {
			return &bot.AmbiguousError{Err: fmt.Errorf("slack: %s: %w", method, err)}
		}
		return fmt.Errorf("slack: %s: %w", method, err)
	}
	// No answer from Slack, or one we could not read: a timeout, a reset
	// connection, a cut body. The call may have been done.
	return &bot.AmbiguousError{Err: fmt.Errorf("slack: %s: %w", method, err)}
}

// apiError returns the error code of an ok:false answer, or "".
func apiError(err error) string {
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return se.Err
	}
	return ""
}

// isPermanent reports whether classify made err permanent.
func isPermanent(err error) bool {
	_, ok := errors.AsType[*bot.PermanentError](err)
	return ok
}

package teams

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
)

// Check verifies at start-up that the adapter can work with what it was
// given. It fetches an access token from the token endpoint, which proves
// the app id, the client secret and the tenant, and the Bot Framework's
// OpenID metadata and signing keys. Each error names the setting to fix,
// never a secret's value; when both fail, both are reported. Both results
// are cached, so the first activity and the first reply need not wait.
func (a *Adapter) Check(ctx context.Context) error {
	var errs []error
	if err := a.conn.tokens.refresh(ctx); err != nil {
		errs = append(errs, explainTokenError(err, a.tokenURL))
	}
	if err := a.validator.Load(ctx); err != nil {
		errs = append(errs, fmt.Errorf("teams: cannot read the Bot Framework's signing keys from %s; check teams.openid_metadata_url: %w",
			redactURL(a.validator.metadataURL), err))
	}
	return errors.Join(errs...)
}

// aadCode finds the Entra ID error code ("AADSTS7000215") at the start of an
// error description.
var aadCode = regexp.MustCompile(`^AADSTS\d+`)

// explainTokenError says which setting a failed token request points at.
// The codes are Entra ID's: invalid_client for a wrong or expired secret
// (AADSTS7000215, AADSTS7000222), unauthorized_client for an app id the
// tenant does not know (AADSTS700016), invalid_request for an unknown
// tenant (AADSTS90002, AADSTS900023).
func explainTokenError(err error, tokenURL string) error {
	at := redactURL(tokenURL)
	var te *tokenError
	if !errors.As(err, &te) {
		return fmt.Errorf("teams: cannot get a token from %s; check teams.tenant_id (MICROSOFT_APP_TENANT_ID) or teams.token_url: %w", at, err)
	}
	code := aadCode.FindString(te.Description)
	switch {
	case te.Code == "invalid_client":
		return fmt.Errorf("teams: the token endpoint refused the bot's client secret; check teams.app_password (MICROSOFT_APP_PASSWORD): "+
			"it must be the secret's value, not its id, and must not have expired: %w", err)
	case te.Code == "unauthorized_client" || code == "AADSTS700016":
		return fmt.Errorf("teams: the tenant of %s does not know the bot's app; check teams.app_id (MICROSOFT_APP_ID) and teams.tenant_id (MICROSOFT_APP_TENANT_ID): %w", at, err)
	case code == "AADSTS90002" || code == "AADSTS900023" || te.Code == "":
		return fmt.Errorf("teams: %s is not a tenant's token endpoint; check teams.tenant_id (MICROSOFT_APP_TENANT_ID) or teams.token_url: %w", at, err)
	}
	return fmt.Errorf("teams: the token endpoint %s refused to give the bot a token; check teams.app_id, teams.app_password, teams.tenant_id and teams.token_url: %w", at, err)
}

// redactURL hides a password a URL might carry.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return u.Redacted()
}
